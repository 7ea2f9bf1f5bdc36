import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../client.js';
import { meetings } from '../schema/index.js';
import type { MeetingRow } from './meetings.js';

/**
 * Scheduled meetings of every committee starting in (from, to], soonest first: the few a
 * scheduler pass has to look at for attendance alerts.
 */
export function scheduledMeetingsStartingBetween(db: Db, from: number, to: number): MeetingRow[] {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.status, 'scheduled'), gt(meetings.startsAt, from), lte(meetings.startsAt, to)))
    .orderBy(asc(meetings.startsAt))
    .all();
}
