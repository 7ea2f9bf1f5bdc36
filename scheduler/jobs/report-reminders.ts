import { planReportReminders } from '../../src/domain/report-reminders.js';
import { sweepCommittees } from '../sweep.js';
import type { Job } from '../tick.js';

/**
 * Plans the reminders of every committee's next report deadlines (issue 3.5: 14 and 3 working
 * days before and on the due day): for a committee whose members, meetings or settings changed,
 * and for every committee once a local day (the next period comes into view). Planning is
 * idempotent (unique keys, a fingerprint in `meta`). Runs before the reminder sender, so a
 * reminder planned for a moment already reached goes out in the same tick.
 */
export function reportRemindersJob(): Job {
  return {
    name: 'report-reminders',
    run(deps, now) {
      let planned = 0;
      const { more } = sweepCommittees(deps, 'report-reminders', now, (committee) => {
        planned += planReportReminders(deps, committee, now);
        return undefined;
      });
      return { planned, ...(more ? { more: 1 } : {}) };
    },
  };
}
