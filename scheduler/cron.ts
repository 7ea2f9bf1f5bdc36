import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../src/core/clock.js';
import type { Logger } from '../src/core/logger.js';
import type { PassReport } from './tick.js';

/**
 * node-cron is only the trigger: every minute, in Vietnam's zone, never two at once. The work is
 * the pure `tick(now)`; `now` comes from the injected clock, not from cron.
 */
export function startCron(o: { tick: (now: number) => Promise<PassReport>; clock: Clock; log: Logger; afterTick?: () => void }): ScheduledTask {
  return cron.schedule(
    '* * * * *',
    async () => {
      const report = await o.tick(o.clock.now());
      if (report.longestMs > 50) o.log.warn({ ms: Math.round(report.longestMs), totalMs: Math.round(report.totalMs) }, 'slow scheduler tick');
      o.log.debug({ report }, 'tick');
      o.afterTick?.();
    },
    { timezone: 'Asia/Ho_Chi_Minh', noOverlap: true, name: 'committee-tick' },
  );
}
