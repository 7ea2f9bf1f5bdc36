import { attendee } from '../db/queries/meetings.js';
import type { Command } from '../src/core/command.js';
import { DomainError } from '../src/core/errors.js';
import { raw } from '../src/core/i18n.js';
import { meetingFacts } from '../src/domain/meeting-messages.js';
import { confirmAttendance, requireMeeting, upcomingMeetingsOf } from '../src/domain/meetings.js';

/** `/meetings`: my upcoming meetings with every fact; the notice's "I will attend" button lands here too. */
export const meetingsCommand: Command = {
  name: 'meetings',
  descriptionKey: 'cmd.meetings.description',
  access: 'meetings.view',
  run(ctx) {
    const me = ctx.member!;
    const list = upcomingMeetingsOf(ctx.deps, me.id);
    if (list.length === 0) {
      ctx.reply(ctx.t('meetings.none'));
      return;
    }
    const items = list.map((m) =>
      ctx.t('meetings.item', {
        id: m.id,
        title: m.title,
        facts: raw(meetingFacts(ctx.deps, m, ctx.t, ctx.locale)),
        status: ctx.t(`attendance.status.${attendee(ctx.deps.db, m.id, me.id)?.status ?? 'invited'}`),
      }),
    );
    ctx.reply(`${ctx.t('meetings.title')}\n\n${items.join('\n\n')}`);
  },
  actions: {
    attend(ctx, [id]) {
      const meetingId = Number(id);
      if (!Number.isInteger(meetingId)) throw new DomainError('meeting.not_found', 'meeting.error.not_found', { id: String(id) });
      confirmAttendance(ctx.deps, meetingId, ctx.member!.id);
      const m = requireMeeting(ctx.deps, meetingId);
      ctx.reply(ctx.t('meeting.attend.done', { title: m.title }));
      ctx.toast(ctx.t('meeting.attend.toast'));
    },
  },
};
