import { encodeAction } from '../src/core/actions.js';
import type { Command, Ctx, DialogState } from '../src/core/command.js';
import { DomainError } from '../src/core/errors.js';
import { committeeSettings, requireCommittee } from '../src/domain/committees.js';
import { describeSetting } from '../src/domain/presets/index.js';
import { assertMeetingIsOpen, requestAbsence } from '../src/domain/requests.js';
import { chooseMeeting, confirmSent, meetingIdOf } from './request-helpers.js';

const ALLOWED_OPINION = /\.(pdf|docx?|odt|jpe?g|png)$/i;
const MAX_OPINION_BYTES = 10 * 1024 * 1024;

interface Draft {
  meetingId: number;
  name?: string;
  title?: string;
  agency?: string;
  contact?: string;
  opinionText?: string;
  opinionFile?: { fileId: string; name: string; platform: string };
}

const STEPS = ['name', 'title', 'agency', 'contact'] as const;

function start(ctx: Ctx, meetingId: number) {
  assertMeetingIsOpen(ctx.deps, meetingId, ctx.member!.id);
  const settings = committeeSettings(requireCommittee(ctx.deps, ctx.member!.committeeId));
  if (!settings.substitute.allowed.value) throw new DomainError('request.no_substitutes', 'request.error.no_substitutes');
  ctx.dialog.set('name', { meetingId });
  ctx.reply(ctx.t('delegate.ask.name'));
}

function opinionRequired(ctx: Ctx) {
  return committeeSettings(requireCommittee(ctx.deps, ctx.member!.committeeId)).substitute.requiresWrittenOpinion;
}

function askOpinionOrConfirm(ctx: Ctx, d: Draft) {
  const rule = opinionRequired(ctx);
  if (rule.value && !d.opinionText && !d.opinionFile) {
    ctx.dialog.set('opinion', d as unknown as Record<string, unknown>);
    ctx.reply(ctx.t('delegate.ask.opinion', { rule: describeSetting(rule, ctx.locale) }));
    return;
  }
  ctx.dialog.set('confirm', d as unknown as Record<string, unknown>);
  ctx.reply({
    text: ctx.t('delegate.confirm', {
      id: d.meetingId,
      name: d.name ?? '',
      details: [d.title, d.agency, d.contact].filter(Boolean).join(', '),
      opinion: d.opinionFile ? `📎 ${d.opinionFile.name}` : (d.opinionText ?? '—'),
    }),
    buttons: [[{ label: ctx.t('request.button.send'), action: encodeAction('dgok') }, { label: ctx.t('meeting.dialog.button.cancel'), action: encodeAction('dgno') }]],
  });
}

/**
 * `/delegate`: choose a meeting → the substitute's name, title, agency, phone or chat handle →
 * a written opinion (text or file) where the regulation requires one (Bắc Giang Đ.6.4, Hải Phòng
 * Đ.5.5, Bộ KH&CN Đ.6.5) → confirm. `/delegate <meeting>` skips the first step.
 */
export const delegateCommand: Command = {
  name: 'delegate',
  descriptionKey: 'cmd.delegate.description',
  access: 'absence.request',
  run(ctx, args) {
    const id = args.split(/\s+/).filter(Boolean)[0];
    if (!id) return chooseMeeting(ctx, 'dgm', 'delegate.choose');
    start(ctx, meetingIdOf(id));
  },
  onText(ctx, text, state: DialogState) {
    const d = state.data as unknown as Draft;
    const value = text === '-' ? undefined : text.slice(0, 200);
    const i = STEPS.indexOf(state.step as (typeof STEPS)[number]);
    if (i >= 0) {
      if (state.step === 'name' && !value) throw new DomainError('request.no_substitute', 'request.error.no_substitute');
      const next = { ...d, ...(value ? { [state.step]: value } : {}) };
      const following = STEPS[i + 1];
      if (following) {
        ctx.dialog.set(following, next as unknown as Record<string, unknown>);
        ctx.reply(ctx.t(`delegate.ask.${following}`));
      } else askOpinionOrConfirm(ctx, next);
      return;
    }
    if (state.step === 'opinion') {
      // "-" skips the optional steps; the written opinion the regulation requires is not optional.
      if (!text || text === '-') {
        throw new DomainError('request.no_opinion', 'request.error.no_opinion', { article: opinionRequired(ctx).article ?? '' });
      }
      askOpinionOrConfirm(ctx, { ...d, opinionText: text.slice(0, 4000) });
      return;
    }
    ctx.reply(ctx.t('absent.press_button'));
  },
  onFile(ctx, file, state) {
    if (state.step !== 'opinion') return ctx.reply(ctx.t('error.unexpected_file'));
    if (!ALLOWED_OPINION.test(file.name)) throw new DomainError('request.bad_file', 'request.error.bad_file');
    if ((file.size ?? 0) > MAX_OPINION_BYTES) throw new DomainError('request.big_file', 'request.error.big_file', { mb: 10 });
    askOpinionOrConfirm(ctx, { ...(state.data as unknown as Draft), opinionFile: { fileId: file.fileId, name: file.name, platform: ctx.sender.platform } });
  },
  actions: {
    dgm: (ctx, [id]) => start(ctx, meetingIdOf(id)),
    dgok(ctx) {
      const state = ctx.dialog.current();
      if (!state || state.command !== 'delegate' || state.step !== 'confirm') {
        ctx.toast(ctx.t('request.dialog_expired'), true);
        return;
      }
      const d = state.data as unknown as Draft;
      const r = requestAbsence(ctx.deps, ctx.member!.id, {
        meetingId: d.meetingId,
        kind: 'substitute',
        substitute: { name: d.name ?? '', ...(d.title ? { title: d.title } : {}), ...(d.agency ? { agency: d.agency } : {}), ...(d.contact ? { contact: d.contact } : {}) },
        opinion: { ...(d.opinionText ? { text: d.opinionText } : {}), ...(d.opinionFile ? { file: d.opinionFile } : {}) },
      });
      confirmSent(ctx, r);
      ctx.toast(ctx.t('request.sent_short'));
    },
    dgno(ctx) {
      ctx.dialog.end();
      ctx.reply(ctx.t('cancel.done'));
    },
  },
};
