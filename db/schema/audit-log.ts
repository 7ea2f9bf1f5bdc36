import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/** Append-only record of every state change: who, when, what, before and after. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** `member:7`, `cli`, `system`, `telegram:123` … */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId)],
);
