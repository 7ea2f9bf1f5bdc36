import { getMember } from '../../db/queries/members.js';
import type { MeetingRow } from '../../db/queries/meetings.js';
import type { RequestRow } from '../../db/queries/requests.js';
import { encodeAction } from '../core/actions.js';
import type { OutgoingMessage, Platform } from '../core/channel.js';
import type { AppDeps } from '../core/command.js';
import { formatDateTime, type Locale, type Translate } from '../core/i18n.js';
import type { Render } from '../core/notifier.js';
import { describeSetting, type RegulationSettings } from './presets/index.js';

/** How a settled request reads: an expiry because the meeting was cancelled says so. */
function settledAs(r: RequestRow, meeting: MeetingRow): string {
  return r.status === 'expired' && meeting.status === 'cancelled' ? 'meeting_cancelled' : r.status;
}

export const cardKey = (requestId: number, approverId: number) => `request:${requestId}:card:m${approverId}`;

function who(deps: AppDeps, memberId: number, t: Translate): string {
  const m = getMember(deps.db, memberId);
  if (!m) return '';
  return [m.name, t(`role.${m.role}`), m.title].filter(Boolean).join(' – ');
}

/** Every fact of a request on one card: who, which meeting and when, why, the substitute, the opinion. */
function requestFacts(deps: AppDeps, r: RequestRow, meeting: MeetingRow, settings: RegulationSettings, t: Translate, locale: Locale): string[] {
  const rule = r.kind === 'absence' ? settings.absence.requiresConsent : settings.substitute.requiresWrittenOpinion;
  return [
    t(`request.card.title.${r.kind}`, { id: r.id }),
    t('request.card.requester', { who: who(deps, r.memberId, t) }),
    t('request.card.meeting', { id: meeting.id, title: meeting.title, time: formatDateTime(meeting.startsAt, locale) }),
    r.reason ? t('request.card.reason', { reason: r.reason }) : '',
    r.kind === 'substitute'
      ? t('request.card.substitute', {
          name: r.substituteName ?? '',
          details: [r.substituteTitle, r.substituteAgency, r.substituteContact].filter(Boolean).join(', '),
        })
      : '',
    r.opinionText ? t('request.card.opinion_text', { text: r.opinionText }) : '',
    r.opinionFileName ? t('request.card.opinion_file', { name: r.opinionFileName }) : '',
    t('request.card.rule', { rule: describeSetting(rule, locale) }),
  ].filter(Boolean);
}

export function renderCard(deps: AppDeps, r: RequestRow, meeting: MeetingRow, settings: RegulationSettings, escalated: boolean): Render {
  return (t, locale): OutgoingMessage => {
    const lines = requestFacts(deps, r, meeting, settings, t, locale);
    if (escalated) lines.unshift(t('request.card.escalated'));
    if (r.escalateAt) lines.push(t('request.card.deadline', { time: formatDateTime(r.escalateAt, locale) }));
    return {
      text: lines.join('\n'),
      // Order fixed by the contract: approve, reject, reject with a reason.
      buttons: [
        [
          { label: t('request.button.approve'), action: encodeAction('rq', r.id, 'a', r.nonce) },
          { label: t('request.button.reject'), action: encodeAction('rq', r.id, 'r', r.nonce) },
        ],
        [{ label: t('request.button.reject_reason'), action: encodeAction('rq', r.id, 'rr', r.nonce) }],
      ],
      ...(r.opinionFileId && r.opinionPlatform ? { attachment: { name: r.opinionFileName ?? 'y-kien.pdf', fileId: r.opinionFileId, platform: r.opinionPlatform as Platform } } : {}),
    };
  };
}

/** The card after the fact: outcome, who decided and when; no buttons. */
export function renderResolvedCard(deps: AppDeps, r: RequestRow, meeting: MeetingRow, settings: RegulationSettings, replaces: string): Render {
  return (t, locale): OutgoingMessage => {
    const lines = requestFacts(deps, r, meeting, settings, t, locale);
    lines.unshift(t(`request.resolved.${settledAs(r, meeting)}`));
    if (r.decidedBy && r.decidedAt) lines.push(t('request.resolved.by', { name: getMember(deps.db, r.decidedBy)?.name ?? '', time: formatDateTime(r.decidedAt, locale) }));
    else if (r.decidedAt) lines.push(t('request.resolved.at', { time: formatDateTime(r.decidedAt, locale) }));
    if (r.decisionNote) lines.push(t('request.resolved.note', { note: r.decisionNote }));
    return { text: lines.join('\n'), replaces };
  };
}

/** What the requester is told when their request is decided, withdrawn or expires. */
export function renderOutcome(deps: AppDeps, r: RequestRow, meeting: MeetingRow, guestLink?: string): Render {
  return (t, locale) => {
    const lines = [
      t(`request.outcome.${settledAs(r, meeting)}`, { id: r.id, kind: t(`request.kind.${r.kind}`), title: meeting.title, time: formatDateTime(meeting.startsAt, locale) }),
    ];
    if (r.decidedBy && r.decidedAt) lines.push(t('request.resolved.by', { name: getMember(deps.db, r.decidedBy)?.name ?? '', time: formatDateTime(r.decidedAt, locale) }));
    if (r.decisionNote) lines.push(t('request.resolved.note', { note: r.decisionNote }));
    if (r.status === 'rejected' || r.status === 'expired') lines.push(t('request.outcome.attend_or_retry'));
    if (guestLink) lines.push(t('request.outcome.guest_link', { name: r.substituteName ?? '', link: guestLink }));
    return { text: lines.join('\n') };
  };
}
