import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { members, noticeAcks, notices, NOTICE_TOPIC, outbox } from '../schema/index.js';
import type { MemberRow } from './members.js';
import { prepared } from './prepared.js';

export type NoticeRow = typeof notices.$inferSelect;

export function insertNotice(db: Db, row: typeof notices.$inferInsert): NoticeRow {
  return db.insert(notices).values(row).returning().get();
}

export function getNotice(db: Db, id: number): NoticeRow | undefined {
  return db.select().from(notices).where(eq(notices.id, id)).get();
}

export function setNoticeReportKey(db: Db, id: number, reportKey: string): void {
  db.update(notices).set({ reportKey }).where(eq(notices.id, id)).run();
}

export function insertAck(db: Db, noticeId: number, memberId: number, at: number): boolean {
  return db.insert(noticeAcks).values({ noticeId, memberId, at }).onConflictDoNothing().run().changes === 1;
}

export function acksOf(db: Db, noticeId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(noticeAcks).where(eq(noticeAcks.noticeId, noticeId)).get()?.n ?? 0;
}

/**
 * A notice's copies in the outbox (not its author's report, which shares the topic's prefix):
 * by topic, with the condition of the partial index that holds notices' topics (NOTICE_TOPIC).
 */
const copiesOf = (noticeId: number) =>
  and(eq(outbox.topic, `notice:${noticeId}`), sql.raw(NOTICE_TOPIC), sql`${outbox.idempotencyKey} LIKE ${`notice:${noticeId}:m%`}`);

/** One row per recipient: their outbox status and why not reached. */
export function deliveryOf(db: Db, noticeId: number) {
  return db
    .select({ memberId: outbox.memberId, name: members.name, status: outbox.status, lastError: outbox.lastError, key: outbox.idempotencyKey })
    .from(outbox)
    .leftJoin(members, eq(members.id, outbox.memberId))
    .where(copiesOf(noticeId))
    .orderBy(asc(outbox.id))
    .all();
}

/**
 * How many copies of a notice are in each outbox status, counted in SQL: the delivery report is
 * refreshed every few seconds while 5,000 copies go out, and reading every row each time stalled
 * the bot for tens of ms.
 */
export function deliveryCounts(db: Db, noticeId: number): Partial<Record<(typeof outbox.$inferSelect)['status'], number>> {
  const rows = prepared(db, 'notice.deliveryCounts', () =>
    db.$client.prepare(`SELECT status, count(*) AS n FROM outbox WHERE topic = @topic AND ${NOTICE_TOPIC} AND idempotency_key LIKE @like GROUP BY status`),
  ).all({ topic: `notice:${noticeId}`, like: `notice:${noticeId}:m%` }) as { status: (typeof outbox.$inferSelect)['status']; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The copies that will not arrive (failed or unreachable), with the member's name, oldest first. */
export function undeliveredOf(db: Db, noticeId: number) {
  return db
    .select({ memberId: outbox.memberId, name: members.name, status: outbox.status, lastError: outbox.lastError })
    .from(outbox)
    .leftJoin(members, eq(members.id, outbox.memberId))
    .where(and(copiesOf(noticeId), sql`${outbox.status} IN ('failed', 'unreachable')`))
    .orderBy(asc(outbox.id))
    .all();
}

/** Notices whose author's report still needs updating (some copies not settled yet, or recent). */
export function activeNotices(db: Db, since: number): NoticeRow[] {
  return db.select().from(notices).where(and(eq(notices.status, 'queued'), sql`${notices.createdAt} >= ${since}`)).all();
}

/**
 * The oldest two notices whose copies are still being queued (the partial index
 * notices_fan_out_idx): the next to fan out, and whether another waits after it.
 */
export function fanningOut(db: Db): Pick<NoticeRow, 'id'>[] {
  return prepared(db, 'notice.fanningOut', () => db.$client.prepare('SELECT id FROM notices WHERE fan_out_ids IS NOT NULL ORDER BY id LIMIT 2')).all() as Pick<NoticeRow, 'id'>[];
}

/** Recipients `from` … `to` − 1 of a notice being fanned out, in order, with their language. */
export function fanOutSlice(db: Db, noticeId: number, from: number, to: number): Pick<MemberRow, 'id' | 'locale'>[] {
  return prepared(db, 'notice.fanOutSlice', () =>
    db.$client.prepare(
      `SELECT m.id, m.locale FROM json_each((SELECT fan_out_ids FROM notices WHERE id = @noticeId)) j
        JOIN members m ON m.id = j.value WHERE j.key >= @from AND j.key < @to ORDER BY j.key`,
    ),
  ).all({ noticeId, from, to }) as Pick<MemberRow, 'id' | 'locale'>[];
}

/** `done` recipients have their copy queued; with `finished`, all have, and the ids are dropped. */
export function advanceFanOut(db: Db, noticeId: number, done: number, finished: boolean): void {
  prepared(db, 'notice.advanceFanOut', () =>
    db.$client.prepare('UPDATE notices SET fan_out_done = @done, fan_out_ids = CASE WHEN @finished THEN NULL ELSE fan_out_ids END WHERE id = @noticeId'),
  ).run({ noticeId, done, finished: finished ? 1 : 0 });
}
