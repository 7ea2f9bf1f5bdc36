import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { committees } from './committees.js';
import { members } from './members.js';

export const NOTICE_STATUSES = ['scheduled', 'queued', 'cancelled'] as const;

/**
 * A notice from the secretariat to everyone or a group. Each recipient's copy is an outbox row
 * with topic `notice:<id>`, so delivery status is read from the outbox itself.
 */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    committeeId: integer('committee_id').notNull().references(() => committees.id),
    /** null when sent from the command line */
    authorId: integer('author_id').references(() => members.id),
    /** `all`, `role:member`, `body:standing`, `agency:Sở Tài chính`, `members:3,5,8` */
    audience: text('audience').notNull(),
    text: text('text').notNull(),
    fileName: text('file_name'),
    fileId: text('file_id'),
    filePlatform: text('file_platform'),
    ackRequested: integer('ack_requested', { mode: 'boolean' }).notNull().default(false),
    sendAt: integer('send_at').notNull(),
    status: text('status', { enum: NOTICE_STATUSES }).notNull().default('queued'),
    recipients: integer('recipients').notNull(),
    /** Where the author's delivery report lives (the outbox key of its first version). */
    reportKey: text('report_key'),
    createdAt: integer('created_at').notNull(),
    /**
     * The recipients' member ids (a JSON array, in queuing order) while their copies are still
     * being queued, a chunk per transaction (see fanOutNotices); null once every copy is queued.
     */
    fanOutIds: text('fan_out_ids'),
    /** How many of `fanOutIds` have their copy queued. */
    fanOutDone: integer('fan_out_done').notNull().default(0),
  },
  (t) => [
    index('notices_committee_idx').on(t.committeeId),
    // The few notices still being queued, found without reading every notice every few seconds.
    index('notices_fan_out_idx').on(t.id).where(sql`fan_out_ids IS NOT NULL`),
  ],
);

export const noticeAcks = sqliteTable(
  'notice_acks',
  {
    noticeId: integer('notice_id').notNull().references(() => notices.id),
    memberId: integer('member_id').notNull().references(() => members.id),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.memberId] })],
);
