import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Small key/value facts learnt at run time, e.g. the Telegram bot's username for deep links. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
