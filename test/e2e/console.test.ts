import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { createApp, type App } from '../../src/app.js';
import { buildChannels } from '../../src/channels/index.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { seedDemoIfEmpty } from '../../src/domain/demo.js';
import { createInvite } from '../../src/domain/invites.js';
import { fakeClock } from '../support/fake-clock.js';

/** Collects what the console prints and waits for a fragment to appear after a mark. */
function screen(stream: PassThrough) {
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return {
    get text() {
      return text;
    },
    mark: () => text.length,
    async waitFor(fragment: string, from = 0, timeoutMs = 5000): Promise<string> {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const at = text.indexOf(fragment, from);
        if (at >= 0) return text.slice(from);
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`"${fragment}" not printed; screen was:\n${text.slice(from)}`);
    },
  };
}

describe('console channel', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('when the operator talks to the demo committee, then commands, seats and numbered buttons work', async () => {
    const db = openDb(':memory:');
    app = createApp({ db, clock: fakeClock(), log: silentLogger, pollMs: 20 });
    const demo = seedDemoIfEmpty(app.deps)!;
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const out = screen(stdout);
    const config = loadConfig({ DATABASE_PATH: ':memory:' });
    const channels = buildChannels({ config, deps: app.deps, registry: app.registry, stdin, stdout, initialSeat: demo.memberIds[0]! });
    expect(channels.map((c) => c.platform)).toEqual(['console']);
    await app.start(channels);

    let m = out.mark();
    stdin.write('/help\n');
    let shown = await out.waitFor('/language', m);
    expect(shown).toContain('Nguyễn Văn An – Trưởng ban');

    m = out.mark();
    stdin.write('/as 8\n');
    await out.waitFor('Bùi Thị Lan', m);

    m = out.mark();
    stdin.write('/language\n');
    shown = await out.waitFor('2 – English', m);
    expect(shown).toContain('1 – Tiếng Việt');

    m = out.mark();
    stdin.write('2\n');
    shown = await out.waitFor('Switched to English', m);
    expect(shown).toContain('→ 8 Bùi Thị Lan');

    m = out.mark();
    stdin.write('/as 99\n');
    await out.waitFor('/seats', m);

    m = out.mark();
    stdin.write('/nonsense\n');
    await out.waitFor('There is no /nonsense command', m);
  });

  it('when a stranger seat redeems an invite on the console, then it is bound', async () => {
    const db = openDb(':memory:');
    app = createApp({ db, clock: fakeClock(), log: silentLogger, pollMs: 20 });
    const demo = seedDemoIfEmpty(app.deps)!;
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const out = screen(stdout);
    await app.start(buildChannels({ config: loadConfig({}), deps: app.deps, registry: app.registry, stdin, stdout, initialSeat: demo.memberIds[4]! }));
    const invite = createInvite(app.deps, demo.memberIds[4]!, 'test');
    const m = out.mark();
    stdin.write(`/start ${invite.code}\n`);
    // The seat was already bound by /as, so the code binds nothing new but is accepted.
    await out.waitFor('Hoàng Văn Em', m);
  });
});

describe('npm start (the README command)', () => {
  it('when run with no token, then it opens the console on a new database, answers, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-'));
    const dbPath = join(dir, 'nested', 'committee.db');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, DATABASE_PATH: dbPath, HOME: process.env.HOME },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    const waitFor = async (s: string) => {
      const end = Date.now() + 15_000;
      while (!text.includes(s)) {
        if (Date.now() > end) throw new Error(`"${s}" not printed:\n${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor('Đang đóng vai');
    child.stdin.write('/help\n');
    await waitFor('Các lệnh anh/chị được dùng');
    expect(existsSync(dbPath)).toBe(true);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
