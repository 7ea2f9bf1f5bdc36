import ExcelJS from 'exceljs';
import { formatDateTime, type Locale, type Translate } from '../core/i18n.js';
import { stripMarkup } from '../core/markup.js';
import type { Attendance, AttendanceViewStatus } from '../domain/attendance.js';
import { quorumRule } from '../domain/attendance-messages.js';

/** Excel's own "good / neutral / bad" palette, as in the report board. */
const FILL: Record<AttendanceViewStatus, string> = { confirmed: 'FFC6EFCE', substitute: 'FFDDEBF7', excused: 'FFFFEB9C', no_answer: 'FFFFC7CE' };

const when = (ms: number | null, locale: Locale) => (ms == null ? '' : formatDateTime(ms, locale));

function header(ws: ExcelJS.Worksheet, columns: number): void {
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { vertical: 'middle', wrapText: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns } };
}

/**
 * The meeting's attendance for the secretariat's files: one sheet of attendees (status and
 * substitute), one of every request with who decided it and when, and a summary with the quorum
 * forecast. Times are written as text in the committee's date style ("14h00 thứ Hai, 23/02/2026"),
 * as a record is read, not computed on.
 */
export async function writeAttendanceXlsx(path: string, att: Attendance, t: Translate, locale: Locale): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'committee-bot';
  wb.title = att.meeting.title;

  const people = wb.addWorksheet(t('attendance.xlsx.sheet_attendees'), { views: [{ state: 'frozen', ySplit: 1 }] });
  people.columns = [
    { header: t('attendance.xlsx.no'), key: 'no', width: 6 },
    { header: t('attendance.xlsx.name'), key: 'name', width: 26 },
    { header: t('attendance.xlsx.role'), key: 'role', width: 22 },
    { header: t('attendance.xlsx.title'), key: 'title', width: 28 },
    { header: t('attendance.xlsx.agency'), key: 'agency', width: 28 },
    { header: t('attendance.xlsx.status'), key: 'status', width: 18 },
    { header: t('attendance.xlsx.substitute'), key: 'sub', width: 24 },
    { header: t('attendance.xlsx.substitute_title'), key: 'subTitle', width: 24 },
    { header: t('attendance.xlsx.substitute_agency'), key: 'subAgency', width: 24 },
    { header: t('attendance.xlsx.substitute_contact'), key: 'subContact', width: 18 },
    { header: t('attendance.xlsx.substitute_bound'), key: 'subBound', width: 14 },
    { header: t('attendance.xlsx.pending'), key: 'pending', width: 22 },
  ];
  header(people, 12);
  att.attendees.forEach((a, n) => {
    const s = a.substitute;
    const row = people.addRow({
      no: n + 1,
      name: a.name,
      role: t(`role.${a.role}`),
      title: a.title ?? '',
      agency: a.agency ?? '',
      status: t(`attendance.label.${a.status}`),
      sub: s?.name ?? '',
      subTitle: s?.title ?? '',
      subAgency: s?.agency ?? '',
      subContact: s?.contact ?? '',
      subBound: s ? t(s.bound ? 'attendance.xlsx.yes' : 'attendance.xlsx.no_yet') : '',
      pending: a.request?.status === 'pending' ? `${t(`request.kind.${a.request.kind}`)} #${a.request.id}` : '',
    });
    row.getCell('status').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[a.status] } };
  });

  const reqs = wb.addWorksheet(t('attendance.xlsx.sheet_requests'), { views: [{ state: 'frozen', ySplit: 1 }] });
  reqs.columns = [
    { header: t('attendance.xlsx.request_id'), key: 'id', width: 10 },
    { header: t('attendance.xlsx.requester'), key: 'who', width: 26 },
    { header: t('attendance.xlsx.kind'), key: 'kind', width: 18 },
    { header: t('attendance.xlsx.reason'), key: 'reason', width: 40 },
    { header: t('attendance.xlsx.substitute'), key: 'sub', width: 24 },
    { header: t('attendance.xlsx.sent_at'), key: 'sent', width: 26 },
    { header: t('attendance.xlsx.request_status'), key: 'status', width: 16 },
    { header: t('attendance.xlsx.decided_by'), key: 'by', width: 26 },
    { header: t('attendance.xlsx.decided_at'), key: 'at', width: 26 },
    { header: t('attendance.xlsx.note'), key: 'note', width: 30 },
  ];
  header(reqs, 10);
  for (const r of att.requests) {
    reqs.addRow({
      id: r.id,
      who: r.memberName,
      kind: t(`request.kind.${r.kind}`),
      reason: r.reason ?? '',
      sub: r.substituteName ?? '',
      sent: when(r.createdAt, locale),
      status: t(`request.status.${r.status}`),
      by: r.decidedBy ?? '',
      at: when(r.decidedAt, locale),
      note: r.decisionNote ?? '',
    });
  }
  reqs.getColumn('reason').alignment = { wrapText: true, vertical: 'top' };

  const q = att.quorum;
  const sum = wb.addWorksheet(t('attendance.xlsx.sheet_summary'));
  sum.columns = [
    { key: 'k', width: 30 },
    { key: 'v', width: 60 },
  ];
  const verdict = q.belowQuorum ? 'attendance.verdict.below' : q.atRisk ? 'attendance.verdict.at_risk' : 'attendance.verdict.ok';
  const rows: [string, string | number][] = [
    [t('attendance.xlsx.meeting'), `#${att.meeting.id} ${att.meeting.title}`],
    [t('attendance.xlsx.time'), when(att.meeting.startsAt, locale)],
    [t('attendance.xlsx.presider'), att.presiderName],
    [t('attendance.xlsx.total'), att.counts.total],
    ...(['confirmed', 'substitute', 'excused', 'no_answer'] as const).map((s): [string, number] => [t(`attendance.label.${s}`), att.attendees.filter((a) => a.status === s).length]),
    [t('attendance.xlsx.expected'), q.expected],
    [t('attendance.xlsx.assured'), q.confirmed],
    [t('attendance.xlsx.needed'), q.needed],
    [t('attendance.xlsx.rule'), stripMarkup(quorumRule(att.quorumSetting, t, locale))],
    [t('attendance.xlsx.verdict'), stripMarkup(t(verdict, { expected: q.expected, confirmed: q.confirmed, total: q.total, needed: q.needed }))],
  ];
  for (const [k, v] of rows) sum.addRow({ k, v }).getCell('k').font = { bold: true };

  await wb.xlsx.writeFile(path);
}
