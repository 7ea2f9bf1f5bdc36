import { reminderKinds } from '../../src/domain/reminder-kinds.js';
import { sendDueReminders } from '../../src/domain/reminders.js';
import type { Job } from '../tick.js';

/** Queues every reminder that fell due (after downtime too: once each, stale ones dropped). */
export function sendRemindersJob(): Job {
  const kinds = reminderKinds();
  return { name: 'reminders', run: (deps, now) => ({ ...sendDueReminders(deps, kinds, now) }) };
}
