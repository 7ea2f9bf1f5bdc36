import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { reminders, type ReminderStatus } from '../schema/index.js';
import { prepared } from './prepared.js';

export type ReminderRow = typeof reminders.$inferSelect;
export type NewReminder = typeof reminders.$inferInsert;

/**
 * Plans a reminder; planning the same key twice is a no-op (true when inserted). Prepared: a
 * meeting of 40 plans ~200 of these, and 1,000 committees' report deadlines tens of thousands.
 */
export function planReminder(db: Db, row: NewReminder): boolean {
  const stmt = prepared(db, 'reminders.plan', () =>
    db.$client.prepare(
      `INSERT INTO reminders (key, committee_id, kind, subject, member_id, due_at, expires_at, urgent, status, data, note, created_at)
       VALUES (@key, @committeeId, @kind, @subject, @memberId, @dueAt, @expiresAt, @urgent, @status, @data, @note, @createdAt)
       ON CONFLICT(key) DO NOTHING`,
    ),
  );
  return (
    stmt.run({
      key: row.key,
      committeeId: row.committeeId,
      kind: row.kind,
      subject: row.subject,
      memberId: row.memberId ?? null,
      dueAt: row.dueAt,
      expiresAt: row.expiresAt ?? null,
      urgent: row.urgent ? 1 : 0,
      status: row.status ?? 'planned',
      data: row.data == null ? null : JSON.stringify(row.data),
      note: row.note ?? null,
      createdAt: row.createdAt,
    }).changes === 1
  );
}

/** Planned reminders due by `now`, oldest first. */
export function dueReminders(db: Db, now: number, limit: number): ReminderRow[] {
  return prepared(db, 'reminders.due', () =>
    db
      .select()
      .from(reminders)
      .where(and(eq(reminders.status, 'planned'), lte(reminders.dueAt, sql.placeholder('now'))))
      .orderBy(asc(reminders.dueAt), asc(reminders.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ now, limit });
}

/** Planned reminders of one subject due by `now` (to send a new meeting's notices at once). */
export function dueRemindersOf(db: Db, subject: string, now: number): ReminderRow[] {
  return prepared(db, 'reminders.dueOf', () =>
    db
      .select()
      .from(reminders)
      .where(and(eq(reminders.status, 'planned'), eq(reminders.subject, sql.placeholder('subject')), lte(reminders.dueAt, sql.placeholder('now'))))
      .orderBy(asc(reminders.dueAt), asc(reminders.id))
      .prepare(),
  ).all({ subject, now });
}

/** Compare-and-set from `planned`: a reminder is settled once, whoever runs the tick. */
export function settleReminder(db: Db, id: number, status: ReminderStatus, at: number, note: string | null = null): boolean {
  return (
    prepared(db, 'reminders.settle', () =>
      db
        .update(reminders)
        .set({ status: sql.placeholder('status') as never, settledAt: sql.placeholder('at') as never, note: sql.placeholder('note') as never })
        .where(and(eq(reminders.id, sql.placeholder('id')), eq(reminders.status, 'planned')))
        .prepare(),
    ).run({ id, status, at, note }).changes === 1
  );
}

/** Cancels every still-planned reminder of a subject (a cancelled or moved meeting). */
export function cancelPlanned(db: Db, subject: string, at: number, note: string, kinds?: string[]): number {
  return db
    .update(reminders)
    .set({ status: 'cancelled', settledAt: at, note })
    .where(and(eq(reminders.subject, subject), eq(reminders.status, 'planned'), kinds ? inArray(reminders.kind, kinds) : undefined))
    .run().changes;
}

export function remindersOf(db: Db, subject: string): ReminderRow[] {
  return db.select().from(reminders).where(eq(reminders.subject, subject)).orderBy(asc(reminders.dueAt), asc(reminders.id)).all();
}

export function reminderByKey(db: Db, key: string): ReminderRow | undefined {
  return db.select().from(reminders).where(eq(reminders.key, key)).get();
}

/** Moves a planned reminder later (quiet hours). */
export function delayReminder(db: Db, id: number, dueAt: number): void {
  db.update(reminders).set({ dueAt }).where(and(eq(reminders.id, id), eq(reminders.status, 'planned'))).run();
}
