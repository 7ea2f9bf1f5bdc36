import { createInvite, telegramLink } from '../domain/invites.js';
import { listMembers } from '../domain/members.js';
import { requireCommittee } from '../domain/committees.js';
import { formatDateTime } from '../core/i18n.js';
import { requireInt, UsageError, type CliContext } from './context.js';

export function inviteCreate(ctx: CliContext, flags: Record<string, string | undefined>): void {
  if (flags.member !== undefined && flags.committee !== undefined) throw new UsageError('cli.error.member_and_committee');
  if (flags.member !== undefined) {
    const memberId = requireInt(flags.member, 'member');
    const username = ctx.deps.telegramUsername();
    const inv = createInvite(ctx.deps, memberId, 'cli');
    const link = telegramLink(username, inv.code);
    ctx.out(
      ctx.plain('cli.invite.created', { id: inv.memberId, code: inv.code, link: link ?? ctx.plain('cli.invite.no_username'), expires: formatDateTime(inv.expiresAt, ctx.locale) }),
      { memberId: inv.memberId, code: inv.code, telegramLink: link, expiresAt: new Date(inv.expiresAt).toISOString() },
    );
    return;
  }
  if (flags.committee !== undefined) {
    const committeeId = requireInt(flags.committee, 'committee');
    requireCommittee(ctx.deps, committeeId);
    const username = ctx.deps.telegramUsername();
    const unbound = listMembers(ctx.deps, committeeId).filter((m) => m.active && m.accounts.every((a) => a.platform === 'console'));
    const invites = unbound.map((m) => {
      const inv = createInvite(ctx.deps, m.id, 'cli');
      return { memberId: m.id, name: m.name, code: inv.code, telegramLink: telegramLink(username, inv.code), expiresAt: new Date(inv.expiresAt).toISOString() };
    });
    const human = invites.map((i) => `#${i.memberId}\t${i.name}\t${i.code}\t${i.telegramLink ?? ''}`).join('\n');
    ctx.out(human ? `${human}${username ? '' : `\n${ctx.plain('cli.invite.no_username')}`}` : ctx.plain('cli.invite.all_linked'), { invites });
    return;
  }
  throw new UsageError('cli.error.member_or_committee');
}
