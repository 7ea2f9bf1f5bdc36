import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

export const OUTBOX_LANES = ['interactive', 'bulk'] as const;
export type OutboxLane = (typeof OUTBOX_LANES)[number];
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unreachable', 'dropped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Every message the bot sends. A row is written in the same transaction as the state change that
 * causes it; the dispatcher claims it (lease), sends it, and confirms it.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    lane: text('lane', { enum: OUTBOX_LANES }).notNull(),
    /** Either a member (the dispatcher picks their best reachable account) or a fixed address. */
    memberId: integer('member_id').references(() => members.id),
    address: text('address'),
    /** JSON of OutgoingMessage, already rendered in the recipient's language. */
    message: text('message').notNull(),
    /** Groups rows for reporting, e.g. `notice:12`, `meeting:3`. */
    topic: text('topic'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: integer('not_before').notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    sentAddress: text('sent_address'),
    sentRef: text('sent_ref'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.lane, t.notBefore),
    index('outbox_topic_idx').on(t.topic),
  ],
);
