import { and, asc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { meetingAttendees, meetings, members, type AttendanceStatus } from '../schema/index.js';

export type MeetingRow = typeof meetings.$inferSelect;
export type AttendeeRow = typeof meetingAttendees.$inferSelect;

export function insertMeeting(db: Db, row: typeof meetings.$inferInsert): MeetingRow {
  return db.insert(meetings).values(row).returning().get();
}

export function getMeeting(db: Db, id: number): MeetingRow | undefined {
  return db.select().from(meetings).where(eq(meetings.id, id)).get();
}

export function updateMeeting(db: Db, id: number, set: Partial<typeof meetings.$inferInsert>): MeetingRow {
  return db.update(meetings).set(set).where(eq(meetings.id, id)).returning().get();
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
  return db
    .select()
    .from(meetingAttendees)
    .where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.memberId, memberId)))
    .get();
}

export function setAttendance(db: Db, meetingId: number, memberId: number, status: AttendanceStatus, at: number): boolean {
  return (
    db
      .update(meetingAttendees)
      .set({ status, respondedAt: at })
      .where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.memberId, memberId)))
      .run().changes === 1
  );
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
  return db
    .select({ m: meetings })
    .from(meetingAttendees)
    .innerJoin(meetings, eq(meetings.id, meetingAttendees.meetingId))
    .where(and(eq(meetingAttendees.memberId, memberId), eq(meetings.status, 'scheduled'), gt(meetings.startsAt, from)))
    .orderBy(asc(meetings.startsAt))
    .limit(limit)
    .all()
    .map((r) => r.m);
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
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.committeeId, committeeId), eq(meetings.body, body), eq(meetings.status, 'scheduled'), gte(meetings.startsAt, from), lt(meetings.startsAt, to)))
    .all();
}

export function activeMembersOf(db: Db, committeeId: number, roles?: string[]) {
  return db
    .select()
    .from(members)
    .where(and(eq(members.committeeId, committeeId), eq(members.active, true), roles ? inArray(members.role, roles as never[]) : undefined))
    .orderBy(asc(members.id))
    .all();
}
