import { listCommittees } from '../../db/queries/committees.js';
import { planReportReminders } from '../../src/domain/report-reminders.js';
import type { Job } from '../tick.js';

/**
 * Plans the reminders of every committee's next report deadlines (issue 3.5: 14 and 3 working
 * days before and on the due day). Cheap when nothing changed: one fingerprint read per committee.
 * Runs before the reminder sender, so a reminder planned for a moment already reached goes out
 * in the same tick.
 */
export function reportRemindersJob(): Job {
  return {
    name: 'report-reminders',
    run(deps, now) {
      let planned = 0;
      for (const committee of listCommittees(deps.db)) planned += planReportReminders(deps, committee, now);
      return { planned };
    },
  };
}
