import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { VN_ZONE } from '../core/clock.js';
import type { Locale, Translate } from '../core/i18n.js';
import type { BoardItem, ReportStatus } from '../domain/reports.js';

/** Cell fills by status: the colours a Vietnamese office reads at a glance (Excel's own palette). */
const FILL: Record<ReportStatus, string> = { submitted: 'FFC6EFCE', late: 'FFFFEB9C', pending: 'FFDDEBF7', overdue: 'FFFFC7CE' };
const FONT: Record<ReportStatus, string> = { submitted: 'FF006100', late: 'FF9C5700', pending: 'FF1F4E78', overdue: 'FF9C0006' };

export function statusLabel(t: Translate, s: ReportStatus): string {
  switch (s) {
    case 'submitted':
      return t('report.label.submitted');
    case 'late':
      return t('report.label.late');
    case 'pending':
      return t('report.label.pending');
    case 'overdue':
      return t('report.label.overdue');
  }
}

/** The report's name as its regulation gives it, or its English name. */
export const reportName = (i: Pick<BoardItem, 'ruleNameVi' | 'ruleNameEn'>, locale: Locale): string => (locale === 'vi' ? i.ruleNameVi : i.ruleNameEn);

/**
 * Excel has no time zones: a cell holds wall-clock time. Write Vietnam's wall clock, so the sheet
 * shows "29/06/2026 23:59" wherever it is opened.
 */
function wallClock(ms: number): Date {
  const d = DateTime.fromMillis(ms, { zone: VN_ZONE });
  return new Date(Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second));
}

/** The status board as one sheet: a header row, one row per obligation, statuses coloured. */
export async function writeBoardXlsx(path: string, items: BoardItem[], t: Translate, locale: Locale, title: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'committee-bot';
  const ws = wb.addWorksheet(t('report.xlsx.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: t('report.xlsx.no'), key: 'no', width: 6 },
    { header: t('report.xlsx.member'), key: 'name', width: 26 },
    { header: t('report.xlsx.agency'), key: 'agency', width: 28 },
    { header: t('report.xlsx.report'), key: 'report', width: 48 },
    { header: t('report.xlsx.article'), key: 'article', width: 14 },
    { header: t('report.xlsx.period'), key: 'period', width: 12 },
    { header: t('report.xlsx.due'), key: 'due', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: t('report.xlsx.status'), key: 'status', width: 16 },
    { header: t('report.xlsx.submitted_at'), key: 'submitted', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: t('report.xlsx.receipt'), key: 'receipt', width: 18 },
    { header: t('report.xlsx.late_days'), key: 'late', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { vertical: 'middle', wrapText: true };
  items.forEach((i, n) => {
    const row = ws.addRow({
      no: n + 1,
      name: i.name,
      agency: i.agency ?? '',
      report: reportName(i, locale),
      article: i.article ?? '',
      period: i.period,
      due: wallClock(i.dueAt),
      status: statusLabel(t, i.status),
      submitted: i.submittedAt ? wallClock(i.submittedAt) : null,
      receipt: i.receipt ?? '',
      late: i.lateWorkingDays || null,
    });
    const cell = row.getCell('status');
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[i.status] } };
    cell.font = { color: { argb: FONT[i.status] }, bold: i.status === 'overdue' };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 11 } };
  wb.title = title;
  await wb.xlsx.writeFile(path);
}
