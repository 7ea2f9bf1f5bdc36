import type { Command, Registry } from '../src/core/command.js';
import { can } from '../src/domain/permissions.js';
import type { MemberRole } from '../src/domain/members.js';

/** The commands a role may use, in registry order: what /help lists and the menu shows. */
export function commandsFor(registry: Registry, role: MemberRole | undefined): Command[] {
  return registry.commands.filter((c) => {
    if (c.hidden) return false;
    if (c.access === 'anyone') return true;
    if (!role) return false;
    return c.access === 'member' || can(role, c.access);
  });
}

/** `/help`: what this member's role may do (strangers learn how to bind their account). */
export function createHelpCommand(registry: () => Registry): Command {
  return {
    name: 'help',
    descriptionKey: 'cmd.help.description',
    access: 'anyone',
    run(ctx) {
      const m = ctx.member;
      if (!m) {
        ctx.reply(ctx.t('help.stranger'));
        return;
      }
      const lines = commandsFor(registry(), m.role)
        .filter((c) => c.name !== 'start')
        .map((c) => `/${c.name} – ${ctx.t(c.descriptionKey)}`);
      ctx.reply(`${ctx.t('help.title', { name: m.name, role: ctx.t(`role.${m.role}`) })}\n${lines.join('\n')}\n\n${ctx.t('help.footer')}`);
    },
  };
}
