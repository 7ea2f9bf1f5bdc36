import { getCommittee } from '../db/queries/committees.js';
import type { Command, Ctx } from '../src/core/command.js';
import { formatDateTime } from '../src/core/i18n.js';
import { redeemInvite } from '../src/domain/invites.js';
import { redeemGuestCode } from '../src/domain/guests.js';
import { renoticeUpcoming } from '../src/domain/meetings.js';
import type { Member } from '../src/domain/members.js';

function greet(ctx: Ctx, key: 'start.bound' | 'start.already_bound', member: Member): void {
  const committee = getCommittee(ctx.deps.db, member.committeeId);
  ctx.reply(ctx.t(key, { name: member.name, role: ctx.t(`role.${member.role}`), committee: committee?.name ?? '' }));
}

/** `/start CODE` (or a bare code, routed here) binds this chat to the member the invite is for. */
export const startCommand: Command = {
  name: 'start',
  descriptionKey: 'cmd.start.description',
  access: 'anyone',
  run(ctx, args) {
    const code = args.split(/\s+/)[0] ?? '';
    if (!code) {
      if (ctx.member) greet(ctx, 'start.already_bound', ctx.member);
      else ctx.reply(ctx.t('start.need_code'));
      return;
    }
    // A substitute's one-meeting code first: looking it up has no side effects, while a wrong
    // member code counts towards the lock-out.
    const guest = redeemGuestCode(ctx.deps, ctx.sender, code);
    if (guest.ok) {
      ctx.reply(ctx.t('guest.welcome', { name: guest.guest.name, member: guest.forName, title: guest.meeting.title }));
      return;
    }
    if (guest.reason !== 'unknown') {
      ctx.reply(ctx.t(`invite.${guest.reason}`));
      return;
    }
    const result = redeemInvite(ctx.deps, ctx.sender, code);
    if (result.ok) {
      greet(ctx, result.alreadyBound ? 'start.already_bound' : 'start.bound', result.member);
      // Meetings announced before this member bound an account: their notices go out now.
      if (!result.alreadyBound) renoticeUpcoming(ctx.deps, result.member);
      return;
    }
    if (result.reason === 'throttled') {
      ctx.reply(ctx.t('invite.throttled', { time: formatDateTime(result.retryAt ?? ctx.now, ctx.locale) }));
    } else if (result.reason === 'bound_to_other') {
      ctx.reply(ctx.t('start.bound_to_other'));
    } else {
      ctx.reply(ctx.t(`invite.${result.reason}`));
    }
  },
};
