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
 * The worker has its own connection and checkpoints PASSIVE (it never waits for the writer nor
 * blocks it): every `intervalMs` while the log stands still, every 5 ms while it changes. The
 * bot's auto-checkpoint stays as it is: when writes pause, the worker catches up and the bot's
 * next write starts the log over, so it never reaches 1,000 pages; when writes do not pause, the
 * worker cannot quite finish before the next commit (its fsync outlasts the gap), and the bot's
 * auto-checkpoint finds all but the last pages copied. Measured with 600 transactions of ~20
 * pages: back to back, the bot's own checkpoints went from 10–16 ms to mostly 2–4 ms (two of
 * about twelve still 13–14 ms, when both checkpointed at once); with 2 ms between them, the
 * longest commit went from 12.6 ms to 3.7 ms. In the planning bench (1,000 meetings back to
 * back) the longest scheduleMeeting over three runs each was 15–18 ms with it, 16–110 ms
 * without. Raising the bot's threshold instead let the log grow to tens of megabytes and made the
 * one checkpoint it did cost more, not less.
 */
export interface Checkpointer {
  /** What the worker has done so far (asked of the worker, so it is current). */
  status(): Promise<CheckpointStatus>;
  /** Resolves once the worker has closed its connection; callable more than once. */
  stop(): Promise<void>;
}

export interface CheckpointStatus {
  /** Checkpoints run so far. */
  checkpoints: number;
  /** Pages in the log not yet in the database file (a checkpoint is run to answer). */
  behind: number;
  /** The last checkpoint failed with this (also logged, once, when it starts failing). */
  lastError?: string;
}

export interface CheckpointerOptions {
  log: Logger;
  intervalMs?: number;
}

/**
 * How soon the worker goes again when the log grew while it copied: soon enough to keep up with a
 * writer that does not pause, not so soon that it spins (each checkpoint ends with an fsync).
 */
const CATCH_UP_MS = 5;
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
let lastLog = -1;
function round() {
  clearTimeout(timer);
  let next = workerData.intervalMs;
  try {
    // log: pages in the WAL; checkpointed: how many of them are now in the database file.
    // busy: another connection was checkpointing (the bot's own auto-checkpoint); -1 for both.
    const r = checkpoint.get();
    if (!r.busy) {
      done.checkpoints++;
      done.behind = Math.max(0, r.log - r.checkpointed);
      // The log changed since the last look: the bot is writing, so look again soon rather than
      // let the log grow; when nothing changes, at the idle pace.
      if (r.log !== lastLog) next = workerData.catchUpMs;
      lastLog = r.log;
    }
    if (done.lastError !== undefined) {
      delete done.lastError;
      parentPort.postMessage({ type: 'recovered' });
    }
  } catch (err) {
    const error = String(err && err.message || err);
    if (done.lastError === undefined) parentPort.postMessage({ type: 'error', error });
    done.lastError = error;
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
  let worker: Worker;
  try {
    worker = new Worker(WORKER, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path: sqlite.name, intervalMs: opts.intervalMs ?? 100, catchUpMs: CATCH_UP_MS },
    });
  } catch (err) {
    opts.log.warn({ err }, 'background checkpoints could not start; SQLite checkpoints as the bot commits');
    return undefined;
  }
  worker.unref();
  let running = true;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  type FromWorker = { type: 'status'; status: CheckpointStatus } | { type: 'failed' | 'error'; error: string } | { type: 'recovered' };
  const waiting: ((s: CheckpointStatus) => void)[] = [];
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'status') waiting.shift()?.(m.status);
    else if (m.type === 'failed') opts.log.warn({ error: m.error }, 'background checkpoints could not start; SQLite checkpoints as the bot commits');
    else if (m.type === 'error') opts.log.warn({ error: m.error }, 'background checkpoint failed; trying again (SQLite checkpoints as the bot commits meanwhile)');
    else opts.log.info('background checkpoints work again');
  });
  worker.on('error', (err) => opts.log.warn({ err }, 'background checkpoints failed; SQLite checkpoints as the bot commits'));
  worker.on('exit', () => {
    running = false;
    for (const w of waiting.splice(0)) w(STOPPED);
  });

  let stopping: Promise<void> | undefined;
  return {
    status() {
      if (!running) return Promise.resolve(STOPPED);
      return new Promise((resolve) => {
        waiting.push(resolve);
        worker.postMessage('status');
      });
    },
    stop() {
      if (!stopping) {
        // Held until it has closed its connection (unreferenced, it would not keep us waiting).
        worker.ref();
        if (running) worker.postMessage('stop');
        stopping = exited;
      }
      return stopping;
    },
  };
}
