import { attendeesOf } from '../../db/queries/meetings.js';
import { listMembersOf } from '../../db/queries/members.js';
import { guestsOfMeeting, requestsOfMeeting, type RequestRow } from '../../db/queries/requests.js';
import type { MemberRole } from '../../db/schema/members.js';
import type { RequestKind, RequestStatus } from '../../db/schema/requests.js';
import { DomainError } from '../core/errors.js';
import { committeeSettings, requireCommittee } from './committees.js';
import type { Deps } from './deps.js';
import { requireMeeting, type Meeting } from './meetings.js';
import type { Member } from './members.js';
import { can } from './permissions.js';
import type { Cited, Quorum } from './presets/index.js';

/** How an attendee stands, as the presider reads it: `no_answer` is the stored `invited`. */
export const ATTENDANCE_VIEW_STATUSES = ['confirmed', 'substitute', 'excused', 'no_answer'] as const;
export type AttendanceViewStatus = (typeof ATTENDANCE_VIEW_STATUSES)[number];

export interface SubstituteView {
  name: string;
  title: string | null;
  agency: string | null;
  contact: string | null;
  /** The substitute opened their one-time link (their chat receives the meeting's documents). */
  bound: boolean;
}

export interface RequestView {
  id: number;
  memberId: number;
  /** The requester's name. */
  memberName: string;
  kind: RequestKind;
  status: RequestStatus;
  reason: string | null;
  substituteName: string | null;
  createdAt: number;
  decidedById: number | null;
  /** Who decided, by name; null while pending and for withdrawn or expired requests. */
  decidedBy: string | null;
  decidedAt: number | null;
  decisionNote: string | null;
}

export interface AttendeeView {
  memberId: number;
  name: string;
  role: MemberRole;
  title: string | null;
  agency: string | null;
  status: AttendanceViewStatus;
  substitute: SubstituteView | null;
  /** The member's latest request for this meeting, whatever its status. */
  request: RequestView | null;
}

export interface AttendanceCounts {
  total: number;
  confirmed: number;
  substitute: number;
  excused: number;
  noAnswer: number;
  /** Requests still waiting for a decision. */
  pending: number;
}

/**
 * The quorum forecast. `expected` counts everyone not excused (confirmed, substitutes and those
 * who have not answered); `confirmed` counts those sure to be there (confirmed and substitutes);
 * `needed` is the smallest number of attendees satisfying the committee's quorum setting.
 */
export interface QuorumForecast {
  total: number;
  expected: number;
  confirmed: number;
  needed: number;
  /** Even if everyone who has not answered comes, the meeting falls short. */
  belowQuorum: boolean;
  /** Those confirmed so far are not enough (yet). */
  atRisk: boolean;
  fraction: number;
  strict: boolean;
  article: string | null;
  source: 'preset' | 'override' | null;
}

export interface Attendance {
  meeting: Meeting;
  presiderName: string;
  attendees: AttendeeView[];
  /** Every request of the meeting, oldest first. */
  requests: RequestView[];
  counts: AttendanceCounts;
  quorum: QuorumForecast;
  /** The setting the forecast applies, for `describeSetting`. */
  quorumSetting: Cited<Quorum>;
}

/**
 * The smallest head count that satisfies a quorum of `total`: "more than half" (strict 0.5) of 5
 * is 3, of 6 is 4; "at least 66%" of 6 is 4. Rounded before floor/ceil so that 0.66 × 50 (which
 * is 33.000000000000004 in floating point) counts as 33.
 */
export function quorumNeeded(total: number, q: Quorum): number {
  const share = Math.round(total * q.fraction * 1e9) / 1e9;
  // "More than 100%" cannot be met; read it as everyone rather than promise an impossible quorum.
  return Math.min(total, q.strict ? Math.floor(share) + 1 : Math.ceil(share));
}

export function forecastQuorum(counts: AttendanceCounts, setting: Cited<Quorum>): QuorumForecast {
  const { total } = counts;
  const expected = counts.confirmed + counts.substitute + counts.noAnswer;
  const confirmed = counts.confirmed + counts.substitute;
  const needed = total === 0 ? 0 : quorumNeeded(total, setting.value);
  return {
    total,
    expected,
    confirmed,
    needed,
    belowQuorum: expected < needed,
    atRisk: confirmed < needed,
    fraction: setting.value.fraction,
    strict: setting.value.strict,
    article: setting.article,
    source: setting.source ?? null,
  };
}

const VIEW: Record<string, AttendanceViewStatus> = { invited: 'no_answer', confirmed: 'confirmed', excused: 'excused', substitute: 'substitute' };

/** Who comes to a meeting, who is excused, who sends whom, and whether there will be a quorum. */
export function attendanceOf(deps: Pick<Deps, 'db'>, meetingId: number): Attendance {
  const meeting = requireMeeting(deps, meetingId);
  const setting = committeeSettings(requireCommittee(deps, meeting.committeeId)).quorum;
  const members = new Map(listMembersOf(deps.db, meeting.committeeId).map((m) => [m.id, m]));
  const nameOf = (id: number | null) => (id == null ? null : (members.get(id)?.name ?? null));
  const rows = requestsOfMeeting(deps.db, meeting.id);
  const requests = rows.map((r) => requestView(r, nameOf));
  const guests = new Map(guestsOfMeeting(deps.db, meeting.id).map((g) => [g.requestId, g]));

  const attendees = attendeesOf(deps.db, meeting.id).map((a): AttendeeView => {
    const m = members.get(a.memberId);
    const status = VIEW[a.status] ?? 'no_answer';
    const own = rows.filter((r) => r.memberId === a.memberId);
    const latest = own.at(-1);
    return {
      memberId: a.memberId,
      name: m?.name ?? `#${a.memberId}`,
      role: m?.role ?? 'member',
      title: m?.title ?? null,
      agency: m?.agency ?? null,
      status,
      substitute: status === 'substitute' ? substituteOf(own, guests) : null,
      request: latest ? requestView(latest, nameOf) : null,
    };
  });

  const counts: AttendanceCounts = {
    total: attendees.length,
    confirmed: attendees.filter((a) => a.status === 'confirmed').length,
    substitute: attendees.filter((a) => a.status === 'substitute').length,
    excused: attendees.filter((a) => a.status === 'excused').length,
    noAnswer: attendees.filter((a) => a.status === 'no_answer').length,
    pending: rows.filter((r) => r.status === 'pending').length,
  };
  return { meeting, presiderName: nameOf(meeting.presiderId) ?? '', attendees, requests, counts, quorum: forecastQuorum(counts, setting), quorumSetting: setting };
}

function requestView(r: RequestRow, nameOf: (id: number | null) => string | null): RequestView {
  return {
    id: r.id,
    memberId: r.memberId,
    memberName: nameOf(r.memberId) ?? `#${r.memberId}`,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    substituteName: r.substituteName,
    createdAt: r.createdAt,
    decidedById: r.decidedBy,
    decidedBy: nameOf(r.decidedBy),
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
  };
}

/** The substitute of the member's approved substitute request (the latest, should there be two). */
function substituteOf(own: RequestRow[], guests: Map<number, { boundAt: number | null }>): SubstituteView | null {
  const r = own.filter((x) => x.kind === 'substitute' && x.status === 'approved').at(-1);
  if (!r) return null;
  return {
    name: r.substituteName ?? '',
    title: r.substituteTitle,
    agency: r.substituteAgency,
    contact: r.substituteContact,
    bound: guests.get(r.id)?.boundAt != null,
  };
}

/**
 * The presider of a meeting sees who comes (they decide the attendee list and the absences), and
 * so do the roles with `attendance.view` (leaders and the secretariat) of that committee.
 */
export function canViewAttendance(member: Pick<Member, 'id' | 'role' | 'committeeId'>, meeting: Pick<Meeting, 'presiderId' | 'committeeId'>): boolean {
  if (member.committeeId !== meeting.committeeId) return false;
  return meeting.presiderId === member.id || can(member.role, 'attendance.view');
}

/** `attendanceOf`, for a member who may see it; anyone else is refused with a clear message. */
export function attendanceFor(deps: Pick<Deps, 'db'>, member: Member, meetingId: number): Attendance {
  const meeting = requireMeeting(deps, meetingId);
  // Another committee's meeting is not found, rather than forbidden: its existence is not theirs to learn.
  if (meeting.committeeId !== member.committeeId) throw new DomainError('meeting.not_found', 'meeting.error.not_found', { id: String(meetingId) });
  if (!canViewAttendance(member, meeting)) throw new DomainError('attendance.forbidden', 'attendance.error.forbidden', { id: meeting.id });
  return attendanceOf(deps, meeting.id);
}
