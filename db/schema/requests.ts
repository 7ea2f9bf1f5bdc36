import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { meetings } from './meetings.js';
import { members } from './members.js';

export const REQUEST_KINDS = ['absence', 'substitute'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A member's request to be excused from a meeting, or to send a substitute, decided by the
 * person presiding that meeting (Bình Định Đ.6.4, Bắc Giang Đ.6.4, Hải Phòng Đ.5.5, Bộ KH&CN Đ.6.5)
 * or whoever acts for them. The decision is a compare-and-set on `status = 'pending'`.
 */
export const requests = sqliteTable(
  'requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id').notNull().references(() => meetings.id),
    memberId: integer('member_id').notNull().references(() => members.id),
    kind: text('kind', { enum: REQUEST_KINDS }).notNull(),
    reason: text('reason'),
    substituteName: text('substitute_name'),
    substituteTitle: text('substitute_title'),
    substituteAgency: text('substitute_agency'),
    substituteContact: text('substitute_contact'),
    /** The member's written opinion (Bắc Giang Đ.6.4 …): text, or a file kept by platform id. */
    opinionText: text('opinion_text'),
    opinionFileId: text('opinion_file_id'),
    opinionFileName: text('opinion_file_name'),
    opinionPlatform: text('opinion_platform'),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('pending'),
    /** Who must decide now (the presider, or who acts for them after routing/escalation). */
    approverId: integer('approver_id').notNull().references(() => members.id),
    /** Every approver who got a card, in order, as a JSON array of member ids. */
    approverChain: text('approver_chain', { mode: 'json' }).$type<number[]>().notNull(),
    /** When the current approver is reminded and the request moves to the next in line. */
    escalateAt: integer('escalate_at'),
    /** Random, unguessable part of every button payload for this request. */
    nonce: text('nonce').notNull(),
    decidedBy: integer('decided_by').references(() => members.id),
    decidedAt: integer('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('requests_meeting_idx').on(t.meetingId), index('requests_pending_idx').on(t.status, t.escalateAt), index('requests_member_idx').on(t.memberId)],
);

/**
 * A substitute approved for one meeting: not a member, bound through a one-time code that lets
 * them receive that meeting's documents and reminders only.
 */
export const meetingGuests = sqliteTable(
  'meeting_guests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id').notNull().references(() => meetings.id),
    requestId: integer('request_id').notNull().references(() => requests.id),
    /** The member this guest attends for. */
    forMemberId: integer('for_member_id').notNull().references(() => members.id),
    name: text('name').notNull(),
    title: text('title'),
    agency: text('agency'),
    contact: text('contact'),
    codeHash: text('code_hash').notNull().unique(),
    codeExpiresAt: integer('code_expires_at').notNull(),
    address: text('address'),
    boundAt: integer('bound_at'),
    locale: text('locale').notNull().default('vi'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('meeting_guests_meeting_idx').on(t.meetingId), index('meeting_guests_address_idx').on(t.address)],
);
