import { DateTime } from 'luxon';
import { VN_ZONE } from '../core/clock.js';
import { formatDateTime } from '../core/i18n.js';
import { requireCommittee } from '../domain/committees.js';
import { reportStatusBoard } from '../domain/reports.js';
import { requireInt, writeOrFail, type CliContext } from './context.js';
import { parseInstant } from './meeting.js';
import { reportName, statusLabel, writeBoardXlsx } from './reports-xlsx.js';

const iso = (ms: number | null) => (ms == null ? null : DateTime.fromMillis(ms, { zone: VN_ZONE }).toISO());

/**
 * `reports --committee C [--period P] [--now ISO] [--xlsx FILE] [--json]`: the report status board
 * (DESIGN.md contract `{"items":[{"memberId","period","dueAt","status"}]}`). Without a period:
 * the open obligations; `--period 2026-Q1 | 2026-H1 | meeting:12` one period; `--period 2026`
 * every period of that year.
 */
export async function reportsCli(ctx: CliContext, flags: Record<string, string | undefined>): Promise<void> {
  const committeeId = requireInt(flags.committee, 'committee');
  const now = flags.now !== undefined ? parseInstant(flags.now, 'now') : ctx.deps.clock.now();
  const committee = requireCommittee(ctx.deps, committeeId);
  const items = reportStatusBoard(ctx.deps, committeeId, flags.period, now);
  const xlsx = flags.xlsx;
  if (xlsx) await writeOrFail(ctx, xlsx, () => writeBoardXlsx(xlsx, items, ctx.t, ctx.locale, committee.name));
  const human = items.length
    ? items.map((i) =>
        ctx.plain('cli.reports.row', {
          id: i.memberId,
          member: i.agency ? `${i.name} (${i.agency})` : i.name,
          report: reportName(i, ctx.locale),
          period: i.period,
          dueAt: formatDateTime(i.dueAt, ctx.locale),
          status: statusLabel(ctx.t, i.status),
          receipt: i.receipt ? ` ${i.receipt}` : '',
        }),
      )
    : [ctx.plain('cli.reports.none')];
  if (flags.xlsx) human.push(ctx.plain('cli.reports.xlsx_written', { file: flags.xlsx }));
  ctx.out(human.join('\n'), {
    committeeId,
    period: flags.period ?? null,
    items: items.map((i) => ({
      memberId: i.memberId,
      name: i.name,
      agency: i.agency,
      owner: i.owner,
      ruleId: i.ruleId,
      report: i.ruleNameVi,
      article: i.article,
      period: i.period,
      dueAt: iso(i.dueAt),
      status: i.status,
      lateWorkingDays: i.lateWorkingDays,
      submittedAt: iso(i.submittedAt),
      receipt: i.receipt,
    })),
    ...(flags.xlsx ? { xlsx: flags.xlsx } : {}),
  });
}
