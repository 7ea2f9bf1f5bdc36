import { documentsWarnKind } from './document-warning.js';
import { meetingBeforeKind, meetingGuestKind, meetingNoticeKind } from './meeting-reminders.js';
import type { ReminderKind } from './reminders.js';
import { reportDueKind } from './report-reminders.js';

/** Every kind of reminder the scheduler knows, by name. A clash fails at startup. */
export function reminderKinds(): ReadonlyMap<string, ReminderKind> {
  const kinds: ReminderKind[] = [
    meetingNoticeKind,
    meetingBeforeKind,
    meetingGuestKind,
    documentsWarnKind,
    reportDueKind,
  ];
  const map = new Map<string, ReminderKind>();
  for (const k of kinds) {
    if (map.has(k.kind)) throw new Error(`reminder kind ${k.kind} registered twice`);
    map.set(k.kind, k);
  }
  return map;
}
