import { encodeAction } from '../src/core/actions.js';
import type { Command, Ctx } from '../src/core/command.js';
import { formatDateTime } from '../src/core/i18n.js';
import { assertMeetingIsOpen, MAX_REASON, requestAbsence } from '../src/domain/requests.js';
import { DomainError } from '../src/core/errors.js';
import { chooseMeeting, confirmSent, meetingIdOf } from './request-helpers.js';

function askReason(ctx: Ctx, meetingId: number) {
  const m = assertMeetingIsOpen(ctx.deps, meetingId, ctx.member!.id);
  ctx.dialog.set('reason', { meetingId });
  ctx.reply(ctx.t('absent.ask_reason', { title: m.title, time: formatDateTime(m.startsAt, ctx.locale) }));
}

/**
 * `/absent`: choose a meeting → reason → confirm; `/absent <meeting> <reason>` in one line.
 * The presiding person's consent is required (Bình Định Đ.6.4, Bắc Giang Đ.6.4, Hải Phòng Đ.5.5,
 * Bộ KH&CN Đ.6.5).
 */
export const absentCommand: Command = {
  name: 'absent',
  descriptionKey: 'cmd.absent.description',
  access: 'absence.request',
  run(ctx, args) {
    const [id, ...rest] = args.split(/\s+/).filter(Boolean);
    if (!id) return chooseMeeting(ctx, 'abm', 'absent.choose');
    const meetingId = meetingIdOf(id);
    const reason = rest.join(' ');
    if (!reason) return askReason(ctx, meetingId);
    confirmSent(ctx, requestAbsence(ctx.deps, ctx.member!.id, { meetingId, kind: 'absence', reason }));
  },
  onText(ctx, text, state) {
    if (state.step !== 'reason') return ctx.reply(ctx.t('absent.press_button'));
    if (!text) throw new DomainError('request.no_reason', 'request.error.no_reason');
    if (text.length > MAX_REASON) throw new DomainError('request.too_long', 'request.error.too_long', { max: MAX_REASON });
    const meetingId = Number(state.data.meetingId);
    ctx.dialog.set('confirm', { meetingId, reason: text });
    ctx.reply({
      text: ctx.t('absent.confirm', { id: meetingId, reason: text }),
      buttons: [[{ label: ctx.t('request.button.send'), action: encodeAction('abok') }, { label: ctx.t('meeting.dialog.button.cancel'), action: encodeAction('abno') }]],
    });
  },
  actions: {
    abm: (ctx, [id]) => askReason(ctx, meetingIdOf(id)),
    // The "Xin vắng" button on a meeting notice.
    absentfor: (ctx, [id]) => askReason(ctx, meetingIdOf(id)),
    abok(ctx) {
      const state = ctx.dialog.current();
      if (!state || state.command !== 'absent' || state.step !== 'confirm') {
        ctx.toast(ctx.t('request.dialog_expired'), true);
        return;
      }
      const r = requestAbsence(ctx.deps, ctx.member!.id, { meetingId: Number(state.data.meetingId), kind: 'absence', reason: String(state.data.reason) });
      confirmSent(ctx, r);
      ctx.toast(ctx.t('request.sent_short'));
    },
    abno(ctx) {
      ctx.dialog.end();
      ctx.reply(ctx.t('cancel.done'));
    },
  },
};
