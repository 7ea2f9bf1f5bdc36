import { updateNoticeReports } from '../../src/domain/notices.js';
import type { Job } from '../tick.js';

/** Keeps the authors' delivery reports current ("Đã gửi 180/240"), then final with who was not reached. */
export function noticeReportsJob(): Job {
  return { name: 'notice-reports', run: (deps, now) => ({ updated: updateNoticeReports({ ...deps, clock: { now: () => now } }, now) }) };
}
