import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { committees } from './committees.js';
import { members } from './members.js';

export const MEETING_BODIES = ['full', 'standing', 'secretariat'] as const;
export type MeetingBody = (typeof MEETING_BODIES)[number];
export const MEETING_KINDS = ['regular', 'extraordinary'] as const;
export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;

export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    committeeId: integer('committee_id').notNull().references(() => committees.id),
    title: text('title').notNull(),
    body: text('body', { enum: MEETING_BODIES }).notNull().default('full'),
    kind: text('kind', { enum: MEETING_KINDS }).notNull().default('regular'),
    startsAt: integer('starts_at').notNull(),
    location: text('location'),
    onlineLink: text('online_link'),
    presiderId: integer('presider_id').notNull().references(() => members.id),
    status: text('status', { enum: MEETING_STATUSES }).notNull().default('scheduled'),
    /** When documents must have reached members (preset: 48 h, N working days), or null. */
    documentsDueAt: integer('documents_due_at'),
    /** Why documentsDueAt is what it is: the setting and its article, for messages. */
    documentsRule: text('documents_rule'),
    documentsPublishedAt: integer('documents_published_at'),
    /** Bumped on every reschedule, so reminders planned for the old time are told apart. */
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('meetings_committee_idx').on(t.committeeId, t.startsAt)],
);

export const ATTENDANCE_STATUSES = ['invited', 'confirmed', 'excused', 'substitute'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const meetingAttendees = sqliteTable(
  'meeting_attendees',
  {
    meetingId: integer('meeting_id').notNull().references(() => meetings.id),
    memberId: integer('member_id').notNull().references(() => members.id),
    status: text('status', { enum: ATTENDANCE_STATUSES }).notNull().default('invited'),
    respondedAt: integer('responded_at'),
    /** When this attendee confirmed receipt of the meeting's documents. */
    documentsReceivedAt: integer('documents_received_at'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), index('attendees_member_idx').on(t.memberId)],
);
