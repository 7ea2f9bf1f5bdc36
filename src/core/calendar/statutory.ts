/**
 * The public holidays of one year as computed from the law, before any announcement overrides them.
 *
 * Labour Code 2019 (Bộ luật Lao động số 45/2019/QH14, in force 1 January 2021):
 * - Art. 112.1: a) Tết Dương lịch 1 day (1/1); b) Tết Âm lịch 5 days; c) Ngày Chiến thắng 1 day
 *   (30/4); d) Quốc tế lao động 1 day (1/5); đ) Quốc khánh 2 days (2/9 and one adjacent day,
 *   before or after); e) Giỗ Tổ Hùng Vương 1 day (10/3 lunar).
 * - Art. 112.3: each year the Prime Minister fixes the actual days of b) and đ). Until the
 *   announcement is loaded we use the defaults below, chosen to reproduce past decisions.
 * - Art. 111.3: a holiday falling on the weekly rest day gives a compensatory day off on the next
 *   working day. (The weekly rest days of civil servants are Saturday and Sunday: Quyết định
 *   188/1999/QĐ-TTg.)
 *
 * Lunar dates come from `date-holidays` (`new Holidays('VN')`), never from our own astronomy.
 * Quirks of date-holidays 3.x for VN that this relies on, checked against 2018–2028:
 * - New Year's day of the lunar calendar is the entry with rule `vietnamese 1-0-1`
 *   ("Tết Nguyên Đán", type public, one day); Hùng Kings' day is `vietnamese 3-0-10`.
 * - It also returns "Giao thừa Tết Nguyên Đán" (rule `1 day before vietnamese 1-0-1 P5D`): ONE
 *   entry starting the day before lunar new year and lasting 5 days. That is always "1 day before +
 *   4 after", which is not what the Prime Minister picks every year (2025: 2 before + 3 after), so
 *   we ignore it and derive the five days ourselves.
 * - It gives no compensatory days (no `substitute` entries) and only the single day 2 September
 *   for Quốc khánh; both come from here.
 * - Many entries are `observance` (Phật đản, Trung thu, 3/2, …): not days off, ignored.
 * - `date` is the local date string 'YYYY-MM-DD 00:00:00'; we read its first 10 characters.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { VN_ZONE, VN_ZONE_NAME } from '../clock.js';
import type { AnnouncedStatutory } from './announced.js';

export type HolidayGroup = 'new-year' | AnnouncedStatutory | 'hung-kings' | 'victory' | 'labour';

export interface StatutoryDay {
  date: string;
  kind: 'holiday' | 'compensatory';
  group: HolidayGroup;
  name: string;
  source: string;
}

const CODE = 'Bộ luật Lao động 2019';
export const ARTICLES = {
  'new-year': `${CODE}, Điều 112.1.a`,
  tet: `${CODE}, Điều 112.1.b`,
  victory: `${CODE}, Điều 112.1.c`,
  labour: `${CODE}, Điều 112.1.d`,
  'national-day': `${CODE}, Điều 112.1.đ`,
  'hung-kings': `${CODE}, Điều 112.1.e`,
  compensatory: `${CODE}, Điều 111.3`,
} as const;

const LUNAR_NEW_YEAR_RULE = 'vietnamese 1-0-1';
const HUNG_KINGS_RULE = 'vietnamese 3-0-10';

let holidaysVN: Holidays | undefined;
function lunarDates(year: number): { lunarNewYear: string; hungKings: string } {
  holidaysVN ??= new Holidays('VN', { languages: ['vi'], timezone: VN_ZONE_NAME });
  const list = holidaysVN.getHolidays(year);
  const find = (rule: string) => {
    const h = list.find((x) => x.rule === rule);
    if (!h) throw new Error(`date-holidays gave no '${rule}' for VN ${year}; has its data changed?`);
    return h.date.slice(0, 10);
  };
  return { lunarNewYear: find(LUNAR_NEW_YEAR_RULE), hungKings: find(HUNG_KINGS_RULE) };
}

const isWeekend = (d: DateTime) => d.weekday >= 6;
const iso = (d: DateTime) => d.toISODate() as string;
const dayOf = (s: string) => DateTime.fromISO(s, { zone: VN_ZONE });

/**
 * Default Tết (Art. 112.1.b): five consecutive days around lunar new year (LNY), either
 * LNY-2…LNY+2 or LNY-1…LNY+3, whichever has more weekdays; on a tie, LNY-2…LNY+2.
 * This reproduces every decision 2018–2026 (e.g. 2023: LNY Sun 22/1 → 20–24/1 + compensatory
 * 25, 26/1; 2025: LNY Wed 29/1 → 27–31/1; 2026: LNY Tue 17/2 → 16–20/2).
 */
function defaultTet(lunarNewYear: string): { date: string; name: string }[] {
  const lny = dayOf(lunarNewYear);
  const window = (from: number) => [0, 1, 2, 3, 4].map((i) => lny.plus({ days: from + i }));
  const weekdays = (w: DateTime[]) => w.filter((d) => !isWeekend(d)).length;
  const early = window(-2);
  const late = window(-1);
  const chosen = weekdays(late) > weekdays(early) ? late : early;
  return chosen.map((d) => {
    const offset = Math.round(d.diff(lny, 'days').days);
    const label = offset >= 0 ? `mùng ${offset + 1}` : offset === -1 ? 'Giao thừa' : 'trước Giao thừa';
    return { date: iso(d), name: `Tết Nguyên Đán (${label})` };
  });
}

/**
 * Default adjacent day of Quốc khánh (Art. 112.1.đ), by the weekday of 2 September, as decided in
 * 2021 (Thu → 3/9), 2022 (Fri → 1/9), 2023 (Sat → 1/9), 2024 (Mon → 3/9), 2025 (Tue → 1/9).
 * Wednesday: 1/9 (the law names "before" first; no decision seen). Sunday: 3/9.
 */
const NATIONAL_DAY_ADJACENT: Record<number, 1 | 3> = { 1: 3, 2: 1, 3: 1, 4: 3, 5: 1, 6: 1, 7: 3 };

export interface StatutoryOptions {
  /** days the announcement fixes for Tết / Quốc khánh; replaces the default for that group */
  announced: Partial<Record<AnnouncedStatutory, { date: string; name?: string }[]>>;
  /** announced dates (extra days off, make-up days) a compensatory day must not land on */
  reserved: ReadonlySet<string>;
}

/** Holidays of `year` with their compensatory days (Art. 111.3), sorted by date. */
export function statutoryDays(year: number, opts: StatutoryOptions): StatutoryDay[] {
  const { lunarNewYear, hungKings } = lunarDates(year);
  const holidays: Omit<StatutoryDay, 'kind' | 'source'>[] = [];
  const add = (group: HolidayGroup, days: { date: string; name?: string }[], fallbackName: string) => {
    for (const d of days) holidays.push({ group, date: d.date, name: d.name ?? fallbackName });
  };

  add('new-year', [{ date: `${year}-01-01` }], 'Tết Dương lịch');
  add('tet', opts.announced.tet ?? defaultTet(lunarNewYear), 'Tết Nguyên Đán');
  add('hung-kings', [{ date: hungKings }], 'Giỗ Tổ Hùng Vương');
  add('victory', [{ date: `${year}-04-30` }], 'Ngày Chiến thắng (30/4)');
  add('labour', [{ date: `${year}-05-01` }], 'Ngày Quốc tế Lao động (1/5)');
  if (opts.announced['national-day']) {
    add('national-day', opts.announced['national-day'], 'Quốc khánh');
  } else {
    const sept2 = dayOf(`${year}-09-02`);
    const adjacent = NATIONAL_DAY_ADJACENT[sept2.weekday] ?? 1;
    const days = [{ date: iso(sept2), name: 'Quốc khánh' }];
    // The 2012 Code (Art. 115.1.đ), in force until 2020, gave 2 September only.
    if (year >= 2021) days.push({ date: `${year}-09-0${adjacent}`, name: 'Quốc khánh (ngày liền kề)' });
    add('national-day', days, 'Quốc khánh');
  }
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  // Art. 111.3: each holiday on a weekend moves to the next weekday that is not itself a holiday,
  // an earlier compensatory day, or a day the announcement already disposes of. Processing in
  // date order gives 30/4 Sat + 1/5 Sun → Mon 2/5, Tue 3/5 (as in 2022).
  const taken = new Set<string>([...holidays.map((h) => h.date), ...opts.reserved]);
  const result: StatutoryDay[] = [];
  for (const h of holidays) {
    result.push({ ...h, kind: 'holiday', source: ARTICLES[h.group] });
    const day = dayOf(h.date);
    if (!isWeekend(day)) continue;
    let comp = day.plus({ days: 1 });
    while (isWeekend(comp) || taken.has(iso(comp))) comp = comp.plus({ days: 1 });
    taken.add(iso(comp));
    result.push({
      group: h.group,
      date: iso(comp),
      kind: 'compensatory',
      name: `Nghỉ bù ngày ${day.toFormat('dd/MM')} – ${h.name}`,
      source: `${ARTICLES.compensatory}; ${ARTICLES[h.group]}`,
    });
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
