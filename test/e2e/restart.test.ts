import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/client.js';
import { countByStatus, outboxOfTopic } from '../../db/queries/outbox.js';
import { remindersOf } from '../../db/queries/reminders.js';
import { outbox } from '../../db/schema/index.js';
import { createApp } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createCommittee } from '../../src/domain/committees.js';
import { createInvite, redeemInvite } from '../../src/domain/invites.js';
import { scheduleMeeting } from '../../src/domain/meetings.js';
import { addMember } from '../../src/domain/members.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import type { FakeTelegramOptions } from '../support/fake-telegram/types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TITLE = 'Họp Ban Chỉ đạo (kiểm thử khởi động lại)';
/** The dispatcher's default `concurrency` (src/core/outbox.ts): at most this many sends are in flight. */
const IN_FLIGHT_WINDOW = 4;
const FIRST_CHAT = 7001;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, timeoutMs = 15_000, diagnostics = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${diagnostics()}`);
    await sleep(20);
  }
}

let fake: FakeTelegram | undefined;
let dir: string | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    }
  }
  await fake?.close();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/**
 * Quiet hours that cannot overlap the test (it runs at any real time of day): one minute, six
 * hours from now. The notice is due now and the next reminder an hour from now.
 */
function quietHoursAwayFromNow() {
  const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ hours: 6 });
  return { start: start.toFormat('HH:mm'), end: start.plus({ minutes: 1 }).toFormat('HH:mm') };
}

/**
 * In-process, on the real clock: a committee of `n` members each bound to a Telegram user of the
 * fake, and a meeting 3 hours ahead whose notices are planned (due now) but not sent — the
 * state of a bot killed right after scheduling. Then the database is closed.
 */
function seed(path: string, tg: FakeTelegram, n: number): { meetingId: number; chats: number[] } {
  const db = openDb(path);
  try {
    const app = createApp({ db, clock: systemClock, log: silentLogger });
    const committee = createCommittee(app.deps, { name: 'Ban Chỉ đạo Chuyển đổi số', presetId: 'bac-giang-2021', overrides: { quietHours: quietHoursAwayFromNow() } }, 'test');
    const chats: number[] = [];
    for (let i = 0; i < n; i++) {
      const member = addMember(app.deps, committee.id, { name: `Ủy viên số ${i + 1}`, role: i === 0 ? 'chair' : 'member' }, 'test');
      const user = tg.user(FIRST_CHAT + i, { languageCode: 'vi' });
      const bound = redeemInvite(app.deps, { address: `telegram:${user.id}`, platform: 'telegram', userId: String(user.id) }, createInvite(app.deps, member.id, 'test').code);
      expect(bound.ok).toBe(true);
      chats.push(user.id);
    }
    const meeting = scheduleMeeting(app.deps, { committeeId: committee.id, title: TITLE, startsAt: Date.now() + 3 * 3600_000, location: 'Phòng họp số 1' }, 'test');
    // Planned (or already handed to the outbox), but nothing has left.
    const notices = remindersOf(db, `meeting:${meeting.id}`).filter((r) => r.kind === 'meeting.notice');
    expect(notices).toHaveLength(n);
    expect(notices.every((r) => r.status === 'planned' || r.status === 'queued')).toBe(true);
    expect(countByStatus(db)).toMatchObject({ sent: 0, sending: 0 });
    expect(tg.sent()).toEqual([]);
    return { meetingId: meeting.id, chats };
  } finally {
    closeDb(db);
  }
}

/** `npm start` as a real process: the bot on the fake Telegram, on the seeded database. */
function startBot(path: string, tg: FakeTelegram): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: path, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Waits for the restarted bot to be up: its own getMe, then a held long poll. */
async function waitUntilPolling(tg: FakeTelegram, callsBefore: number, output: () => string): Promise<void> {
  await until('getMe after the restart', () => tg.calls.slice(callsBefore).some((c) => c.method === 'getMe'), 15_000, output);
  await tg.waitForPolling(15_000);
}

/** Outbox rows of the meeting's notices, counted by status. */
function noticeRows(path: string, meetingId: number): Record<string, number> {
  return withDb(path, (db) => {
    const counts: Record<string, number> = { pending: 0, sending: 0, sent: 0, failed: 0, unreachable: 0 };
    for (const r of outboxOfTopic(db, `meeting:${meetingId}`)) if (r.idempotencyKey.includes(':notice:')) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  });
}

function withDb<T>(path: string, f: (db: ReturnType<typeof openDb>) => T): T {
  const db = openDb(path);
  try {
    return f(db);
  } finally {
    closeDb(db);
  }
}

describe('restart (real processes)', () => {
  it('when the bot is killed after reminders were planned and before they were sent, then the next starts send each notice exactly once', { timeout: 30_000 }, async () => {
    fake = await startFakeTelegram();
    dir = mkdtempSync(join(tmpdir(), 'restart-'));
    const path = join(dir, 'committee.db');
    const tg = fake;
    const { meetingId, chats } = seed(path, tg, 5);
    const notices = (chat: number) => tg.sent(chat).filter((m) => m.plain.includes('GIẤY MỜI HỌP') && m.plain.includes(TITLE));

    const first = startBot(path, tg);
    await until('every attendee got the notice', () => chats.every((c) => notices(c).length > 0), 20_000, first.output);
    // Let the bot record the sends it made, then kill it without a chance to clean up.
    await until('the outbox rows settled as sent', () => noticeRows(path, meetingId).sent! >= chats.length, 5_000, first.output);
    await kill(first.child);

    const callsBefore = tg.calls.length;
    const second = startBot(path, tg);
    await waitUntilPolling(tg, callsBefore, second.output);
    await sleep(1500);

    for (const chat of chats) expect(notices(chat), `chat ${chat}`).toHaveLength(1);
    const rows = withDb(path, (db) => remindersOf(db, `meeting:${meetingId}`).filter((r) => r.kind === 'meeting.notice'));
    expect(rows.map((r) => r.status)).toEqual(chats.map(() => 'queued'));
    expect(noticeRows(path, meetingId)).toMatchObject({ sent: chats.length, pending: 0, sending: 0 });
  });

  it('when the bot is killed while notices are in flight, then after the restart everyone has the notice and duplicates stay within the in-flight window', { timeout: 30_000 }, async () => {
    const opts: FakeTelegramOptions = { latencyMs: 300 };
    fake = await startFakeTelegram(opts);
    dir = mkdtempSync(join(tmpdir(), 'restart-'));
    const path = join(dir, 'committee.db');
    const tg = fake;
    const { meetingId, chats } = seed(path, tg, 30);
    const topic = `meeting:${meetingId}`;
    const notices = (chat: number) => tg.sent(chat).filter((m) => m.plain.includes('GIẤY MỜI HỌP') && m.plain.includes(TITLE));
    const reached = () => chats.filter((c) => notices(c).length > 0).length;

    const first = startBot(path, tg);
    await until('the first notices', () => reached() >= 3, 20_000, first.output);
    await kill(first.child);
    // Requests already on the wire still reach Telegram after the sender died.
    await sleep(opts.latencyMs! + 300);
    const reachedBeforeRestart = reached();
    expect(reachedBeforeRestart).toBeLessThan(chats.length);

    const inFlight = withDb(path, (db) => {
      // The dead process's claims stay as they were: the restarted dispatcher must notice that
      // their holder is gone and release them at once, without waiting out the 60 s lease.
      const sending = db.select().from(outbox).where(and(eq(outbox.topic, topic), eq(outbox.status, 'sending'))).all();
      return sending.filter((r) => r.idempotencyKey.includes(':notice:')).length;
    });
    expect(inFlight).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);

    const callsBefore = tg.calls.length;
    const second = startBot(path, tg);
    await waitUntilPolling(tg, callsBefore, second.output);
    await until('every attendee got the notice after the restart', () => reached() === chats.length, 20_000, second.output);
    await until('the outbox settled', () => {
      const c = noticeRows(path, meetingId);
      return c.pending === 0 && c.sending === 0;
    }, 10_000, second.output);
    await sleep(500);

    const duplicates = chats.reduce((sum, c) => sum + Math.max(0, notices(c).length - 1), 0);
    console.log(`SIGKILL with sends in flight: ${reachedBeforeRestart}/${chats.length} notified before the restart, ${inFlight} rows in flight at the kill, ${duplicates} duplicate notices after the restart`);
    expect(reached()).toBe(chats.length);
    expect(duplicates).toBeLessThanOrEqual(Math.min(inFlight, IN_FLIGHT_WINDOW));
    expect(noticeRows(path, meetingId)).toMatchObject({ sent: chats.length, pending: 0, sending: 0, failed: 0 });
  });
});
