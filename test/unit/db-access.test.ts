// The connection-level helpers the hot paths use instead of drizzle's: atomic() and rowQuery(),
// each of which must behave exactly like what it replaces; and the row cache, never stale.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic, closeDb, openDb, type Db } from '../../db/client.js';
import { getMeta, setMeta } from '../../db/queries/meta.js';
import { rowQuery } from '../../db/queries/prepared.js';
import { chatAccounts, committees, members, requests } from '../../db/schema/index.js';
import { getCommittee, insertCommittee, updateCommitteeOverrides } from '../../db/queries/committees.js';
import { deleteAccount, getMember, insertAccount, insertMember, memberByAddress, setMemberLocale } from '../../db/queries/members.js';
import { approverState, getMeeting, insertAttendees, insertMeeting, setAttendance, updateMeeting } from '../../db/queries/meetings.js';
import { insertRequest } from '../../db/queries/requests.js';
import { deliveryCounts, deliveryOf, undeliveredOf } from '../../db/queries/notices.js';
import { claimDue, claimHolders, releaseClaims } from '../../db/queries/outbox.js';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
});
afterEach(() => closeDb(db));

describe('atomic', () => {
  it('when the work throws, then its changes roll back; nested, only the inner savepoint rolls back', () => {
    expect(() =>
      atomic(db, () => {
        setMeta(db, 'a', '1');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(getMeta(db, 'a')).toBeUndefined();

    atomic(db, () => {
      setMeta(db, 'outer', '1');
      expect(() =>
        atomic(db, () => {
          setMeta(db, 'inner', '1');
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(getMeta(db, 'outer')).toBe('1');
    expect(getMeta(db, 'inner')).toBeUndefined();
  });

  it('when asked for immediate, then the write lock is taken at BEGIN (another connection cannot write meanwhile)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const path = join(dir, 'a.db');
    const a = openDb(path);
    const b = openDb(path);
    b.$client.pragma('busy_timeout = 0');
    try {
      atomic(
        a,
        () => {
          expect(() => setMeta(b, 'x', '1')).toThrow(/locked|busy/i);
        },
        'immediate',
      );
      setMeta(b, 'x', '2');
      expect(getMeta(a, 'x')).toBe('2');
    } finally {
      closeDb(a);
      closeDb(b);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns what the work returns', () => {
    expect(atomic(db, () => 42)).toBe(42);
  });
});

describe('rowQuery', () => {
  it('when rows have booleans, JSON and nulls, then they come back exactly as drizzle returns them', () => {
    const committee = insertCommittee(db, { name: 'Ban', presetId: 'bac-giang-2021', settingsOverrides: { meetings: { x: [1, 'a'] } }, createdAt: 1 });
    const m1 = insertMember(db, { committeeId: committee.id, name: 'A', role: 'chair', createdAt: 2 });
    const m2 = insertMember(db, { committeeId: committee.id, name: 'B', role: 'member', title: 'Giám đốc', active: false, createdAt: 3 });
    insertAccount(db, { memberId: m1.id, platform: 'telegram', userId: '1', address: 'telegram:1', reachable: false, unreachableReason: 'blocked', boundAt: 4 });
    const meeting = insertMeeting(db, { committeeId: committee.id, title: 'Họp', body: 'committee', kind: 'regular', startsAt: 10, presiderId: m1.id, createdBy: 't', createdAt: 5, updatedAt: 5 } as never);
    insertRequest(db, { meetingId: meeting.id, memberId: m2.id, kind: 'absence', reason: 'bận', approverId: m1.id, approverChain: [m1.id, 7], nonce: 'n', createdAt: 6, updatedAt: 6 } as never);

    const all = <T>(q: { all(): T[] }) => q.all();
    expect(rowQuery(db, 't.members', members, (c) => `SELECT ${c} FROM members ORDER BY id`).all()).toEqual(all(db.select().from(members).orderBy(members.id)));
    expect(rowQuery(db, 't.committees', committees, (c) => `SELECT ${c} FROM committees`).all()).toEqual(all(db.select().from(committees)));
    expect(rowQuery(db, 't.accounts', chatAccounts, (c) => `SELECT ${c} FROM chat_accounts`).all()).toEqual(all(db.select().from(chatAccounts)));
    expect(rowQuery(db, 't.requests', requests, (c) => `SELECT ${c} FROM requests`).all()).toEqual(all(db.select().from(requests)));
    const byId = rowQuery(db, 't.member', members, (c) => `SELECT ${c} FROM members WHERE id = @id`);
    expect(byId.get({ id: m2.id })).toEqual(db.select().from(members).where(eq(members.id, m2.id)).get());
    expect(byId.get({ id: 999 })).toBeUndefined();
    // Typed as drizzle's row: booleans are booleans, JSON is parsed.
    expect(byId.get({ id: m2.id })!.active).toBe(false);
    expect(rowQuery(db, 't.committees', committees, (c) => `SELECT ${c} FROM committees`).all()[0]!.settingsOverrides).toEqual({ meetings: { x: [1, 'a'] } });
  });
});

describe('row cache (members, committees, meetings)', () => {
  const seed = (d: Db) => {
    const committee = insertCommittee(d, { name: 'Ban', presetId: 'bac-giang-2021', settingsOverrides: { meetings: { x: 1 } }, createdAt: 1 });
    const member = insertMember(d, { committeeId: committee.id, name: 'A', role: 'chair', createdAt: 2 });
    return { committeeId: committee.id, memberId: member.id };
  };

  it('when a row is read again, then it is the same frozen row, equal to what SQLite holds', () => {
    const { committeeId, memberId } = seed(db);
    const m = getMember(db, memberId)!;
    expect(getMember(db, memberId)).toBe(m);
    expect(m).toEqual(db.select().from(members).where(eq(members.id, memberId)).get());
    expect(() => {
      (m as { name: string }).name = 'B';
    }).toThrow(TypeError);
    const c = getCommittee(db, committeeId)!;
    expect(getCommittee(db, committeeId)).toBe(c);
    expect(Object.isFrozen(c.settingsOverrides)).toBe(true);
    expect(getMember(db, 999)).toBeUndefined();
  });

  it('when the bot writes through db/queries, then the next read has the change', () => {
    const { committeeId, memberId } = seed(db);
    expect(getMember(db, memberId)!.locale).toBe('vi');
    setMemberLocale(db, memberId, 'en');
    expect(getMember(db, memberId)!.locale).toBe('en');
    getCommittee(db, committeeId);
    updateCommitteeOverrides(db, committeeId, { meetings: { x: 2 } });
    expect(getCommittee(db, committeeId)!.settingsOverrides).toEqual({ meetings: { x: 2 } });
    const meeting = insertMeeting(db, { committeeId, title: 'Họp', body: 'committee', kind: 'regular', startsAt: 10, presiderId: memberId, createdBy: 't', createdAt: 5, updatedAt: 5 } as never);
    expect(getMeeting(db, meeting.id)).toBe(getMeeting(db, meeting.id));
    expect(Object.isFrozen(getMeeting(db, meeting.id))).toBe(true);
    updateMeeting(db, meeting.id, { startsAt: 20, version: 2, updatedAt: 6 });
    expect(getMeeting(db, meeting.id)).toMatchObject({ startsAt: 20, version: 2 });
  });

  it('when a chat address is bound, unbound or bound again, then memberByAddress follows at once', () => {
    const { committeeId, memberId } = seed(db);
    const other = insertMember(db, { committeeId, name: 'B', role: 'member', createdAt: 2 }).id;
    expect(memberByAddress(db, 'telegram:9')).toBeUndefined();
    const account = insertAccount(db, { memberId, platform: 'telegram', userId: '9', address: 'telegram:9', boundAt: 3 });
    expect(memberByAddress(db, 'telegram:9')).toBe(getMember(db, memberId));
    deleteAccount(db, account.id);
    expect(memberByAddress(db, 'telegram:9')).toBeUndefined();
    insertAccount(db, { memberId: other, platform: 'telegram', userId: '9', address: 'telegram:9', boundAt: 4 });
    expect(memberByAddress(db, 'telegram:9')!.id).toBe(other);
  });

  it('when a transaction that changed a row rolls back, then the row read inside it is forgotten', () => {
    const { memberId } = seed(db);
    expect(() =>
      atomic(db, () => {
        setMemberLocale(db, memberId, 'en');
        expect(getMember(db, memberId)!.locale).toBe('en'); // cached, uncommitted
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(getMember(db, memberId)!.locale).toBe('vi');
  });

  it('when another connection commits (the CLI, an administrator), then the next read has its change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'row-cache-'));
    const a = openDb(join(dir, 'a.db'));
    const b = openDb(join(dir, 'a.db'));
    try {
      const { committeeId, memberId } = seed(a);
      expect(getMember(a, memberId)!.name).toBe('A');
      expect(getCommittee(a, committeeId)!.name).toBe('Ban');
      insertAccount(a, { memberId, platform: 'telegram', userId: '9', address: 'telegram:9', boundAt: 3 });
      expect(memberByAddress(a, 'telegram:9')!.name).toBe('A');
      b.update(members).set({ name: 'Tên mới' }).where(eq(members.id, memberId)).run();
      b.update(committees).set({ name: 'Ban mới' }).where(eq(committees.id, committeeId)).run();
      expect(getMember(a, memberId)!.name).toBe('Tên mới');
      expect(getCommittee(a, committeeId)!.name).toBe('Ban mới');
      expect(memberByAddress(a, 'telegram:9')!.name).toBe('Tên mới');
      b.delete(chatAccounts).where(eq(chatAccounts.address, 'telegram:9')).run();
      expect(memberByAddress(a, 'telegram:9')).toBeUndefined();
    } finally {
      closeDb(a);
      closeDb(b);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('when another connection commits between two write transactions, then the second reads its change (data_version is asked once per transaction)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'row-cache-'));
    const a = openDb(join(dir, 'a.db'));
    const b = openDb(join(dir, 'a.db'));
    try {
      const { memberId } = seed(a);
      atomic(a, () => expect(getMember(a, memberId)!.name).toBe('A'), 'immediate');
      b.update(members).set({ name: 'Tên mới' }).where(eq(members.id, memberId)).run();
      atomic(
        a,
        () => {
          expect(getMember(a, memberId)!.name).toBe('Tên mới');
          // Inside, nested savepoints and repeated reads keep agreeing with SQLite.
          atomic(a, () => expect(getMember(a, memberId)).toEqual(a.select().from(members).where(eq(members.id, memberId)).get()));
        },
        'immediate',
      );
      // A deferred transaction holds no lock: another connection may commit inside it, and what
      // the cache gives stays what SQLite itself reads there; after it, the change.
      atomic(a, () => {
        expect(getMember(a, memberId)!.name).toBe('Tên mới');
        b.update(members).set({ name: 'Tên thứ ba' }).where(eq(members.id, memberId)).run();
        expect(getMember(a, memberId)).toEqual(a.select().from(members).where(eq(members.id, memberId)).get());
      });
      expect(getMember(a, memberId)!.name).toBe('Tên thứ ba');
    } finally {
      closeDb(a);
      closeDb(b);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('approverState', () => {
  it('when asked about attendees and others, then it gives their attendance and whether any of their accounts is reachable', () => {
    const committee = insertCommittee(db, { name: 'Ban', presetId: 'bac-giang-2021', createdAt: 1 });
    const [chair, vice, outsider] = ['A', 'B', 'C'].map((name, i) => insertMember(db, { committeeId: committee.id, name, role: i === 0 ? 'chair' : 'vice_chair', createdAt: 2 }).id) as [number, number, number];
    const meeting = insertMeeting(db, { committeeId: committee.id, title: 'Họp', body: 'committee', kind: 'regular', startsAt: 10, presiderId: chair, createdBy: 't', createdAt: 5, updatedAt: 5 } as never);
    insertAttendees(db, meeting.id, [chair, vice]);
    setAttendance(db, meeting.id, vice, 'excused', 6);
    insertAccount(db, { memberId: chair, platform: 'telegram', userId: '1', address: 'telegram:1', reachable: false, unreachableReason: 'blocked', boundAt: 4 });
    insertAccount(db, { memberId: chair, platform: 'zalo_bot', userId: 'z1', address: 'zalo_bot:z1', boundAt: 4 });
    insertAccount(db, { memberId: vice, platform: 'telegram', userId: '2', address: 'telegram:2', reachable: false, unreachableReason: 'blocked', boundAt: 4 });

    expect(approverState(db, meeting.id, chair)).toEqual({ attendance: 'invited', reachable: true });
    expect(approverState(db, meeting.id, vice)).toEqual({ attendance: 'excused', reachable: false });
    expect(approverState(db, meeting.id, outsider)).toEqual({ attendance: undefined, reachable: false });
  });
});

/** The SQL of every statement prepared on the connection while `fn` runs. */
function preparedDuring(fn: () => void): string[] {
  const seen: string[] = [];
  const prepare = db.$client.prepare.bind(db.$client);
  db.$client.prepare = ((source: string) => {
    seen.push(source);
    return prepare(source);
  }) as typeof db.$client.prepare;
  try {
    fn();
  } finally {
    db.$client.prepare = prepare;
  }
  return seen;
}

describe('outbox topics', () => {
  it('when a notice’s delivery report is read, then its three queries use the partial index of notice topics, which no other row enters', () => {
    const seen = preparedDuring(() => {
      deliveryOf(db, 7);
      deliveryCounts(db, 7);
      undeliveredOf(db, 7);
    });
    const reads = seen.filter((q) => /from "?outbox"?/i.test(q));
    expect(reads).toHaveLength(3);
    for (const q of reads) {
      const params = (q.match(/\?|@\w+/g) ?? []).map((p) => (p.startsWith('@') ? p.slice(1) : p));
      const named = Object.fromEntries(params.filter((p) => p !== '?').map((p) => [p, 'notice:7']));
      const positional = params.filter((p) => p === '?').map(() => 'notice:7');
      const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...positional, ...(Object.keys(named).length ? [named] : [])) as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan, q).toContain('USING INDEX outbox_notice_topic_idx');
    }
    // The index holds notices' rows only: an invitation's topic is not in it.
    const indexed = db.$client.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'outbox_notice_topic_idx'`).pluck().get() as string;
    expect(indexed).toContain("WHERE topic LIKE 'notice:%'");
    expect(db.$client.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'outbox' AND sql LIKE '%(\`topic\`)%' AND sql NOT LIKE '%WHERE%'`).pluck().get()).toBe(0);
  });

  it('when rows are claimed, or a dead dispatcher’s claims looked for, then each query walks the partial index of rows in flight, which sent rows leave', () => {
    const seen = preparedDuring(() => {
      claimDue(db, 'w1', 100, 200, 4, ['telegram']);
      claimHolders(db);
      releaseClaims(db, 'w0');
    });
    const queries = seen.filter((q) => /outbox/i.test(q));
    // Claims: a lapsed and a due statement (the lane is a parameter); then the two looks for dead claims.
    expect(queries).toHaveLength(4);
    const params = { worker: 'w1', now: 100, leaseUntil: 200, lane: 'bulk', limit: 4 };
    for (const q of queries) {
      const positional = (q.match(/\?/g) ?? []).map(() => 'sending');
      const named = /@\w/.test(q) ? [params] : [];
      const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...positional, ...named) as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan, q).toContain('USING INDEX outbox_due_idx');
    }
    const indexed = db.$client.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'outbox_due_idx'`).pluck().get() as string;
    expect(indexed).toContain("WHERE status IN ('pending', 'sending')");
  });
});
