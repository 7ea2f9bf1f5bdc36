import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../src/core/logger.js';
import type { Db } from './client.js';

/**
 * Copies the write-ahead log into the database file from a worker thread. SQLite does it inside
 * whichever COMMIT takes the log past 1,000 pages ("auto-checkpoint"): on the bot's one thread,
 * a write and an fsync of ~1,000 pages in the middle of handling updates, 9–13 ms here and, on a
 * slow fsync, far more (`npm run bench` once saw a 68 ms and once a 110 ms scheduleMeeting).
 *
 * The worker has its own connection and checkpoints every `intervalMs`, PASSIVE (it never waits
 * for the writer nor blocks it). The bot's auto-checkpoint stays as it is: when writes pause, the
 * worker catches up and the bot's next write starts the log over, so it never reaches 1,000
 * pages; when writes do not pause, the worker cannot quite finish before the next commit (its
 * fsync outlasts the gap), and the bot's auto-checkpoint finds all but the last pages copied.
 * Measured with 600 back-to-back transactions of ~20 pages: the longest commit went from 12.6 ms
 * to 5.0 ms; in the planning bench (1,000 meetings back to back) the longest scheduleMeeting over
 * three runs from 18–110 ms to 16–18 ms. Raising the bot's threshold instead let the log grow to
 * tens of megabytes and made the one checkpoint it did cost more, not less.
 */
export interface Checkpointer {
  /** What the worker has done so far (asked of the worker, so it is current). */
  status(): Promise<CheckpointStatus>;
  stop(): Promise<void>;
}

export interface CheckpointStatus {
  /** Checkpoints run so far. */
  checkpoints: number;
  /** Pages in the log not yet in the database file (a checkpoint is run to answer). */
  behind: number;
  lastError?: string;
}

export interface CheckpointerOptions {
  log: Logger;
  intervalMs?: number;
}

const STOPPED: CheckpointStatus = { checkpoints: 0, behind: 0, lastError: 'stopped' };

// Plain JavaScript evaluated in the worker: no TypeScript loader is needed there, and the driver
// is the very module the bot loaded (its path is passed in).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
const done = { checkpoints: 0, behind: 0 };
try {
  db = new Database(workerData.path, { fileMustExist: true });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: String(err && err.message || err) });
  process.exit(1);
}
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let timer;
function round() {
  clearTimeout(timer);
  let next = workerData.intervalMs;
  try {
    // log: pages in the WAL; checkpointed: how many of them are now in the database file.
    const before = done.behind;
    const r = checkpoint.get();
    done.checkpoints++;
    done.behind = Math.max(0, r.log - r.checkpointed);
    // Behind a writer that keeps going: go again at once rather than let the log grow (but
    // not when nothing could be copied: a reader still needs those pages).
    if (done.behind > 0 && done.behind !== before) next = 1;
  } catch (err) {
    done.lastError = String(err && err.message || err);
  }
  timer = setTimeout(round, next);
}
parentPort.on('message', (m) => {
  if (m === 'status') {
    round();
    parentPort.postMessage({ type: 'status', status: { ...done } });
  }
  if (m === 'stop') { clearTimeout(timer); db.close(); parentPort.close(); }
});
round();
`;

/** Starts checkpointing `db` in the background; undefined for an in-memory database (no WAL). */
export function startCheckpointer(db: Db, opts: CheckpointerOptions): Checkpointer | undefined {
  const sqlite = db.$client;
  if (sqlite.memory) return undefined;
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path: sqlite.name, intervalMs: opts.intervalMs ?? 100 },
  });
  worker.unref();
  let running = true;

  const waiting: ((s: CheckpointStatus) => void)[] = [];
  worker.on('message', (m: { type: 'status'; status: CheckpointStatus } | { type: 'failed'; error: string }) => {
    if (m.type === 'status') waiting.shift()?.(m.status);
    else opts.log.warn({ error: m.error }, 'background checkpoints could not start; SQLite checkpoints as the bot commits');
  });
  worker.on('error', (err) => opts.log.warn({ err }, 'background checkpoints failed; SQLite checkpoints as the bot commits'));
  worker.on('exit', () => {
    running = false;
    for (const w of waiting.splice(0)) w(STOPPED);
  });

  return {
    status() {
      if (!running) return Promise.resolve(STOPPED);
      return new Promise((resolve) => {
        waiting.push(resolve);
        worker.postMessage('status');
      });
    },
    async stop() {
      if (!running) return;
      running = false;
      // Held until it has closed its connection (unreferenced, it would not keep us waiting).
      worker.ref();
      const exited = new Promise((r) => worker.once('exit', r));
      worker.postMessage('stop');
      await exited;
    },
  };
}
