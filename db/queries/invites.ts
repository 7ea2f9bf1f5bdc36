import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { inviteAttempts, invites } from '../schema/index.js';
import { prepared, rowQuery } from './prepared.js';

export type InviteRow = typeof invites.$inferSelect;

export function insertInvite(db: Db, row: typeof invites.$inferInsert): InviteRow {
  return db.insert(invites).values(row).returning().get();
}

export function inviteByHash(db: Db, codeHash: string): InviteRow | undefined {
  return rowQuery(db, 'invite.byHash', invites, (cols) => `SELECT ${cols} FROM invites WHERE code_hash = @codeHash`).get({ codeHash });
}

/** Compare-and-set: true only for the one caller that used the invite first. */
export function markInviteUsed(db: Db, id: number, at: number, address: string): boolean {
  const stmt = prepared(db, 'invite.markUsed', () =>
    db.$client.prepare('UPDATE invites SET used_at = @at, used_by_address = @address WHERE id = @id AND used_at IS NULL AND revoked_at IS NULL'),
  );
  return stmt.run({ id, at, address }).changes === 1;
}

export function revokeOpenInvites(db: Db, memberId: number, at: number): number {
  return db
    .update(invites)
    .set({ revokedAt: at })
    .where(and(eq(invites.memberId, memberId), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .run().changes;
}

export type AttemptRow = typeof inviteAttempts.$inferSelect;

export function getAttempts(db: Db, address: string): AttemptRow | undefined {
  return prepared(db, 'invite.attempts', () => db.select().from(inviteAttempts).where(eq(inviteAttempts.address, sql.placeholder('address'))).prepare()).get({ address });
}

export function saveAttempts(db: Db, row: AttemptRow): void {
  db.insert(inviteAttempts)
    .values(row)
    .onConflictDoUpdate({
      target: inviteAttempts.address,
      set: { failures: row.failures, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil },
    })
    .run();
}

export function clearAttempts(db: Db, address: string): void {
  prepared(db, 'invite.clearAttempts', () => db.delete(inviteAttempts).where(eq(inviteAttempts.address, sql.placeholder('address'))).prepare()).run({ address });
}
