import { sqliteTable, integer, text, primaryKey, index } from 'drizzle-orm/sqlite-core';

/** Incoming updates already handled (Telegram update_id, Zalo message id): a redelivery is ignored. */
export const processedUpdates = sqliteTable(
  'processed_updates',
  {
    source: text('source').notNull(),
    updateId: text('update_id').notNull(),
    processedAt: integer('processed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.updateId] }), index('processed_updates_at_idx').on(t.processedAt)],
);
