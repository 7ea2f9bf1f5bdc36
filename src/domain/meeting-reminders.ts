import { attendee, getMeeting } from '../../db/queries/meetings.js';
import type { ReminderKind } from './reminders.js';
import { guestView } from './guests.js';
import { renderMeetingNotice, renderMeetingReminder } from './meeting-messages.js';

function liveMeeting(deps: Parameters<ReminderKind['render']>[0], subject: string, version: unknown) {
  const id = Number(subject.split(':')[1]);
  const m = getMeeting(deps.db, id);
  if (!m || m.status !== 'scheduled' || (version !== undefined && m.version !== version)) return undefined;
  return m;
}

/** Nobody is reminded of a meeting they were excused from or sent a substitute to. */
function meetingSkip(deps: Parameters<ReminderKind['render']>[0], subject: string, memberId: number): string | undefined {
  const a = attendee(deps.db, Number(subject.split(':')[1]), memberId);
  if (!a) return 'no longer an attendee';
  if (a.status === 'excused') return 'excused from the meeting';
  if (a.status === 'substitute') return 'sends a substitute';
  return undefined;
}

export const meetingNoticeKind: ReminderKind = {
  kind: 'meeting.notice',
  sameForEveryone: true,
  skipReason: (deps, r, memberId) => meetingSkip(deps, r.subject, memberId),
  render(deps, r) {
    const m = liveMeeting(deps, r.subject, r.data?.version);
    return m && renderMeetingNotice(deps, m);
  },
};

/** Reminders to an approved substitute's chat (they are not a member). */
export const meetingGuestKind: ReminderKind = {
  kind: 'meeting.guest',
  render: () => undefined,
  toAddress(deps, r) {
    const m = liveMeeting(deps, r.subject, r.data?.version);
    const address = r.data?.address;
    if (!m || typeof address !== 'string') return undefined;
    return { address, locale: r.data?.locale === 'en' ? 'en' : 'vi', render: guestView(renderMeetingReminder(deps, m, String(r.data?.label ?? ''))) };
  },
};

export const meetingBeforeKind: ReminderKind = {
  kind: 'meeting.before',
  sameForEveryone: true,
  skipReason: (deps, r, memberId) => meetingSkip(deps, r.subject, memberId),
  render(deps, r) {
    const m = liveMeeting(deps, r.subject, r.data?.version);
    return m && renderMeetingReminder(deps, m, String(r.data?.label ?? ''));
  },
};
