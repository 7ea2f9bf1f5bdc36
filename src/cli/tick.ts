import { countByStatus } from '../../db/queries/outbox.js';
import { buildSendChannels } from '../channels/index.js';
import { createDispatcher } from '../core/outbox.js';
import { pacingOf } from '../config.js';
import { schedulerJobs } from '../../scheduler/jobs.js';
import { createTick, runTick } from '../../scheduler/tick.js';
import { parseInstant } from './meeting.js';
import type { CliContext } from './context.js';

/**
 * One scheduler pass as of `--now` (default: now), then sends what is due through the
 * configured platforms. Safe beside a running bot: reminders settle by compare-and-set, outbox
 * rows have unique keys and are claimed before sending, so nothing goes out twice.
 */
export async function tick(ctx: CliContext, flags: Record<string, string | undefined>): Promise<void> {
  const now = flags.now !== undefined ? parseInstant(flags.now, 'now') : ctx.deps.clock.now();
  const deps = { ...ctx.deps, clock: { now: () => now } };
  const scheduled = schedulerJobs();
  const report = await runTick(createTick(deps, scheduled), scheduled.map((j) => j.name), now);
  const channels = buildSendChannels(ctx.config, deps);
  const dispatcher = createDispatcher({ db: deps.db, clock: deps.clock, log: deps.log, channels, pacing: pacingOf(ctx.config) });
  const stats = await dispatcher.drain();
  const counts = countByStatus(deps.db);
  const jobs = Object.entries(report.jobs)
    .map(([name, r]) => `  ${name}: ${Object.entries(r).map(([k, v]) => `${k}=${v}`).join(' ') || '-'}`)
    .join('\n');
  const pending = counts.pending + counts.sending;
  // The pass's instant stays ISO (UTC, to the millisecond): it is what --now was resolved to, for checking a run.
  const human = [ctx.plain('cli.tick.ran', { now: new Date(now).toISOString() }), jobs, ctx.plain('cli.tick.sent', { sent: stats.sent, failed: stats.failed, unreachable: stats.unreachable, pending })];
  ctx.out(human.join('\n'), {
    sent: stats.sent,
    failed: stats.failed,
    unreachable: stats.unreachable,
    pending,
    jobs: report.jobs,
  });
}
