/**
 * Report periods and their deadlines, as the regulations write them:
 *   - labels `2026-Q1`, `2026-H1`, `2026` (the year) and `meeting:12` (before meeting 12);
 *   - "trước ngày 30/6" (fixedDates, inclusive false) is due at the end of 29 June local time,
 *     "on or before" (inclusive true) at the end of the day itself (DOMAIN.md "Time");
 *   - "N days after the quarter" (afterPeriodEnd) at the end of the N-th calendar day after it;
 *   - "before each meeting" (beforeMeeting) N working days before the meeting, same time of day.
 * Pure functions of dates: no database, no clock.
 */
import { DateTime } from 'luxon';
import { VN_ZONE } from '../core/clock.js';
import type { Locale, Translate } from '../core/i18n.js';
import { formatDateTime } from '../core/i18n.js';
import type { DueRule, Frequency, ReportRule } from './presets/index.js';

export type PeriodicKind = 'quarterly' | 'semiannual' | 'yearly';

const MONTHS: Record<PeriodicKind, number> = { quarterly: 3, semiannual: 6, yearly: 12 };

/** One period of a periodic report: its label and its first and last local days. */
export interface PeriodSpan {
  kind: PeriodicKind;
  label: string;
  year: number;
  /** 1-based: quarter 1–4, half 1–2, always 1 for a year */
  index: number;
  /** 00:00 local on the first day */
  start: DateTime;
  /** 00:00 local on the last day */
  lastDay: DateTime;
}

export type ParsedPeriod =
  | { kind: PeriodicKind; year: number; index: number }
  | { kind: 'meeting'; meetingId: number }
  /** A bare year given as a filter: every period of that year (`--period 2026`). */
  | { kind: 'year-filter'; year: number };

export function periodSpan(kind: PeriodicKind, year: number, index: number): PeriodSpan {
  const months = MONTHS[kind];
  const start = DateTime.fromObject({ year, month: (index - 1) * months + 1, day: 1 }, { zone: VN_ZONE });
  const lastDay = start.plus({ months }).minus({ days: 1 });
  const label = kind === 'quarterly' ? `${year}-Q${index}` : kind === 'semiannual' ? `${year}-H${index}` : `${year}`;
  return { kind, label, year, index, start, lastDay };
}

export function periodsOfYear(kind: PeriodicKind, year: number): PeriodSpan[] {
  return Array.from({ length: 12 / MONTHS[kind] }, (_, i) => periodSpan(kind, year, i + 1));
}

/** The period of `kind` containing the local date of `at`. */
export function periodContaining(kind: PeriodicKind, at: DateTime): PeriodSpan {
  const d = at.setZone(VN_ZONE);
  return periodSpan(kind, d.year, Math.floor((d.month - 1) / MONTHS[kind]) + 1);
}

function previousPeriod(p: PeriodSpan): PeriodSpan {
  return p.index > 1 ? periodSpan(p.kind, p.year, p.index - 1) : periodSpan(p.kind, p.year - 1, 12 / MONTHS[p.kind]);
}

/** `2026-Q1`, `2026-H2`, `2026`, `meeting:12`; undefined for anything else. */
export function parsePeriod(label: string): ParsedPeriod | undefined {
  const s = label.trim();
  let m = /^(\d{4})-Q([1-4])$/i.exec(s);
  if (m) return { kind: 'quarterly', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})-H([12])$/i.exec(s);
  if (m) return { kind: 'semiannual', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})$/.exec(s);
  if (m) return { kind: 'year-filter', year: Number(m[1]) };
  m = /^meeting:(\d{1,9})$/i.exec(s);
  if (m) return { kind: 'meeting', meetingId: Number(m[1]) };
  return undefined;
}

/** The last instant of a local day: 23:59:59.999 in Asia/Ho_Chi_Minh. */
export function endOfLocalDay(day: DateTime): number {
  return day.setZone(VN_ZONE).endOf('day').toMillis();
}

/**
 * Which period a fixed date reports on: the period whose last day is nearest to it. So "before
 * 30 June" reports on the first half (it ends the next day) and the standing agency's "by 15 July"
 * (Thanh Hóa Đ.11.3) also reports on the first half, which ended a fortnight earlier.
 */
function periodOfFixedDate(kind: PeriodicKind, date: DateTime): PeriodSpan {
  const containing = periodContaining(kind, date);
  const before = previousPeriod(containing);
  const toContaining = Math.abs(containing.lastDay.diff(date, 'days').days);
  const toBefore = Math.abs(date.diff(before.lastDay, 'days').days);
  return toBefore < toContaining ? before : containing;
}

/**
 * The instant a periodic report for `span` is due under `due`, or undefined when the rule sets
 * no date for that period (Thanh Hóa's agencies report "every 6 months before 25 June": the
 * second half is covered by the yearly report, so 2026-H2 has no date of its own).
 */
export function periodicDue(due: DueRule, span: PeriodSpan): number | undefined {
  if (due.kind === 'afterPeriodEnd') return endOfLocalDay(span.lastDay.plus({ days: due.days }));
  if (due.kind !== 'fixedDates') return undefined;
  for (const year of [span.year - 1, span.year, span.year + 1]) {
    for (const md of due.dates) {
      const date = DateTime.fromObject({ year, month: md.month, day: md.day }, { zone: VN_ZONE });
      if (!date.isValid || date.month !== md.month) continue; // 29/2 in a common year
      if (periodOfFixedDate(span.kind, date).label !== span.label) continue;
      return endOfLocalDay(due.inclusive ? date : date.minus({ days: 1 }));
    }
  }
  return undefined;
}

/** The regular meetings' rhythm gives a per-meeting report its "period" (for closing it). */
const FREQUENCY_MONTHS: Partial<Record<Frequency, number>> = { monthly: 1, quarterly: 3, semiannual: 6, yearly: 12 };

/**
 * How long after its due date an obligation still takes a (late) submission: one full period.
 * Past `dueAt + period` the period is closed and a submission is refused.
 */
export function closesAt(rule: ReportRule, dueAt: number, fullMeetings: Frequency): number {
  const months = rule.period === 'perMeeting' ? (FREQUENCY_MONTHS[fullMeetings] ?? 3) : MONTHS[rule.period as PeriodicKind];
  return DateTime.fromMillis(dueAt, { zone: VN_ZONE }).plus({ months }).toMillis();
}

export function isPeriodicRule(rule: ReportRule): rule is ReportRule & { period: PeriodicKind } {
  return rule.period === 'quarterly' || rule.period === 'semiannual' || rule.period === 'yearly';
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];

/** A period as people say it: "quý I/2026", "6 tháng đầu năm 2026", "cuộc họp #12 (…)". */
export function describePeriod(t: Translate, locale: Locale, label: string, meetingStartsAt?: number): string {
  const p = parsePeriod(label);
  if (!p) return label;
  switch (p.kind) {
    case 'quarterly':
      // "quý II/2026" in Vietnamese (Roman numerals, as official documents write it), "Q2 2026" in English.
      return t('report.period.quarter', { n: locale === 'vi' ? (ROMAN[p.index] ?? String(p.index)) : p.index, year: p.year });
    case 'semiannual':
      return p.index === 1 ? t('report.period.half1', { year: p.year }) : t('report.period.half2', { year: p.year });
    case 'yearly':
    case 'year-filter':
      return t('report.period.year', { year: p.year });
    case 'meeting':
      return meetingStartsAt === undefined
        ? t('report.period.meeting', { id: p.meetingId })
        : t('report.period.meeting_at', { id: p.meetingId, time: formatDateTime(meetingStartsAt, locale) });
  }
}
