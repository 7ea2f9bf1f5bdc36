import { DateTime } from 'luxon';
import { attendeesOf } from '../../db/queries/meetings.js';
import { MEETING_BODIES, type MeetingBody } from '../../db/schema/meetings.js';
import { VN_ZONE } from '../core/clock.js';
import { formatDateTime } from '../core/i18n.js';
import { parseLocalDateTime } from '../core/parse-time.js';
import { scheduleMeeting } from '../domain/meetings.js';
import { describeSetting } from '../domain/presets/index.js';
import { requireInt, requireOneOf, requireText, UsageError, type CliContext } from './context.js';

export function parseInstant(value: string, flag: string): number {
  const at = parseLocalDateTime(value);
  if (at === undefined) throw new UsageError('cli.error.not_datetime', { flag, value });
  return at;
}

const iso = (ms: number | null) => (ms == null ? null : DateTime.fromMillis(ms, { zone: VN_ZONE }).toISO());

/**
 * The article a documents deadline comes from: as the regulation writes it in Vietnamese
 * ("Điều 10.4"), cited in English ("under Art. 10.4 of the regulation") otherwise.
 */
function citation(ctx: CliContext, article: string | null): string {
  if (article === null) return ctx.plain('cli.meeting.default_rule');
  return ctx.locale === 'vi' ? article : describeSetting({ article, source: 'preset' }, ctx.locale);
}

export function meetingCreate(ctx: CliContext, flags: Record<string, string | undefined>): void {
  const body = requireOneOf<MeetingBody>(flags.body ?? 'full', 'body', MEETING_BODIES);
  const attendeeIds = flags.attendees?.split(',').map((s) => requireInt(s.trim(), 'attendees'));
  const meeting = scheduleMeeting(
    ctx.deps,
    {
      committeeId: requireInt(flags.committee, 'committee'),
      title: requireText(flags.title, 'title'),
      startsAt: parseInstant(requireText(flags['starts-at'], 'starts-at'), 'starts-at'),
      body,
      ...(flags.presider !== undefined ? { presiderId: requireInt(flags.presider, 'presider') } : {}),
      ...(attendeeIds ? { attendeeIds } : {}),
      ...(flags.location ? { location: flags.location } : {}),
      ...(flags.link ? { onlineLink: flags.link } : {}),
    },
    'cli',
  );
  const rule = meeting.documentsRule ? (JSON.parse(meeting.documentsRule) as { rule: string; article: string | null }) : undefined;
  const count = attendeesOf(ctx.deps.db, meeting.id).length;
  ctx.out(
    [
      ctx.plain('cli.meeting.created', { id: meeting.id, title: meeting.title, startsAt: formatDateTime(meeting.startsAt, ctx.locale), count }),
      meeting.documentsDueAt
        ? ctx.plain('cli.meeting.documents_due', { dueAt: formatDateTime(meeting.documentsDueAt, ctx.locale), rule: citation(ctx, rule?.article ?? null) })
        : ctx.plain('cli.meeting.no_documents_rule'),
    ].join('\n'),
    { id: meeting.id, documentsDueAt: iso(meeting.documentsDueAt), documentsRule: rule ?? null, startsAt: iso(meeting.startsAt), attendees: count },
  );
}
