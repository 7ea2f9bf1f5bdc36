import { atomic } from '../db/client.js';
import type { AppDeps } from '../src/core/command.js';

/**
 * A scheduler job: a synchronous function of the database and `now`. It plans, queues and
 * escalates by writing rows (reminders, outbox); it never sends anything itself, so running the
 * same tick twice (the bot and a CLI `tick`) queues nothing twice. A job with much to do does a
 * chunk of 10–30 ms and reports `more: 1`; `runTick` calls it again after yielding.
 */
export interface Job {
  name: string;
  run(deps: AppDeps, now: number): Record<string, number> | void;
}

export interface TickReport {
  at: number;
  jobs: Record<string, Record<string, number> | { error: string }>;
  ms: number;
}

export type Tick = (now: number, only?: ReadonlySet<string>) => TickReport;

/** One scheduler pass: every job (or those named in `only`) in its own transaction and error boundary. */
export function createTick(deps: AppDeps, jobs: readonly Job[]): Tick {
  return (now, only) => {
    const started = performance.now();
    const report: TickReport = { at: now, jobs: {}, ms: 0 };
    for (const job of jobs) {
      if (only && !only.has(job.name)) continue;
      try {
        report.jobs[job.name] = atomic(deps.db, () => job.run(deps, now) ?? {}, 'immediate');
      } catch (err) {
        deps.log.error({ err, job: job.name }, 'scheduler job failed');
        report.jobs[job.name] = { error: (err as Error).message };
      }
    }
    report.ms = performance.now() - started;
    return report;
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PassReport extends TickReport {
  /** The longest stretch without yielding (one job's chunk), ms. */
  longestMs: number;
  /** Wall time of the whole pass, yields included. */
  totalMs: number;
}

/** Runs one chunk of `name` and adds it to `report`; true when the job has more to do. */
function chunk(tick: Tick, name: string, now: number, report: PassReport): boolean {
  const c = tick(now, new Set([name]));
  report.ms += c.ms;
  report.longestMs = Math.max(report.longestMs, c.ms);
  const r = c.jobs[name];
  if (!r) return false;
  if ('error' in r) {
    report.jobs[name] = r;
    return false;
  }
  const { more, ...counts } = r;
  const sum = (report.jobs[name] ?? {}) as Record<string, number>;
  for (const [k, v] of Object.entries(counts)) sum[k] = (sum[k] ?? 0) + v;
  report.jobs[name] = sum;
  return Boolean(more);
}

const newReport = (now: number): PassReport => ({ at: now, jobs: {}, ms: 0, longestMs: 0, totalMs: 0 });

/**
 * A whole scheduler pass as the bot runs it: each job on its own, then again while it reports
 * `more`, yielding to the event loop in between, so a webhook or a send never waits behind more
 * than one chunk (10–30 ms) however many committees there are. `ms` adds up the busy time.
 */
export async function runTick(tick: Tick, jobs: readonly string[], now: number): Promise<PassReport> {
  const started = performance.now();
  const report = newReport(now);
  for (const name of jobs) {
    while (chunk(tick, name, now, report)) await yieldToEventLoop();
    await yieldToEventLoop();
  }
  report.totalMs = performance.now() - started;
  return report;
}

/** The same pass without yielding: for callers that want it done now (tests, one-off tools). */
export function runTickNow(tick: Tick, jobs: readonly string[], now: number): PassReport {
  const started = performance.now();
  const report = newReport(now);
  for (const name of jobs) while (chunk(tick, name, now, report));
  report.totalMs = performance.now() - started;
  return report;
}
