import { atomic, type Db } from '../../db/client.js';

/**
 * Group commit for incoming events. Each event's work runs in its own savepoint (it succeeds or
 * fails alone), but the events that arrive together share one IMMEDIATE transaction and one
 * commit. A commit writes ~17 WAL pages for one update and ~3 per update for ten (they append to
 * the same table and index pages), and SQLite checkpoints (with fsync) per 1,000 pages. Nothing is
 * acknowledged before it is committed: each promise settles after the shared commit. The price is
 * a few milliseconds more before a lone update is acknowledged.
 */
export interface GroupCommit {
  run(work: () => void): Promise<void>;
}

export interface GroupCommitOptions {
  /**
   * A count that grows whenever a transport starts receiving something (a connection accepted, a
   * request begun): while it grows, more events are on their way to join the batch.
   */
  arrivals?: () => number;
}

/**
 * When a batch commits. One HTTP request takes several turns of the event loop (accept, read), so
 * the end of one turn gathers nothing; and the requests already open are no guide, as the next
 * ones are only accepted while we wait. So the first event of a batch waits MIN_WINDOW_MS, then
 * the batch commits at the first turn of the event loop in which no new connection or request
 * came in, or at MAX_WINDOW_MS. Measured over Telegram's 40 webhook connections with
 * `npm run bench` (three runs each): a fixed 1 ms window gathers ~5 updates a batch, a fixed 3 ms
 * one ~20 and acknowledges ~1,100–1,200 updates/s; this policy ~1,500 (CPU per update ~870 →
 * ~640 µs, p99 ~70 → ~57 ms).
 */
const MIN_WINDOW_MS = 2;
const MAX_WINDOW_MS = 3;
/**
 * A batch commits as soon as it has this many events. A batch's work runs in one synchronous
 * stretch and no response leaves until it ends, so big batches come in convoys: 40 requests in,
 * a long commit, 40 responses out, and the bot idles while Telegram sends the next 40. Committing
 * every 8 keeps both sides busy: with `npm run bench` the bot is busy 95 % of the time instead of
 * 80 % at the same CPU per update, ~10–15 % more updates/s acknowledged (64, 16, 8, 5, 3 tried).
 */
const MAX_BATCH = 8;

export function createGroupCommit(db: Db, o: GroupCommitOptions = {}): GroupCommit {
  const arrivals = o.arrivals ?? (() => 0);
  let pending: { work: () => void; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let turn: NodeJS.Immediate | undefined;
  let openedAt = 0;
  let seen = 0;

  /** Commits now, or one more turn later if something arrived since the last look. */
  function settle(): void {
    turn = undefined;
    const now = arrivals();
    if (now !== seen && performance.now() - openedAt < MAX_WINDOW_MS) {
      seen = now;
      turn = setImmediate(settle);
      return;
    }
    flush();
  }

  function flush(): void {
    clearTimeout(timer);
    if (turn) clearImmediate(turn);
    timer = undefined;
    turn = undefined;
    const jobs = pending;
    pending = [];
    const failed = new Map<number, unknown>();
    try {
      // Take the write lock up front: a CLI process may write beside the bot (WAL), and a
      // deferred transaction that upgrades to a writer later would fail at once instead of waiting.
      atomic(
        db,
        () => {
          for (const [i, job] of jobs.entries()) {
            try {
              atomic(db, job.work);
            } catch (e) {
              failed.set(i, e);
            }
          }
        },
        'immediate',
      );
    } catch (e) {
      for (const job of jobs) job.reject(e);
      return;
    }
    for (const [i, job] of jobs.entries()) {
      if (failed.has(i)) job.reject(failed.get(i));
      else job.resolve();
    }
  }

  return {
    run(work) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ work, resolve, reject });
        if (pending.length >= MAX_BATCH) flush();
        else if (!timer && !turn) {
          openedAt = performance.now();
          seen = arrivals();
          timer = setTimeout(() => {
            timer = undefined;
            settle();
          }, MIN_WINDOW_MS);
        }
      });
    },
  };
}
