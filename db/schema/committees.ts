import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';

/** A steering committee, created from a regulation preset; `settingsOverrides` holds only what it changed. */
export const committees = sqliteTable('committees', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  presetId: text('preset_id').notNull(),
  settingsOverrides: text('settings_overrides', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  createdAt: integer('created_at').notNull(),
});
