import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../src/core/clock.js';
import type { Logger } from '../src/core/logger.js';
import type { TickReport } from './tick.js';

/**
 * node-cron is only the trigger: every minute, in Vietnam's zone, never two at once. The work is
 * the pure `tick(now)`; `now` comes from the injected clock, not from cron.
 */
export function startCron(o: { tick: (now: number) => TickReport; clock: Clock; log: Logger; afterTick?: () => void }): ScheduledTask {
  return cron.schedule(
    '* * * * *',
    () => {
      const report = o.tick(o.clock.now());
      if (report.ms > 50) o.log.warn({ ms: Math.round(report.ms) }, 'slow scheduler tick');
      o.log.debug({ report }, 'tick');
      o.afterTick?.();
    },
    { timezone: 'Asia/Ho_Chi_Minh', noOverlap: true, name: 'committee-tick' },
  );
}
