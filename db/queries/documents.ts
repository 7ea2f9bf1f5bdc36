import { and, asc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { documents, outbox } from '../schema/index.js';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;

export function insertDocument(db: Db, row: NewDocument): DocumentRow {
  return db.insert(documents).values(row).returning().get();
}

export function getDocument(db: Db, id: number): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.id, id)).get();
}

/** A meeting's documents that were not removed, oldest first. */
export function documentsOf(db: Db, meetingId: number): DocumentRow[] {
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.meetingId, meetingId), isNull(documents.removedAt)))
    .orderBy(asc(documents.id))
    .all();
}

export function countDocuments(db: Db, meetingId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(documents)
      .where(and(eq(documents.meetingId, meetingId), isNull(documents.removedAt)))
      .get()?.n ?? 0
  );
}

/** Compare-and-set: a document is removed once. */
export function markDocumentRemoved(db: Db, id: number, at: number): boolean {
  return db.update(documents).set({ removedAt: at }).where(and(eq(documents.id, id), isNull(documents.removedAt))).run().changes === 1;
}

export function setDocumentLocalPath(db: Db, id: number, localPath: string): void {
  db.update(documents).set({ localPath }).where(eq(documents.id, id)).run();
}

/**
 * Outbox keys of document deliveries: `docs:<meeting>:m<member>:d<document>` (one per document
 * and member) and `docs:<meeting>:m<member>:s<n>` (the summary with the "received" button).
 */
export const documentKeys = {
  document: (meetingId: number, memberId: number, documentId: number) => `docs:${meetingId}:m${memberId}:d${documentId}`,
  summary: (meetingId: number, memberId: number, newestDocumentId: number) => `docs:${meetingId}:m${memberId}:s${newestDocumentId}`,
};

/**
 * Ids of the documents already queued to someone (`memberId` given: to that member). The
 * outbox row *is* the record that a document went out: its key is unique per document and
 * member, so this is exact and survives restarts. A range on the unique key index, not LIKE.
 */
export function deliveredDocumentIds(db: Db, meetingId: number, memberId?: number): Set<number> {
  const prefix = memberId === undefined ? `docs:${meetingId}:m` : `docs:${meetingId}:m${memberId}:d`;
  // Every key starting with `prefix` sorts in [prefix, prefix with its last character + 1).
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const rows = db
    .select({ key: outbox.idempotencyKey })
    .from(outbox)
    .where(and(gte(outbox.idempotencyKey, prefix), lt(outbox.idempotencyKey, upper)))
    .all();
  const ids = new Set<number>();
  for (const { key } of rows) {
    const m = /^docs:\d+:m(\d+):d(\d+)$/.exec(key);
    if (m && (memberId === undefined || Number(m[1]) === memberId)) ids.add(Number(m[2]));
  }
  return ids;
}
