// Background WAL checkpoints (db/checkpointer.ts): a worker thread copies the log into the
// database file, so that the bot's commits find nothing left to copy.
import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../db/checkpointer.js';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { silentLogger } from '../../src/core/logger.js';
import { captureLogger } from '../support/unit-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const framesInLog = (db: Db) => (db.$client.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number }).log;

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
  path = join(dir, 'c.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `rounds` transactions of 20 rows of ~4 KB (a page each), with a pause between them. */
async function write(db: Db, rounds: number): Promise<number> {
  db.$client.exec('CREATE TABLE IF NOT EXISTS blob (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.$client.prepare('INSERT INTO blob (body) VALUES (?)');
  const tx = db.$client.transaction((n: number) => {
    for (let i = 0; i < 20; i++) insert.run(`${n}:${i}:`.padEnd(4000, 'x'));
  });
  for (let n = 0; n < rounds; n++) {
    tx(n);
    await sleep(2);
  }
  return rounds * 20 * 4000;
}

describe('background checkpoints', () => {
  it('when the bot writes, then the worker copies the log into the database file, the bot starts the log over, and every row is there after a reopen', async () => {
    const db = openDb(path);
    const cp = startCheckpointer(db, { log: silentLogger, intervalMs: 10 })!;
    // ~800 pages: under SQLite's own threshold (1,000), so the bot's commits never checkpoint.
    const written = await write(db, 40);
    let status = await cp.status();
    for (let i = 0; i < 200 && status.behind > 0; i++) status = await sleep(10).then(() => cp.status());
    expect(status).toMatchObject({ behind: 0 });
    expect(status.lastError).toBeUndefined();
    // The rows are in the database file itself, which only a checkpoint writes: the worker's.
    expect(statSync(path).size).toBeGreaterThan(written);
    // Everything copied: the bot's next write starts the log from its beginning.
    db.$client.exec(`INSERT INTO blob (body) VALUES ('after')`);
    expect(framesInLog(db)).toBeLessThan(5);
    // Stopping twice at once: both wait for the worker to close its connection.
    await Promise.all([cp.stop(), cp.stop()]);
    expect(await cp.status()).toMatchObject({ lastError: 'stopped' });
    closeDb(db);

    const again = openDb(path);
    expect(again.$client.prepare('SELECT count(*) AS n FROM blob').get()).toEqual({ n: 801 });
    expect(again.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDb(again);
  });

  it('when the worker cannot open the database, then it says so and the bot goes on (SQLite checkpoints in its commits)', async () => {
    const db = openDb(path);
    const { log, entries } = captureLogger();
    unlinkSync(path); // the open connection keeps working; a new one cannot find the file
    const cp = startCheckpointer(db, { log })!;
    for (let i = 0; i < 200 && !entries().some((e) => e.level === 40); i++) await sleep(10);
    expect(entries().find((e) => e.level === 40)?.msg).toMatch(/could not start/);
    expect(await cp.status()).toMatchObject({ lastError: 'stopped' });
    await write(db, 2);
    expect(db.$client.prepare('SELECT count(*) AS n FROM blob').get()).toEqual({ n: 40 });
    await cp.stop();
    closeDb(db);
  });

  it('when the database is in memory, then there is no log and nothing to start', () => {
    const db = openDb(':memory:');
    expect(startCheckpointer(db, { log: silentLogger })).toBeUndefined();
    closeDb(db);
  });
});
