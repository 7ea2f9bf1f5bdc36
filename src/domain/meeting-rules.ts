import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../core/calendar/index.js';
import { VN_ZONE } from '../core/clock.js';
import type { RegulationSettings } from './presets/index.js';

/**
 * The regulation's deadline for a meeting's documents: 48 hours (Bình Định Đ.11.1.c), N working
 * days (Bắc Giang Đ.10.4: 2, Thanh Hóa Đ.9.4: 5), or none. `article` says where it comes from.
 */
export function documentsDeadline(
  settings: RegulationSettings,
  startsAt: number,
  calendar: WorkingCalendar,
): { dueAt: number | null; rule: string; article: string | null } {
  const s = settings.documentsLeadTime;
  const lead = s.value;
  const start = DateTime.fromMillis(startsAt, { zone: VN_ZONE });
  if (lead.unit === 'hours') return { dueAt: start.minus({ hours: lead.amount }).toMillis(), rule: `${lead.amount}h`, article: s.article };
  if (lead.unit === 'workingDays') {
    return { dueAt: calendar.subtractWorkingDays(start, lead.amount).toMillis(), rule: `${lead.amount}wd`, article: s.article };
  }
  return { dueAt: null, rule: 'none', article: s.article };
}

export interface PlannedReminder {
  label: string;
  dueAt: number;
}

/**
 * When to remind attendees of a meeting (preset `reminders`, bot default): N calendar days
 * before at HH:mm, the working day before at HH:mm, and H hours before. Only future moments.
 */
export function meetingReminderTimes(settings: RegulationSettings, startsAt: number, now: number, calendar: WorkingCalendar): PlannedReminder[] {
  const r = settings.reminders.value;
  const start = DateTime.fromMillis(startsAt, { zone: VN_ZONE });
  const [hh, mm] = r.atLocalTime.split(':').map(Number) as [number, number];
  const at = (d: DateTime) => d.set({ hour: hh, minute: mm, second: 0, millisecond: 0 });
  const out: PlannedReminder[] = [];
  // A day that is not a working day (a weekend, Tết) moves to the working day before it: nobody
  // is reminded on a holiday morning, and the reminder still comes at least `days` ahead.
  const onWorkingDay = (d: DateTime) => (calendar.isWorkingDay(d.toISODate()!) ? d : calendar.previousWorkingDay(d));
  for (const days of r.daysBefore) out.push({ label: `${days}d`, dueAt: at(onWorkingDay(start.minus({ days }))).toMillis() });
  if (r.workingDayBefore) out.push({ label: '1wd', dueAt: at(calendar.previousWorkingDay(start)).toMillis() });
  for (const hours of r.hoursBefore) out.push({ label: `${hours}h`, dueAt: start.minus({ hours }).toMillis() });
  // Two rules landing on the same moment remind once.
  const seen = new Set<number>();
  return out
    .filter((p) => p.dueAt > now && p.dueAt < startsAt && !seen.has(p.dueAt) && seen.add(p.dueAt))
    .sort((a, b) => a.dueAt - b.dueAt);
}

/** The period a frequency divides the year into, containing `at`: [start, end) and a label. */
export function periodOf(frequency: 'monthly' | 'quarterly' | 'semiannual' | 'yearly', at: number): { start: number; end: number; label: string } {
  const d = DateTime.fromMillis(at, { zone: VN_ZONE });
  const months = { monthly: 1, quarterly: 3, semiannual: 6, yearly: 12 }[frequency];
  const index = Math.floor((d.month - 1) / months);
  const start = DateTime.fromObject({ year: d.year, month: index * months + 1, day: 1 }, { zone: VN_ZONE });
  const end = start.plus({ months });
  const label =
    frequency === 'monthly' ? start.toFormat('yyyy-MM') : frequency === 'quarterly' ? `${d.year}-Q${index + 1}` : frequency === 'semiannual' ? `${d.year}-H${index + 1}` : `${d.year}`;
  return { start: start.toMillis(), end: end.toMillis(), label };
}
