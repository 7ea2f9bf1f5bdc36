import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

export const PLATFORMS = ['telegram', 'zalo_bot', 'zalo_oa', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A chat account (Telegram user, Zalo user, console seat) bound to a member through an invite. */
export const chatAccounts = sqliteTable(
  'chat_accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id').notNull().references(() => members.id),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    userId: text('user_id').notNull(),
    /** Opaque address the owning channel understands, e.g. `telegram:123`. */
    address: text('address').notNull(),
    displayName: text('display_name'),
    /** Lower is preferred when the bot picks a channel for a member. */
    priority: integer('priority').notNull().default(0),
    reachable: integer('reachable', { mode: 'boolean' }).notNull().default(true),
    unreachableReason: text('unreachable_reason'),
    boundAt: integer('bound_at').notNull(),
  },
  (t) => [
    uniqueIndex('chat_accounts_platform_user_uq').on(t.platform, t.userId),
    uniqueIndex('chat_accounts_address_uq').on(t.address),
    index('chat_accounts_member_idx').on(t.memberId),
  ],
);
