import { encodeAction } from '../src/core/actions.js';
import type { Command, Ctx } from '../src/core/command.js';
import { DomainError } from '../src/core/errors.js';
import { formatDateTime, raw } from '../src/core/i18n.js';
import { parseLocalDateTime } from '../src/core/parse-time.js';
import { MEETING_BODIES, type MeetingBody } from '../db/schema/meetings.js';
import { committeeSettings, requireCommittee } from '../src/domain/committees.js';
import { attendeesOf } from '../db/queries/meetings.js';
import { cancelMeeting, requireMeeting, rescheduleMeeting, scheduleMeeting } from '../src/domain/meetings.js';

interface Draft {
  title?: string;
  startsAt?: number;
  body?: MeetingBody;
  place?: string;
}

function parseTime(text: string): number {
  const at = parseLocalDateTime(text);
  if (at === undefined) throw new DomainError('meeting.bad_time', 'meeting.error.time');
  return at;
}

function askBody(ctx: Ctx) {
  const settings = committeeSettings(requireCommittee(ctx.deps, ctx.member!.committeeId));
  const bodies = MEETING_BODIES.filter((b) => settings.bodies[b].exists);
  ctx.reply({
    text: ctx.t('meeting.dialog.body'),
    buttons: bodies.map((b) => [{ label: ctx.locale === 'vi' ? settings.bodies[b].nameVi : settings.bodies[b].nameEn, action: encodeAction('mtgbody', b) }]),
  });
}

function summary(ctx: Ctx, d: Draft): string {
  const place = d.place && /^https?:\/\//.test(d.place) ? ctx.t('meeting.fact.link', { link: d.place }) : d.place ? ctx.t('meeting.fact.place', { place: d.place }) : '';
  return [ctx.t('meeting.fact.time', { time: formatDateTime(d.startsAt!, ctx.locale) }), ctx.t(`body.${d.body ?? 'full'}`), place].filter(Boolean).join('\n');
}

/**
 * `/meeting` for the secretariat: a guided dialog (title → time → body → place → confirm), or
 * `/meeting move <id> <time>` and `/meeting cancel <id> <reason>` in one line.
 */
export const meetingCommand: Command = {
  name: 'meeting',
  descriptionKey: 'cmd.meeting.description',
  access: 'meetings.manage',
  run(ctx, args) {
    const actor = `member:${ctx.member!.id}`;
    const [sub, id, ...rest] = args.split(/\s+/);
    if (sub === 'move' || sub === 'cancel') {
      const meeting = requireMeeting(ctx.deps, Number(id));
      if (meeting.committeeId !== ctx.member!.committeeId) throw new DomainError('meeting.not_found', 'meeting.error.not_found', { id: String(id) });
      if (sub === 'move') {
        const moved = rescheduleMeeting(ctx.deps, meeting.id, parseTime(rest.join(' ')), actor);
        ctx.reply(ctx.t('meeting.moved.done', { id: moved.id, time: formatDateTime(moved.startsAt, ctx.locale) }));
      } else {
        cancelMeeting(ctx.deps, meeting.id, rest.join(' '), actor);
        ctx.reply(ctx.t('meeting.cancel.done', { id: meeting.id }));
      }
      return;
    }
    if (args) {
      ctx.reply(ctx.t('meeting.usage'));
      return;
    }
    ctx.dialog.set('title', {});
    ctx.reply(ctx.t('meeting.dialog.title'));
  },
  onText(ctx, text, state) {
    const d = state.data as Draft;
    switch (state.step) {
      case 'title': {
        const title = text.trim();
        if (!title || title.length > 300) throw new DomainError('meeting.bad_title', 'meeting.error.title');
        ctx.dialog.set('time', { ...d, title });
        ctx.reply(ctx.t('meeting.dialog.time'));
        return;
      }
      case 'time': {
        const startsAt = parseTime(text);
        if (startsAt <= ctx.now) throw new DomainError('meeting.in_past', 'meeting.error.in_past');
        ctx.dialog.set('body', { ...d, startsAt });
        askBody(ctx);
        return;
      }
      case 'place': {
        const place = text.trim() === '-' ? undefined : text.trim().slice(0, 300);
        const next = { ...d, ...(place ? { place } : {}) };
        ctx.dialog.set('confirm', next);
        ctx.reply({
          text: ctx.t('meeting.dialog.confirm', { title: next.title!, facts: raw(summary(ctx, next)) }),
          buttons: [[{ label: ctx.t('meeting.dialog.button.create'), action: encodeAction('mtgok') }, { label: ctx.t('meeting.dialog.button.cancel'), action: encodeAction('mtgno') }]],
        });
        return;
      }
      default:
        // Waiting for a button: repeat the question rather than guess.
        if (state.step === 'body') askBody(ctx);
        else ctx.reply(ctx.t('meeting.usage'));
    }
  },
  actions: {
    mtgbody(ctx, [body]) {
      const state = ctx.dialog.current();
      if (!state || state.command !== 'meeting' || state.step !== 'body') {
        ctx.toast(ctx.t('meeting.dialog.expired'), true);
        return;
      }
      if (!MEETING_BODIES.includes(body as MeetingBody)) throw new DomainError('meeting.no_body', 'meeting.error.no_body', { body: String(body) });
      ctx.dialog.set('place', { ...state.data, body });
      ctx.reply(ctx.t('meeting.dialog.place'));
    },
    mtgok(ctx) {
      const state = ctx.dialog.current();
      if (!state || state.command !== 'meeting' || state.step !== 'confirm') {
        ctx.toast(ctx.t('meeting.dialog.expired'), true);
        ctx.reply(ctx.t('meeting.dialog.expired'));
        return;
      }
      const d = state.data as Draft;
      const isLink = d.place !== undefined && /^https?:\/\//.test(d.place);
      const meeting = scheduleMeeting(
        ctx.deps,
        {
          committeeId: ctx.member!.committeeId,
          title: d.title!,
          startsAt: d.startsAt!,
          body: d.body ?? 'full',
          ...(d.place && !isLink ? { location: d.place } : {}),
          ...(d.place && isLink ? { onlineLink: d.place } : {}),
        },
        `member:${ctx.member!.id}`,
      );
      ctx.dialog.end();
      ctx.reply(ctx.t('meeting.dialog.created', { id: meeting.id, count: attendeesOf(ctx.deps.db, meeting.id).length }));
    },
    mtgno(ctx) {
      ctx.dialog.end();
      ctx.reply(ctx.t('meeting.dialog.cancelled'));
    },
  },
};
