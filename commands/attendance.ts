import { upcomingOfCommittee } from '../db/queries/meetings.js';
import { encodeAction } from '../src/core/actions.js';
import type { Command, Ctx } from '../src/core/command.js';
import { DomainError } from '../src/core/errors.js';
import { formatDateTime } from '../src/core/i18n.js';
import { attendanceFor, canViewAttendance } from '../src/domain/attendance.js';
import { renderAttendance } from '../src/domain/attendance-messages.js';
import { can } from '../src/domain/permissions.js';
import { meetingIdOf } from './request-helpers.js';

function show(ctx: Ctx, meetingId: number): void {
  const att = attendanceFor(ctx.deps, ctx.member!, meetingId);
  ctx.reply(renderAttendance(att, ctx.t, ctx.locale));
}

/** Upcoming meetings of the member's committee that this member may look at, as buttons. */
function choose(ctx: Ctx): void {
  const me = ctx.member!;
  const visible = upcomingOfCommittee(ctx.deps.db, me.committeeId, ctx.now).filter((m) => canViewAttendance(me, m));
  if (visible.length === 0) {
    if (can(me.role, 'attendance.view')) ctx.reply(ctx.t('attendance.none_upcoming'));
    else throw new DomainError('attendance.forbidden', 'attendance.error.forbidden_any');
    return;
  }
  ctx.reply({
    text: ctx.t('attendance.choose'),
    buttons: visible.map((m) => [{ label: `#${m.id} ${m.title.slice(0, 40)} – ${formatDateTime(m.startsAt, ctx.locale)}`, action: encodeAction('attv', m.id) }]),
  });
}

/**
 * `/attendance` (choose a meeting) and `/attendance <id>`: confirmed, excused, sending a
 * substitute, no answer, and the quorum forecast. For the person presiding that meeting and the
 * roles with `attendance.view`; the check is per meeting, so the router only asks for a member.
 */
export const attendanceCommand: Command = {
  name: 'attendance',
  descriptionKey: 'cmd.attendance.description',
  access: 'member',
  run(ctx, args) {
    const [id] = args.split(/\s+/).filter(Boolean);
    if (!id) return choose(ctx);
    show(ctx, meetingIdOf(id));
  },
  actions: {
    // The chooser's buttons and the quorum alert's "see attendance" button.
    attv(ctx, [id]) {
      show(ctx, meetingIdOf(id));
      ctx.toast(ctx.t('attendance.toast'));
    },
  },
};
