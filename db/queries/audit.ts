import { asc, eq, and } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog } from '../schema/index.js';
import { prepared } from './prepared.js';

export type AuditRow = typeof auditLog.$inferSelect;

/** Prepared: every state change writes one, the registration of a member included. */
export function insertAudit(db: Db, row: typeof auditLog.$inferInsert): void {
  prepared(db, 'audit.insert', () =>
    db.$client.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (@at, @actor, @action, @entity, @entityId, @before, @after)'),
  ).run({
    at: row.at,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId ?? null,
    before: row.before == null ? null : JSON.stringify(row.before),
    after: row.after == null ? null : JSON.stringify(row.after),
  });
}

/** The newest audit row's id (0 when none): a cheap "has anything changed?" mark. */
export function lastAuditId(db: Db): number {
  return (prepared(db, 'audit.last', () => db.$client.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck()).get() as number) ?? 0;
}

/**
 * The committees whose members, meetings or own record changed after audit row `afterId`
 * (members and meetings are audited under their own ids; the committee is looked up).
 */
export function committeesChangedSince(db: Db, afterId: number): number[] {
  return prepared(db, 'audit.committeesSince', () =>
    db.$client
      .prepare(
        `SELECT DISTINCT CASE a.entity
           WHEN 'committee' THEN CAST(a.entity_id AS INTEGER)
           WHEN 'member' THEN (SELECT m.committee_id FROM members m WHERE m.id = CAST(a.entity_id AS INTEGER))
           WHEN 'meeting' THEN (SELECT g.committee_id FROM meetings g WHERE g.id = CAST(a.entity_id AS INTEGER))
         END AS c
         FROM audit_log a
         WHERE a.id > ? AND a.entity IN ('committee', 'member', 'meeting')`,
      )
      .pluck(),
  )
    .all(afterId)
    .filter((c): c is number => typeof c === 'number');
}

export function auditOf(db: Db, entity: string, entityId: string): AuditRow[] {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id))
    .all();
}
