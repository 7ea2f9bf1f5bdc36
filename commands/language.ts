import { encodeAction } from '../src/core/actions.js';
import type { Command, Ctx } from '../src/core/command.js';
import { isLocale, LOCALES } from '../src/core/i18n.js';
import { changeLanguage } from '../src/domain/members.js';

function apply(ctx: Ctx, value: string): void {
  const locale = value.toLowerCase();
  if (!isLocale(locale)) {
    ctx.reply(ctx.t('language.bad', { value }));
    return;
  }
  changeLanguage(ctx.deps, ctx.member!, locale, `member:${ctx.member!.id}`);
  // Answer in the language just chosen.
  const t = ctx.deps.i18n.t(locale);
  ctx.reply(t('language.set'));
  ctx.toast(t('language.set'));
}

/** `/language [vi|en]`: without an argument, offers both as buttons. */
export const languageCommand: Command = {
  name: 'language',
  descriptionKey: 'cmd.language.description',
  access: 'member',
  run(ctx, args) {
    if (args) return apply(ctx, args);
    ctx.reply({
      text: ctx.t('language.choose'),
      buttons: [LOCALES.map((l) => ({ label: ctx.t(`language.name.${l}`), action: encodeAction('lang', l) }))],
    });
  },
  actions: {
    lang: (ctx, [value]) => apply(ctx, value ?? ''),
  },
};

