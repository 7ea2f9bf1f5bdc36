import { and, asc, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { meetingAttendees, meetings, members, type AttendanceStatus } from '../schema/index.js';
import { prepared, rowQuery } from './prepared.js';
import { cachedRow, forgetRows } from './row-cache.js';

export type MeetingRow = typeof meetings.$inferSelect;
export type AttendeeRow = typeof meetingAttendees.$inferSelect;

export function insertMeeting(db: Db, row: typeof meetings.$inferInsert): MeetingRow {
  return db.insert(meetings).values(row).returning().get();
}

/** A meeting by id: cached (row-cache.ts), so the row is frozen. */
export function getMeeting(db: Db, id: number): MeetingRow | undefined {
  return cachedRow(db, 'meetings', id, () => rowQuery(db, 'meeting.byId', meetings, (cols) => `SELECT ${cols} FROM meetings WHERE id = @id`).get({ id }));
}

export function updateMeeting(db: Db, id: number, set: Partial<typeof meetings.$inferInsert>): MeetingRow {
  const row = db.update(meetings).set(set).where(eq(meetings.id, id)).returning().get();
  forgetRows(db, 'meetings');
  return row;
}

export function insertAttendees(db: Db, meetingId: number, memberIds: number[]): void {
  if (memberIds.length === 0) return;
  db.insert(meetingAttendees)
    .values(memberIds.map((memberId) => ({ meetingId, memberId })))
    .onConflictDoNothing()
    .run();
}

export function attendeesOf(db: Db, meetingId: number): AttendeeRow[] {
  return db.select().from(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId)).orderBy(asc(meetingAttendees.memberId)).all();
}

export function attendee(db: Db, meetingId: number, memberId: number): AttendeeRow | undefined {
  return rowQuery(db, 'meeting.attendee', meetingAttendees, (cols) => `SELECT ${cols} FROM meeting_attendees WHERE meeting_id = @meetingId AND member_id = @memberId`).get({ meetingId, memberId });
}

/**
 * What decides whether someone can approve a request for a meeting now, in one read: their
 * attendance (undefined when not an attendee) and whether any of their chat accounts is reachable.
 */
export function approverState(db: Db, meetingId: number, memberId: number): { attendance: AttendanceStatus | undefined; reachable: boolean } {
  const row = prepared(db, 'meeting.approverState', () =>
    db.$client.prepare(
      `SELECT (SELECT status FROM meeting_attendees WHERE meeting_id = @meetingId AND member_id = @memberId) AS attendance,
              EXISTS (SELECT 1 FROM chat_accounts WHERE member_id = @memberId AND reachable = 1) AS reachable`,
    ),
  ).get({ meetingId, memberId }) as { attendance: AttendanceStatus | null; reachable: number };
  return { attendance: row.attendance ?? undefined, reachable: row.reachable === 1 };
}

export function setAttendance(db: Db, meetingId: number, memberId: number, status: AttendanceStatus, at: number): boolean {
  const stmt = prepared(db, 'meeting.setAttendance', () =>
    db.$client.prepare('UPDATE meeting_attendees SET status = @status, responded_at = @at WHERE meeting_id = @meetingId AND member_id = @memberId'),
  );
  return stmt.run({ meetingId, memberId, status, at }).changes === 1;
}

export function markDocumentsReceived(db: Db, meetingId: number, memberId: number, at: number): boolean {
  return (
    db
      .update(meetingAttendees)
      .set({ documentsReceivedAt: at })
      .where(
        and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.memberId, memberId), sql`${meetingAttendees.documentsReceivedAt} IS NULL`),
      )
      .run().changes === 1
  );
}

/** Scheduled meetings a member attends that start after `from`, soonest first. */
export function upcomingFor(db: Db, memberId: number, from: number, limit = 10): MeetingRow[] {
  return upcomingWithAttendance(db, memberId, from, limit).map((u) => u.meeting);
}

/** The member's next scheduled meetings, soonest first, each with the member's attendance. */
export function upcomingWithAttendance(db: Db, memberId: number, from: number, limit = 10): { meeting: MeetingRow; attendance: AttendanceStatus }[] {
  // Ids only, the rows from the row cache: every registration asks this (catch-up invitations),
  // and building a committee's few meeting rows afresh, thirty columns each, was most of its cost.
  // Sorted here, not by SQLite: a member has a handful of upcoming meetings, and the temporary
  // b-tree an ORDER BY needs cost three times the query itself (~70 µs, on every registration).
  const found = prepared(db, 'meeting.upcomingIdsWithAttendance', () =>
    db.$client.prepare(
      `SELECT m.id, m.starts_at AS startsAt, a.status AS attendance FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id
        WHERE a.member_id = @memberId AND m.status = 'scheduled' AND m.starts_at > @from`,
    ),
  ).all({ memberId, from }) as { id: number; startsAt: number; attendance: AttendanceStatus }[];
  const out: { meeting: MeetingRow; attendance: AttendanceStatus }[] = [];
  for (const f of found.sort((x, y) => x.startsAt - y.startsAt || x.id - y.id).slice(0, limit)) {
    const meeting = getMeeting(db, f.id);
    if (meeting) out.push({ meeting, attendance: f.attendance });
  }
  return out;
}

export function upcomingOfCommittee(db: Db, committeeId: number, from: number, limit = 20): MeetingRow[] {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.committeeId, committeeId), eq(meetings.status, 'scheduled'), gt(meetings.startsAt, from)))
    .orderBy(asc(meetings.startsAt))
    .limit(limit)
    .all();
}

/** Scheduled meetings of a body in [from, to). */
export function meetingsOfBodyBetween(db: Db, committeeId: number, body: MeetingRow['body'], from: number, to: number): MeetingRow[] {
  return prepared(db, 'meeting.ofBodyBetween', () =>
    db
      .select()
      .from(meetings)
      .where(
        and(
          eq(meetings.committeeId, sql.placeholder('committeeId')),
          eq(meetings.body, sql.placeholder('body')),
          eq(meetings.status, 'scheduled'),
          gte(meetings.startsAt, sql.placeholder('from')),
          lt(meetings.startsAt, sql.placeholder('to')),
        ),
      )
      .prepare(),
  ).all({ committeeId, body, from, to });
}

/** Active members of a committee, by id; only those holding one of `roles` when given. Prepared. */
export function activeMembersOf(db: Db, committeeId: number, roles?: string[]) {
  if (!roles) {
    return prepared(db, 'members.active', () =>
      db.select().from(members).where(and(eq(members.committeeId, sql.placeholder('committeeId')), eq(members.active, true))).orderBy(asc(members.id)).prepare(),
    ).all({ committeeId });
  }
  return prepared(db, 'members.activeInRoles', () =>
    db
      .select()
      .from(members)
      .where(and(eq(members.committeeId, sql.placeholder('committeeId')), eq(members.active, true), sql`${members.role} IN (SELECT value FROM json_each(${sql.placeholder('roles')}))`))
      .orderBy(asc(members.id))
      .prepare(),
  ).all({ committeeId, roles: JSON.stringify(roles) });
}
