import type { Command } from '../src/core/command.js';

/** `/cancel` ends a guided dialog. (Any other command ends it too; the router does that.) */
export const cancelCommand: Command = {
  name: 'cancel',
  descriptionKey: 'cmd.cancel.description',
  access: 'anyone',
  run(ctx) {
    // The router already cleared the dialog before running a command; say so plainly.
    ctx.reply(ctx.t('cancel.done'));
  },
};
