import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

/** One-time invite codes. Only the SHA-256 of a code is stored, so a leaked database binds nobody. */
export const invites = sqliteTable(
  'invites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id').notNull().references(() => members.id),
    codeHash: text('code_hash').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    usedByAddress: text('used_by_address'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('invites_member_idx').on(t.memberId)],
);

/** Wrong-code counters per chat address, for throttling guessing. */
export const inviteAttempts = sqliteTable('invite_attempts', {
  address: text('address').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: integer('window_started_at').notNull(),
  lockedUntil: integer('locked_until'),
});
