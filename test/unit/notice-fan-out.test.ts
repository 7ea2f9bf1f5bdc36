import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic, closeDb, openDb, type Db } from '../../db/client.js';
import { getNotice } from '../../db/queries/notices.js';
import { runCli } from '../../src/cli/run.js';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/core/logger.js';
import { setMemberLocale } from '../../db/queries/members.js';
import { addMember } from '../../src/domain/members.js';
import { FAN_OUT_CHUNK, fanOutNotices, noticeStatus, sendNotice } from '../../src/domain/notices.js';
import { fakeClock, type FakeClock } from '../support/fake-clock.js';
import { appDeps, newCommittee } from '../support/unit-helpers.js';

let dir: string;
let db: Db;
let clock: FakeClock;
let deps: ReturnType<typeof appDeps>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fan-out-'));
  db = openDb(join(dir, 'c.db'));
  clock = fakeClock('2026-03-02T09:00:00');
  deps = appDeps(db, clock);
});

afterEach(() => {
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
});

/** A committee with a secretary and `n` members (every fifth reads English); returns ids. */
function committee(n: number) {
  const committeeId = newCommittee(deps);
  const secretaryId = addMember(deps, committeeId, { name: 'Bùi Thị Lan', role: 'secretary' }, 'test').id;
  const members = atomic(db, () =>
    Array.from({ length: n }, (_, i) => {
      const id = addMember(deps, committeeId, { name: `Thành viên ${i + 1}`, role: 'member' }, 'test').id;
      if (i % 5 === 0) setMemberLocale(db, id, 'en');
      return id;
    }),
  );
  return { committeeId, secretaryId, members };
}

/** The copies of notice `id` in the outbox: member id, language of the text, in queuing order. */
const copies = (id: number) =>
  (db.$client.prepare(`SELECT member_id AS memberId, message FROM outbox WHERE topic = ? ORDER BY id`).all(`notice:${id}`) as { memberId: number; message: string }[]).map(
    (r) => ({ memberId: r.memberId, en: (JSON.parse(r.message) as { text: string }).text.includes('NOTICE') }),
  );

const send = (committeeId: number, authorId: number) =>
  sendNotice(deps, { committeeId, authorId, audience: { kind: 'role', role: 'member' }, text: 'Lịch họp quý I đã được cập nhật.' }, 'test').notice;

describe('a notice to more members than one chunk', () => {
  it('when it is sent, then the first chunk is queued with it and the rest a chunk per transaction, each member once, in their language', () => {
    const n = 2 * FAN_OUT_CHUNK + 200;
    const { committeeId, secretaryId, members } = committee(n);
    const notice = send(committeeId, secretaryId);
    expect(copies(notice.id)).toHaveLength(FAN_OUT_CHUNK);
    // Not queued yet is still pending: the report cannot read "done" half way.
    expect(noticeStatus(deps, notice.id)).toMatchObject({ recipients: n, pending: n, sent: 0 });

    expect(atomic(db, () => fanOutNotices(deps))).toEqual({ queued: FAN_OUT_CHUNK, more: 1 });
    expect(copies(notice.id)).toHaveLength(2 * FAN_OUT_CHUNK);
    expect(atomic(db, () => fanOutNotices(deps))).toEqual({ queued: 200, more: 0 });
    expect(atomic(db, () => fanOutNotices(deps))).toEqual({ queued: 0, more: 0 });

    // Each member once (within a chunk the copies are grouped by language), in their language.
    const all = copies(notice.id).sort((a, b) => a.memberId - b.memberId);
    expect(all.map((c) => c.memberId)).toEqual(members);
    expect(all.map((c) => c.en)).toEqual(members.map((_, i) => i % 5 === 0));
    expect(getNotice(db, notice.id)).toMatchObject({ fanOutIds: null, fanOutDone: n });
    expect(noticeStatus(deps, notice.id)).toMatchObject({ recipients: n, pending: n });
  });

  it('when the audience fits in one chunk, then every copy is queued with the notice and nothing is left to fan out', () => {
    const { committeeId, secretaryId } = committee(30);
    const notice = send(committeeId, secretaryId);
    expect(copies(notice.id)).toHaveLength(30);
    expect(getNotice(db, notice.id)).toMatchObject({ fanOutIds: null, fanOutDone: 30 });
    expect(atomic(db, () => fanOutNotices(deps))).toEqual({ queued: 0, more: 0 });
  });

  it('when the bot stopped half way (a crash), then once started again it queues the rest', async () => {
    const n = FAN_OUT_CHUNK + 300;
    const { committeeId, secretaryId } = committee(n);
    const notice = send(committeeId, secretaryId);
    expect(copies(notice.id)).toHaveLength(FAN_OUT_CHUNK);
    const app = createApp({ db, clock, log: silentLogger, filesDir: dir, progressMs: 60_000 });
    await app.start([]);
    try {
      const end = Date.now() + 5_000;
      while (copies(notice.id).length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(copies(notice.id)).toHaveLength(n);
    } finally {
      await app.stop();
    }
  });

  it('when the command line sends it, then it queues every copy before it exits', async () => {
    const n = FAN_OUT_CHUNK + 50;
    const { committeeId } = committee(n);
    closeDb(db);
    let stdout = '';
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } };
    const code = await runCli(['notice', 'send', '--committee', String(committeeId), '--to', 'role:member', '--text', 'Họp chiều nay', '--json'], { DATABASE_PATH: join(dir, 'c.db') }, io);
    expect(code).toBe(0);
    const { id } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { id: number };
    db = openDb(join(dir, 'c.db'));
    expect(copies(id)).toHaveLength(n);
  });
});
