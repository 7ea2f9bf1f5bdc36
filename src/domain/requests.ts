import { atomic } from '../../db/client.js';
import { activeMembersOf, attendee, setAttendance, type MeetingRow } from '../../db/queries/meetings.js';
import {
  decide,
  getRequest,
  insertRequest,
  pendingRequestOf,
  reassign,
  type RequestRow,
} from '../../db/queries/requests.js';
import type { RequestKind } from '../../db/schema/requests.js';
import type { AppDeps } from '../core/command.js';
import { DomainError } from '../core/errors.js';
import { notify } from '../core/notifier.js';
import { audit } from './audit.js';
import { committeeSettings, requireCommittee } from './committees.js';
import { createGuest } from './guests.js';
import { requireMeeting } from './meetings.js';
import { cardKey, renderCard, renderOutcome, renderResolvedCard } from './request-messages.js';
import { escalationTime, nextApprover } from './request-routing.js';
import { randomToken } from '../core/random.js';

export type Request = RequestRow;

export const MAX_REASON = 1000;
const MAX_FIELD = 200;

export interface RequestInput {
  meetingId: number;
  kind: RequestKind;
  reason?: string;
  substitute?: { name: string; title?: string; agency?: string; contact?: string };
  opinion?: { text?: string; file?: { fileId: string; name: string; platform: string } };
}

const clip = (s: string | undefined, max: number) => {
  const v = s?.trim();
  if (v && v.length > max) throw new DomainError('request.too_long', 'request.error.too_long', { max });
  return v || null;
};

/** Checks the meeting is one this member may ask about: theirs, still ahead, not cancelled. */
export function assertMeetingIsOpen(deps: AppDeps, meetingId: number, memberId: number): MeetingRow {
  const meeting = requireMeeting(deps, meetingId);
  if (meeting.status === 'cancelled') throw new DomainError('request.cancelled', 'meeting.error.cancelled', { id: meetingId });
  if (meeting.startsAt <= deps.clock.now()) throw new DomainError('request.started', 'meeting.error.started', { id: meetingId });
  const a = attendee(deps.db, meetingId, memberId);
  if (!a) throw new DomainError('request.not_invited', 'meeting.error.not_invited', { id: meetingId });
  if (a.status === 'excused' || a.status === 'substitute') throw new DomainError('request.already_excused', 'meeting.error.already_excused', { id: meetingId });
  if (pendingRequestOf(deps.db, meetingId, memberId)) throw new DomainError('request.pending_exists', 'request.error.pending_exists', { id: meetingId });
  return meeting;
}

/**
 * A member asks to be excused, or to send a substitute: the story is assertMeetingIsOpen →
 * findApprover → recordRequest → notifyApprover.
 */
export function requestAbsence(deps: AppDeps, memberId: number, input: RequestInput): Request {
  const meeting = assertMeetingIsOpen(deps, input.meetingId, memberId);
  const settings = committeeSettings(requireCommittee(deps, meeting.committeeId));
  const reason = clip(input.reason, MAX_REASON);
  if (input.kind === 'absence' && !reason) throw new DomainError('request.no_reason', 'request.error.no_reason');
  const sub = input.substitute;
  if (input.kind === 'substitute') {
    if (!settings.substitute.allowed.value) throw new DomainError('request.no_substitutes', 'request.error.no_substitutes');
    if (!sub?.name.trim()) throw new DomainError('request.no_substitute', 'request.error.no_substitute');
    if (settings.substitute.requiresWrittenOpinion.value && !input.opinion?.text?.trim() && !input.opinion?.file) {
      throw new DomainError('request.no_opinion', 'request.error.no_opinion', { article: settings.substitute.requiresWrittenOpinion.article ?? '' });
    }
  }
  const now = deps.clock.now();
  const approverId = nextApprover(deps, meeting, settings, memberId, []);
  return atomic(deps.db, () => {
    const r = insertRequest(deps.db, {
      meetingId: meeting.id,
      memberId,
      kind: input.kind,
      reason,
      substituteName: clip(sub?.name, MAX_FIELD),
      substituteTitle: clip(sub?.title, MAX_FIELD),
      substituteAgency: clip(sub?.agency, MAX_FIELD),
      substituteContact: clip(sub?.contact, MAX_FIELD),
      opinionText: clip(input.opinion?.text, MAX_REASON * 4),
      opinionFileId: input.opinion?.file?.fileId ?? null,
      opinionFileName: clip(input.opinion?.file?.name, MAX_FIELD),
      opinionPlatform: input.opinion?.file?.platform ?? null,
      // Nobody reachable can decide: the presider still owns it (and the secretariat is told below).
      approverId: approverId ?? meeting.presiderId,
      approverChain: [approverId ?? meeting.presiderId],
      escalateAt: escalationTime(deps, settings, meeting, now),
      nonce: randomToken(6),
      createdAt: now,
      updatedAt: now,
    });
    audit(deps, `member:${memberId}`, `request.${input.kind}`, 'request', r.id, null, r);
    sendCard(deps, r, meeting, false);
    if (approverId === undefined) tellSecretariatNobodyCanDecide(deps, r, meeting);
    return r;
  });
}

function sendCard(deps: AppDeps, r: Request, meeting: MeetingRow, escalated: boolean): void {
  const settings = committeeSettings(requireCommittee(deps, meeting.committeeId));
  notify(deps, { memberId: r.approverId }, renderCard(deps, r, meeting, settings, escalated), {
    key: cardKey(r.id, r.approverId),
    lane: 'interactive',
    topic: `request:${r.id}`,
  });
}

export type DecideOutcome =
  | { ok: true; request: Request; guestLink?: string }
  | { ok: false; reason: 'already'; request: Request };

/**
 * The approver's tap. Only someone who was sent the card may decide; the decision is one
 * compare-and-set, so a double tap, a second approver or a redelivered update decides nothing
 * more (they are told who decided). Every copy of the card becomes a resolved card.
 */
export function decideRequest(deps: AppDeps, request: number | Request, deciderId: number, decision: 'approve' | 'reject', note?: string): DecideOutcome {
  // The row itself when the caller has just read it (in this transaction): the tap reads it once.
  const r = typeof request === 'number' ? requireRequest(deps, request) : request;
  if (!r.approverChain.includes(deciderId)) throw new DomainError('request.not_approver', 'request.error.not_approver');
  const meeting = requireMeeting(deps, r.meetingId);
  // Said first: cancelling a meeting also settles its requests, but "cancelled" is the reason.
  if (meeting.status === 'cancelled') throw new DomainError('request.cancelled', 'meeting.error.cancelled', { id: meeting.id });
  if (r.status !== 'pending') return { ok: false, reason: 'already', request: r };
  const now = deps.clock.now();
  const decisionNote = clip(note, MAX_REASON);
  const status = decision === 'approve' ? 'approved' : 'rejected';
  const decided = decide(deps.db, r.id, { status, decidedBy: deciderId, decidedAt: now, decisionNote });
  if (!decided) return { ok: false, reason: 'already', request: requireRequest(deps, r.id) };
  audit(deps, `member:${deciderId}`, `request.${status}`, 'request', r.id, { status: 'pending' }, { status, decidedBy: deciderId, note: decisionNote });
  let guestLink: string | undefined;
  if (status === 'approved') {
    setAttendance(deps.db, meeting.id, r.memberId, r.kind === 'absence' ? 'excused' : 'substitute', now);
    if (r.kind === 'substitute') guestLink = createGuest(deps, decided, meeting).link;
  }
  settle(deps, decided, meeting, guestLink);
  return { ok: true, request: decided, ...(guestLink ? { guestLink } : {}) };
}

/** After a request is settled: every card copy resolved, the requester told. */
function settle(deps: AppDeps, r: Request, meeting: MeetingRow, guestLink?: string): void {
  const settings = committeeSettings(requireCommittee(deps, meeting.committeeId));
  for (const approverId of r.approverChain) {
    notify(deps, { memberId: approverId }, renderResolvedCard(deps, r, meeting, settings, cardKey(r.id, approverId)), {
      key: `request:${r.id}:resolved:m${approverId}`,
      lane: 'interactive',
      topic: `request:${r.id}`,
    });
  }
  notify(deps, { memberId: r.memberId }, renderOutcome(deps, r, meeting, guestLink), {
    key: `request:${r.id}:outcome`,
    lane: 'interactive',
    topic: `request:${r.id}`,
  });
}

export function withdrawRequest(deps: AppDeps, requestId: number, memberId: number): Request {
  const r = requireRequest(deps, requestId);
  if (r.memberId !== memberId) throw new DomainError('request.not_yours', 'request.error.not_yours');
  const done = r.status === 'pending' ? decide(deps.db, r.id, { status: 'withdrawn', decidedBy: null, decidedAt: deps.clock.now(), decisionNote: null }) : undefined;
  if (!done) throw new DomainError('request.not_pending', 'request.error.not_pending', { id: r.id });
  audit(deps, `member:${memberId}`, 'request.withdraw', 'request', r.id, { status: 'pending' }, { status: 'withdrawn' });
  settle(deps, done, requireMeeting(deps, r.meetingId));
  return done;
}

/**
 * The window passed with no decision: the approver is reminded once and the request moves to
 * the next in line (who gets a card). With nobody left, the reminder alone goes out.
 */
export function escalateRequest(deps: AppDeps, r: Request): 'escalated' | 'reminded' {
  const now = deps.clock.now();
  const meeting = requireMeeting(deps, r.meetingId);
  const settings = committeeSettings(requireCommittee(deps, meeting.committeeId));
  notify(deps, { memberId: r.approverId }, (t) => ({ text: t('request.reminder', { id: r.id }) }), {
    key: `request:${r.id}:remind:m${r.approverId}`,
    lane: 'interactive',
    topic: `request:${r.id}`,
  });
  const next = nextApprover(deps, meeting, settings, r.memberId, r.approverChain);
  if (next === undefined) {
    reassign(deps.db, r.id, r.approverId, r.approverChain, null, now);
    audit(deps, 'system', 'request.remind', 'request', r.id, null, { approverId: r.approverId });
    return 'reminded';
  }
  const chain = [...r.approverChain, next];
  const escalateAt = escalationTime(deps, settings, meeting, now);
  reassign(deps.db, r.id, next, chain, escalateAt, now);
  audit(deps, 'system', 'request.escalate', 'request', r.id, { approverId: r.approverId }, { approverId: next });
  sendCard(deps, { ...r, approverId: next, approverChain: chain, escalateAt }, meeting, true);
  return 'escalated';
}

/** The meeting started (or was cancelled) before anyone decided: both sides are told. */
export function expireRequest(deps: AppDeps, r: Request): boolean {
  const now = deps.clock.now();
  const expired = decide(deps.db, r.id, { status: 'expired', decidedBy: null, decidedAt: now, decisionNote: null });
  if (!expired) return false;
  audit(deps, 'system', 'request.expire', 'request', r.id, { status: 'pending' }, { status: 'expired' });
  settle(deps, expired, requireMeeting(deps, r.meetingId));
  return true;
}

export function requireRequest(deps: Pick<AppDeps, 'db'>, id: number): Request {
  const r = Number.isInteger(id) ? getRequest(deps.db, id) : undefined;
  if (!r) throw new DomainError('request.not_found', 'request.error.not_found', { id: String(id) });
  return r;
}

/** Nobody who may decide has a reachable chat account: the secretariat must reach them another way. */
function tellSecretariatNobodyCanDecide(deps: AppDeps, r: Request, meeting: MeetingRow): void {
  for (const m of activeMembersOf(deps.db, meeting.committeeId, ['secretariat_lead', 'secretary', 'standing_member'])) {
    notify(deps, { memberId: m.id }, (t) => ({ text: t('request.nobody_can_decide', { id: r.id, title: meeting.title }) }), {
      key: `request:${r.id}:nobody:m${m.id}`,
      lane: 'interactive',
      topic: `request:${r.id}`,
    });
  }
}
