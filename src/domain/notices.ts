import { atomic } from '../../db/client.js';
import { audienceOf } from '../../db/queries/members.js';
import {
  acksOf, activeNotices, advanceFanOut, deliveryCounts, fanningOut, fanOutSlice, getNotice, insertAck, insertNotice, setNoticeReportKey, undeliveredOf, type NoticeRow,
} from '../../db/queries/notices.js';
import { MEETING_BODIES, type MeetingBody } from '../../db/schema/meetings.js';
import { MEMBER_ROLES, type MemberRole } from '../../db/schema/members.js';
import { encodeAction } from '../core/actions.js';
import type { OutgoingMessage, Platform } from '../core/channel.js';
import type { AppDeps } from '../core/command.js';
import { DomainError } from '../core/errors.js';
import { formatDateTime } from '../core/i18n.js';
import { notify, notifyMembers } from '../core/notifier.js';
import { audit } from './audit.js';
import { requireCommittee } from './committees.js';
import type { Actor } from './deps.js';
import { BODY_ROLES } from './meetings.js';
import { can } from './permissions.js';
import { requireMember, type Member } from './members.js';

export type Notice = NoticeRow;
export type Audience = { kind: 'all' } | { kind: 'role'; role: MemberRole } | { kind: 'body'; body: MeetingBody } | { kind: 'agency'; agency: string } | { kind: 'members'; ids: number[] };

/** Long enough for any real notice; channels split it to their own limits, never truncate. */
export const MAX_NOTICE_TEXT = 20_000;
const LATE_GRACE_MS = 60_000;

/** `all`, `role:member`, `body:standing`, `agency:Sở Tài chính`, `members:3,5,8`. */
export function parseAudience(raw: string): Audience {
  const s = raw.trim();
  if (s === '' || s === 'all') return { kind: 'all' };
  const [kind, ...rest] = s.split(':');
  const value = rest.join(':').trim();
  if (kind === 'role' && (MEMBER_ROLES as readonly string[]).includes(value)) return { kind: 'role', role: value as MemberRole };
  if (kind === 'body' && (MEETING_BODIES as readonly string[]).includes(value)) return { kind: 'body', body: value as MeetingBody };
  if (kind === 'agency' && value) return { kind: 'agency', agency: value };
  if (kind === 'members') {
    const ids = value.split(',').map((x) => Number(x.trim()));
    if (ids.length && ids.every((n) => Number.isInteger(n) && n > 0)) return { kind: 'members', ids };
  }
  throw new DomainError('notice.bad_audience', 'notice.error.audience', { value: s });
}

export function formatAudience(a: Audience): string {
  switch (a.kind) {
    case 'all':
      return 'all';
    case 'role':
      return `role:${a.role}`;
    case 'body':
      return `body:${a.body}`;
    case 'agency':
      return `agency:${a.agency}`;
    case 'members':
      return `members:${a.ids.join(',')}`;
  }
}

/** Who an audience reaches: enough of each member to pick them and to write to them. */
export type AudienceMember = Pick<Member, 'id' | 'role' | 'agency' | 'locale'>;

/** The active members an audience names; the secretariat sending it is left out. */
export function audienceMembers(deps: AppDeps, committeeId: number, a: Audience): AudienceMember[] {
  const everyone = audienceOf(deps.db, committeeId);
  switch (a.kind) {
    case 'all':
      return everyone;
    case 'role':
      return everyone.filter((m) => m.role === a.role);
    case 'body': {
      const roles = BODY_ROLES[a.body];
      return everyone.filter((m) => !roles || roles.includes(m.role));
    }
    case 'agency': {
      const key = a.agency.trim().toLowerCase();
      return everyone.filter((m) => m.agency?.trim().toLowerCase() === key);
    }
    case 'members': {
      const strangers = a.ids.filter((id) => !everyone.some((m) => m.id === id));
      if (strangers.length) throw new DomainError('notice.strangers', 'meeting.error.strangers', { ids: strangers.join(', ') });
      return everyone.filter((m) => a.ids.includes(m.id));
    }
  }
}

export interface NoticeInput {
  committeeId: number;
  authorId: number | null;
  audience: Audience;
  text: string;
  file?: { fileId: string; name: string; platform: Platform };
  ackRequested?: boolean;
  sendAt?: number;
}

function renderNotice(n: Notice): (t: Parameters<Parameters<typeof notify>[2]>[0]) => OutgoingMessage {
  return (t) => ({
    text: `${t('notice.header')}\n\n${escapeOnce(n.text)}`,
    ...(n.ackRequested ? { buttons: [[{ label: t('notice.button.ack'), action: encodeAction('nack', n.id) }]] } : {}),
    ...(n.fileId && n.filePlatform ? { attachment: { name: n.fileName ?? 'tai-lieu', fileId: n.fileId, platform: n.filePlatform as Platform } } : {}),
  });
}

/** The author's text is theirs, not markup: shown as typed. */
function escapeOnce(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Copies queued per transaction. A notice's first chunk is queued with the notice itself, the rest
 * a chunk at a time by fanOutNotices: queuing 5,000 copies at once held the bot's event loop for
 * 21–43 ms (the bench's longest stall during a broadcast), and it grows with the audience. 500 are
 * ~3–5 ms, and more than Telegram takes in 16 s, so the rest is queued long before it is needed.
 */
export const FAN_OUT_CHUNK = 500;

/** The copies of a notice for these recipients (one statement per language, see notifyMembers). */
function queueCopies(deps: AppDeps, notice: Notice, members: readonly { id: number; locale: Member['locale'] }[]): void {
  notifyMembers(deps, members, renderNotice(notice), { keyPrefix: `notice:${notice.id}:m`, topic: `notice:${notice.id}`, lane: 'bulk', notBefore: notice.sendAt });
}

/**
 * Queues the next chunk of copies of the oldest notice still being fanned out; `more` while any
 * is left. One transaction per chunk (the scheduler runs each job in one), and the ids and how
 * far they went are saved with it, so after a crash the fan-out resumes where it stopped, and a
 * chunk queued twice is harmless (each copy's key is unique).
 */
export function fanOutNotices(deps: AppDeps): { queued: number; more: number } {
  const [next, ...others] = fanningOut(deps.db);
  if (!next) return { queued: 0, more: 0 };
  const notice = getNotice(deps.db, next.id)!;
  const from = notice.fanOutDone;
  const to = Math.min(from + FAN_OUT_CHUNK, notice.recipients);
  const slice = fanOutSlice(deps.db, notice.id, from, to);
  queueCopies(deps, notice, slice);
  const finished = to >= notice.recipients;
  advanceFanOut(deps.db, notice.id, to, finished);
  return { queued: slice.length, more: finished && others.length === 0 ? 0 : 1 };
}

/**
 * Queues a notice: one outbox row per recipient (bulk lane, at `sendAt`), and a delivery report
 * to the author that the progress job keeps up to date.
 */
export function sendNotice(deps: AppDeps, input: NoticeInput, actor: Actor): { notice: Notice; recipients: number } {
  requireCommittee(deps, input.committeeId);
  const now = deps.clock.now();
  if (input.authorId !== null) {
    const author = requireMember(deps, input.authorId);
    if (!can(author.role, 'notices.send')) throw new DomainError('notice.forbidden', 'error.forbidden', { command: 'notice' });
  }
  const text = input.text.trim();
  if (!text) throw new DomainError('notice.empty', 'notice.error.empty');
  if (text.length > MAX_NOTICE_TEXT) throw new DomainError('notice.too_long', 'notice.error.too_long', { max: MAX_NOTICE_TEXT });
  const sendAt = input.sendAt ?? now;
  if (!Number.isFinite(sendAt) || sendAt < now - LATE_GRACE_MS) throw new DomainError('notice.in_past', 'notice.error.in_past');
  const recipients = audienceMembers(deps, input.committeeId, input.audience).filter((m) => m.id !== input.authorId);
  if (recipients.length === 0) throw new DomainError('notice.nobody', 'notice.error.nobody');
  return atomic(deps.db, () => {
    const first = recipients.slice(0, FAN_OUT_CHUNK);
    const notice = insertNotice(deps.db, {
      fanOutIds: recipients.length > first.length ? JSON.stringify(recipients.map((m) => m.id)) : null,
      fanOutDone: first.length,
      committeeId: input.committeeId,
      authorId: input.authorId,
      audience: formatAudience(input.audience),
      text,
      fileName: input.file?.name ?? null,
      fileId: input.file?.fileId ?? null,
      filePlatform: input.file?.platform ?? null,
      ackRequested: input.ackRequested ?? false,
      sendAt,
      status: sendAt > now ? 'scheduled' : 'queued',
      recipients: recipients.length,
      createdAt: now,
    });
    // The first chunk now, the rest by fanOutNotices (the scheduler's notice-fan-out job).
    queueCopies(deps, notice, first);
    if (input.authorId !== null) {
      const reportKey = `notice:${notice.id}:report`;
      notify(deps, { memberId: input.authorId }, (t, locale) => ({ text: reportText(deps, notice, t, locale) }), { key: reportKey, lane: 'interactive', topic: `notice-report:${notice.id}` });
      setNoticeReportKey(deps.db, notice.id, reportKey);
    }
    audit(deps, actor, 'notice.send', 'notice', notice.id, null, { audience: notice.audience, recipients: recipients.length, sendAt });
    return { notice: { ...notice, reportKey: input.authorId !== null ? `notice:${notice.id}:report` : null }, recipients: recipients.length };
  });
}

export interface NoticeStatus {
  recipients: number;
  sent: number;
  failed: number;
  unreachable: number;
  pending: number;
  acks: number;
  unreached: { memberId: number | null; name: string; reason: 'never_bound' | 'blocked' | 'window_closed' | 'failed' | 'other' }[];
}

function reasonOf(status: string, lastError: string | null): NoticeStatus['unreached'][number]['reason'] {
  if (status === 'failed') return 'failed';
  if (!lastError || lastError === 'no_account') return 'never_bound';
  if (/window_closed/.test(lastError)) return 'window_closed';
  if (/blocked|not_started|not_found/.test(lastError)) return 'blocked';
  return 'other';
}

export function noticeStatus(deps: AppDeps, id: number): NoticeStatus {
  // One read transaction: a fan-out chunk committed between reading the notice and counting its
  // copies would count those copies twice (once as not yet queued).
  return atomic(deps.db, () => readStatus(deps, id));
}

function readStatus(deps: AppDeps, id: number): NoticeStatus {
  const notice = getNotice(deps.db, id);
  if (!notice) throw new DomainError('notice.not_found', 'notice.error.not_found', { id });
  // Counted in SQL, and only the copies that will not arrive are read: this runs every few
  // seconds while thousands of copies go out.
  const counts = deliveryCounts(deps.db, id);
  const sent = counts.sent ?? 0;
  const failed = counts.failed ?? 0;
  const unreachable = counts.unreachable ?? 0;
  // Copies not queued yet (a large notice is fanned out a chunk at a time) are pending too.
  const total = Object.values(counts).reduce((a, b) => a + b, 0) + (notice.fanOutIds !== null ? notice.recipients - notice.fanOutDone : 0);
  const unreached = failed + unreachable
    ? undeliveredOf(deps.db, id).map((r) => ({ memberId: r.memberId, name: r.name ?? '', reason: reasonOf(r.status, r.lastError) }))
    : [];
  return { recipients: notice.recipients, sent, failed, unreachable, pending: total - sent - failed - unreachable, acks: acksOf(deps.db, id), unreached };
}

function reportText(deps: AppDeps, notice: Notice, t: Parameters<Parameters<typeof notify>[2]>[0], locale: 'vi' | 'en'): string {
  const s = noticeStatus(deps, notice.id);
  const lines = [
    t(notice.sendAt > deps.clock.now() ? 'notice.report.scheduled' : s.pending > 0 ? 'notice.report.progress' : 'notice.report.done', {
      id: notice.id,
      sent: s.sent,
      total: s.recipients,
      time: formatDateTime(notice.sendAt, locale),
    }),
  ];
  if (notice.ackRequested) lines.push(t('notice.report.acks', { acks: s.acks, total: s.recipients }));
  if (s.pending === 0 && s.unreached.length) {
    lines.push(t('notice.report.unreached', { n: s.unreached.length }));
    for (const u of s.unreached) lines.push(`• ${u.name} – ${t(`notice.reason.${u.reason}`)}`);
  }
  return lines.join('\n');
}

/**
 * Keeps each author's delivery report current ("Đã gửi 180/240"), then final with who was not
 * reached and why. One outbox row per distinct state (the key holds the counts), each editing
 * the first report in place.
 */
export function updateNoticeReports(deps: AppDeps, now: number): number {
  let updated = 0;
  for (const notice of activeNotices(deps.db, now - 2 * 86_400_000)) {
    if (!notice.authorId || !notice.reportKey) continue;
    const s = noticeStatus(deps, notice.id);
    const key = `${notice.reportKey}:${s.sent}:${s.pending}:${s.acks}`;
    const queued = notify(deps, { memberId: notice.authorId }, (t, locale) => ({ text: reportText(deps, notice, t, locale), replaces: notice.reportKey! }), {
      key,
      lane: 'interactive',
      topic: `notice-report:${notice.id}`,
    });
    if (queued) updated++;
  }
  return updated;
}

export function acknowledgeNotice(deps: AppDeps, noticeId: number, memberId: number): boolean {
  const notice = getNotice(deps.db, noticeId);
  if (!notice || !notice.ackRequested) throw new DomainError('notice.not_found', 'notice.error.not_found', { id: noticeId });
  const first = insertAck(deps.db, noticeId, memberId, deps.clock.now());
  if (first) audit(deps, `member:${memberId}`, 'notice.ack', 'notice', noticeId);
  return first;
}
