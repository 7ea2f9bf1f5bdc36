import { deepFreeze } from '../core/freeze.js';
import icalGenerator from 'ical-generator';
import { getCommittee } from '../../db/queries/committees.js';
import { getMember } from '../../db/queries/members.js';
import type { MeetingRow } from '../../db/queries/meetings.js';
import { encodeAction } from '../core/actions.js';
import type { OutgoingMessage } from '../core/channel.js';
import type { AppDeps } from '../core/command.js';
import { formatDateTime, raw, type Locale, type Translate } from '../core/i18n.js';
import type { Render } from '../core/notifier.js';
import { committeeSettings } from './committees.js';
import { describeSetting } from './presets/index.js';

/** The facts every meeting message carries: time, place, link, presider, documents deadline. */
export function meetingFacts(deps: AppDeps, meeting: MeetingRow, t: Translate, locale: Locale): string {
  const committee = getCommittee(deps.db, meeting.committeeId);
  const settings = committee ? committeeSettings(committee) : undefined;
  const lines = [
    t('meeting.fact.time', { time: formatDateTime(meeting.startsAt, locale) }),
    meeting.location ? t('meeting.fact.place', { place: meeting.location }) : undefined,
    meeting.onlineLink ? t('meeting.fact.link', { link: raw(`<a href="${encodeURI(meeting.onlineLink)}">${meeting.onlineLink.replace(/[<>&"]/g, '')}</a>`) }) : undefined,
    t('meeting.fact.presider', { name: getMember(deps.db, meeting.presiderId)?.name ?? '' }),
    settings ? t('meeting.fact.body', { body: locale === 'vi' ? settings.bodies[meeting.body].nameVi : settings.bodies[meeting.body].nameEn }) : undefined,
    meeting.documentsDueAt && settings
      ? t('meeting.fact.documents_due', {
          time: formatDateTime(meeting.documentsDueAt, locale),
          rule: describeSetting(settings.documentsLeadTime, locale),
        })
      : undefined,
  ];
  return lines.filter(Boolean).join('\n');
}

/** A calendar file for the first notice, so the meeting lands in the member's phone calendar. */
export function meetingIcs(meeting: MeetingRow, committeeName: string): string {
  // Instants in UTC: a TZID without its VTIMEZONE block is invalid, and UTC needs none.
  const cal = icalGenerator({ name: committeeName, prodId: { company: 'committee-bot', product: 'meetings', language: 'VI' } });
  cal.createEvent({
    // One UID per meeting and a rising SEQUENCE: a moved meeting updates the calendar entry.
    id: `meeting-${meeting.id}@committee-bot`,
    sequence: meeting.version,
    // DTSTAMP is when this version of the meeting was made, so the file is a function of the
    // meeting alone and every member gets the same bytes (see `invitations`).
    stamp: new Date(meeting.updatedAt),
    start: new Date(meeting.startsAt),
    end: new Date(meeting.startsAt + 2 * 3600_000),
    summary: meeting.title,
    ...(meeting.location ? { location: meeting.location } : {}),
    ...(meeting.onlineLink ? { url: meeting.onlineLink } : {}),
  });
  return cal.toString();
}

/** "I will attend" and "excuse me", on every notice and reminder a member gets. */
function meetingButtons(t: Translate, meetingId: number) {
  return [
    [
      { label: t('meeting.button.attend'), action: encodeAction('attend', meetingId) },
      { label: t('meeting.button.absent'), action: encodeAction('absentfor', meetingId) },
    ],
  ];
}

/** Who an invitation is for: a member (asked to confirm, with buttons) or an approved substitute. */
export type InvitationFor = 'member' | 'guest';

/** An invitation with every fact and the calendar file, under `heading`. */
function invitation(deps: AppDeps, meeting: MeetingRow, heading: (t: Translate, locale: Locale) => string, audience: InvitationFor): Render {
  return (t, locale): OutgoingMessage => {
    const committee = getCommittee(deps.db, meeting.committeeId);
    const presider = getMember(deps.db, meeting.presiderId)?.name ?? '';
    const title = heading(t, locale);
    // Everything the message is made of, so a remembered one is never stale.
    const key = `${versionOf(meeting)}\n${versionOf(committee)}\n${locale}\n${audience}\n${presider}\n${title}`;
    let message = invitations.get(key);
    if (!message) {
      const closing = audience === 'member' ? t('meeting.notice.ask', { id: meeting.id }) : t('guest.notice_note');
      message = deepFreeze({
        text: `${title}\n${meetingFacts(deps, meeting, t, locale)}\n\n${closing}`,
        ...(audience === 'member' ? { buttons: meetingButtons(t, meeting.id) } : {}),
        attachment: { name: `hop-${meeting.id}.ics`, mime: 'text/calendar', content: Buffer.from(meetingIcs(meeting, committee?.name ?? '')).toString('base64') },
      });
      if (invitations.size >= 512) invitations.delete(invitations.keys().next().value!);
      invitations.set(key, message);
    }
    return message;
  };
}

/**
 * Invitations already rendered. A meeting's invitation goes to every attendee (and again to each
 * who binds an account later) and reads the same for all who share a language: rendering it, its
 * calendar file above all (~0.1 ms with ical-generator), was about a third of what a registration
 * cost (`npm run bench`).
 *
 * The key names the meeting and committee rows by version. A row from the row cache is frozen and
 * replaced, never changed, when the meeting or committee is: the object itself is the version,
 * numbered once (a key of the rows' JSON cost ~12 µs per invitation, the committee row carrying
 * its settings, and a registration sends four). Any other row may still change: its JSON.
 */
const invitations = new Map<string, OutgoingMessage>();
const frozenRows = new WeakMap<object, number>();
let rowsNumbered = 0;

function versionOf(row: object | undefined): string {
  if (!row) return '-';
  if (!Object.isFrozen(row)) return JSON.stringify(row);
  let n = frozenRows.get(row);
  if (n === undefined) frozenRows.set(row, (n = ++rowsNumbered));
  return `#${n}`;
}

export function renderMeetingNotice(deps: AppDeps, meeting: MeetingRow, audience: InvitationFor = 'member'): Render {
  return invitation(deps, meeting, (t) => t('meeting.notice.title', { title: meeting.title }), audience);
}

export function renderMeetingReminder(deps: AppDeps, meeting: MeetingRow, label: string): Render {
  return (t, locale) => ({
    text: `${t(`meeting.reminder.${label.endsWith('h') ? 'hours' : label === '1wd' ? 'working_day' : 'days'}`, { title: meeting.title, n: parseInt(label, 10) })}\n${meetingFacts(deps, meeting, t, locale)}`,
    buttons: meetingButtons(t, meeting.id),
  });
}

export function renderMeetingChange(deps: AppDeps, meeting: MeetingRow, change: 'moved' | 'cancelled', previousStart: number, reason?: string): Render {
  if (change === 'moved') {
    // A full invitation for the new time: someone whose first notice never left still gets every
    // fact, the buttons and a calendar file that replaces the old entry.
    return invitation(deps, meeting, (t, locale) => t('meeting.moved.title', { title: meeting.title, before: formatDateTime(previousStart, locale) }), 'member');
  }
  return (t, locale) => ({
    text: `${t('meeting.cancelled.title', { title: meeting.title, time: formatDateTime(previousStart, locale) })}${reason ? `\n${t('meeting.cancelled.reason', { reason })}` : ''}`,
  });
}
