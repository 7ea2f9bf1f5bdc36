import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { members, reportSubmissions } from '../schema/index.js';
import { prepared } from './prepared.js';

export type SubmissionRow = typeof reportSubmissions.$inferSelect;
export type NewSubmission = typeof reportSubmissions.$inferInsert;

/**
 * Inserts a submission and gives it its receipt number, built from the row id so that two
 * submissions can never share one (`BC-2026-000123`). Call inside a transaction.
 */
export function insertSubmission(db: Db, row: Omit<NewSubmission, 'receipt'>, receipt: (id: number) => string): SubmissionRow {
  const inserted = db
    .insert(reportSubmissions)
    .values({ ...row, receipt: `pending-${row.committeeId}-${row.memberId}-${row.submittedAt}` })
    .returning()
    .get();
  return db.update(reportSubmissions).set({ receipt: receipt(inserted.id) }).where(eq(reportSubmissions.id, inserted.id)).returning().get();
}

/** Every submission of a committee, or only those for some periods. */
export function submissionsOfCommittee(db: Db, committeeId: number, periods?: string[]): SubmissionRow[] {
  if (periods && periods.length === 0) return [];
  return db
    .select()
    .from(reportSubmissions)
    .where(and(eq(reportSubmissions.committeeId, committeeId), periods ? inArray(reportSubmissions.period, periods) : undefined))
    .orderBy(asc(reportSubmissions.id))
    .all();
}

/** The submissions for one rule and period, with the submitter's agency (to satisfy agency obligations). */
export function submissionsFor(db: Db, committeeId: number, ruleId: string, period: string): (SubmissionRow & { agency: string | null })[] {
  return db
    .select({ s: reportSubmissions, agency: members.agency })
    .from(reportSubmissions)
    .innerJoin(members, eq(members.id, reportSubmissions.memberId))
    .where(and(eq(reportSubmissions.committeeId, committeeId), eq(reportSubmissions.ruleId, ruleId), eq(reportSubmissions.period, period)))
    .orderBy(asc(reportSubmissions.id))
    .all()
    .map((r) => ({ ...r.s, agency: r.agency }));
}

export function submissionsOfMember(db: Db, memberId: number): SubmissionRow[] {
  return db.select().from(reportSubmissions).where(eq(reportSubmissions.memberId, memberId)).orderBy(asc(reportSubmissions.id)).all();
}

export function getSubmission(db: Db, id: number): SubmissionRow | undefined {
  return db.select().from(reportSubmissions).where(eq(reportSubmissions.id, id)).get();
}

/** Records where the local copy of a submitted file was written (once). */
export function setSubmissionLocalPath(db: Db, id: number, localPath: string): boolean {
  return (
    db
      .update(reportSubmissions)
      .set({ localPath })
      .where(and(eq(reportSubmissions.id, id), sql`${reportSubmissions.localPath} IS NULL`))
      .run().changes === 1
  );
}

/** Every member of a committee, inactive ones too, by id: prepared, as each scheduler tick reads it. */
export function committeeMembers(db: Db, committeeId: number): (typeof members.$inferSelect)[] {
  return prepared(db, 'reports.members', () =>
    db.select().from(members).where(eq(members.committeeId, sql.placeholder('committeeId'))).orderBy(asc(members.id)).prepare(),
  ).all({ committeeId });
}
