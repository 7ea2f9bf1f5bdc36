import { DateTime } from 'luxon';
import { VN_ZONE } from '../core/clock.js';
import { formatDateTime } from '../core/i18n.js';
import { atomic } from '../../db/client.js';
import { fanOutNotices, noticeStatus, parseAudience, sendNotice } from '../domain/notices.js';
import { parseInstant } from './meeting.js';
import { requireInt, requireText, type CliContext } from './context.js';

export function noticeSend(ctx: CliContext, flags: Record<string, string | undefined>): void {
  const sendAt = flags.at !== undefined ? parseInstant(flags.at, 'at') : undefined;
  const { notice, recipients } = sendNotice(
    ctx.deps,
    {
      committeeId: requireInt(flags.committee, 'committee'),
      authorId: null,
      audience: parseAudience(flags.to ?? 'all'),
      text: requireText(flags.text, 'text'),
      ...(sendAt !== undefined ? { sendAt } : {}),
    },
    'cli',
  );
  // A one-off process: it queues every copy itself rather than leave the rest to the bot. The
  // notice is saved already; if this fails, the bot or the next `tick` queues the rest.
  let later = false;
  try {
    while (atomic(ctx.deps.db, () => fanOutNotices(ctx.deps), 'immediate').more);
  } catch (err) {
    ctx.deps.log.warn({ err, notice: notice.id }, 'notice fan-out stopped; the bot or the next tick finishes it');
    later = true;
  }
  const queued = ctx.plain('cli.notice.queued', { id: notice.id, count: recipients, sendAt: formatDateTime(notice.sendAt, ctx.locale) });
  ctx.out(later ? `${queued}\n${ctx.plain('cli.notice.fan_out_later')}` : queued, {
    id: notice.id,
    recipients,
    sendAt: DateTime.fromMillis(notice.sendAt, { zone: VN_ZONE }).toISO(),
    ...(later ? { allQueued: false } : {}),
  });
}

export function noticeStatusCmd(ctx: CliContext, flags: Record<string, string | undefined>): void {
  const s = noticeStatus(ctx.deps, requireInt(flags.id, 'id'));
  const lines = [ctx.plain('cli.notice.status', { sent: s.sent, recipients: s.recipients, failed: s.failed, unreachable: s.unreachable, pending: s.pending, acks: s.acks })];
  for (const u of s.unreached) lines.push(`  #${u.memberId ?? ''} ${u.name}: ${ctx.t(`notice.reason.${u.reason}`)}`);
  ctx.out(lines.join('\n'), s as unknown as object);
}
