import type { Db } from '../client.js';
import { prepared } from './prepared.js';

/** Records an update as processed; false when it was already (a redelivery). */
export function markProcessed(db: Db, source: string, updateId: string, at: number): boolean {
  const stmt = prepared(db, 'updates.mark', () =>
    db.$client.prepare('INSERT INTO processed_updates (source, update_id, processed_at) VALUES (@source, @updateId, @at) ON CONFLICT DO NOTHING'),
  );
  return stmt.run({ source, updateId, at }).changes === 1;
}

/**
 * Forgets up to `limit` of the oldest processed updates from before `before`; returns how many.
 * The oldest rows by rowid are the oldest by time (rows are only ever appended), so this reads
 * the table's first `limit` rows, never an index, and nothing at all when the oldest is recent.
 */
export function pruneProcessed(db: Db, before: number, limit = 5_000): number {
  const oldest = prepared(db, 'updates.oldest', () => db.$client.prepare('SELECT processed_at FROM processed_updates ORDER BY rowid LIMIT 1').pluck()).get() as
    | number
    | undefined;
  if (oldest === undefined || oldest >= before) return 0;
  return prepared(db, 'updates.prune', () =>
    db.$client.prepare(
      'DELETE FROM processed_updates WHERE rowid IN (SELECT rowid FROM processed_updates ORDER BY rowid LIMIT @limit) AND processed_at < @before',
    ),
  ).run({ before, limit }).changes;
}
