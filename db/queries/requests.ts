import { and, asc, eq, getTableColumns, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { meetingGuests, meetings, requests, type RequestStatus } from '../schema/index.js';
import { decodeRow, prepared, returningColumns, rowQuery } from './prepared.js';

export type RequestRow = typeof requests.$inferSelect;
export type GuestRow = typeof meetingGuests.$inferSelect;

type NewRequest = typeof requests.$inferInsert;
const REQUEST_COLUMNS = [
  'meetingId', 'memberId', 'kind', 'reason', 'substituteName', 'substituteTitle', 'substituteAgency', 'substituteContact',
  'opinionText', 'opinionFileId', 'opinionFileName', 'opinionPlatform', 'status', 'approverId', 'approverChain', 'escalateAt',
  'nonce', 'decidedBy', 'decidedAt', 'decisionNote', 'createdAt', 'updatedAt',
] as const satisfies readonly (keyof NewRequest)[];

/** Prepared (every /absent writes one): each column a placeholder, the optional ones null. */
export function insertRequest(db: Db, row: NewRequest): RequestRow {
  const stmt = prepared(db, 'request.insert', () => {
    const cols = getTableColumns(requests);
    return db.$client.prepare(
      `INSERT INTO requests (${REQUEST_COLUMNS.map((c) => `"${cols[c].name}"`).join(', ')})
       VALUES (${REQUEST_COLUMNS.map((c) => `@${c}`).join(', ')})
       RETURNING ${returningColumns(requests)}`,
    );
  });
  const params: Record<string, unknown> = {};
  for (const c of REQUEST_COLUMNS) params[c] = row[c] ?? null;
  params.status = row.status ?? 'pending';
  // The JSON column, encoded as drizzle encoded its placeholder: JSON.stringify, even of null.
  params.approverChain = JSON.stringify(params.approverChain);
  return decodeRow(requests, stmt.get(params) as Record<string, unknown>);
}

export function getRequest(db: Db, id: number): RequestRow | undefined {
  return rowQuery(db, 'request.byId', requests, (cols) => `SELECT ${cols} FROM requests WHERE id = @id`).get({ id });
}

export function pendingRequestOf(db: Db, meetingId: number, memberId: number): RequestRow | undefined {
  return rowQuery(db, 'request.pendingOf', requests, (cols) => `SELECT ${cols} FROM requests WHERE meeting_id = @meetingId AND member_id = @memberId AND status = 'pending'`).get({ meetingId, memberId });
}

export function requestsOfMeeting(db: Db, meetingId: number): RequestRow[] {
  return db.select().from(requests).where(eq(requests.meetingId, meetingId)).orderBy(asc(requests.id)).all();
}

export function requestsOfMember(db: Db, memberId: number, statuses: RequestStatus[]): RequestRow[] {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.memberId, memberId), inArray(requests.status, statuses)))
    .orderBy(asc(requests.id))
    .all();
}

/**
 * The decision itself: from `pending` only, so two taps, two approvers or a redelivered update
 * give exactly one decision. Returns false when someone else already moved it.
 */
/** Decides a pending request (compare-and-set): the decided row, or undefined if it was not pending. */
export function decide(
  db: Db,
  id: number,
  change: { status: RequestStatus; decidedBy: number | null; decidedAt: number; decisionNote: string | null },
): RequestRow | undefined {
  const stmt = prepared(db, 'request.decide', () =>
    db.$client.prepare(
      `UPDATE requests SET status = @status, escalate_at = NULL, decided_by = @decidedBy, decided_at = @decidedAt, decision_note = @decisionNote, updated_at = @decidedAt
       WHERE id = @id AND status = 'pending'
       RETURNING ${returningColumns(requests)}`,
    ),
  );
  const row = stmt.get({ id, ...change }) as Record<string, unknown> | undefined;
  return row && decodeRow(requests, row);
}

export function reassign(db: Db, id: number, approverId: number, chain: number[], escalateAt: number | null, at: number): boolean {
  return (
    db
      .update(requests)
      .set({ approverId, approverChain: chain, escalateAt, updatedAt: at })
      .where(and(eq(requests.id, id), eq(requests.status, 'pending')))
      .run().changes === 1
  );
}

export function dueEscalations(db: Db, now: number): RequestRow[] {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.status, 'pending'), lte(requests.escalateAt, now)))
    .orderBy(asc(requests.escalateAt))
    .all();
}

/** Pending requests whose meeting has started (or was cancelled): they expire. */
export function pendingOfStartedMeetings(db: Db, now: number): RequestRow[] {
  return db
    .select({ r: requests })
    .from(requests)
    .innerJoin(meetings, eq(meetings.id, requests.meetingId))
    .where(and(eq(requests.status, 'pending'), sql`(${meetings.startsAt} <= ${now} OR ${meetings.status} = 'cancelled')`))
    .all()
    .map((x) => x.r);
}

export function insertGuest(db: Db, row: typeof meetingGuests.$inferInsert): GuestRow {
  return db.insert(meetingGuests).values(row).returning().get();
}

export function guestByHash(db: Db, codeHash: string): GuestRow | undefined {
  return prepared(db, 'guest.byHash', () => db.select().from(meetingGuests).where(eq(meetingGuests.codeHash, sql.placeholder('codeHash'))).prepare()).get({ codeHash });
}

export function guestByAddress(db: Db, address: string): GuestRow[] {
  return db.select().from(meetingGuests).where(eq(meetingGuests.address, address)).all();
}

export function guestsOfMeeting(db: Db, meetingId: number): GuestRow[] {
  return db.select().from(meetingGuests).where(eq(meetingGuests.meetingId, meetingId)).all();
}

export function bindGuest(db: Db, id: number, address: string, at: number): boolean {
  return (
    db
      .update(meetingGuests)
      .set({ address, boundAt: at })
      .where(and(eq(meetingGuests.id, id), sql`${meetingGuests.boundAt} IS NULL`))
      .run().changes === 1
  );
}
