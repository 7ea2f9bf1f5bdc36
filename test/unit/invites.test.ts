import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { accountByAddress, accountsOf, memberByAddress } from '../../db/queries/members.js';
import { auditLog, inviteAttempts, invites } from '../../db/schema/index.js';
import {
  INVITE_TTL_DAYS,
  MAX_WRONG_CODES,
  WRONG_CODE_WINDOW_MS,
  createInvite,
  redeemInvite,
  telegramLink,
} from '../../src/domain/invites.js';
import { addMember } from '../../src/domain/members.js';
import type { Deps } from '../../src/domain/deps.js';
import { fakeClock, type FakeClock } from '../support/fake-clock.js';
import { domainDeps, newCommittee, senderOf } from '../support/unit-helpers.js';

const DAY = 86_400_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Well-formed codes that no invite was made for. */
const wrongCode = (i: number) => `WRONG${String(i).padStart(27, '0')}`;

let db: Db;
let clock: FakeClock;
let deps: Deps;
let memberA: number;
let memberB: number;

beforeEach(() => {
  db = openDb(':memory:');
  clock = fakeClock('2026-02-02T09:00:00');
  deps = domainDeps(db, clock);
  const committeeId = newCommittee(deps);
  memberA = addMember(deps, committeeId, { name: 'Nguyễn Văn An', role: 'chair', phone: '0912000001' }, 'test').id;
  memberB = addMember(deps, committeeId, { name: 'Trần Thị Bình', role: 'member', phone: '0912000002' }, 'test').id;
});

afterEach(() => closeDb(db));

const inviteRows = () => db.select().from(invites).all();
const auditActions = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('creating an invite', () => {
  it('when an invite is created, then the code is 32 base64url characters and expires in 14 days', () => {
    const inv = createInvite(deps, memberA, 'cli');
    expect(inv.code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(inv.code, 'base64url').length).toBeGreaterThanOrEqual(16); // ≥ 128 bits
    expect(inv.expiresAt).toBe(clock.now() + INVITE_TTL_DAYS * DAY);
    expect(createInvite(deps, memberB, 'cli').code).not.toBe(inv.code);
  });

  it('when an invite is stored, then only the SHA-256 of the code is kept and the plain code appears nowhere', () => {
    const { code } = createInvite(deps, memberA, 'cli');
    const rows = inviteRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.codeHash).toBe(sha256(code));
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(code);
  });

  it('when the Telegram username is known, then the deep link carries the code as the start parameter', () => {
    expect(telegramLink('ban_chi_dao_bot', 'abc')).toBe('https://t.me/ban_chi_dao_bot?start=abc');
    expect(telegramLink(undefined, 'abc')).toBeNull();
  });
});

describe('redeeming an invite', () => {
  const tg = senderOf('telegram:1001', { displayName: 'An' });

  it('when a member redeems their code, then the chat account is bound to them', () => {
    const { code } = createInvite(deps, memberA, 'cli');
    const r = redeemInvite(deps, tg, code);
    expect(r).toMatchObject({ ok: true, member: { id: memberA } });
    expect(memberByAddress(db, tg.address)?.id).toBe(memberA);
    const [row] = inviteRows();
    expect(row).toMatchObject({ usedAt: clock.now(), usedByAddress: tg.address });
  });

  it('when the code is surrounded by spaces (pasted), then it still binds', () => {
    const { code } = createInvite(deps, memberA, 'cli');
    expect(redeemInvite(deps, tg, `  ${code}\n`).ok).toBe(true);
  });

  it('when a used code is sent again from another account, then it is refused as used', () => {
    const { code } = createInvite(deps, memberA, 'cli');
    expect(redeemInvite(deps, tg, code).ok).toBe(true);
    expect(redeemInvite(deps, senderOf('telegram:666'), code)).toEqual({ ok: false, reason: 'used' });
    expect(memberByAddress(db, 'telegram:666')).toBeUndefined();
  });

  it('when a newer invite is made for the member, then the older code stops working and the newer one works', () => {
    const old = createInvite(deps, memberA, 'cli');
    clock.advanceMinutes(5);
    const fresh = createInvite(deps, memberA, 'cli');
    expect(inviteRows().find((r) => r.codeHash === sha256(old.code))?.revokedAt).toBe(clock.now());
    expect(redeemInvite(deps, tg, old.code)).toEqual({ ok: false, reason: 'used' });
    expect(redeemInvite(deps, tg, fresh.code).ok).toBe(true);
  });

  it('when 14 days minus 1 ms have passed, then the code works; at exactly 14 days it has expired', () => {
    const a = createInvite(deps, memberA, 'cli');
    const b = createInvite(deps, memberB, 'cli');
    clock.advance(14 * DAY - 1);
    expect(redeemInvite(deps, tg, a.code).ok).toBe(true);
    clock.advance(1);
    expect(redeemInvite(deps, senderOf('telegram:2002'), b.code)).toEqual({ ok: false, reason: 'expired' });
    expect(memberByAddress(db, 'telegram:2002')).toBeUndefined();
  });

  it('when the code is malformed or unknown, then it is refused with that reason and nothing is bound', () => {
    createInvite(deps, memberA, 'cli');
    expect(redeemInvite(deps, tg, 'abc')).toEqual({ ok: false, reason: 'malformed' });
    expect(redeemInvite(deps, tg, 'x'.repeat(33))).toEqual({ ok: false, reason: 'malformed' });
    expect(redeemInvite(deps, tg, `${'x'.repeat(31)}!`)).toEqual({ ok: false, reason: 'malformed' });
    expect(redeemInvite(deps, tg, wrongCode(1))).toEqual({ ok: false, reason: 'unknown' });
    expect(accountsOf(db, memberA)).toEqual([]);
  });

  it('when 5 wrong codes are sent, then the chat is locked out, even a correct code is refused until the window passes', () => {
    const { code } = createInvite(deps, memberA, 'cli');
    for (let i = 1; i < MAX_WRONG_CODES; i++) expect(redeemInvite(deps, tg, wrongCode(i))).toEqual({ ok: false, reason: 'unknown' });
    const lockedUntil = clock.now() + WRONG_CODE_WINDOW_MS;
    expect(redeemInvite(deps, tg, wrongCode(99))).toEqual({ ok: false, reason: 'throttled', retryAt: lockedUntil });

    clock.advance(WRONG_CODE_WINDOW_MS - 1);
    expect(redeemInvite(deps, tg, code)).toEqual({ ok: false, reason: 'throttled', retryAt: lockedUntil });
    expect(inviteRows()[0]!.usedAt).toBeNull();
    // Another chat is not affected by this one's lock.
    expect(redeemInvite(deps, senderOf('telegram:3003'), wrongCode(7))).toEqual({ ok: false, reason: 'unknown' });

    clock.advance(1);
    expect(redeemInvite(deps, tg, code)).toMatchObject({ ok: true, member: { id: memberA } });
    // A success forgets the failures.
    expect(db.select().from(inviteAttempts).where(eq(inviteAttempts.address, tg.address)).get()).toBeUndefined();
  });

  it('when wrong codes are spread over more than the window, then the count starts again and nothing locks', () => {
    for (let i = 1; i < MAX_WRONG_CODES; i++) redeemInvite(deps, tg, wrongCode(i));
    clock.advance(WRONG_CODE_WINDOW_MS + 1);
    expect(redeemInvite(deps, tg, wrongCode(50))).toEqual({ ok: false, reason: 'unknown' });
    expect(db.select().from(inviteAttempts).where(eq(inviteAttempts.address, tg.address)).get()?.failures).toBe(1);
  });

  it("when an account bound to member A redeems B's code, then it is refused as bound_to_other and B's invite stays unused", () => {
    expect(redeemInvite(deps, tg, createInvite(deps, memberA, 'cli').code).ok).toBe(true);
    const b = createInvite(deps, memberB, 'cli');
    expect(redeemInvite(deps, tg, b.code)).toEqual({ ok: false, reason: 'bound_to_other' });
    const bRow = inviteRows().find((r) => r.codeHash === sha256(b.code))!;
    expect(bRow.usedAt).toBeNull();
    expect(bRow.usedByAddress).toBeNull();
    expect(memberByAddress(db, tg.address)?.id).toBe(memberA);
    // B can still use it from their own phone.
    expect(redeemInvite(deps, senderOf('telegram:2002'), b.code)).toMatchObject({ ok: true, member: { id: memberB } });
  });

  it('when the same member binds a second Telegram account, then it replaces the first', () => {
    expect(redeemInvite(deps, tg, createInvite(deps, memberA, 'cli').code).ok).toBe(true);
    const newPhone = senderOf('telegram:1002');
    expect(redeemInvite(deps, newPhone, createInvite(deps, memberA, 'cli').code).ok).toBe(true);
    expect(accountsOf(db, memberA).map((a) => a.address)).toEqual(['telegram:1002']);
    expect(accountByAddress(db, tg.address)).toBeUndefined();
    expect(memberByAddress(db, tg.address)).toBeUndefined();
    expect(auditActions('account.replace')).toHaveLength(1);
  });

  it('when a member binds Telegram and then Zalo, then they hold both accounts at once', () => {
    expect(redeemInvite(deps, tg, createInvite(deps, memberA, 'cli').code).ok).toBe(true);
    const zalo = senderOf('zalo_bot:abc123');
    expect(redeemInvite(deps, zalo, createInvite(deps, memberA, 'cli').code).ok).toBe(true);
    expect(accountsOf(db, memberA).map((a) => a.platform).sort()).toEqual(['telegram', 'zalo_bot']);
    expect(memberByAddress(db, tg.address)?.id).toBe(memberA);
    expect(memberByAddress(db, zalo.address)?.id).toBe(memberA);
  });

  it('when accounts are bound and wrong codes are sent, then the audit log records each with actor and time', () => {
    redeemInvite(deps, tg, wrongCode(1));
    clock.advanceMinutes(1);
    redeemInvite(deps, tg, 'short');
    clock.advanceMinutes(1);
    redeemInvite(deps, tg, createInvite(deps, memberA, 'cli').code);

    const wrong = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invite.wrong_code'), eq(auditLog.entityId, tg.address)))
      .all();
    expect(wrong.map((r) => r.after)).toEqual([
      { reason: 'unknown', failures: 1 },
      { reason: 'malformed', failures: 2 },
    ]);
    expect(wrong.every((r) => r.actor === tg.address)).toBe(true);

    const [bind] = auditActions('account.bind');
    expect(bind).toMatchObject({ actor: tg.address, entity: 'chat_account', at: clock.now() });
    expect(bind!.after).toMatchObject({ memberId: memberA, address: tg.address, platform: 'telegram' });
    expect(auditActions('invite.create')).toHaveLength(1);
  });
});
