import type { Statement } from 'better-sqlite3';
import type { Db } from '../client.js';
import { deepFreeze } from '../../src/core/freeze.js';

/**
 * Rows read on nearly every update and seldom written: members (the sender, the presider named
 * in a card, the approver), committees (their name and settings) and meetings (a request's, a
 * card's). A registration read the same few rows ten times and a button press six
 * (`npm run bench`), each a prepared SELECT. And which member a chat address is bound to, asked
 * of every incoming update.
 *
 * A cached row is trusted only while
 * - no other connection has committed (`PRAGMA data_version` is unchanged: the CLI or a second
 *   bot process may write), and
 * - this connection has not written the table through db/queries (its write functions call
 *   `forgetRows`), nor rolled back a transaction (atomic() calls `forgetRows`: a row read after
 *   an uncommitted write must not outlive the rollback).
 * Rows are frozen: they are shared by every caller. Writing these tables with SQL of one's own on
 * the bot's connection bypasses all this; keep their writes in db/queries.
 */
/** The cached tables; `bindings` maps a chat address to the member bound to it. */
export type CachedTable = 'members' | 'committees' | 'meetings' | 'bindings';

const MAX_ROWS = 4096;

interface Cache {
  dataVersion: Statement;
  seen: number;
  /** Inside an IMMEDIATE transaction atomic() opened: whether data_version was already asked in it. */
  inTransaction: boolean;
  checked: boolean;
  tables: Record<CachedTable, Map<number | string, unknown>>;
}

const caches = new WeakMap<Db, Cache>();

function stateOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) {
    const tables = { members: new Map(), committees: new Map(), meetings: new Map(), bindings: new Map() };
    cache = { dataVersion: db.$client.prepare('PRAGMA data_version').pluck(), seen: -1, inTransaction: false, checked: false, tables };
    caches.set(db, cache);
  }
  return cache;
}

function cacheOf(db: Db): Cache {
  const cache = stateOf(db);
  // Once per IMMEDIATE transaction is enough: it holds the write lock, so no other connection can
  // commit until it ends. An update reads ten cached rows or so inside the group commit's
  // transaction; elsewhere every read asks.
  if (cache.inTransaction && cache.checked) return cache;
  const version = cache.dataVersion.get() as number;
  if (version !== cache.seen) {
    cache.seen = version;
    forgetRows(db);
  }
  cache.checked = cache.inTransaction;
  return cache;
}

/** Called by atomic() around an outermost IMMEDIATE transaction: data_version is asked once inside it. */
export function transactionStarted(db: Db): void {
  const cache = stateOf(db);
  cache.inTransaction = true;
  cache.checked = false;
}

export function transactionEnded(db: Db): void {
  const cache = caches.get(db);
  if (!cache) return;
  cache.inTransaction = false;
  cache.checked = false;
}

/** The row at `key` of `table`, from the cache or from `load` (a miss is not remembered). */
export function cachedRow<T>(db: Db, table: CachedTable, key: number | string, load: () => T | undefined): T | undefined {
  const rows = cacheOf(db).tables[table];
  const hit = rows.get(key) as T | undefined;
  if (hit !== undefined) return hit;
  const row = load();
  if (row !== undefined) {
    if (rows.size >= MAX_ROWS) rows.delete(rows.keys().next().value!);
    rows.set(key, deepFreeze(row));
  }
  return row;
}

/** Forgets cached rows: of `table`, or all of them. */
export function forgetRows(db: Db, table?: CachedTable): void {
  const cache = caches.get(db);
  if (!cache) return;
  if (table) cache.tables[table].clear();
  else for (const rows of Object.values(cache.tables)) rows.clear();
}
