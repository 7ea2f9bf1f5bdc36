import { atomic } from '../../db/client.js';
import {
  activeMembersOf,
  attendee,
  attendeesOf,
  getMeeting,
  insertAttendees,
  insertMeeting,
  setAttendance,
  updateMeeting,
  upcomingFor,
  upcomingWithAttendance,
  type AttendeeRow,
  type MeetingRow,
} from '../../db/queries/meetings.js';
import { cancelPlanned, planReminder } from '../../db/queries/reminders.js';
import { outboxStatusByKey } from '../../db/queries/outbox.js';
import { requestsOfMeeting } from '../../db/queries/requests.js';
import { expireRequest } from './requests.js';
import { getMember, type MemberRow } from '../../db/queries/members.js';
import type { MeetingBody } from '../../db/schema/meetings.js';
import type { MemberRole } from '../../db/schema/members.js';
import type { AppDeps } from '../core/command.js';
import { DomainError } from '../core/errors.js';
import { notify } from '../core/notifier.js';
import { audit } from './audit.js';
import { committeeSettings, requireCommittee } from './committees.js';
import type { Actor } from './deps.js';
import { planDocumentsWarning } from './document-warning.js';
import { documentsDeadline, meetingReminderTimes } from './meeting-rules.js';
import { renderMeetingChange, renderMeetingNotice } from './meeting-messages.js';
import { reminderKinds } from './reminder-kinds.js';
import { sendDueReminders } from './reminders.js';

export type Meeting = MeetingRow;
export type Attendee = AttendeeRow;

/** Who sits in each body by default (DOMAIN.md roles; the presiding person decides the list). */
export const BODY_ROLES: Record<MeetingBody, MemberRole[] | undefined> = {
  full: undefined,
  standing: ['chair', 'standing_vice_chair', 'vice_chair', 'standing_member'],
  secretariat: ['standing_member', 'secretariat_lead', 'secretary'],
};

export interface ScheduleInput {
  committeeId: number;
  title: string;
  startsAt: number;
  body?: MeetingBody;
  kind?: 'regular' | 'extraordinary';
  presiderId?: number;
  attendeeIds?: number[];
  location?: string;
  onlineLink?: string;
}

const MAX_TITLE = 300;

/** Schedules a meeting: validates, computes the documents deadline, plans reminders, notifies attendees. */
export function scheduleMeeting(deps: AppDeps, input: ScheduleInput, actor: Actor): Meeting {
  const now = deps.clock.now();
  const committee = requireCommittee(deps, input.committeeId);
  const settings = committeeSettings(committee);
  const title = input.title.trim();
  if (!title || title.length > MAX_TITLE) throw new DomainError('meeting.bad_title', 'meeting.error.title');
  if (!Number.isFinite(input.startsAt)) throw new DomainError('meeting.bad_time', 'meeting.error.time');
  if (input.startsAt <= now) throw new DomainError('meeting.in_past', 'meeting.error.in_past');
  const body = input.body ?? 'full';
  if (!settings.bodies[body].exists) throw new DomainError('meeting.no_body', 'meeting.error.no_body', { body });
  const location = input.location?.trim().slice(0, 300) || null;
  const onlineLink = input.onlineLink?.trim() || null;
  if (onlineLink && !/^https?:\/\/\S+$/.test(onlineLink)) throw new DomainError('meeting.bad_link', 'meeting.error.link');

  const everyone = activeMembersOf(deps.db, committee.id);
  const ids = new Set(everyone.map((m) => m.id));
  const presiderId = input.presiderId ?? everyone.find((m) => m.role === 'chair')?.id;
  if (presiderId === undefined) throw new DomainError('meeting.no_chair', 'meeting.error.no_chair');
  if (!ids.has(presiderId)) throw new DomainError('meeting.bad_presider', 'meeting.error.presider', { id: presiderId });
  let attendeeIds = input.attendeeIds;
  if (attendeeIds) {
    const strangers = attendeeIds.filter((id) => !ids.has(id));
    if (strangers.length) throw new DomainError('meeting.strangers', 'meeting.error.strangers', { ids: strangers.join(', ') });
  } else {
    const roles = BODY_ROLES[body];
    attendeeIds = everyone.filter((m) => !roles || roles.includes(m.role)).map((m) => m.id);
  }
  attendeeIds = [...new Set([presiderId, ...attendeeIds])];
  const docs = documentsDeadline(settings, input.startsAt, deps.calendar);

  return atomic(deps.db, () => {
    const meeting = insertMeeting(deps.db, {
      committeeId: committee.id,
      title,
      body,
      kind: input.kind ?? 'regular',
      startsAt: input.startsAt,
      location,
      onlineLink,
      presiderId,
      documentsDueAt: docs.dueAt,
      documentsRule: JSON.stringify(docs),
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    });
    insertAttendees(deps.db, meeting.id, attendeeIds!);
    audit(deps, actor, 'meeting.schedule', 'meeting', meeting.id, null, { ...meeting, attendeeIds });
    // One instant for the whole operation: the notices planned "now" must be due by the `now`
    // that sends them, or a real clock (ms later) would leave them to the next tick.
    planMeetingReminders(deps, meeting, attendeeIds!, now);
    sendDueReminders(deps, reminderKinds(), now, `meeting:${meeting.id}`);
    return meeting;
  });
}

/** Plans the notice (now) and the reminders before the meeting, for each attendee. */
export function planMeetingReminders(deps: AppDeps, meeting: Meeting, attendeeIds: number[], now = deps.clock.now()): void {
  const settings = committeeSettings(requireCommittee(deps, meeting.committeeId));
  const subject = `meeting:${meeting.id}`;
  const base = `meeting:${meeting.id}:v${meeting.version}`;
  const times = meetingReminderTimes(settings, meeting.startsAt, now, deps.calendar);
  for (const memberId of attendeeIds) {
    if (settings.reminders.value.onSchedule) {
      planReminder(deps.db, {
        key: `${base}:notice:m${memberId}`,
        committeeId: meeting.committeeId,
        kind: 'meeting.notice',
        subject,
        memberId,
        dueAt: now,
        expiresAt: meeting.startsAt,
        data: { version: meeting.version },
        createdAt: now,
      });
    }
    for (const t of times) {
      planReminder(deps.db, {
        key: `${base}:before:${t.label}:m${memberId}`,
        committeeId: meeting.committeeId,
        kind: 'meeting.before',
        subject,
        memberId,
        dueAt: t.dueAt,
        expiresAt: meeting.startsAt,
        data: { version: meeting.version, label: t.label },
        createdAt: now,
      });
    }
  }
  planDocumentsWarning(deps, meeting);
}

export function requireMeeting(deps: Pick<AppDeps, 'db'>, id: number): Meeting {
  const m = Number.isInteger(id) ? getMeeting(deps.db, id) : undefined;
  if (!m) throw new DomainError('meeting.not_found', 'meeting.error.not_found', { id: String(id) });
  return m;
}

function requireOpen(deps: AppDeps, id: number): Meeting {
  const m = requireMeeting(deps, id);
  if (m.status === 'cancelled') throw new DomainError('meeting.cancelled', 'meeting.error.cancelled', { id });
  if (m.startsAt <= deps.clock.now()) throw new DomainError('meeting.started', 'meeting.error.started', { id });
  return m;
}

/** Moves a meeting: new version, reminders re-planned, documents deadline recomputed, attendees told. */
export function rescheduleMeeting(deps: AppDeps, id: number, startsAt: number, actor: Actor): Meeting {
  const before = requireOpen(deps, id);
  if (!Number.isFinite(startsAt)) throw new DomainError('meeting.bad_time', 'meeting.error.time');
  if (startsAt <= deps.clock.now()) throw new DomainError('meeting.in_past', 'meeting.error.in_past');
  const settings = committeeSettings(requireCommittee(deps, before.committeeId));
  const docs = documentsDeadline(settings, startsAt, deps.calendar);
  return atomic(deps.db, () => {
    const now = deps.clock.now();
    cancelPlanned(deps.db, `meeting:${id}`, now, 'meeting moved', ['meeting.notice', 'meeting.before']);
    const meeting = updateMeeting(deps.db, id, {
      startsAt,
      documentsDueAt: docs.dueAt,
      documentsRule: JSON.stringify(docs),
      version: before.version + 1,
      updatedAt: now,
    });
    audit(deps, actor, 'meeting.reschedule', 'meeting', id, { startsAt: before.startsAt }, { startsAt });
    const attendees = attendeesOf(deps.db, id).filter((a) => a.status !== 'excused');
    for (const a of attendees) {
      notify(deps, { memberId: a.memberId }, renderMeetingChange(deps, meeting, 'moved', before.startsAt), {
        key: `meeting:${id}:v${meeting.version}:moved:m${a.memberId}`,
        topic: `meeting:${id}`,
      });
    }
    planMeetingRemindersAfterChange(deps, meeting, attendees.map((a) => a.memberId));
    return meeting;
  });
}

function planMeetingRemindersAfterChange(deps: AppDeps, meeting: Meeting, ids: number[]) {
  // The change message already carries every fact; only the reminders before the meeting remain.
  const now = deps.clock.now();
  const settings = committeeSettings(requireCommittee(deps, meeting.committeeId));
  planDocumentsWarning(deps, meeting);
  for (const memberId of ids) {
    for (const t of meetingReminderTimes(settings, meeting.startsAt, now, deps.calendar)) {
      planReminder(deps.db, {
        key: `meeting:${meeting.id}:v${meeting.version}:before:${t.label}:m${memberId}`,
        committeeId: meeting.committeeId,
        kind: 'meeting.before',
        subject: `meeting:${meeting.id}`,
        memberId,
        dueAt: t.dueAt,
        expiresAt: meeting.startsAt,
        data: { version: meeting.version, label: t.label },
        createdAt: now,
      });
    }
  }
}

export function cancelMeeting(deps: AppDeps, id: number, reason: string, actor: Actor): Meeting {
  const before = requireOpen(deps, id);
  return atomic(deps.db, () => {
    const now = deps.clock.now();
    const meeting = updateMeeting(deps.db, id, { status: 'cancelled', updatedAt: now });
    cancelPlanned(deps.db, `meeting:${id}`, now, 'meeting cancelled');
    for (const r of requestsOfMeeting(deps.db, id)) if (r.status === 'pending') expireRequest(deps, r);
    audit(deps, actor, 'meeting.cancel', 'meeting', id, { status: before.status }, { status: 'cancelled', reason });
    for (const a of attendeesOf(deps.db, id)) {
      notify(deps, { memberId: a.memberId }, renderMeetingChange(deps, meeting, 'cancelled', before.startsAt, reason.slice(0, 500)), {
        key: `meeting:${id}:cancelled:m${a.memberId}`,
        topic: `meeting:${id}`,
      });
    }
    return meeting;
  });
}

/** "I will attend", from the meeting notice's button. */
export function confirmAttendance(deps: AppDeps, meetingId: number, memberId: number): Attendee {
  const m = requireOpen(deps, meetingId);
  const a = attendee(deps.db, m.id, memberId);
  if (!a) throw new DomainError('meeting.not_invited', 'meeting.error.not_invited', { id: meetingId });
  if (a.status === 'excused' || a.status === 'substitute') {
    throw new DomainError('meeting.already_excused', 'meeting.error.already_excused', { id: meetingId });
  }
  if (a.status !== 'confirmed') {
    setAttendance(deps.db, m.id, memberId, 'confirmed', deps.clock.now());
    audit(deps, `member:${memberId}`, 'attendance.confirm', 'meeting', m.id, { status: a.status }, { status: 'confirmed', memberId });
  }
  return { ...a, status: 'confirmed' };
}

export function upcomingMeetingsOf(deps: AppDeps, memberId: number): Meeting[] {
  return upcomingFor(deps.db, memberId, deps.clock.now());
}

/**
 * A member who binds an account after a meeting was announced still gets its notice: the first
 * one found no account to send to, so it is queued again, now, for each upcoming meeting.
 */
export function renoticeUpcoming(deps: AppDeps, member: Pick<MemberRow, 'id' | 'locale'>): number {
  const memberId = member.id;
  const now = deps.clock.now();
  let n = 0;
  for (const { meeting, attendance } of upcomingWithAttendance(deps.db, memberId, now)) {
    if (attendance === 'excused' || attendance === 'substitute') continue;
    // Only when the first notice found nobody to send to: one still planned (quiet hours) will
    // reach the new account by itself, and one already delivered needs no repeat.
    const first = outboxStatusByKey(deps.db, `meeting:${meeting.id}:v${meeting.version}:notice:m${memberId}`);
    if (first !== 'unreachable') continue;
    const queued = notify(deps, { memberId, locale: member.locale }, renderMeetingNotice(deps, meeting), {
      // Keyed by time first: consecutive registrations append to one place of the outbox's key
      // index. Under `meeting:<id>:…:m<member>` each key went into the middle of the meeting's
      // full leaf pages and split them: 1.8 of a registration's 6.4 WAL pages, now 0.85.
      key: `bound:${now}:m${memberId}:meeting:${meeting.id}:v${meeting.version}`,
      topic: `meeting:${meeting.id}`,
      lane: 'interactive',
    });
    if (queued) n++;
  }
  return n;
}

export function presiderName(deps: AppDeps, meeting: Meeting): string {
  return getMember(deps.db, meeting.presiderId)?.name ?? '';
}
