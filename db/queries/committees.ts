import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { committees } from '../schema/index.js';
import { prepared, rowQuery } from './prepared.js';
import { cachedRow, forgetRows } from './row-cache.js';

export type CommitteeRow = typeof committees.$inferSelect;

export function insertCommittee(db: Db, row: typeof committees.$inferInsert): CommitteeRow {
  return db.insert(committees).values(row).returning().get();
}

/** A committee by id: cached (row-cache.ts), so the row is frozen. */
export function getCommittee(db: Db, id: number): CommitteeRow | undefined {
  return cachedRow(db, 'committees', id, () => rowQuery(db, 'committee.byId', committees, (cols) => `SELECT ${cols} FROM committees WHERE id = @id`).get({ id }));
}

/** Committees with an id above `afterId`, by id: a scheduler pass walks them a page at a time. */
export function committeesAfter(db: Db, afterId: number, limit: number): CommitteeRow[] {
  return prepared(db, 'committee.after', () =>
    db.select().from(committees).where(sql`${committees.id} > ${sql.placeholder('afterId')}`).orderBy(committees.id).limit(sql.placeholder('limit')).prepare(),
  ).all({ afterId, limit });
}

export function listCommittees(db: Db): CommitteeRow[] {
  return db.select().from(committees).all();
}

export function updateCommitteeOverrides(db: Db, id: number, overrides: Record<string, unknown>): void {
  db.update(committees).set({ settingsOverrides: overrides }).where(eq(committees.id, id)).run();
  forgetRows(db, 'committees');
}
