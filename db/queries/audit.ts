import { asc, eq, and } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog } from '../schema/index.js';

export type AuditRow = typeof auditLog.$inferSelect;

export function insertAudit(db: Db, row: typeof auditLog.$inferInsert): void {
  db.insert(auditLog).values(row).run();
}

export function auditOf(db: Db, entity: string, entityId: string): AuditRow[] {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id))
    .all();
}
