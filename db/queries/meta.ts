import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { meta } from '../schema/index.js';
import { prepared } from './prepared.js';

/** Prepared: the scheduler reads and writes its state here every minute. */
export function getMeta(db: Db, key: string): string | undefined {
  const stmt = prepared(db, 'meta.get', () => db.$client.prepare('SELECT value FROM meta WHERE key = ?').pluck());
  return stmt.get(key) as string | undefined;
}

export function setMeta(db: Db, key: string, value: string): void {
  prepared(db, 'meta.set', () => db.$client.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')).run(key, value);
}

/** Sets `key` to `next` only if it still holds `expected` (undefined: only if absent). */
export function compareAndSetMeta(db: Db, key: string, expected: string | undefined, next: string): boolean {
  if (expected === undefined) return db.insert(meta).values({ key, value: next }).onConflictDoNothing().run().changes === 1;
  return db.update(meta).set({ value: next }).where(and(eq(meta.key, key), eq(meta.value, expected))).run().changes === 1;
}
