import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

export const OUTBOX_LANES = ['interactive', 'bulk'] as const;
export type OutboxLane = (typeof OUTBOX_LANES)[number];
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unreachable', 'dropped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * The condition of `outbox_notice_topic_idx`: a query that looks rows up by a notice's topic
 * repeats it word for word (SQLite uses a partial index only for a query that says so).
 */
export const NOTICE_TOPIC = `topic LIKE 'notice:%'`;

/**
 * The condition of `outbox_due_idx`: only rows still to send, or being sent, are in it. A query
 * that walks that index repeats it word for word (SQLite uses a partial index only then).
 */
export const IN_FLIGHT = `status IN ('pending', 'sending')`;

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
    /** Groups rows for reporting, e.g. `notice:12`, `meeting:3`; only notices' are indexed (below). */
    topic: text('topic'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: integer('not_before').notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    /** Where it went (or, while `partsSent` > 0 and still pending, where its first parts went). */
    sentAddress: text('sent_address'),
    sentRef: text('sent_ref'),
    /**
     * Requests of a message in several (a long text's parts) the platform took at `sentAddress`:
     * a retry, or a restart after a crash, sends the rest only.
     */
    partsSent: integer('parts_sent').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    // Rows waiting or being sent only. With every row in it, new rows went in among the sent
    // ones ('pending' sorts before 'sending' and 'sent'), splitting full pages there: ~0.5 of the
    // 3.4–5.4 WAL pages an update writes (`npm run bench`); sent rows are never looked up by it.
    index('outbox_due_idx').on(t.status, t.lane, t.notBefore).where(sql.raw(IN_FLIGHT)),
    // Only a notice's delivery report looks rows up by topic (every few seconds while 5,000
    // copies go out). Indexing every row's topic cost each registration's five messages an
    // insert into five different places of this index, ~1.2 of its ~7.8 pages written per
    // update (`npm run bench`). A query must repeat NOTICE_TOPIC for SQLite to use the index.
    index('outbox_notice_topic_idx').on(t.topic).where(sql.raw(NOTICE_TOPIC)),
  ],
);
