// The hot-path writes that moved from drizzle's query builder to raw better-sqlite3 statements.
// Each must store and return exactly what its drizzle version did. Every test below runs twice:
// against the raw statements and against the drizzle versions they replaced (kept here as they
// were), so each literal expectation is also what drizzle wrote. The last test replays one
// scenario through both and compares every stored value as SQLite quotes it (type included).
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { insertAudit } from '../../db/queries/audit.js';
import { clearChatState, setChatState } from '../../db/queries/chat-state.js';
import { insertCommittee } from '../../db/queries/committees.js';
import { insertInvite, markInviteUsed } from '../../db/queries/invites.js';
import { insertAttendees, insertMeeting, setAttendance } from '../../db/queries/meetings.js';
import { insertAccount, insertMember, setAccountReachable } from '../../db/queries/members.js';
import { prepared } from '../../db/queries/prepared.js';
import { decide, insertRequest } from '../../db/queries/requests.js';
import { markProcessed } from '../../db/queries/updates.js';
import { auditLog, chatAccounts, chatState, invites, meetingAttendees, processedUpdates, requests } from '../../db/schema/index.js';

const raw = { insertAccount, setAccountReachable, insertRequest, decide, markProcessed, insertAudit, setAttendance, markInviteUsed, clearChatState, setChatState };
type Writes = typeof raw;

const REQUEST_COLUMNS = [
  'meetingId', 'memberId', 'kind', 'reason', 'substituteName', 'substituteTitle', 'substituteAgency', 'substituteContact',
  'opinionText', 'opinionFileId', 'opinionFileName', 'opinionPlatform', 'status', 'approverId', 'approverChain', 'escalateAt',
  'nonce', 'decidedBy', 'decidedAt', 'decisionNote', 'createdAt', 'updatedAt',
] as const;

/** The drizzle implementations, as they were before (cache names prefixed). */
const viaDrizzle: Writes = {
  insertAccount(db, row) {
    const stmt = prepared(db, 'drizzle:account.insert', () =>
      db
        .insert(chatAccounts)
        .values({
          memberId: sql.placeholder('memberId'),
          platform: sql.placeholder('platform'),
          userId: sql.placeholder('userId'),
          address: sql.placeholder('address'),
          displayName: sql.placeholder('displayName'),
          priority: sql.placeholder('priority'),
          reachable: sql.placeholder('reachable'),
          unreachableReason: sql.placeholder('unreachableReason'),
          boundAt: sql.placeholder('boundAt'),
        } as never)
        .returning()
        .prepare(),
    );
    return stmt.get({
      memberId: row.memberId,
      platform: row.platform,
      userId: row.userId,
      address: row.address,
      displayName: row.displayName ?? null,
      priority: row.priority ?? 0,
      reachable: row.reachable ?? true,
      unreachableReason: row.unreachableReason ?? null,
      boundAt: row.boundAt,
    })!;
  },
  setAccountReachable(db, address, reachable, reason) {
    db.update(chatAccounts).set({ reachable, unreachableReason: reason }).where(eq(chatAccounts.address, address)).run();
  },
  insertRequest(db, row) {
    const stmt = prepared(db, 'drizzle:request.insert', () =>
      db
        .insert(requests)
        .values(Object.fromEntries(REQUEST_COLUMNS.map((c) => [c, sql.placeholder(c)])) as never)
        .returning()
        .prepare(),
    );
    const params: Record<string, unknown> = {};
    for (const c of REQUEST_COLUMNS) params[c] = row[c] ?? null;
    params.status = row.status ?? 'pending';
    return stmt.get(params)!;
  },
  decide(db, id, change) {
    const stmt = prepared(db, 'drizzle:request.decide', () =>
      db
        .update(requests)
        .set({
          status: sql.placeholder('status'),
          decidedBy: sql.placeholder('decidedBy'),
          decidedAt: sql.placeholder('decidedAt'),
          decisionNote: sql.placeholder('decisionNote'),
          escalateAt: null,
          updatedAt: sql.placeholder('decidedAt'),
        } as never)
        .where(and(eq(requests.id, sql.placeholder('id')), eq(requests.status, 'pending')))
        .returning()
        .prepare(),
    );
    return stmt.get({ id, ...change });
  },
  markProcessed(db, source, updateId, at) {
    const stmt = prepared(db, 'drizzle:updates.mark', () =>
      db
        .insert(processedUpdates)
        .values({ source: sql.placeholder('source'), updateId: sql.placeholder('updateId'), processedAt: sql.placeholder('at') })
        .onConflictDoNothing()
        .prepare(),
    );
    return stmt.run({ source, updateId, at }).changes === 1;
  },
  insertAudit(db, row) {
    db.insert(auditLog).values(row).run();
  },
  setAttendance(db, meetingId, memberId, status, at) {
    const stmt = prepared(db, 'drizzle:meeting.setAttendance', () =>
      db
        .update(meetingAttendees)
        .set({ status: sql.placeholder('status'), respondedAt: sql.placeholder('at') } as never)
        .where(and(eq(meetingAttendees.meetingId, sql.placeholder('meetingId')), eq(meetingAttendees.memberId, sql.placeholder('memberId'))))
        .prepare(),
    );
    return stmt.run({ meetingId, memberId, status, at }).changes === 1;
  },
  markInviteUsed(db, id, at, address) {
    const stmt = prepared(db, 'drizzle:invite.markUsed', () =>
      db
        .update(invites)
        .set({ usedAt: sql.placeholder('at'), usedByAddress: sql.placeholder('address') } as never)
        .where(and(eq(invites.id, sql.placeholder('id')), isNull(invites.usedAt), isNull(invites.revokedAt)))
        .prepare(),
    );
    return stmt.run({ id, at, address }).changes === 1;
  },
  clearChatState(db, address, kind) {
    prepared(db, 'drizzle:chatState.clear', () =>
      db.delete(chatState).where(and(eq(chatState.address, sql.placeholder('address')), eq(chatState.kind, sql.placeholder('kind')))).prepare(),
    ).run({ address, kind });
  },
  setChatState(db, address, kind, data, expiresAt) {
    db.insert(chatState)
      .values({ address, kind, data, expiresAt })
      .onConflictDoUpdate({ target: [chatState.address, chatState.kind], set: { data, expiresAt } })
      .run();
  },
};

interface Seed {
  m1: number;
  m2: number;
  meeting: number;
  invite: number;
  revoked: number;
}

function seed(db: Db): Seed {
  const committee = insertCommittee(db, { name: 'Ban', presetId: 'bac-giang-2021', createdAt: 1 });
  const m1 = insertMember(db, { committeeId: committee.id, name: 'A', role: 'chair', createdAt: 2 }).id;
  const m2 = insertMember(db, { committeeId: committee.id, name: 'B', role: 'member', createdAt: 2 }).id;
  const meeting = insertMeeting(db, { committeeId: committee.id, title: 'Họp', startsAt: 1000, presiderId: m1, createdBy: 't', createdAt: 3, updatedAt: 3 }).id;
  insertAttendees(db, meeting, [m1, m2]);
  const invite = insertInvite(db, { memberId: m2, codeHash: 'h1', createdAt: 4, expiresAt: 900 }).id;
  const revoked = insertInvite(db, { memberId: m2, codeHash: 'h2', createdAt: 4, expiresAt: 900, revokedAt: 5 }).id;
  return { m1, m2, meeting, invite, revoked };
}

/** Every stored value of `table` as SQLite quotes it: 1 and 1.0, 'null' and NULL differ. */
function stored(db: Db, table: string): string[][] {
  const cols = (db.$client.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).map((c) => `quote("${c}")`);
  return db.$client.prepare(`SELECT ${cols.join(', ')} FROM "${table}" ORDER BY rowid`).raw().all() as string[][];
}

/** `column` of every row of `table`, as stored. */
function storedColumn(db: Db, table: string, column: string): unknown[] {
  return db.$client.prepare(`SELECT "${column}" FROM "${table}" ORDER BY rowid`).pluck().all();
}

const errorOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
};

describe.each([
  ['raw statements', raw],
  ['drizzle (before)', viaDrizzle],
] as const)('writes through %s', (_, w) => {
  let db: Db;
  let s: Seed;
  beforeEach(() => {
    db = openDb(':memory:');
    s = seed(db);
  });
  afterEach(() => closeDb(db));

  it('insertAccount: defaults filled in, booleans stored 1/0, nulls kept; returns the stored row; a taken address throws', () => {
    const a = w.insertAccount(db, { memberId: s.m1, platform: 'telegram', userId: '1', address: 'telegram:1', boundAt: 10 });
    const b = w.insertAccount(db, { memberId: s.m2, platform: 'zalo_bot', userId: 'z', address: 'zalo_bot:z', displayName: 'Bình', priority: 3, reachable: false, unreachableReason: 'blocked', boundAt: 11 });
    const c = w.insertAccount(db, { memberId: s.m2, platform: 'console', userId: 'c', address: 'console:c', displayName: null, priority: 0, reachable: true, unreachableReason: null, boundAt: 12 });
    const rows = db.select().from(chatAccounts).orderBy(asc(chatAccounts.id)).all();
    expect(rows).toStrictEqual([
      { id: a.id, memberId: s.m1, platform: 'telegram', userId: '1', address: 'telegram:1', displayName: null, priority: 0, reachable: true, unreachableReason: null, boundAt: 10 },
      { id: b.id, memberId: s.m2, platform: 'zalo_bot', userId: 'z', address: 'zalo_bot:z', displayName: 'Bình', priority: 3, reachable: false, unreachableReason: 'blocked', boundAt: 11 },
      { id: c.id, memberId: s.m2, platform: 'console', userId: 'c', address: 'console:c', displayName: null, priority: 0, reachable: true, unreachableReason: null, boundAt: 12 },
    ]);
    expect([a, b, c]).toStrictEqual(rows);
    expect(storedColumn(db, 'chat_accounts', 'reachable')).toEqual([1, 0, 1]);
    expect(errorOf(() => w.insertAccount(db, { memberId: s.m1, platform: 'telegram', userId: '2', address: 'telegram:1', boundAt: 13 }))).toBe(
      'SqliteError: UNIQUE constraint failed: chat_accounts.address',
    );
    expect(db.select().from(chatAccounts).all()).toHaveLength(3);
  });

  it('setAccountReachable: sets both columns of that address only', () => {
    w.insertAccount(db, { memberId: s.m1, platform: 'telegram', userId: '1', address: 'telegram:1', boundAt: 10 });
    w.insertAccount(db, { memberId: s.m2, platform: 'telegram', userId: '2', address: 'telegram:2', boundAt: 10 });
    const state = () => db.select({ address: chatAccounts.address, reachable: chatAccounts.reachable, reason: chatAccounts.unreachableReason }).from(chatAccounts).orderBy(asc(chatAccounts.id)).all();

    w.setAccountReachable(db, 'telegram:1', false, 'blocked');
    expect(state()).toStrictEqual([
      { address: 'telegram:1', reachable: false, reason: 'blocked' },
      { address: 'telegram:2', reachable: true, reason: null },
    ]);
    expect(storedColumn(db, 'chat_accounts', 'reachable')).toEqual([0, 1]);
    w.setAccountReachable(db, 'telegram:1', true, null);
    w.setAccountReachable(db, 'telegram:2', false, 'window_closed');
    w.setAccountReachable(db, 'telegram:404', false, 'not_found');
    expect(state()).toStrictEqual([
      { address: 'telegram:1', reachable: true, reason: null },
      { address: 'telegram:2', reachable: false, reason: 'window_closed' },
    ]);
  });

  it('insertRequest: optional columns null, status pending unless given, approverChain stored as JSON text; returns the stored row', () => {
    const minimal = w.insertRequest(db, { meetingId: s.meeting, memberId: s.m2, kind: 'absence', approverId: s.m1, approverChain: [s.m1, 7], nonce: 'n1', createdAt: 20, updatedAt: 20 });
    const every = {
      meetingId: s.meeting,
      memberId: s.m2,
      kind: 'substitute',
      reason: 'bận công tác',
      substituteName: 'C',
      substituteTitle: 'Phó GĐ',
      substituteAgency: 'Sở',
      substituteContact: '0912',
      opinionText: 'ý kiến',
      opinionFileId: 'f1',
      opinionFileName: 'y-kien.pdf',
      opinionPlatform: 'telegram',
      status: 'approved',
      approverId: s.m1,
      approverChain: [],
      escalateAt: 99,
      nonce: 'n2',
      decidedBy: s.m1,
      decidedAt: 21,
      decisionNote: 'ok',
      createdAt: 21,
      updatedAt: 22,
    } as const;
    const full = w.insertRequest(db, { ...every, approverChain: [] });
    const rows = db.select().from(requests).orderBy(asc(requests.id)).all();
    const none = { reason: null, substituteName: null, substituteTitle: null, substituteAgency: null, substituteContact: null, opinionText: null, opinionFileId: null, opinionFileName: null, opinionPlatform: null };
    expect(rows).toStrictEqual([
      { id: minimal.id, meetingId: s.meeting, memberId: s.m2, kind: 'absence', ...none, status: 'pending', approverId: s.m1, approverChain: [s.m1, 7], escalateAt: null, nonce: 'n1', decidedBy: null, decidedAt: null, decisionNote: null, createdAt: 20, updatedAt: 20 },
      { id: full.id, ...every },
    ]);
    expect([minimal, full]).toStrictEqual(rows);
    expect(storedColumn(db, 'requests', 'approver_chain')).toEqual([`[${s.m1},7]`, '[]']);
  });

  it('insertRequest: a missing approverChain is stored as the JSON text null (drizzle encoded the placeholder), not refused', () => {
    const r = w.insertRequest(db, { meetingId: s.meeting, memberId: s.m2, kind: 'absence', approverId: s.m1, nonce: 'n', createdAt: 1, updatedAt: 1 } as never);
    expect(r.approverChain).toBeNull();
    expect(storedColumn(db, 'requests', 'approver_chain')).toEqual(['null']);
    expect(db.select().from(requests).get()).toStrictEqual(r);
  });

  it('decide: from pending only (compare-and-set), clears escalateAt, updatedAt = decidedAt; returns the decided row', () => {
    const r = w.insertRequest(db, { meetingId: s.meeting, memberId: s.m2, kind: 'absence', approverId: s.m1, approverChain: [s.m1], escalateAt: 99, nonce: 'n', createdAt: 20, updatedAt: 20 });
    const other = w.insertRequest(db, { meetingId: s.meeting, memberId: s.m1, kind: 'absence', approverId: s.m1, approverChain: [s.m1], escalateAt: 98, nonce: 'o', createdAt: 20, updatedAt: 20 });

    const decided = { ...r, status: 'approved', decidedBy: s.m1, decidedAt: 30, decisionNote: 'đồng ý', escalateAt: null, updatedAt: 30 };
    expect(w.decide(db, r.id, { status: 'approved', decidedBy: s.m1, decidedAt: 30, decisionNote: 'đồng ý' })).toStrictEqual(decided);
    expect(db.select().from(requests).where(eq(requests.id, r.id)).get()).toStrictEqual(decided);
    expect(w.decide(db, r.id, { status: 'rejected', decidedBy: s.m2, decidedAt: 31, decisionNote: null })).toBeUndefined();
    expect(db.select().from(requests).where(eq(requests.id, r.id)).get()).toStrictEqual(decided);

    const expired = { ...other, status: 'expired', decidedBy: null, decidedAt: 32, decisionNote: null, escalateAt: null, updatedAt: 32 };
    expect(w.decide(db, other.id, { status: 'expired', decidedBy: null, decidedAt: 32, decisionNote: null })).toStrictEqual(expired);
    expect(db.select().from(requests).where(eq(requests.id, other.id)).get()).toStrictEqual(expired);
    expect(w.decide(db, 404, { status: 'approved', decidedBy: s.m1, decidedAt: 33, decisionNote: null })).toBeUndefined();
  });

  it('markProcessed: true the first time, false (and nothing changed) on a redelivery', () => {
    expect(w.markProcessed(db, 'telegram', '1', 5)).toBe(true);
    expect(w.markProcessed(db, 'telegram', '1', 6)).toBe(false);
    expect(w.markProcessed(db, 'zalo_bot', '1', 7)).toBe(true);
    expect(db.select().from(processedUpdates).all()).toStrictEqual([
      { source: 'telegram', updateId: '1', processedAt: 5 },
      { source: 'zalo_bot', updateId: '1', processedAt: 7 },
    ]);
  });

  it('insertAudit: before/after as JSON text, null and undefined as NULL, falsy values encoded', () => {
    const values: unknown[] = [undefined, null, { a: 1, b: [1, 'x'], c: null }, 'text', 0, false, [], ''];
    for (const v of values) w.insertAudit(db, { at: 1, actor: 'cli', action: 'x', entity: 'member', before: v, after: v });
    w.insertAudit(db, { at: 2, actor: 'system', action: 'y', entity: 'meeting', entityId: '7', before: { s: 'ả' } });
    expect(storedColumn(db, 'audit_log', 'before')).toEqual([null, null, '{"a":1,"b":[1,"x"],"c":null}', '"text"', '0', 'false', '[]', '""', '{"s":"ả"}']);
    expect(storedColumn(db, 'audit_log', 'after')).toEqual([null, null, '{"a":1,"b":[1,"x"],"c":null}', '"text"', '0', 'false', '[]', '""', null]);
    const rows = db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
    expect(rows.map((r) => r.before)).toStrictEqual([null, null, { a: 1, b: [1, 'x'], c: null }, 'text', 0, false, [], '', { s: 'ả' }]);
    expect(rows.at(-1)).toStrictEqual({ id: rows.at(-1)!.id, at: 2, actor: 'system', action: 'y', entity: 'meeting', entityId: '7', before: { s: 'ả' }, after: null });
    expect(rows[0]!.entityId).toBeNull();
  });

  it('setAttendance: sets status and respondedAt of that attendee only; false for someone not invited', () => {
    expect(w.setAttendance(db, s.meeting, s.m1, 'confirmed', 40)).toBe(true);
    expect(w.setAttendance(db, s.meeting, s.m1, 'confirmed', 41)).toBe(true);
    expect(w.setAttendance(db, s.meeting, 404, 'excused', 42)).toBe(false);
    expect(db.select().from(meetingAttendees).orderBy(asc(meetingAttendees.memberId)).all()).toStrictEqual([
      { meetingId: s.meeting, memberId: s.m1, status: 'confirmed', respondedAt: 41, documentsReceivedAt: null },
      { meetingId: s.meeting, memberId: s.m2, status: 'invited', respondedAt: null, documentsReceivedAt: null },
    ]);
  });

  it('markInviteUsed: compare-and-set, true once; never for a revoked invite', () => {
    expect(w.markInviteUsed(db, s.invite, 50, 'telegram:1')).toBe(true);
    expect(w.markInviteUsed(db, s.invite, 51, 'telegram:2')).toBe(false);
    expect(w.markInviteUsed(db, s.revoked, 52, 'telegram:3')).toBe(false);
    expect(w.markInviteUsed(db, 404, 53, 'telegram:4')).toBe(false);
    expect(db.select().from(invites).orderBy(asc(invites.id)).all()).toStrictEqual([
      { id: s.invite, memberId: s.m2, codeHash: 'h1', createdAt: 4, expiresAt: 900, usedAt: 50, usedByAddress: 'telegram:1', revokedAt: null },
      { id: s.revoked, memberId: s.m2, codeHash: 'h2', createdAt: 4, expiresAt: 900, usedAt: null, usedByAddress: null, revokedAt: 5 },
    ]);
  });

  it('setChatState: inserts, then replaces data and expiry of the same (address, kind); data as JSON text; null refused', () => {
    w.setChatState(db, 'telegram:1', 'dialog', { command: 'absent', step: 2, data: { x: [1, 'a'], y: null } }, 100);
    w.setChatState(db, 'telegram:1', 'choices', { choices: [] }, 100);
    w.setChatState(db, 'telegram:1', 'dialog', ['b'], 200);
    w.setChatState(db, 'telegram:2', 'dialog', 'text', 300);
    w.setChatState(db, 'telegram:3', 'dialog', 0, 300);
    w.setChatState(db, 'telegram:4', 'dialog', false, 300);
    expect(db.select().from(chatState).all()).toStrictEqual([
      { address: 'telegram:1', kind: 'dialog', data: ['b'], expiresAt: 200 },
      { address: 'telegram:1', kind: 'choices', data: { choices: [] }, expiresAt: 100 },
      { address: 'telegram:2', kind: 'dialog', data: 'text', expiresAt: 300 },
      { address: 'telegram:3', kind: 'dialog', data: 0, expiresAt: 300 },
      { address: 'telegram:4', kind: 'dialog', data: false, expiresAt: 300 },
    ]);
    expect(storedColumn(db, 'chat_state', 'data')).toEqual(['["b"]', '{"choices":[]}', '"text"', '0', 'false']);
    for (const data of [null, undefined]) {
      expect(errorOf(() => w.setChatState(db, 'telegram:1', 'dialog', data, 400))).toBe('SqliteError: NOT NULL constraint failed: chat_state.data');
      expect(errorOf(() => w.setChatState(db, 'telegram:9', 'dialog', data, 400))).toBe('SqliteError: NOT NULL constraint failed: chat_state.data');
    }
    expect(db.select().from(chatState).where(eq(chatState.address, 'telegram:1')).all()).toHaveLength(2);
    expect(db.select().from(chatState).where(eq(chatState.address, 'telegram:9')).all()).toHaveLength(0);
  });

  it('clearChatState: deletes that (address, kind) only; clearing nothing is fine', () => {
    w.setChatState(db, 'telegram:1', 'dialog', { a: 1 }, 100);
    w.setChatState(db, 'telegram:1', 'choices', { b: 1 }, 100);
    w.setChatState(db, 'telegram:2', 'dialog', { c: 1 }, 100);
    w.clearChatState(db, 'telegram:1', 'dialog');
    w.clearChatState(db, 'telegram:1', 'dialog');
    w.clearChatState(db, 'telegram:404', 'dialog');
    expect(db.select().from(chatState).all()).toStrictEqual([
      { address: 'telegram:1', kind: 'choices', data: { b: 1 }, expiresAt: 100 },
      { address: 'telegram:2', kind: 'dialog', data: { c: 1 }, expiresAt: 100 },
    ]);
  });
});

describe('raw statements against drizzle', () => {
  /** One pass through every write; what each call returned or threw, then every touched table as stored. */
  function replay(w: Writes) {
    const db = openDb(':memory:');
    try {
      const s = seed(db);
      const out: unknown[] = [];
      const call = (f: () => unknown) => {
        const error = errorOf(() => out.push(f()));
        if (error) out.push(error);
      };
      call(() => w.insertAccount(db, { memberId: s.m1, platform: 'telegram', userId: '1', address: 'telegram:1', boundAt: 10 }));
      call(() => w.insertAccount(db, { memberId: s.m2, platform: 'zalo_oa', userId: '2', address: 'zalo_oa:2', displayName: 'X', priority: 2, reachable: false, unreachableReason: 'not_started', boundAt: 1.5 }));
      call(() => w.insertAccount(db, { memberId: s.m2, platform: 'zalo_oa', userId: '2', address: 'zalo_oa:3', boundAt: 11 }));
      call(() => w.setAccountReachable(db, 'zalo_oa:2', true, null));
      call(() => w.setAccountReachable(db, 'telegram:1', false, 'blocked'));
      const r1 = w.insertRequest(db, { meetingId: s.meeting, memberId: s.m2, kind: 'absence', reason: 'x', approverId: s.m1, approverChain: [s.m1, s.m2], escalateAt: 500, nonce: 'a', createdAt: 20, updatedAt: 20 });
      const r2 = w.insertRequest(db, { meetingId: s.meeting, memberId: s.m1, kind: 'substitute', substituteName: 'S', approverId: s.m2, approverChain: [], nonce: 'b', createdAt: 21, updatedAt: 21 });
      out.push(r1, r2);
      call(() => w.insertRequest(db, { meetingId: 404, memberId: s.m1, kind: 'absence', approverId: s.m2, approverChain: [], nonce: 'c', createdAt: 22, updatedAt: 22 }));
      call(() => w.decide(db, r1.id, { status: 'rejected', decidedBy: s.m1, decidedAt: 30, decisionNote: 'không' }));
      call(() => w.decide(db, r1.id, { status: 'approved', decidedBy: s.m1, decidedAt: 31, decisionNote: null }));
      call(() => w.decide(db, r2.id, { status: 'withdrawn', decidedBy: null, decidedAt: 32, decisionNote: null }));
      call(() => w.markProcessed(db, 'telegram', '100', 40));
      call(() => w.markProcessed(db, 'telegram', '100', 41));
      call(() => w.insertAudit(db, { at: 42, actor: 'member:1', action: 'request.absence', entity: 'request', entityId: String(r1.id), before: null, after: r1 }));
      call(() => w.insertAudit(db, { at: 43, actor: 'cli', action: 'x', entity: 'member', before: { n: 1.5, t: true } }));
      call(() => w.setAttendance(db, s.meeting, s.m2, 'substitute', 44));
      call(() => w.setAttendance(db, s.meeting, 404, 'confirmed', 45));
      call(() => w.markInviteUsed(db, s.invite, 46, 'telegram:1'));
      call(() => w.markInviteUsed(db, s.invite, 47, 'telegram:2'));
      call(() => w.markInviteUsed(db, s.revoked, 48, 'telegram:2'));
      call(() => w.setChatState(db, 'telegram:1', 'dialog', { command: 'absent', step: 1, data: {} }, 49));
      call(() => w.setChatState(db, 'telegram:1', 'dialog', { command: 'absent', step: 2, data: { reason: 'ốm' } }, 50));
      call(() => w.setChatState(db, 'telegram:1', 'choices', [1, 2.5, 'ba'], 51));
      call(() => w.setChatState(db, 'telegram:1', 'tokens', null, 52));
      call(() => w.clearChatState(db, 'telegram:1', 'choices'));
      const tables = ['chat_accounts', 'requests', 'processed_updates', 'audit_log', 'meeting_attendees', 'invites', 'chat_state'];
      return { out, stored: Object.fromEntries(tables.map((t) => [t, stored(db, t)])) };
    } finally {
      closeDb(db);
    }
  }

  it('when the same calls go through both, then they return and throw the same, and store the same values of the same SQLite types', () => {
    const a = replay(raw);
    const b = replay(viaDrizzle);
    expect(a.out).toStrictEqual(b.out);
    expect(a.stored).toStrictEqual(b.stored);
    // The replay did write what it meant to (not two empty databases agreeing).
    expect(a.stored.chat_accounts).toHaveLength(2);
    expect(a.stored.requests).toHaveLength(2);
    expect(a.stored.chat_state).toEqual([["'telegram:1'", "'dialog'", `'{"command":"absent","step":2,"data":{"reason":"ốm"}}'`, '50']]);
    expect(a.out).toContain('SqliteError: FOREIGN KEY constraint failed');
  });
});
