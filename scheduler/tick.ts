import type { AppDeps } from '../src/core/command.js';

/**
 * A scheduler job: a synchronous function of the database and `now`. It plans, queues and
 * escalates by writing rows (reminders, outbox); it never sends anything itself, so running the
 * same tick twice (the bot and a CLI `tick`) queues nothing twice.
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

/** One scheduler pass: every job in its own transaction and error boundary. */
export function createTick(deps: AppDeps, jobs: readonly Job[]): (now: number) => TickReport {
  return (now) => {
    const started = performance.now();
    const report: TickReport = { at: now, jobs: {}, ms: 0 };
    for (const job of jobs) {
      try {
        report.jobs[job.name] = deps.db.transaction(() => job.run(deps, now) ?? {}, { behavior: 'immediate' });
      } catch (err) {
        deps.log.error({ err, job: job.name }, 'scheduler job failed');
        report.jobs[job.name] = { error: (err as Error).message };
      }
    }
    report.ms = performance.now() - started;
    return report;
  };
}
