import { regularMeetingsJob } from './jobs/regular-meetings.js';
import { sendRemindersJob } from './jobs/send-reminders.js';
import type { Job } from './tick.js';

/** The scheduler's jobs, in the order each tick runs them. */
export function schedulerJobs(): Job[] {
  return [
    sendRemindersJob(),
    regularMeetingsJob(),
  ];
}
