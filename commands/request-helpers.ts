import { getMember } from '../db/queries/members.js';
import { upcomingFor } from '../db/queries/meetings.js';
import { attendee } from '../db/queries/meetings.js';
import { encodeAction } from '../src/core/actions.js';
import type { Ctx } from '../src/core/command.js';
import { DomainError } from '../src/core/errors.js';
import { formatDateTime } from '../src/core/i18n.js';
import type { Request } from '../src/domain/requests.js';

/** Meetings this member could still ask about, as buttons `<verb>:<meetingId>`. */
export function chooseMeeting(ctx: Ctx, verb: string, promptKey: string): void {
  const me = ctx.member!;
  const open = upcomingFor(ctx.deps.db, me.id, ctx.now).filter((m) => {
    const a = attendee(ctx.deps.db, m.id, me.id);
    return a && a.status !== 'excused' && a.status !== 'substitute';
  });
  if (open.length === 0) {
    ctx.reply(ctx.t('meetings.none'));
    return;
  }
  ctx.reply({
    text: ctx.t(promptKey),
    buttons: open.map((m) => [{ label: `#${m.id} ${m.title.slice(0, 40)} – ${formatDateTime(m.startsAt, ctx.locale)}`, action: encodeAction(verb, m.id) }]),
  });
}

export function meetingIdOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new DomainError('meeting.not_found', 'meeting.error.not_found', { id: String(raw ?? '') });
  return id;
}

/** The requester's receipt: sent to whom, with a button to withdraw while it is pending. */
export function confirmSent(ctx: Ctx, r: Request): void {
  ctx.dialog.end();
  ctx.reply({
    text: ctx.t('request.sent', { id: r.id, kind: ctx.t(`request.kind.${r.kind}`), approver: getMember(ctx.deps.db, r.approverId)?.name ?? '' }),
    buttons: [[{ label: ctx.t('request.button.withdraw'), action: encodeAction('rqw', r.id) }]],
  });
}
