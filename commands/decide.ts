import { getMember } from '../db/queries/members.js';
import type { Command, Ctx } from '../src/core/command.js';
import { DomainError } from '../src/core/errors.js';
import { formatDateTime } from '../src/core/i18n.js';
import { decideRequest, MAX_REASON, requireRequest, withdrawRequest, type DecideOutcome } from '../src/domain/requests.js';

function answer(ctx: Ctx, out: DecideOutcome, typed = false): void {
  if (out.ok) {
    const text = ctx.t(`request.decided.${out.request.status}`, { id: out.request.id });
    ctx.toast(text);
    // A press is answered by its toast and by the card itself, which becomes the resolved card
    // (every copy, settle()): a chat message on top would be one more line per decision in the
    // chair's chat, and one more send of Telegram's 1 a second per chat. Where there is no
    // toast (console, Zalo) the resolved card arrives as a message of its own. A typed reason
    // answers no card press, so it is answered in the chat.
    if (typed) ctx.reply(text);
    return;
  }
  // A double tap, a second approver, a redelivered press: nothing changes, and they are told why.
  const r = out.request;
  const by = r.decidedBy ? getMember(ctx.deps.db, r.decidedBy)?.name : undefined;
  const params = { id: r.id, status: ctx.t(`request.status.${r.status}`), by, time: r.decidedAt ? formatDateTime(r.decidedAt, ctx.locale) : '' };
  // Decided by someone (approved, rejected), or settled by itself (withdrawn, expired).
  const text = ctx.t(by ? 'request.already' : 'request.already_settled', params);
  ctx.toast(text, true);
  // A typed reason has no toast to carry the answer.
  if (typed) ctx.reply(text);
}

/**
 * The approval card's buttons (`rq:<id>:a|r|rr:<nonce>`) and the requester's withdraw button.
 * Not a typed command: the payload's nonce must match, and the domain re-checks who presses.
 */
export const decideCommand: Command = {
  name: 'decide',
  descriptionKey: 'cmd.decide.description',
  access: 'member',
  hidden: true,
  run(ctx) {
    ctx.reply(ctx.t('decide.usage'));
  },
  onText(ctx, text, state) {
    if (state.step !== 'reason') return;
    if (!text) throw new DomainError('request.no_reason', 'request.error.no_reason');
    if (text.length > MAX_REASON) throw new DomainError('request.too_long', 'request.error.too_long', { max: MAX_REASON });
    ctx.dialog.end();
    answer(ctx, decideRequest(ctx.deps, Number(state.data.requestId), ctx.member!.id, 'reject', text), true);
  },
  actions: {
    rq(ctx, [id, verb, nonce]) {
      const r = requireRequest(ctx.deps, Number(id));
      // A payload typed or replayed by hand without the card's nonce decides nothing.
      if (!nonce || nonce !== r.nonce) throw new DomainError('request.forged', 'request.error.forged');
      if (verb === 'a' || verb === 'r') return answer(ctx, decideRequest(ctx.deps, r, ctx.member!.id, verb === 'a' ? 'approve' : 'reject'));
      if (verb === 'rr') {
        if (!r.approverChain.includes(ctx.member!.id)) throw new DomainError('request.not_approver', 'request.error.not_approver');
        if (r.status !== 'pending') return answer(ctx, { ok: false, reason: 'already', request: r });
        ctx.dialog.set('reason', { requestId: r.id });
        ctx.reply(ctx.t('request.ask_reject_reason', { id: r.id }));
        ctx.toast(ctx.t('request.ask_reject_reason_short'));
        return;
      }
      throw new DomainError('request.forged', 'request.error.forged');
    },
    rqw(ctx, [id]) {
      const r = withdrawRequest(ctx.deps, Number(id), ctx.member!.id);
      ctx.reply(ctx.t('request.withdrawn', { id: r.id }));
      ctx.toast(ctx.t('request.withdrawn', { id: r.id }));
    },
  },
};
