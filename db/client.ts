import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.js';
import { forgetRows, transactionEnded, transactionStarted } from './queries/row-cache.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (and migrates) a database. A factory, never a module singleton, so each test and each
 * process gets its own. `:memory:` gives a private in-memory database.
 */
export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the CLI write while the bot reads; NORMAL sync is durable across process crashes
  // (only an OS crash could lose the last commits), which is the failure we guard against.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // Savepoints (every incoming event nests two or three) keep their undo pages in a temp file by
  // default: in memory they cost no write() calls.
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('foreign_keys = ON');
  // Two processes (bot + CLI) share the file: wait for a lock instead of failing at once.
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/**
 * Runs `work` atomically: in a transaction, or in a savepoint when one is already open (an
 * incoming event nests three: the group commit, the event, the domain operation). `immediate`
 * takes the write lock at once (see group-commit.ts). Use this rather than drizzle's
 * `db.transaction`, which builds two wrapper objects and a new better-sqlite3 transaction
 * function on every call: on the webhook path that was a tenth of the time spent per update
 * (measured with `npm run bench`). The work must be synchronous, as with any better-sqlite3
 * transaction.
 */
export function atomic<T>(db: Db, work: () => T, behavior: 'deferred' | 'immediate' = 'deferred'): T {
  let run = runners.get(db.$client);
  if (!run) runners.set(db.$client, (run = db.$client.transaction((w: () => unknown) => w())));
  // An IMMEDIATE transaction holds the write lock: nobody else commits until it ends (row-cache.ts).
  const outermost = !db.$client.inTransaction && behavior === 'immediate';
  if (outermost) transactionStarted(db);
  try {
    return (behavior === 'immediate' ? run.immediate(work) : run(work)) as T;
  } catch (err) {
    // Rolled back: a row cached after a write the rollback undid would be wrong (row-cache.ts).
    forgetRows(db);
    throw err;
  } finally {
    if (outermost) transactionEnded(db);
  }
}

const runners = new WeakMap<Database.Database, Database.Transaction<(work: () => unknown) => unknown>>();
