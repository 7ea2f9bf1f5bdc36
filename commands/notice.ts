import { getChatState, setChatState } from '../db/queries/chat-state.js';
import { encodeAction } from '../src/core/actions.js';
import type { Command, Ctx } from '../src/core/command.js';
import { DomainError } from '../src/core/errors.js';
import { formatDateTime } from '../src/core/i18n.js';
import { parseLocalDateTime } from '../src/core/parse-time.js';
import { randomToken } from '../src/core/random.js';
import { MEETING_BODIES } from '../db/schema/meetings.js';
import { audienceMembers, MAX_NOTICE_TEXT, parseAudience, sendNotice } from '../src/domain/notices.js';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

interface Draft {
  audience: string;
  /** Names this draft's "send" button, so a second press of it can be told apart (SENT below). */
  nonce?: string;
  text?: string;
  file?: { fileId: string; name: string };
  ack?: boolean;
  sendAt?: number;
}

function recipientCount(ctx: Ctx, audience: string): number {
  return audienceMembers(ctx.deps, ctx.member!.committeeId, parseAudience(audience)).filter((m) => m.id !== ctx.member!.id).length;
}

function askText(ctx: Ctx, audience: string) {
  const n = recipientCount(ctx, audience);
  if (n === 0) throw new DomainError('notice.nobody', 'notice.error.nobody');
  ctx.dialog.set('text', { audience });
  ctx.reply(ctx.t('notice.ask.text', { n }));
}

/**
 * The chat's last sent draft (its button's nonce and the notice it became), kept a day: a second
 * press of "send" (a double tap, a number typed again) is answered "already sent" rather than
 * "session expired", which invited the secretariat to send the notice again.
 */
const SENT = 'notice-sent';
interface Sent {
  nonce: string;
  id: number;
  n: number;
}

function preview(ctx: Ctx, draftNow: Draft) {
  const d = { ...draftNow, nonce: draftNow.nonce ?? randomToken(6) };
  ctx.dialog.set('confirm', d as unknown as Record<string, unknown>);
  const n = recipientCount(ctx, d.audience);
  ctx.reply({
    text: ctx.t('notice.preview', {
      n,
      text: d.text ?? '',
      file: d.file ? `📎 ${d.file.name}` : '—',
      ack: ctx.t(d.ack ? 'notice.ack.yes' : 'notice.ack.no'),
      when: d.sendAt ? formatDateTime(d.sendAt, ctx.locale) : ctx.t('notice.now'),
    }),
    buttons: [
      [{ label: ctx.t('notice.button.send', { n }), action: encodeAction('ntok', d.nonce) }],
      [{ label: ctx.t('notice.button.later'), action: encodeAction('ntat') }, { label: ctx.t('meeting.dialog.button.cancel'), action: encodeAction('ntno') }],
    ],
  });
}

function draft(ctx: Ctx, step: string): Draft {
  const s = ctx.dialog.current();
  if (!s || s.command !== 'notice' || (step && s.step !== step)) throw new DomainError('notice.expired', 'request.dialog_expired');
  return s.data as unknown as Draft;
}

/**
 * `/notice` for the secretariat: audience (everyone, a role, a body, an agency, or member
 * numbers) → text → an optional file → whether to ask for acknowledgement → preview with the
 * recipient count → send now or at a set time.
 */
export const noticeCommand: Command = {
  name: 'notice',
  descriptionKey: 'cmd.notice.description',
  access: 'notices.send',
  run(ctx, args) {
    if (args) return askText(ctx, parseAudience(args) && args.trim());
    ctx.dialog.set('audience', {});
    ctx.reply({
      text: ctx.t('notice.ask.audience'),
      buttons: [
        [{ label: ctx.t('notice.audience.all'), action: encodeAction('nta', 'all') }],
        ...MEETING_BODIES.filter((b) => b !== 'full').map((b) => [{ label: ctx.t(`body.${b}`), action: encodeAction('nta', `body.${b}`) }]),
        [{ label: ctx.t('role.member'), action: encodeAction('nta', 'role.member') }],
      ],
    });
  },
  onText(ctx, text, state) {
    const d = state.data as unknown as Draft;
    switch (state.step) {
      case 'audience':
        // Typed: "agency:Sở Tài chính", "members:3,5,8", "role:vice_chair".
        return askText(ctx, parseAudience(text) && text.trim());
      case 'text': {
        if (!text) throw new DomainError('notice.empty', 'notice.error.empty');
        if (text.length > MAX_NOTICE_TEXT) throw new DomainError('notice.too_long', 'notice.error.too_long', { max: MAX_NOTICE_TEXT });
        ctx.dialog.set('file', { ...d, text });
        ctx.reply({ text: ctx.t('notice.ask.file'), buttons: [[{ label: ctx.t('notice.button.no_file'), action: encodeAction('ntf') }]] });
        return;
      }
      case 'at': {
        const at = parseLocalDateTime(text);
        if (at === undefined) throw new DomainError('meeting.bad_time', 'meeting.error.time');
        if (at <= ctx.now) throw new DomainError('notice.in_past', 'notice.error.in_past');
        return preview(ctx, { ...d, sendAt: at });
      }
      default:
        ctx.reply(ctx.t('absent.press_button'));
    }
  },
  onFile(ctx, file, state) {
    if (state.step !== 'file') return ctx.reply(ctx.t('error.unexpected_file'));
    if ((file.size ?? 0) > MAX_FILE_BYTES) throw new DomainError('notice.big_file', 'request.error.big_file', { mb: 20 });
    const d = { ...(state.data as unknown as Draft), file: { fileId: file.fileId, name: file.name } };
    ctx.dialog.set('ack', d as unknown as Record<string, unknown>);
    askAck(ctx);
  },
  actions: {
    nta: (ctx, [value]) => askText(ctx, String(value).replace('.', ':')),
    ntf(ctx) {
      ctx.dialog.set('ack', draft(ctx, 'file') as unknown as Record<string, unknown>);
      askAck(ctx);
    },
    ntk(ctx, [yes]) {
      preview(ctx, { ...draft(ctx, 'ack'), ack: yes === '1' });
    },
    ntat(ctx) {
      ctx.dialog.set('at', draft(ctx, 'confirm') as unknown as Record<string, unknown>);
      ctx.reply(ctx.t('notice.ask.at'));
    },
    ntok(ctx, [nonce]) {
      const open = ctx.dialog.current();
      if (nonce && !(open?.command === 'notice' && open.step === 'confirm')) {
        const sent = getChatState<Sent>(ctx.deps.db, ctx.sender.address, SENT, ctx.now);
        if (sent?.nonce === nonce) return ctx.reply(ctx.t('notice.already_sent', { id: sent.id, n: sent.n }));
      }
      const d = draft(ctx, 'confirm');
      const { notice, recipients } = sendNotice(
        ctx.deps,
        {
          committeeId: ctx.member!.committeeId,
          authorId: ctx.member!.id,
          audience: parseAudience(d.audience),
          text: d.text ?? '',
          ...(d.file ? { file: { ...d.file, platform: ctx.sender.platform } } : {}),
          ackRequested: d.ack ?? false,
          ...(d.sendAt ? { sendAt: d.sendAt } : {}),
        },
        `member:${ctx.member!.id}`,
      );
      ctx.dialog.end();
      if (d.nonce) setChatState(ctx.deps.db, ctx.sender.address, SENT, { nonce: d.nonce, id: notice.id, n: recipients } satisfies Sent, ctx.now + 86_400_000);
      ctx.toast(ctx.t('notice.queued_short', { n: recipients }));
      if (notice.status === 'scheduled') ctx.reply(ctx.t('notice.scheduled', { id: notice.id, n: recipients, time: formatDateTime(notice.sendAt, ctx.locale) }));
    },
    ntno(ctx) {
      ctx.dialog.end();
      ctx.reply(ctx.t('cancel.done'));
    },
  },
};

function askAck(ctx: Ctx) {
  ctx.reply({
    text: ctx.t('notice.ask.ack'),
    buttons: [[{ label: ctx.t('notice.ack.yes'), action: encodeAction('ntk', '1') }, { label: ctx.t('notice.ack.no'), action: encodeAction('ntk', '0') }]],
  });
}

