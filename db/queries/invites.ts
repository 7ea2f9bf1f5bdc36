import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { inviteAttempts, invites } from '../schema/index.js';

export type InviteRow = typeof invites.$inferSelect;

export function insertInvite(db: Db, row: typeof invites.$inferInsert): InviteRow {
  return db.insert(invites).values(row).returning().get();
}

export function inviteByHash(db: Db, codeHash: string): InviteRow | undefined {
  return db.select().from(invites).where(eq(invites.codeHash, codeHash)).get();
}

/** Compare-and-set: true only for the one caller that used the invite first. */
export function markInviteUsed(db: Db, id: number, at: number, address: string): boolean {
  const r = db
    .update(invites)
    .set({ usedAt: at, usedByAddress: address })
    .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .run();
  return r.changes === 1;
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
  return db.select().from(inviteAttempts).where(eq(inviteAttempts.address, address)).get();
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
  db.delete(inviteAttempts).where(eq(inviteAttempts.address, address)).run();
}
