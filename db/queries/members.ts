import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { chatAccounts, members } from '../schema/index.js';
import { decodeRow, prepared, returningColumns, rowQuery } from './prepared.js';
import { cachedRow, forgetRows } from './row-cache.js';

export type MemberRow = typeof members.$inferSelect;
export type NewMember = typeof members.$inferInsert;
export type ChatAccountRow = typeof chatAccounts.$inferSelect;

export function insertMember(db: Db, row: NewMember): MemberRow {
  return db.insert(members).values(row).returning().get();
}

/** A member by id: cached (row-cache.ts), so the row is frozen. */
export function getMember(db: Db, id: number): MemberRow | undefined {
  return cachedRow(db, 'members', id, () => rowQuery(db, 'member.byId', members, (cols) => `SELECT ${cols} FROM members WHERE id = @id`).get({ id }));
}

export function listMembersOf(db: Db, committeeId: number): MemberRow[] {
  return db.select().from(members).where(eq(members.committeeId, committeeId)).orderBy(asc(members.id)).all();
}

export function phonesOf(db: Db, committeeId: number): Set<string> {
  const rows = db
    .select({ phone: members.phone })
    .from(members)
    .where(and(eq(members.committeeId, committeeId), sql`${members.phone} IS NOT NULL`))
    .all();
  return new Set(rows.map((r) => r.phone!));
}

export function setMemberLocale(db: Db, id: number, locale: MemberRow['locale']): void {
  db.update(members).set({ locale }).where(eq(members.id, id)).run();
  forgetRows(db, 'members');
}

/** The member bound to a chat address, if any: the hot path of every incoming update (cached, frozen). */
export function memberByAddress(db: Db, address: string): MemberRow | undefined {
  const id = cachedRow(db, 'bindings', address, () => prepared(db, 'member.idByAddress', () => db.$client.prepare('SELECT member_id FROM chat_accounts WHERE address = ?').pluck()).get(address) as number | undefined);
  return id === undefined ? undefined : getMember(db, id);
}

export function accountsOf(db: Db, memberId: number): ChatAccountRow[] {
  return rowQuery(db, 'accounts.ofMember', chatAccounts, (cols) => `SELECT ${cols} FROM chat_accounts WHERE member_id = @memberId ORDER BY priority, id`).all({ memberId });
}

export function accountsOfMany(db: Db, memberIds: number[]): ChatAccountRow[] {
  if (memberIds.length === 0) return [];
  return db.select().from(chatAccounts).where(inArray(chatAccounts.memberId, memberIds)).all();
}

export function accountByAddress(db: Db, address: string): ChatAccountRow | undefined {
  return rowQuery(db, 'account.byAddress', chatAccounts, (cols) => `SELECT ${cols} FROM chat_accounts WHERE address = @address`).get({ address });
}

/** Prepared: every registration writes one. */
export function insertAccount(db: Db, row: typeof chatAccounts.$inferInsert): ChatAccountRow {
  const stmt = prepared(db, 'account.insert', () =>
    db.$client.prepare(
      `INSERT INTO chat_accounts (member_id, platform, user_id, address, display_name, priority, reachable, unreachable_reason, bound_at)
       VALUES (@memberId, @platform, @userId, @address, @displayName, @priority, @reachable, @unreachableReason, @boundAt)
       RETURNING ${returningColumns(chatAccounts)}`,
    ),
  );
  const inserted = stmt.get({
    memberId: row.memberId,
    platform: row.platform,
    userId: row.userId,
    address: row.address,
    displayName: row.displayName ?? null,
    priority: row.priority ?? 0,
    // better-sqlite3 binds no booleans: stored as drizzle stores them, 1 or 0.
    reachable: (row.reachable ?? true) ? 1 : 0,
    unreachableReason: row.unreachableReason ?? null,
    boundAt: row.boundAt,
  }) as Record<string, unknown>;
  forgetRows(db, 'bindings');
  return decodeRow(chatAccounts, inserted);
}

export function deleteAccount(db: Db, id: number): void {
  db.delete(chatAccounts).where(eq(chatAccounts.id, id)).run();
  forgetRows(db, 'bindings');
}

export function setAccountReachable(db: Db, address: string, reachable: boolean, reason: string | null): void {
  prepared(db, 'account.setReachable', () =>
    db.$client.prepare('UPDATE chat_accounts SET reachable = @reachable, unreachable_reason = @reason WHERE address = @address'),
  ).run({ address, reachable: reachable ? 1 : 0, reason });
}

/**
 * What picking a notice's audience needs of each active member, by id: four columns, not the
 * whole row. A notice to a 5,000-member committee reads them all inside the transaction that
 * queues it; whole rows through drizzle took 13–23 ms of it.
 */
export function audienceOf(db: Db, committeeId: number): Pick<MemberRow, 'id' | 'role' | 'agency' | 'locale'>[] {
  return prepared(db, 'members.audience', () =>
    db.$client.prepare('SELECT id, role, agency, locale FROM members WHERE committee_id = ? AND active = 1 ORDER BY id'),
  ).all(committeeId) as Pick<MemberRow, 'id' | 'role' | 'agency' | 'locale'>[];
}
