import { DateTime } from 'luxon';
import { VN_ZONE } from '../core/clock.js';
import { formatDateTime } from '../core/i18n.js';
import { stripMarkup } from '../core/markup.js';
import { attendanceOf, type Attendance, type RequestView } from '../domain/attendance.js';
import { attendanceGroups, forecastLines } from '../domain/attendance-messages.js';
import { writeAttendanceXlsx } from './attendance-xlsx.js';
import { requireInt, writeOrFail, type CliContext } from './context.js';

const iso = (ms: number | null) => (ms == null ? null : DateTime.fromMillis(ms, { zone: VN_ZONE }).toISO());

function requestJson(r: RequestView) {
  return {
    id: r.id,
    memberId: r.memberId,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    substituteName: r.substituteName,
    createdAt: iso(r.createdAt),
    decidedBy: r.decidedBy,
    decidedById: r.decidedById,
    decidedAt: iso(r.decidedAt),
    decisionNote: r.decisionNote,
  };
}

/** The DESIGN.md contract `{"members":[{"memberId","status","substitute"}]}`, with everything else beside it. */
export function attendanceJson(att: Attendance) {
  const m = att.meeting;
  return {
    meeting: { id: m.id, title: m.title, startsAt: iso(m.startsAt), status: m.status, presiderId: m.presiderId, presider: att.presiderName },
    members: att.attendees.map((a) => ({
      memberId: a.memberId,
      name: a.name,
      role: a.role,
      title: a.title,
      agency: a.agency,
      status: a.status,
      substitute: a.substitute,
      request: a.request ? requestJson(a.request) : null,
    })),
    counts: att.counts,
    quorum: att.quorum,
    requests: att.requests.map(requestJson),
  };
}

/**
 * `attendance --meeting M [--json] [--xlsx FILE]`: who comes, who is excused, who sends whom, the
 * quorum forecast; the Excel file adds every request of the meeting and who decided it when.
 */
export async function attendanceCli(ctx: CliContext, flags: Record<string, string | undefined>): Promise<void> {
  const att = attendanceOf(ctx.deps, requireInt(flags.meeting, 'meeting'));
  const locale = ctx.locale;
  const xlsx = flags.xlsx;
  if (xlsx) await writeOrFail(ctx, xlsx, () => writeAttendanceXlsx(xlsx, att, ctx.t, locale));
  const human = [
    `#${att.meeting.id} ${att.meeting.title} — ${formatDateTime(att.meeting.startsAt, locale)}`,
    ...attendanceGroups(att, ctx.t),
    ...forecastLines(att.quorum, att.quorumSetting, ctx.t, locale),
    ...(flags.xlsx ? [ctx.t('attendance.xlsx.written', { file: flags.xlsx })] : []),
  ].map(stripMarkup);
  ctx.out(human.join('\n'), { ...attendanceJson(att), ...(flags.xlsx ? { xlsx: flags.xlsx } : {}) });
}
