import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Channel, EventHandler, IncomingEvent, MessageRef, OutgoingMessage } from '../../core/channel.js';
import { stripMarkup } from '../../core/markup.js';
import type { Logger } from '../../core/logger.js';

/**
 * A chat in the terminal, like Hubot's shell adapter: the operator sits in any member's seat
 * (`/as 3`) and talks to the bot as that member. Every seat's address is `console:<memberId>`.
 * Buttons are not native here; the core turns them into numbered choices ("1 – Duyệt").
 */
export interface ConsoleSeat {
  memberId: number;
  label: string;
}

export interface ConsoleChannelOptions {
  input: Readable;
  output: Writable;
  log: Logger;
  /** Seats the operator can take (members of the committees in this database). */
  seats(): ConsoleSeat[];
  /** Makes sure the seat's console account is bound to its member, before acting as them. */
  takeSeat(memberId: number): ConsoleSeat | undefined;
  initialSeat?: number;
  /** Whether to show a prompt (off when the input is not a terminal, e.g. in tests). */
  prompt?: boolean;
}

export const consoleAddress = (memberId: number) => `console:${memberId}`;

export function createConsoleChannel(o: ConsoleChannelOptions): Channel & { seat(): ConsoleSeat | undefined } {
  let rl: Interface | undefined;
  let seat: ConsoleSeat | undefined;
  let nextId = 1;
  const write = (s: string) => o.output.write(s.endsWith('\n') ? s : `${s}\n`);
  const promptText = () => (seat ? `[${seat.label}] › ` : '› ');
  const reprompt = () => {
    if (o.prompt && rl) rl.prompt(true);
  };

  function meta(line: string): boolean {
    const as = /^\/as(?:\s+(\S+))?\s*$/.exec(line);
    if (as) {
      const id = Number(as[1]);
      const taken = Number.isInteger(id) ? o.takeSeat(id) : undefined;
      if (!taken) {
        write(`Không có thành viên số "${as[1] ?? ''}". Gõ /seats để xem danh sách. (No such member; /seats lists them.)`);
      } else {
        seat = taken;
        rl?.setPrompt(promptText());
        write(`Đang đóng vai (acting as): ${seat.label}`);
      }
      return true;
    }
    if (/^\/seats\s*$/.test(line)) {
      write(o.seats().map((s) => `  /as ${s.memberId}  ${s.label}`).join('\n') || '  (chưa có thành viên / no members yet)');
      return true;
    }
    return false;
  }

  function toEvent(line: string): IncomingEvent | undefined {
    if (!seat) {
      write('Chọn một thành viên trước: /as <số>. Gõ /seats để xem danh sách. (Pick a seat first.)');
      return undefined;
    }
    const sender = { address: consoleAddress(seat.memberId), platform: 'console' as const, userId: String(seat.memberId), displayName: seat.label };
    const cmd = /^\/([A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(line);
    if (cmd) return { kind: 'command', name: cmd[1]!.toLowerCase(), args: cmd[2] ?? '', sender };
    return { kind: 'text', text: line, sender };
  }

  return {
    platform: 'console',
    capabilities: { buttons: false, edit: false, maxTextLength: 100_000 },
    seat: () => seat,
    async start(onEvent: EventHandler) {
      if (o.initialSeat !== undefined) seat = o.takeSeat(o.initialSeat);
      rl = createInterface({ input: o.input, terminal: false });
      rl.setPrompt(promptText());
      write(
        [
          'Bàn điều khiển Ban Chỉ đạo (console). Gõ lệnh như trên Telegram: /help, /meetings …',
          '  /seats – danh sách thành viên · /as <số> – đóng vai thành viên đó · trả lời 1, 2 … để bấm nút',
          seat ? `Đang đóng vai: ${seat.label}` : 'Chọn vai trước: /as <số>',
        ].join('\n'),
      );
      reprompt();
      rl.on('line', (raw) => {
        const line = raw.trim();
        if (!line) return reprompt();
        if (meta(line)) return reprompt();
        const event = toEvent(line);
        if (!event) return reprompt();
        onEvent(event)
          .catch((err: unknown) => o.log.error({ err }, 'console event failed'))
          .finally(reprompt);
      });
      // A closed stdin (a service manager, `< /dev/null`) stops typing, never the bot.
      rl.on('close', () => o.log.info('console input closed; the bot keeps running'));
    },
    async stop() {
      rl?.close();
    },
    async send(to, message: OutgoingMessage): Promise<MessageRef> {
      const who = o.seats().find((s) => consoleAddress(s.memberId) === to)?.label ?? to;
      const body = stripMarkup(message.text);
      const file = message.attachment ? `\n📎 ${message.attachment.name}` : '';
      write(`\n┌─ → ${who}\n${body.replace(/^/gm, '│ ')}${file}\n└─`);
      reprompt();
      return { address: to, messageId: String(nextId++) };
    },
  };
}
