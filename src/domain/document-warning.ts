import { DateTime } from 'luxon';
import { activeMembersOf, getMeeting, type MeetingRow } from '../../db/queries/meetings.js';
import { planReminder } from '../../db/queries/reminders.js';
import type { AppDeps } from '../core/command.js';
import { VN_ZONE } from '../core/clock.js';
import { renderDocumentsWarning } from './document-messages.js';
import type { ReminderKind } from './reminders.js';

export const DOCUMENTS_WARN = 'documents.warn';

/** Who prepares and sends documents (DOMAIN.md: Tổ thư ký, Ủy viên thường trực). */
const SECRETARIAT_ROLES = ['secretariat_lead', 'secretary', 'standing_member'];

export const documentsWarningKey = (meeting: Pick<MeetingRow, 'id' | 'version'>) => `meeting:${meeting.id}:v${meeting.version}:documents.warn`;

/**
 * When to warn the secretariat: the working day before the documents deadline, at the same time
 * of day (due Fri 13/02/2026 09:00 → Thu 12/02 09:00). Undefined when the regulation sets no
 * deadline or it has already passed (a late publication is then marked late instead).
 */
export function documentsWarningTime(deps: Pick<AppDeps, 'calendar'>, meeting: Pick<MeetingRow, 'documentsDueAt'>, now: number): number | undefined {
  const due = meeting.documentsDueAt;
  if (due == null || due <= now) return undefined;
  const at = deps.calendar.previousWorkingDay(DateTime.fromMillis(due, { zone: VN_ZONE })).toMillis();
  // Scheduled so close that the moment has passed: warn now, there is still time to send.
  return Math.max(at, now);
}

/**
 * Plans the "documents not sent yet" warning for a meeting (called when it is scheduled or
 * moved). One row per meeting version: a moved meeting's old warning is skipped as stale, and
 * a cancelled meeting's is cancelled with its other reminders (same subject).
 */
export function planDocumentsWarning(deps: AppDeps, meeting: MeetingRow): boolean {
  const now = deps.clock.now();
  const dueAt = documentsWarningTime(deps, meeting, now);
  if (dueAt === undefined) return false;
  return planReminder(deps.db, {
    key: documentsWarningKey(meeting),
    committeeId: meeting.committeeId,
    kind: DOCUMENTS_WARN,
    subject: `meeting:${meeting.id}`,
    memberId: null,
    dueAt,
    expiresAt: meeting.documentsDueAt,
    data: { version: meeting.version },
    createdAt: now,
  });
}

const meetingOf = (deps: AppDeps, subject: string) => getMeeting(deps.db, Number(subject.split(':')[1]));

export const documentsWarnKind: ReminderKind = {
  kind: DOCUMENTS_WARN,
  recipients(deps, r) {
    return activeMembersOf(deps.db, r.committeeId, SECRETARIAT_ROLES).map((m) => m.id);
  },
  skipReason(deps, r) {
    const m = meetingOf(deps, r.subject);
    if (m && m.version !== r.data?.version) return 'meeting moved: planned for an earlier time';
    if (m?.documentsPublishedAt) return 'documents already published';
    return undefined;
  },
  render(deps, r) {
    const m = meetingOf(deps, r.subject);
    return m && m.status === 'scheduled' ? renderDocumentsWarning(deps, m) : undefined;
  },
};
