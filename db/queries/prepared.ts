import type { Db } from '../client.js';

/**
 * Per-database cache of prepared statements. Rebuilding a drizzle query per call costs about
 * ten times a prepared read here, so hot paths prepare once per connection.
 */
const caches = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, name: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let stmt = cache.get(name) as T | undefined;
  if (!stmt) cache.set(name, (stmt = build()));
  return stmt;
}
