import { sqliteTable, integer, text, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * Per-chat conversation state with an expiry: a guided dialog in progress, or the numbered
 * choices shown on a channel without buttons. Kept in SQLite so a restart forgets nothing.
 */
export const chatState = sqliteTable('chat_state', {
  address: text('address').notNull(),
  kind: text('kind').notNull(),
  data: text('data', { mode: 'json' }).notNull(),
  expiresAt: integer('expires_at').notNull(),
}, (t) => [primaryKey({ columns: [t.address, t.kind] })]);
