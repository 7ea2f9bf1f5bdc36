import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { meta } from '../schema/index.js';

export function getMeta(db: Db, key: string): string | undefined {
  return db.select().from(meta).where(eq(meta.key, key)).get()?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}

/** Sets `key` to `next` only if it still holds `expected` (undefined: only if absent). */
export function compareAndSetMeta(db: Db, key: string, expected: string | undefined, next: string): boolean {
  if (expected === undefined) return db.insert(meta).values({ key, value: next }).onConflictDoNothing().run().changes === 1;
  return db.update(meta).set({ value: next }).where(and(eq(meta.key, key), eq(meta.value, expected))).run().changes === 1;
}
