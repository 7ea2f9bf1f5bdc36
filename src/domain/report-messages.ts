import { formatDateTime, raw, type Locale, type Translate } from '../core/i18n.js';
import type { Render } from '../core/notifier.js';
import { describeSetting, type RegulationSettings, type ReportRule } from './presets/index.js';
import type { RuleList } from './report-obligations.js';
import { describePeriod } from './report-periods.js';
import type { BoardItem, ObligationState, ReportStatus } from './reports.js';

export const ruleName = (rule: Pick<ReportRule, 'nameVi' | 'nameEn'>, locale: Locale) => (locale === 'vi' ? rule.nameVi : rule.nameEn);

/** "theo Điều 11.2.a Quy chế", or the committee's own setting that replaced it. */
export function ruleSource(settings: RegulationSettings, list: RuleList, rule: ReportRule, locale: Locale): string {
  return describeSetting({ article: rule.article, source: settings[list].source }, locale);
}

interface StatusFacts {
  status: ReportStatus;
  lateWorkingDays: number;
  submittedAt?: number | null;
  receipt?: string | null;
}

export function statusText(t: Translate, locale: Locale, s: StatusFacts): string {
  const time = s.submittedAt ? formatDateTime(s.submittedAt, locale) : '';
  switch (s.status) {
    case 'submitted':
      return t('report.status.submitted', { time, receipt: s.receipt ?? '' });
    case 'late':
      return t('report.status.late', { time, receipt: s.receipt ?? '', days: s.lateWorkingDays });
    case 'pending':
      return t('report.status.pending');
    case 'overdue':
      return t('report.status.overdue', { days: s.lateWorkingDays });
  }
}

/** One obligation with every fact: report, period, due date, article, status. */
export function obligationLine(t: Translate, locale: Locale, settings: RegulationSettings, o: ObligationState, submitterName?: string): string {
  return t('report.item', {
    report: ruleName(o.rule, locale),
    period: describePeriod(t, locale, o.period, o.meetingStartsAt),
    due: formatDateTime(o.dueAt, locale),
    rule: ruleSource(settings, o.list, o.rule, locale),
    status: raw(
      statusText(t, locale, { ...o, submittedAt: o.submission?.submittedAt ?? null, receipt: o.submission?.receipt ?? null }) +
        (submitterName ? ` ${t('report.by', { name: submitterName })}` : ''),
    ),
  });
}

/** A reminder before the due date: what, for which period, due when, under which article. */
export function renderReportReminder(settings: RegulationSettings, o: Pick<ObligationState, 'rule' | 'list' | 'period' | 'dueAt' | 'meetingStartsAt' | 'owner'>, daysBefore: number): Render {
  return (t, locale) => {
    const facts = {
      report: ruleName(o.rule, locale),
      period: describePeriod(t, locale, o.period, o.meetingStartsAt),
      due: formatDateTime(o.dueAt, locale),
      rule: ruleSource(settings, o.list, o.rule, locale),
      days: daysBefore,
      agency: o.owner.agency ?? '',
    };
    const head = daysBefore === 0 ? t('report.reminder.today', facts) : t('report.reminder.before', facts);
    const forAgency = o.owner.kind === 'agency' ? `\n${t('report.reminder.agency', facts)}` : '';
    return { text: `${head}${forAgency}\n${t('report.reminder.how')}` };
  };
}

function boardLine(t: Translate, locale: Locale, i: BoardItem): string {
  return t('report.overdue.item', {
    name: i.name,
    agency: i.agency ? ` (${i.agency})` : '',
    report: locale === 'vi' ? i.ruleNameVi : i.ruleNameEn,
    period: describePeriod(t, locale, i.period),
    due: formatDateTime(i.dueAt, locale),
    days: i.lateWorkingDays,
  });
}

/** Monday's list for the secretariat: who, which report, due when, how many working days late. */
export function renderOverdueList(items: BoardItem[], date: number): Render {
  const MAX = 40;
  return (t, locale) => {
    const lines = items.slice(0, MAX).map((i) => boardLine(t, locale, i));
    if (items.length > MAX) lines.push(t('report.overdue.more', { n: items.length - MAX }));
    return { text: `${t('report.overdue.title', { date: formatDateTime(date, locale), n: items.length })}\n${lines.join('\n')}\n${t('report.overdue.footer')}` };
  };
}

/** To the standing member (or the chair) once an obligation is late beyond the regulation's patience. */
export function renderEscalation(settings: RegulationSettings, item: BoardItem, list: RuleList, rule: ReportRule): Render {
  return (t, locale) => ({
    text: t('report.escalation', {
      item: raw(boardLine(t, locale, item)),
      rule: ruleSource(settings, list, rule, locale),
      limit: settings.overdueEscalationWorkingDays.value,
      limit_rule: describeSetting(settings.overdueEscalationWorkingDays, locale),
    }),
  });
}

/** The board in a few lines, for leaders and the secretariat in /reports. */
export function boardSummary(t: Translate, locale: Locale, items: BoardItem[]): string {
  const count = (s: ReportStatus) => items.filter((i) => i.status === s).length;
  const overdue = items.filter((i) => i.status === 'overdue');
  const names = overdue.slice(0, 10).map((i) => boardLine(t, locale, i));
  if (overdue.length > 10) names.push(t('report.overdue.more', { n: overdue.length - 10 }));
  return [
    t('report.board.summary', { total: items.length, submitted: count('submitted'), late: count('late'), pending: count('pending'), overdue: count('overdue') }),
    ...names,
  ].join('\n');
}
