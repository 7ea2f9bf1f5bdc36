import type { Command } from '../src/core/command.js';
import { acknowledgeNotice } from '../src/domain/notices.js';

/**
 * The "received" button under a notice. Every member may press it, while /notice itself is the
 * secretariat's: so it has its own (hidden) owner with member access.
 */
export const acknowledgeCommand: Command = {
  name: 'acknowledge',
  descriptionKey: 'cmd.acknowledge.description',
  access: 'member',
  hidden: true,
  run(ctx) {
    ctx.reply(ctx.t('notice.ack.usage'));
  },
  actions: {
    nack(ctx, [id]) {
      const first = acknowledgeNotice(ctx.deps, Number(id), ctx.member!.id);
      ctx.toast(ctx.t(first ? 'notice.acked' : 'notice.acked_before'));
      if (first) ctx.reply(ctx.t('notice.acked'));
    },
  },
};
