import { atomic, type Db } from '../../db/client.js';

/**
 * Group commit for incoming events. Each event's work runs in its own savepoint (it succeeds or
 * fails alone), but the events that arrive within a few milliseconds share one IMMEDIATE
 * transaction and one commit. A commit writes ~17 WAL pages for one update and ~3 per update for
 * ten (they append to the same table and index pages), and SQLite checkpoints (with fsync) per
 * 1,000 pages: under a burst of webhooks the bot acknowledges about twice as many updates per
 * second. Nothing is acknowledged before it is committed: each promise settles after the shared
 * commit. The price is up to WINDOW_MS more before a lone update is acknowledged.
 */
export interface GroupCommit {
  run(work: () => void): Promise<void>;
}

/**
 * How long the first event of a batch waits for others. One HTTP request takes several turns of
 * the event loop (accept, read), so waiting for the end of one turn (setImmediate) batches
 * nothing, and the number of requests open is no guide either: the next ones are only accepted
 * while we wait. Measured over Telegram's 40 webhook connections (`npm run bench`, three runs
 * each): 1 ms gathers ~5 updates a batch and the bot spends 730–890 µs of CPU an update; 3 ms
 * gathers ~20 and it spends ~640 µs, acknowledging 15–20 % more updates a second with a lower
 * p99 (50–56 ms against 64–75). At 4 ms and more the bot starts to sit idle waiting.
 */
const WINDOW_MS = 3;
/** A batch is one write transaction: keep it short. */
const MAX_BATCH = 64;

export function createGroupCommit(db: Db): GroupCommit {
  let pending: { work: () => void; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
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
        else timer ??= setTimeout(flush, WINDOW_MS);
      });
    },
  };
}
