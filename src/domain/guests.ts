import { getMeeting, type MeetingRow } from '../../db/queries/meetings.js';
import { getMember } from '../../db/queries/members.js';
import { planReminder } from '../../db/queries/reminders.js';
import { bindGuest, guestByHash, insertGuest, type GuestRow, type RequestRow } from '../../db/queries/requests.js';
import type { Sender } from '../core/channel.js';
import type { AppDeps } from '../core/command.js';
import { isLocale, type Locale } from '../core/i18n.js';
import { notify, type Render } from '../core/notifier.js';
import { audit } from './audit.js';
import { committeeSettings, requireCommittee } from './committees.js';
import { hashCode, telegramLink } from './invites.js';
import { meetingReminderTimes } from './meeting-rules.js';
import { renderMeetingNotice } from './meeting-messages.js';
import { sendDocumentsToGuest } from './documents.js';
import { randomToken } from '../core/random.js';


/**
 * An approved substitute becomes a guest of that one meeting: a one-time code (same form as a
 * member invite, valid until the meeting starts) lets them receive its documents and reminders,
 * and nothing else.
 */
export function createGuest(deps: AppDeps, r: RequestRow, meeting: MeetingRow): { guest: GuestRow; code: string; link: string } {
  const code = randomToken(24);
  const guest = insertGuest(deps.db, {
    meetingId: meeting.id,
    requestId: r.id,
    forMemberId: r.memberId,
    name: r.substituteName ?? '',
    title: r.substituteTitle,
    agency: r.substituteAgency,
    contact: r.substituteContact,
    codeHash: hashCode(code),
    codeExpiresAt: meeting.startsAt,
    createdAt: deps.clock.now(),
  });
  audit(deps, 'system', 'guest.create', 'meeting_guest', guest.id, null, { meetingId: meeting.id, requestId: r.id, name: guest.name });
  return { guest, code, link: telegramLink(deps.telegramUsername(), code) ?? `/start ${code}` };
}

export type GuestRedeem = { ok: true; guest: GuestRow; meeting: MeetingRow; forName: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Binds a substitute's chat to their one meeting; the code works once. */
export function redeemGuestCode(deps: AppDeps, sender: Sender, code: string): GuestRedeem {
  const guest = guestByHash(deps.db, hashCode(code.trim()));
  if (!guest) return { ok: false, reason: 'unknown' };
  const now = deps.clock.now();
  if (guest.boundAt) return guest.address === sender.address ? welcome(guest) : { ok: false, reason: 'used' };
  if (guest.codeExpiresAt <= now) return { ok: false, reason: 'expired' };
  if (!bindGuest(deps.db, guest.id, sender.address, now)) return { ok: false, reason: 'used' };
  const locale: Locale = isLocale(sender.languageCode?.slice(0, 2)) ? (sender.languageCode!.slice(0, 2) as Locale) : 'vi';
  const bound = { ...guest, address: sender.address, boundAt: now, locale };
  audit(deps, sender.address, 'guest.bind', 'meeting_guest', guest.id, null, { address: sender.address });
  const result = welcome(bound);
  if (!result.ok) return result;
  // The notice now, and the reminders still ahead, to this chat only.
  notify(deps, { address: sender.address, locale }, renderMeetingNotice(deps, result.meeting, 'guest'), {
    key: `guest:${guest.id}:notice`,
    lane: 'interactive',
    topic: `meeting:${result.meeting.id}`,
  });
  sendDocumentsToGuest(deps, result.meeting, bound);
  const settings = committeeSettings(requireCommittee(deps, result.meeting.committeeId));
  for (const t of meetingReminderTimes(settings, result.meeting.startsAt, now, deps.calendar)) {
    planReminder(deps.db, {
      key: `meeting:${result.meeting.id}:v${result.meeting.version}:before:${t.label}:g${guest.id}`,
      committeeId: result.meeting.committeeId,
      kind: 'meeting.guest',
      subject: `meeting:${result.meeting.id}`,
      dueAt: t.dueAt,
      expiresAt: result.meeting.startsAt,
      data: { version: result.meeting.version, label: t.label, guestId: guest.id, address: sender.address, locale },
      createdAt: now,
    });
  }
  return result;

  function welcome(g: GuestRow): GuestRedeem {
    const meeting = getMeeting(deps.db, g.meetingId);
    if (!meeting || meeting.status !== 'scheduled') return { ok: false, reason: 'expired' };
    return { ok: true, guest: g, meeting, forName: getMember(deps.db, g.forMemberId)?.name ?? '' };
  }
}

/** A guest is not an attendee: the member buttons of a reminder or a document are left off. */
export function guestView(render: Render): Render {
  return (t, locale) => {
    const { buttons: _b, ...rest } = render(t, locale);
    return rest;
  };
}
