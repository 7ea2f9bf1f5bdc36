// The terminal console in-process, on PassThrough streams (modelled on console-approval.test.ts):
// the operator takes a member's seat with `/as N` and types as them; buttons are numbered replies.
import { PassThrough } from 'node:stream';
import { channelDriver, type SurfaceKind } from './bot.js';
import { numberFor, until, type ChannelDriver, type Msg, type SurfaceUser } from './driver.js';

/** A terminal has no limit; the console channel declares this much and never splits. */
export const CONSOLE_TEXT_LIMIT = 100_000;

/** One `┌─ → who … └─` block the console printed. */
export interface ConsoleBlock {
  /** The seat's label ("5 Hoàng Văn Em (Ủy viên)") or the bare address. */
  to: string;
  memberId: number | undefined;
  text: string;
}

/** Every complete message block in the console's output, in order. */
export function consoleBlocks(output: string): ConsoleBlock[] {
  const blocks: ConsoleBlock[] = [];
  let open: { to: string; body: string[] } | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('┌─ → ')) open = { to: line.slice('┌─ → '.length), body: [] };
    else if (open && line === '└─') {
      const id = /^(?:console:)?(\d+)\b/.exec(open.to)?.[1];
      blocks.push({ to: open.to, memberId: id === undefined ? undefined : Number(id), text: open.body.join('\n') });
      open = undefined;
    } else if (open) open.body.push(line.startsWith('│ ') ? line.slice(2) : line.replace(/^│$/, ''));
  }
  return blocks;
}

export const consoleSurface: SurfaceKind = {
  platform: 'console',
  textLimit: CONSOLE_TEXT_LIMIT,
  async create() {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let output = '';
    stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    let seat: number | undefined;
    const type = (line: string) => stdin.write(`${line}\n`);
    /** Lines are read in order and each event takes its seat when read: no need to wait. */
    const sitAs = (memberId: number) => {
      if (seat === memberId) return;
      type(`/as ${memberId}`);
      seat = memberId;
    };
    return {
      needsHttp: false,
      streams: { stdin, stdout },
      // No platform token: buildChannels starts the console alone.
      env: () => ({}),
      ready: async () => {
        await until(() => output.includes('Bàn điều khiển'), 5000, () => 'the console never printed its banner');
      },
      async user(memberId): Promise<SurfaceUser> {
        const from = output.length;
        sitAs(memberId);
        await until(() => output.slice(from).includes(`Đang đóng vai (acting as): ${memberId} `), 5000, () => `/as ${memberId} was not taken:\n${output.slice(from)}`);
        const send = async (text: string) => {
          sitAs(memberId);
          type(text);
        };
        return {
          address: `console:${memberId}`,
          send,
          shown: () => consoleBlocks(output).filter((b) => b.memberId === memberId).map((b): Msg => ({ text: b.text, kind: 'message', raw: b })),
          press: (msg, label) => send(numberFor(msg.text, label)),
        };
      },
      async close() {
        stdin.end();
        stdout.end();
      },
    };
  },
};

export const consoleDriver = (): ChannelDriver => channelDriver(consoleSurface);
