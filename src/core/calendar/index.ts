/**
 * Vietnamese working-day calendar ("ngày làm việc"): Monday–Friday minus public holidays (Labour
 * Code 2019 Art. 112, with compensatory days, Art. 111.3), then overridden by the government's
 * announced schedule for the year (extra days off, make-up working days). See ./statutory.ts for
 * the rules and the date-holidays quirks, ./announced.ts for the data files.
 *
 * Conventions:
 * - A *date* is an ISO string 'YYYY-MM-DD', a calendar day in Asia/Ho_Chi_Minh.
 * - An *instant* is a luxon DateTime; any zone is accepted, it is converted to Asia/Ho_Chi_Minh,
 *   and every DateTime returned is in that zone at the same local time of day as the input.
 * - Each year is computed once on first use and cached: afterwards `dayInfo` is a Map lookup and
 *   `workingDaysBetween` is O(number of years spanned).
 */
import { DateTime } from 'luxon';
import { VN_ZONE } from '../clock.js';
import { loadAnnouncedYears, type AnnouncedYear, type AnnouncedStatutory } from './announced.js';
import { statutoryDays } from './statutory.js';

export { VN_ZONE } from '../clock.js';
export { loadAnnouncedYears, parseAnnouncedYear } from './announced.js';
export type { AnnouncedYear, AnnouncedDayOff, AnnouncedWorkingDay, AnnouncedStatutory } from './announced.js';

export interface DayInfo {
  /** 'YYYY-MM-DD' */
  date: string;
  working: boolean;
  /**
   * - weekday / weekend: an ordinary Monday–Friday / Saturday–Sunday
   * - holiday: a statutory holiday (Art. 112.1), also when it falls on a weekend
   * - compensatory: the day off given for a holiday on a weekend (Art. 111.3)
   * - announced-off: an extra day off from the announcement (e.g. a swapped working day)
   * - announced-working: a day declared a working day (e.g. a make-up Saturday)
   */
  reason: 'weekday' | 'weekend' | 'holiday' | 'compensatory' | 'announced-off' | 'announced-working';
  /** holiday name, in Vietnamese */
  name?: string;
  /** the article and/or announcement the day comes from */
  source?: string;
}

export interface WorkingCalendar {
  /** What the date is and why; throws RangeError on a malformed date. The object is frozen and shared. */
  dayInfo(date: string): DayInfo;
  isWorkingDay(date: string): boolean;
  /**
   * The deadline for something due "at least `n` working days before" `instant` (e.g. documents
   * before a meeting, Đ.10.4 / Đ.9.4 of the presets), at the same local time of day.
   *
   * Counting steps back over working days, the reference day itself never counted (Civil Code
   * 2015 Art. 147): the result is the n-th working day before the local date of `instant`. So a
   * meeting at 14:00 on Thursday with n = 2 gives 14:00 on Tuesday — in an ordinary week the same
   * instant as "48 hours before" (Bình Định Đ.11.1.c), which keeps the presets consistent with each
   * other. A meeting on a non-working day counts back from the working days before it (Saturday,
   * n = 2 → Thursday). n = 0 means no lead time and returns `instant` unchanged.
   */
  subtractWorkingDays(instant: DateTime, n: number): DateTime;
  /**
   * The end of a window of `n` working days starting after `instant`: the n-th working day
   * strictly after the local date of `instant`, same local time of day (the start day is not
   * counted, Civil Code 2015 Art. 147). Monday 10:00 + 1 → Tuesday 10:00; Friday before Tết 2026
   * (13/02) + 1 → Monday 23/02. n = 0 returns `instant` unchanged.
   * Always `workingDaysBetween(instant, result) === n`.
   */
  addWorkingDays(instant: DateTime, n: number): DateTime;
  /** The last working day strictly before the local date of `instant`, same local time of day. */
  previousWorkingDay(instant: DateTime): DateTime;
  /** The first working day strictly after the local date of `instant`, same local time of day. */
  nextWorkingDay(instant: DateTime): DateTime;
  /**
   * The number of working days d with localDate(a) < d ≤ localDate(b): only local dates matter,
   * not times; 0 for the same day; negative (−between(b, a)) when b is before a.
   */
  workingDaysBetween(a: DateTime, b: DateTime): number;
  /**
   * Every day of `year` that is not an ordinary weekday/weekend: holidays (including those on a
   * weekend, which explain their compensatory day), compensatory days, announced days off and
   * announced working days; sorted by date. Filter on `working` for the days off.
   */
  holidays(year: number): DayInfo[];
}

interface YearTable {
  /** index = ordinal day of the year − 1 */
  days: DayInfo[];
  byDate: Map<string, DayInfo>;
  /** cumWorking[i] = working days among days[0..i] */
  cumWorking: Int32Array;
  special: DayInfo[];
}

const DAY_MS = 86_400_000;
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}$/;

interface AnnouncedDay {
  off: boolean;
  name?: string;
  statutory?: AnnouncedStatutory;
  source: string;
}

/** @param opts.announced the announced schedules to apply; default: the shipped files (`loadAnnouncedYears()`). */
export function createWorkingCalendar(opts?: { announced?: AnnouncedYear[] }): WorkingCalendar {
  const announced = opts?.announced ?? loadAnnouncedYears();
  const announcedByYear = new Map<number, Map<string, AnnouncedDay>>();
  for (const y of announced) {
    const days = announcedByYear.get(y.year) ?? new Map<string, AnnouncedDay>();
    announcedByYear.set(y.year, days);
    for (const d of y.daysOff) {
      days.set(d.date, { off: true, name: d.name, statutory: d.statutory, source: d.source ?? y.source });
    }
    for (const d of y.workingDays) days.set(d.date, { off: false, name: d.note, source: d.source ?? y.source });
  }

  const years = new Map<number, YearTable>();

  function buildYear(year: number): YearTable {
    const ann = announcedByYear.get(year) ?? new Map<string, AnnouncedDay>();
    const fixed: Partial<Record<AnnouncedStatutory, { date: string; name?: string }[]>> = {};
    const reserved = new Set<string>();
    for (const [date, a] of ann) {
      if (a.statutory) (fixed[a.statutory] ??= []).push({ date, name: a.name });
      else reserved.add(date);
    }
    const statutory = new Map(statutoryDays(year, { announced: fixed, reserved }).map((s) => [s.date, s]));

    const days: DayInfo[] = [];
    const byDate = new Map<string, DayInfo>();
    const cumWorking = new Int32Array(DateTime.local(year).daysInYear);
    let d = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: VN_ZONE });
    for (let i = 0; i < cumWorking.length; i++, d = d.plus({ days: 1 })) {
      const date = d.toISODate() as string;
      const weekend = d.weekday >= 6;
      const s = statutory.get(date);
      const a = ann.get(date);
      let info: DayInfo;
      if (a && !a.off) {
        info = { date, working: true, reason: 'announced-working', name: a.name ?? 'Ngày làm việc bù', source: a.source };
      } else if (s) {
        const source = a ? `${s.source}; ${a.source}` : s.source;
        info = { date, working: false, reason: s.kind, name: s.name, source };
      } else if (a) {
        info = { date, working: false, reason: 'announced-off', name: a.name ?? 'Ngày nghỉ theo thông báo', source: a.source };
      } else {
        info = { date, working: !weekend, reason: weekend ? 'weekend' : 'weekday' };
      }
      Object.freeze(info);
      days.push(info);
      byDate.set(date, info);
      cumWorking[i] = (i > 0 ? (cumWorking[i - 1] ?? 0) : 0) + (info.working ? 1 : 0);
    }
    const special = days.filter((x) => x.reason !== 'weekday' && x.reason !== 'weekend');
    return { days, byDate, cumWorking, special };
  }

  function table(year: number): YearTable {
    let t = years.get(year);
    if (!t) {
      if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
        throw new RangeError(`year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`);
      }
      t = buildYear(year);
      years.set(year, t);
    }
    return t;
  }

  function local(instant: DateTime): DateTime {
    if (!instant.isValid) throw new RangeError(`invalid DateTime: ${instant.invalidExplanation ?? ''}`);
    return instant.setZone(VN_ZONE);
  }

  function checkN(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  }

  /** Moves from the local date of `from` over `steps` working days in direction `dir`. */
  function step(from: DateTime, dir: 1 | -1, steps: number): DateTime {
    let year = from.year;
    let t = table(year);
    let i = from.ordinal - 1;
    let left = steps;
    let guard = 0;
    let moved = 0;
    while (left > 0) {
      i += dir;
      moved++;
      if (i < 0 || i >= t.days.length) {
        year += dir;
        t = table(year);
        i = dir === 1 ? 0 : t.days.length - 1;
      }
      if (t.days[i]?.working) {
        left--;
        guard = 0;
      } else if (++guard > 3660) throw new Error('no working day within ten years');
    }
    // Whole days later in absolute time is the same local time whenever the zone's offset is the
    // same at both ends (Vietnam has kept UTC+7 since 1975). addWorkingDays took ~5 µs with
    // luxon's set() and ~2 this way (20,000 calls), on every absence request (escalationTime).
    const shifted = DateTime.fromMillis(from.toMillis() + dir * moved * DAY_MS, { zone: from.zone });
    if (shifted.offset === from.offset) return shifted;
    const date = t.days[i]?.date as string;
    return from.set({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) });
  }

  /** Working days from 1 January of `fromYear` through the local date `d` (inclusive). */
  function workingThrough(fromYear: number, d: DateTime): number {
    let total = 0;
    for (let y = fromYear; y < d.year; y++) {
      const c = table(y).cumWorking;
      total += c[c.length - 1] ?? 0;
    }
    return total + (table(d.year).cumWorking[d.ordinal - 1] ?? 0);
  }

  const calendar: WorkingCalendar = {
    dayInfo(date) {
      const m = ISO_DATE.exec(date);
      const info = m ? table(Number(m[1])).byDate.get(date) : undefined;
      if (!info) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
      return info;
    },
    isWorkingDay: (date) => calendar.dayInfo(date).working,
    subtractWorkingDays(instant, n) {
      checkN(n);
      const l = local(instant);
      return n === 0 ? l : step(l, -1, n);
    },
    addWorkingDays(instant, n) {
      checkN(n);
      const l = local(instant);
      return n === 0 ? l : step(l, 1, n);
    },
    previousWorkingDay: (instant) => step(local(instant), -1, 1),
    nextWorkingDay: (instant) => step(local(instant), 1, 1),
    workingDaysBetween(a, b) {
      const la = local(a);
      const lb = local(b);
      const from = Math.min(la.year, lb.year);
      return workingThrough(from, lb) - workingThrough(from, la);
    },
    holidays: (year) => table(year).special.slice(),
  };
  return calendar;
}
