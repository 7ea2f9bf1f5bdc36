import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.js';

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
