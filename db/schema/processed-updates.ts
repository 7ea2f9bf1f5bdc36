import { sqliteTable, integer, text, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * Incoming updates already handled (Telegram update_id, Zalo message id): a redelivery is ignored.
 * Rows are written in time order, so pruning walks them by rowid (pruneProcessed): an index on
 * processed_at cost every update ~0.2 WAL pages for a daily delete (`npm run bench`).
 */
export const processedUpdates = sqliteTable(
  'processed_updates',
  {
    source: text('source').notNull(),
    updateId: text('update_id').notNull(),
    processedAt: integer('processed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.updateId] })],
);
