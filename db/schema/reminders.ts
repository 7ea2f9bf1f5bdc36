import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { committees } from './committees.js';
import { members } from './members.js';

export const REMINDER_STATUSES = ['planned', 'queued', 'dropped', 'skipped', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/**
 * Reminders are rows, not timers: planned when their subject is created, sent by the scheduler's
 * tick when due (once: `key` is unique and becomes the outbox idempotency key), dropped with a
 * reason when their moment has passed, skipped when the member already did the thing.
 */
export const reminders = sqliteTable(
  'reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    committeeId: integer('committee_id').notNull().references(() => committees.id),
    /** e.g. `meeting.notice`, `meeting.before`, `documents.warn`, `report.due` */
    kind: text('kind').notNull(),
    /** e.g. `meeting:12`, `report:bg-member-quarterly:2026-Q1` */
    subject: text('subject').notNull(),
    memberId: integer('member_id').references(() => members.id),
    dueAt: integer('due_at').notNull(),
    /** Past this instant the reminder is pointless and is dropped instead of sent. */
    expiresAt: integer('expires_at'),
    /** Urgent reminders ignore quiet hours. */
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: REMINDER_STATUSES }).notNull().default('planned'),
    /** Free data the sender needs (offset label, period…). */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    note: text('note'),
    createdAt: integer('created_at').notNull(),
    settledAt: integer('settled_at'),
  },
  (t) => [index('reminders_due_idx').on(t.status, t.dueAt), index('reminders_subject_idx').on(t.subject)],
);
