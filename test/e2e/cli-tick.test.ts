import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/client.js';
import { attendeesOf } from '../../db/queries/meetings.js';
import { remindersOf } from '../../db/queries/reminders.js';
import { meetings } from '../../db/schema/index.js';
import { createApp } from '../../src/app.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createCommittee } from '../../src/domain/committees.js';
import { createInvite, redeemInvite } from '../../src/domain/invites.js';
import { scheduleMeeting } from '../../src/domain/meetings.js';
import { addMember } from '../../src/domain/members.js';
import { fakeClock } from '../support/fake-clock.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { STANDARD_MEMBERS } from '../support/test-app.js';
import { spawnCli } from '../support/cli-process.js';

const TITLE = 'Họp Ban Chỉ đạo quý I/2030';
const FIRST_CHAT = 8001;


/** `npm run cli -- …` as a real process on the test's database. */
const cli = (args: string[], env: Record<string, string> = {}) => spawnCli(dbPath, args, env);

let dir: string;
let dbPath: string;
let fake: FakeTelegram | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-tick-'));
  dbPath = join(dir, 'committee.db');
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A Bắc Giang committee on the test database; members bound to the fake's users when given one. */
function seed(clock: Clock, tg?: FakeTelegram) {
  const db = openDb(dbPath);
  const app = createApp({ db, clock, log: silentLogger });
  const committee = createCommittee(app.deps, { name: 'Ban Chỉ đạo Chuyển đổi số tỉnh Bắc Giang', presetId: 'bac-giang-2021' }, 'test');
  const memberIds = STANDARD_MEMBERS.map((m) => addMember(app.deps, committee.id, m, 'test').id);
  const chats: number[] = [];
  if (tg) {
    memberIds.forEach((id, i) => {
      const user = tg.user(FIRST_CHAT + i, { languageCode: 'vi' });
      const bound = redeemInvite(app.deps, { address: `telegram:${user.id}`, platform: 'telegram', userId: String(user.id) }, createInvite(app.deps, id, 'test').code);
      expect(bound.ok).toBe(true);
      chats.push(user.id);
    });
  }
  return { db, app, committeeId: committee.id, memberIds, chats };
}

const meetingCount = () => {
  const db = openDb(dbPath);
  try {
    return db.select().from(meetings).all().length;
  } finally {
    closeDb(db);
  }
};

describe('CLI tick --now', () => {
  it('when the same tick runs twice, then the first sends the due notices and the second sends nothing', { timeout: 30_000 }, async () => {
    fake = await startFakeTelegram();
    const tg = fake;
    const s = seed(fakeClock('2030-03-04T09:00'), tg);
    const meeting = scheduleMeeting(s.app.deps, { committeeId: s.committeeId, title: TITLE, startsAt: DateTime.fromISO('2030-03-14T14:00', { zone: 'Asia/Ho_Chi_Minh' }).toMillis() }, 'test');
    closeDb(s.db);
    const env = { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot };

    const first = await cli(['tick', '--now', '2030-03-04T09:05', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const r1 = JSON.parse(first.stdout.trim().split('\n').at(-1)!) as { sent: number; failed: number; pending: number; jobs: Record<string, Record<string, number>> };
    expect(r1.sent).toBeGreaterThan(0);
    expect(r1).toMatchObject({ failed: 0, pending: 0 });

    const notices = (chat: number) => tg.sent(chat).filter((m) => m.plain.includes('GIẤY MỜI HỌP') && m.plain.includes(TITLE));
    for (const chat of s.chats) {
      expect(notices(chat)).toHaveLength(1);
      expect(notices(chat)[0]!.plain).toContain('14h00 thứ Năm, 14/03/2030');
      expect(notices(chat)[0]!.plain).toContain('14h00 thứ Ba, 12/03/2030');
    }
    const afterFirst = tg.sent().length;
    expect(afterFirst).toBe(r1.sent);

    const second = await cli(['tick', '--now', '2030-03-04T09:05', '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    const r2 = JSON.parse(second.stdout.trim().split('\n').at(-1)!) as { sent: number; pending: number; jobs: Record<string, Record<string, number>> };
    expect(r2).toMatchObject({ sent: 0, pending: 0 });
    expect(r2.jobs.reminders).toMatchObject({ queued: 0 });
    expect(tg.sent()).toHaveLength(afterFirst);

    // Each message reached its chat once.
    const seen = tg.sent().map((m) => `${m.chat_id}\u0000${m.plain}`);
    expect(new Set(seen).size).toBe(seen.length);
    const db = openDb(dbPath);
    try {
      expect(remindersOf(db, `meeting:${meeting.id}`).filter((r) => r.kind === 'meeting.notice').map((r) => r.status)).toEqual(s.chats.map(() => 'queued'));
    } finally {
      closeDb(db);
    }
  });
});

describe('CLI meeting create', () => {
  it('when the input is good, then it prints the id and the Bắc Giang documents deadline', { timeout: 30_000 }, async () => {
    const s = seed(systemClock);
    closeDb(s.db);
    const ok = await cli(['meeting', 'create', '--committee', String(s.committeeId), '--title', TITLE, '--starts-at', '14h00 14/03/2030', '--location', 'Phòng họp số 2', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout.trim()) as { id: number; documentsDueAt: string; documentsRule: { article: string }; attendees: number };
    expect(out).toMatchObject({ id: expect.any(Number), documentsDueAt: '2030-03-12T14:00:00.000+07:00', attendees: STANDARD_MEMBERS.length });
    expect(out.documentsRule.article).toBe('Điều 10.4');

    // Across 30/04–01/05: Thu 02/05/2030 09:00 − 2 working days = Fri 26/04/2030 09:00.
    const holiday = await cli(['meeting', 'create', '--committee', String(s.committeeId), '--title', 'Họp sau lễ', '--starts-at', '2030-05-02T09:00', '--attendees', `${s.memberIds[3]},${s.memberIds[4]}`, '--json']);
    expect(holiday.code, holiday.stderr).toBe(0);
    const h = JSON.parse(holiday.stdout.trim()) as { id: number; documentsDueAt: string };
    expect(h.documentsDueAt).toBe('2030-04-26T09:00:00.000+07:00');
    const db = openDb(dbPath);
    try {
      // The presider (the chair, by default) always attends.
      expect(attendeesOf(db, h.id).map((a) => a.memberId)).toEqual([s.memberIds[0], s.memberIds[3], s.memberIds[4]]);
    } finally {
      closeDb(db);
    }
  });

  it.each([
    ['a time that is not a time', ['--starts-at', 'hôm-nay'], 2, /--starts-at không phải ngày giờ: "hôm-nay"/],
    ['a time in the past', ['--starts-at', '2020-01-06T09:00'], 1, /Thời gian họp đã qua/],
    ['attendees naming a stranger', ['--starts-at', '2030-03-14T14:00', '--attendees', '1,999'], 1, /Không phải thành viên của Ban Chỉ đạo: 999/],
  ] as const)('when given %s, then it exits non-zero with a clear message and creates nothing', { timeout: 30_000 }, async (_what, flags, code, message) => {
    const s = seed(systemClock);
    closeDb(s.db);
    const run = await cli(['meeting', 'create', '--committee', String(s.committeeId), '--title', TITLE, ...flags]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(meetingCount()).toBe(0);
  });
});
