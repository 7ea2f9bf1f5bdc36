import { atomic } from '../../db/client.js';
import { hash } from 'node:crypto';
import {
  clearAttempts,
  getAttempts,
  insertInvite,
  inviteByHash,
  markInviteUsed,
  revokeOpenInvites,
} from '../../db/queries/invites.js';
import { accountByAddress, accountsOf, deleteAccount, getMember, insertAccount } from '../../db/queries/members.js';
import { saveAttempts } from '../../db/queries/invites.js';
import type { Sender } from '../core/channel.js';
import { audit } from './audit.js';
import type { Actor, Deps } from './deps.js';
import { requireMember, type Member } from './members.js';
import { randomToken } from '../core/random.js';

const DAY = 86_400_000;
export const INVITE_TTL_DAYS = 14;
/** 24 random bytes = 192 bits, 32 base64url characters: within Telegram's 64-character deep-link limit. */
const CODE_BYTES = 24;
export const INVITE_CODE_PATTERN = /^[A-Za-z0-9_-]{32}$/;
/** After this many wrong codes within the window, the chat is locked out for the window. */
export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MS = 15 * 60_000;

/** How a code is stored and looked up (invites and substitutes' codes alike): SHA-256, hex. */
export const hashCode = (code: string): string => hash('sha256', code, 'hex');

export interface CreatedInvite {
  memberId: number;
  code: string;
  expiresAt: number;
}

/** A fresh one-time code for a member; earlier unused codes of that member stop working. */
export function createInvite(deps: Deps, memberId: number, actor: Actor, ttlDays = INVITE_TTL_DAYS): CreatedInvite {
  requireMember(deps, memberId);
  const code = randomToken(CODE_BYTES);
  const now = deps.clock.now();
  const expiresAt = now + ttlDays * DAY;
  atomic(deps.db, () => {
    revokeOpenInvites(deps.db, memberId, now);
    const row = insertInvite(deps.db, { memberId, codeHash: hashCode(code), createdAt: now, expiresAt });
    audit(deps, actor, 'invite.create', 'invite', row.id, null, { memberId, expiresAt });
  });
  return { memberId, code, expiresAt };
}

export type RedeemResult =
  | { ok: true; member: Member; alreadyBound?: boolean }
  | { ok: false; reason: 'malformed' | 'unknown' | 'used' | 'expired' | 'throttled' | 'bound_to_other'; retryAt?: number };

/**
 * Binds the sender's chat account to the member an invite was made for. Wrong codes are counted
 * per chat and lock it out for a while, so codes cannot be guessed. Returns a result instead of
 * throwing because the failure counter must be saved even when nothing is bound.
 */
export function redeemInvite(deps: Deps, sender: Sender, rawCode: string): RedeemResult {
  const now = deps.clock.now();
  const code = rawCode.trim();
  const attempts = getAttempts(deps.db, sender.address);
  if (attempts?.lockedUntil && attempts.lockedUntil > now) {
    return { ok: false, reason: 'throttled', retryAt: attempts.lockedUntil };
  }
  const fail = (reason: 'malformed' | 'unknown' | 'used' | 'expired'): RedeemResult => {
    const fresh = !attempts || now - attempts.windowStartedAt > WRONG_CODE_WINDOW_MS;
    const failures = fresh ? 1 : attempts.failures + 1;
    const lockedUntil = failures >= MAX_WRONG_CODES ? now + WRONG_CODE_WINDOW_MS : null;
    saveAttempts(deps.db, { address: sender.address, failures, windowStartedAt: fresh ? now : attempts.windowStartedAt, lockedUntil });
    audit(deps, sender.address, 'invite.wrong_code', 'chat', sender.address, null, { reason, failures });
    return lockedUntil ? { ok: false, reason: 'throttled', retryAt: lockedUntil } : { ok: false, reason };
  };
  if (!INVITE_CODE_PATTERN.test(code)) return fail('malformed');
  const invite = inviteByHash(deps.db, hashCode(code));
  if (!invite) return fail('unknown');
  if (invite.usedAt && invite.usedByAddress === sender.address) {
    // The member tapped their invite link again: not a guess, just a repeat.
    return { ok: true, member: requireMember(deps, invite.memberId), alreadyBound: true };
  }
  if (invite.usedAt || invite.revokedAt) return fail('used');
  if (invite.expiresAt <= now) return fail('expired');

  const member = requireMember(deps, invite.memberId);
  const existing = accountByAddress(deps.db, sender.address);
  if (existing && existing.memberId !== member.id) return { ok: false, reason: 'bound_to_other' };
  if (!markInviteUsed(deps.db, invite.id, now, sender.address)) return fail('used');
  clearAttempts(deps.db, sender.address);
  if (existing) return { ok: true, member, alreadyBound: true };
  // One account per platform per member: binding a new phone replaces the old binding there.
  for (const old of accountsOf(deps.db, member.id)) {
    if (old.platform === sender.platform) {
      deleteAccount(deps.db, old.id);
      audit(deps, sender.address, 'account.replace', 'chat_account', old.id, old, null);
    }
  }
  const account = insertAccount(deps.db, {
    memberId: member.id,
    platform: sender.platform,
    userId: sender.userId,
    address: sender.address,
    displayName: sender.displayName ?? null,
    priority: sender.platform === 'telegram' ? 1 : 0,
    boundAt: now,
  });
  audit(deps, sender.address, 'account.bind', 'chat_account', account.id, null, account);
  return { ok: true, member };
}

/** Telegram deep link for a code, when the bot's username is known. */
export function telegramLink(username: string | undefined, code: string): string | null {
  return username ? `https://t.me/${username}?start=${code}` : null;
}

/**
 * Binds a console seat to a member directly. Only the operator at the terminal can do this: the
 * console is the operator's own tool (like Hubot's shell), not a way in from outside.
 */
export function bindConsoleSeat(deps: Deps, memberId: number, address: string): Member | undefined {
  const member = getMember(deps.db, memberId);
  if (!member) return undefined;
  if (accountByAddress(deps.db, address)) return member;
  atomic(deps.db, () => {
    const account = insertAccount(deps.db, {
      memberId,
      platform: 'console',
      userId: String(memberId),
      address,
      displayName: member.name,
      priority: 9,
      boundAt: deps.clock.now(),
    });
    audit(deps, 'console-operator', 'account.bind', 'chat_account', account.id, null, account);
  });
  return member;
}
