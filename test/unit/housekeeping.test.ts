import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic, closeDb, openDb, type Db } from '../../db/client.js';
import { markProcessed, pruneProcessed } from '../../db/queries/updates.js';
import { housekeepingJob, PROCESSED_KEPT_MS } from '../../scheduler/jobs/housekeeping.js';
import { createTick, runTickNow } from '../../scheduler/tick.js';
import { fakeClock, type FakeClock } from '../support/fake-clock.js';
import { appDeps } from '../support/unit-helpers.js';

let db: Db;
let clock: FakeClock;

beforeEach(() => {
  db = openDb(':memory:');
  clock = fakeClock('2026-03-02T09:00:00');
});
afterEach(() => closeDb(db));

const DAY = 86_400_000;
const count = () => db.$client.prepare('SELECT count(*) FROM processed_updates').pluck().get() as number;

/** `n` updates handled `daysAgo` days before now, in one transaction, as the bot appends them. */
function handled(n: number, daysAgo: number, from = 0) {
  atomic(db, () => {
    for (let i = 0; i < n; i++) markProcessed(db, 'telegram', String(from + i), clock.now() - daysAgo * DAY);
  });
}

describe('forgetting handled updates', () => {
  it('when updates are older than a week, then the scheduler pass forgets them, a chunk at a time, and keeps the week', () => {
    handled(12_000, 9);
    handled(300, 6, 12_000);
    handled(300, 0, 12_300);
    const report = runTickNow(createTick(appDeps(db, clock), [housekeepingJob()]), ['housekeeping'], clock.now());
    expect(report.jobs.housekeeping).toEqual({ pruned: 12_000 });
    expect(count()).toBe(600);
    // A redelivery from within the week is still recognised.
    expect(markProcessed(db, 'telegram', '12000', clock.now())).toBe(false);
  });

  it('when the oldest update is recent, then nothing is read beyond it and nothing is forgotten', () => {
    handled(50, 1);
    expect(pruneProcessed(db, clock.now() - PROCESSED_KEPT_MS)).toBe(0);
    expect(count()).toBe(50);
  });
});
