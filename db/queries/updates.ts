import { lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { processedUpdates } from '../schema/index.js';
import { prepared } from './prepared.js';

/** Records an update as processed; false when it was already (a redelivery). */
export function markProcessed(db: Db, source: string, updateId: string, at: number): boolean {
  const stmt = prepared(db, 'updates.mark', () =>
    db.$client.prepare('INSERT INTO processed_updates (source, update_id, processed_at) VALUES (@source, @updateId, @at) ON CONFLICT DO NOTHING'),
  );
  return stmt.run({ source, updateId, at }).changes === 1;
}

/** Platforms redeliver for at most a day (Telegram keeps updates 24 h); keep a week to be safe. */
export function pruneProcessed(db: Db, before: number): number {
  return db.delete(processedUpdates).where(lt(processedUpdates.processedAt, before)).run().changes;
}
