import { quorumAlertJob } from './jobs/quorum-alert.js';
import { regularMeetingsJob } from './jobs/regular-meetings.js';
import { requestsJob } from './jobs/requests.js';
import { reportOverdueJob } from './jobs/report-overdue.js';
import { reportRemindersJob } from './jobs/report-reminders.js';
import { sendRemindersJob } from './jobs/send-reminders.js';
import { housekeepingJob } from './jobs/housekeeping.js';
import { noticeFanOutJob } from './jobs/notice-fan-out.js';
import { noticeReportsJob } from './jobs/notice-reports.js';
import type { Job } from './tick.js';

/** The scheduler's jobs, in the order each tick runs them. */
export function schedulerJobs(): Job[] {
  return [
    requestsJob(),
    reportRemindersJob(),
    sendRemindersJob(),
    regularMeetingsJob(),
    quorumAlertJob(),
    reportOverdueJob(),
    noticeFanOutJob(),
    noticeReportsJob(),
    housekeepingJob(),
  ];
}
