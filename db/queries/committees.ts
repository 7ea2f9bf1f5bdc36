import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { committees } from '../schema/index.js';

export type CommitteeRow = typeof committees.$inferSelect;

export function insertCommittee(db: Db, row: typeof committees.$inferInsert): CommitteeRow {
  return db.insert(committees).values(row).returning().get();
}

export function getCommittee(db: Db, id: number): CommitteeRow | undefined {
  return db.select().from(committees).where(eq(committees.id, id)).get();
}

export function listCommittees(db: Db): CommitteeRow[] {
  return db.select().from(committees).all();
}

export function updateCommitteeOverrides(db: Db, id: number, overrides: Record<string, unknown>): void {
  db.update(committees).set({ settingsOverrides: overrides }).where(eq(committees.id, id)).run();
}
