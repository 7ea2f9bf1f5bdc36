import { DateTime, IANAZone } from 'luxon';
import { CachedOffsetZone } from '../../src/core/clock.js';
import { describe, expect, it } from 'vitest';
import {
  VN_ZONE,
  createWorkingCalendar,
  loadAnnouncedYears,
  parseAnnouncedYear,
  type AnnouncedYear,
} from '../../src/core/calendar/index.js';

const cal = createWorkingCalendar();
/** Computed rules only, as if no announcement had been published. */
const lawOnly = createWorkingCalendar({ announced: [] });

const at = (isoLocal: string) => DateTime.fromISO(isoLocal, { zone: VN_ZONE });
const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true });
const offDays = (c: ReturnType<typeof createWorkingCalendar>, from: string, to: string) => {
  const out: string[] = [];
  for (let d = at(from); d <= at(to); d = d.plus({ days: 1 })) {
    const date = d.toISODate() as string;
    if (!c.isWorkingDay(date)) out.push(date);
  }
  return out;
};

describe('Tết Nguyên Đán 2026 (lunar new year Tue 17/02/2026)', () => {
  it('when Tết 2026 comes, then 16–20 Feb are statutory holidays and the whole 14–22 Feb break is off', () => {
    for (const date of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      expect(cal.dayInfo(date)).toMatchObject({ working: false, reason: 'holiday' });
    }
    expect(cal.dayInfo('2026-02-17').name).toBe('Tết Nguyên Đán (mùng 1)');
    expect(offDays(cal, '2026-02-13', '2026-02-23')).toEqual([
      '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18',
      '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22',
    ]);
  });

  it('when the break ends, then Fri 13 Feb and Mon 23 Feb are working days', () => {
    expect(cal.dayInfo('2026-02-13')).toEqual({ date: '2026-02-13', working: true, reason: 'weekday' });
    expect(cal.dayInfo('2026-02-23')).toEqual({ date: '2026-02-23', working: true, reason: 'weekday' });
  });

  it('when a Tết day is looked up, then it cites both the article and the announcement', () => {
    const source = cal.dayInfo('2026-02-17').source ?? '';
    expect(source).toContain('Điều 112.1.b');
    expect(source).toContain('9441/TB-BNV');
  });

  it('when no announcement is loaded, then the computed default gives the same five days from date-holidays', () => {
    expect(offDays(lawOnly, '2026-02-13', '2026-02-23')).toEqual(offDays(cal, '2026-02-13', '2026-02-23'));
    expect(lawOnly.dayInfo('2026-02-16').source).toBe('Bộ luật Lao động 2019, Điều 112.1.b');
  });

  it('when documents are due 5 working days before a meeting at 14:00 Wed 25 Feb 2026, then they are due at 14:00 Wed 11 Feb', () => {
    // working days back: Tue 24, Mon 23, (Tết break 14–22), Fri 13, Thu 12, Wed 11
    const due = cal.subtractWorkingDays(at('2026-02-25T14:00'), 5);
    expect(iso(due)).toBe('2026-02-11T14:00:00+07:00');
  });

  it('when documents are due 2 working days before Tue 24 Feb 2026 09:00, then they are due at 09:00 Fri 13 Feb', () => {
    // working days back: Mon 23, (Tết break), Fri 13
    expect(iso(cal.subtractWorkingDays(at('2026-02-24T09:00'), 2))).toBe('2026-02-13T09:00:00+07:00');
  });

  it('when stepping over the break, then next/previous working day and the count skip all nine days', () => {
    expect(iso(cal.nextWorkingDay(at('2026-02-13T10:00')))).toBe('2026-02-23T10:00:00+07:00');
    expect(iso(cal.previousWorkingDay(at('2026-02-23T10:00')))).toBe('2026-02-13T10:00:00+07:00');
    expect(iso(cal.addWorkingDays(at('2026-02-13T10:00'), 1))).toBe('2026-02-23T10:00:00+07:00');
    expect(cal.workingDaysBetween(at('2026-02-13T10:00'), at('2026-02-23T08:00'))).toBe(1);
  });
});

describe('subtractWorkingDays semantics (n-th working day back, same local time)', () => {
  it('when documents must arrive ≥ 2 working days before a meeting at 14:00 on Thursday, then they are due at 14:00 on Tuesday', () => {
    expect(iso(cal.subtractWorkingDays(at('2026-03-12T14:00'), 2))).toBe('2026-03-10T14:00:00+07:00');
  });

  it('when the meeting is on a Saturday, then counting starts from the working days before it', () => {
    // Sat 14/03: working days back Fri 13 (1), Thu 12 (2)
    expect(iso(cal.subtractWorkingDays(at('2026-03-14T10:00'), 2))).toBe('2026-03-12T10:00:00+07:00');
  });

  it('when n is 0, then the instant is returned unchanged (no lead time)', () => {
    expect(iso(cal.subtractWorkingDays(at('2026-03-12T14:00'), 0))).toBe('2026-03-12T14:00:00+07:00');
    expect(iso(cal.addWorkingDays(at('2026-03-14T14:00'), 0))).toBe('2026-03-14T14:00:00+07:00');
  });

  it('when the instant is given in UTC, then the result is in Asia/Ho_Chi_Minh at the same local time', () => {
    const due = cal.subtractWorkingDays(DateTime.fromISO('2026-02-25T07:00:00Z', { zone: 'utc' }), 5);
    expect(due.zoneName).toBe('Asia/Ho_Chi_Minh');
    expect(iso(due)).toBe('2026-02-11T14:00:00+07:00');
  });

  it('when a UTC instant is already the next local day, then the local date is what counts', () => {
    // 2026-02-22T18:00Z is Mon 23 Feb 01:00 in Vietnam
    const instant = DateTime.fromISO('2026-02-22T18:00:00Z', { zone: 'utc' });
    expect(iso(cal.previousWorkingDay(instant))).toBe('2026-02-13T01:00:00+07:00');
  });

  it('when n is negative or fractional, then it throws', () => {
    expect(() => cal.subtractWorkingDays(at('2026-03-12T14:00'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(at('2026-03-12T14:00'), 1.5)).toThrow(RangeError);
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('when adding n working days, then exactly n working days lie in (start, result]', () => {
    const start = at('2026-04-24T16:30');
    for (const n of [1, 2, 5, 20, 300]) {
      expect(cal.workingDaysBetween(start, cal.addWorkingDays(start, n))).toBe(n);
    }
    // Fri 24/4 + 1: Mon 27/4 is the compensatory day for Hùng Kings' day → Tue 28/4
    expect(iso(cal.addWorkingDays(start, 1))).toBe('2026-04-28T16:30:00+07:00');
  });

  it('when stepping across a change of the zone’s offset (Saigon to UTC+7, 13/06/1975), then the local time of day is kept and the count is exact', () => {
    for (let ts = Date.UTC(1975, 5, 1); ts < Date.UTC(1975, 5, 25); ts += 3_600_000 + 60_000) {
      const start = DateTime.fromMillis(ts, { zone: 'Asia/Ho_Chi_Minh' });
      // Counting back from a day off, that day itself is not among the n (see subtractWorkingDays).
      const back = (n: number) => (cal.isWorkingDay(start.toISODate()!) ? n : n - 1);
      for (const n of [1, 2, 5]) {
        const later = cal.addWorkingDays(start, n);
        const earlier = cal.subtractWorkingDays(start, n);
        for (const got of [later, earlier]) {
          expect(got.toFormat('HH:mm:ss.SSS'), `${start.toISO()} ± ${n}`).toBe(start.toFormat('HH:mm:ss.SSS'));
          expect(cal.isWorkingDay(got.toISODate()!)).toBe(true);
        }
        expect(cal.workingDaysBetween(start, later)).toBe(n);
        expect(cal.workingDaysBetween(earlier, start)).toBe(back(n));
      }
    }
  });

  it('when counting across the new year, then holidays, swapped days and the make-up Saturday are honoured', () => {
    // 1/1 holiday, 2/1 swapped off, 3–4/1 weekend, 5–9/1, Sat 10/1 worked, 12/1
    expect(cal.workingDaysBetween(at('2025-12-31T09:00'), at('2026-01-12T09:00'))).toBe(7);
    expect(cal.workingDaysBetween(at('2026-01-12T09:00'), at('2025-12-31T09:00'))).toBe(-7);
    expect(cal.workingDaysBetween(at('2026-01-12T09:00'), at('2026-01-12T23:00'))).toBe(0);
    expect(iso(cal.previousWorkingDay(at('2026-01-05T09:00')))).toBe('2025-12-31T09:00:00+07:00');
  });
});

describe("Hùng Kings' day (10/3 lunar)", () => {
  it('when 10/3 lunar 2026 falls on Sunday 26 April, then Monday 27 April is its compensatory day (Art. 111.3)', () => {
    expect(cal.dayInfo('2026-04-26')).toMatchObject({ working: false, reason: 'holiday', name: 'Giỗ Tổ Hùng Vương' });
    expect(cal.dayInfo('2026-04-27')).toMatchObject({ working: false, reason: 'compensatory' });
    expect(cal.dayInfo('2026-04-27').source).toContain('Điều 111.3');
    expect(offDays(cal, '2026-04-24', '2026-05-04')).toEqual([
      '2026-04-25', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03',
    ]);
  });

  it('when 10/3 lunar 2025 falls on Monday 7 April, then that Monday is off and Tuesday is working', () => {
    expect(cal.dayInfo('2025-04-07')).toMatchObject({ working: false, reason: 'holiday', name: 'Giỗ Tổ Hùng Vương' });
    expect(cal.isWorkingDay('2025-04-08')).toBe(true);
  });
});

describe('weekend holidays and compensatory days (Art. 111.3)', () => {
  it('when 1 January 2028 is a Saturday, then Monday 3 January 2028 is the compensatory day', () => {
    expect(cal.dayInfo('2028-01-01')).toMatchObject({ working: false, reason: 'holiday', name: 'Tết Dương lịch' });
    expect(cal.dayInfo('2028-01-03')).toMatchObject({ working: false, reason: 'compensatory' });
    expect(cal.isWorkingDay('2028-01-04')).toBe(true);
  });

  it('when 2 September 2023 was a Saturday, then 1 Sept (adjacent day) and Monday 4 Sept were off, as decided that year', () => {
    expect(offDays(cal, '2023-08-31', '2023-09-05')).toEqual(['2023-09-01', '2023-09-02', '2023-09-03', '2023-09-04']);
    expect(cal.dayInfo('2023-09-04').reason).toBe('compensatory');
  });

  it('when 30/4 and 1/5 2022 fell on Saturday and Sunday, then Monday 2 and Tuesday 3 May were both compensatory', () => {
    expect(cal.dayInfo('2022-05-02').reason).toBe('compensatory');
    expect(cal.dayInfo('2022-05-03').reason).toBe('compensatory');
    expect(cal.isWorkingDay('2022-05-04')).toBe(true);
  });

  it('when lunar new year fell on a weekend (2023, 2024), then the default Tết matches the days actually given', () => {
    expect(offDays(cal, '2023-01-19', '2023-01-27')).toEqual([
      '2023-01-20', '2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26',
    ]);
    expect(offDays(cal, '2024-02-07', '2024-02-15')).toEqual([
      '2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14',
    ]);
  });
});

describe('announced schedules', () => {
  it('when 2025 is loaded, then Saturday 26 April is a make-up working day and Friday 2 May is off', () => {
    expect(cal.dayInfo('2025-04-26')).toMatchObject({ working: true, reason: 'announced-working' });
    expect(cal.dayInfo('2025-04-26').source).toContain('8726/VPCP-KGVX');
    expect(cal.dayInfo('2025-05-02')).toMatchObject({ working: false, reason: 'announced-off' });
    expect(lawOnly.dayInfo('2025-04-26')).toEqual({ date: '2025-04-26', working: false, reason: 'weekend' });
    expect(lawOnly.isWorkingDay('2025-05-02')).toBe(true);
  });

  it('when 2026 is loaded, then 2 January is swapped to Saturday 10 January', () => {
    expect(cal.dayInfo('2026-01-02')).toMatchObject({ working: false, reason: 'announced-off' });
    expect(cal.dayInfo('2026-01-10')).toMatchObject({ working: true, reason: 'announced-working' });
    expect(cal.dayInfo('2026-01-10').source).toContain('12729/VPCP-KGVX');
    expect(iso(cal.nextWorkingDay(at('2026-01-09T08:00')))).toBe('2026-01-10T08:00:00+07:00');
  });

  it('when listing 2026, then every non-ordinary day is returned with its reason, in date order', () => {
    expect(cal.holidays(2026).map((d) => [d.date, d.reason, d.working])).toEqual([
      ['2026-01-01', 'holiday', false],
      ['2026-01-02', 'announced-off', false],
      ['2026-01-10', 'announced-working', true],
      ['2026-02-16', 'holiday', false],
      ['2026-02-17', 'holiday', false],
      ['2026-02-18', 'holiday', false],
      ['2026-02-19', 'holiday', false],
      ['2026-02-20', 'holiday', false],
      ['2026-04-26', 'holiday', false],
      ['2026-04-27', 'compensatory', false],
      ['2026-04-30', 'holiday', false],
      ['2026-05-01', 'holiday', false],
      ['2026-09-01', 'holiday', false],
      ['2026-09-02', 'holiday', false],
    ]);
  });

  it('when an announcement fixes different Tết days and adds a swap, then it replaces the computed default', () => {
    const injected: AnnouncedYear = {
      year: 2027,
      source: 'Thông báo thử nghiệm',
      daysOff: [
        ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'].map((date) => ({
          date,
          statutory: 'tet' as const,
        })),
        { date: '2027-02-12', name: 'Nghỉ hoán đổi' },
      ],
      workingDays: [{ date: '2027-02-20', note: 'Làm bù cho 12/02' }],
    };
    const c = createWorkingCalendar({ announced: [injected] });
    // computed default would be 4–8 Feb + compensatory 9, 10 Feb
    expect(lawOnly.isWorkingDay('2027-02-04')).toBe(false);
    expect(c.dayInfo('2027-02-04')).toEqual({ date: '2027-02-04', working: true, reason: 'weekday' });
    expect(c.dayInfo('2027-02-09').source).toContain('Thông báo thử nghiệm');
    // Sat 6 and Sun 7 Feb are announced Tết days on a weekend → Wed 10 and Thu 11 compensatory
    expect(c.dayInfo('2027-02-10').reason).toBe('compensatory');
    expect(c.dayInfo('2027-02-11').reason).toBe('compensatory');
    expect(c.dayInfo('2027-02-12')).toMatchObject({ working: false, reason: 'announced-off', name: 'Nghỉ hoán đổi' });
    expect(c.dayInfo('2027-02-20')).toMatchObject({ working: true, reason: 'announced-working', name: 'Làm bù cho 12/02' });
    expect(offDays(c, '2027-02-04', '2027-02-21')).toEqual([
      '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09',
      '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13', '2027-02-14', '2027-02-21',
    ]);
  });

  it('when the shipped files are loaded, then each year cites its announcement', () => {
    const years = loadAnnouncedYears();
    expect(years.map((y) => y.year)).toEqual([2025, 2026]);
    expect(years[0]?.source).toContain('8726/VPCP-KGVX');
    expect(years[1]?.source).toContain('9441/TB-BNV');
  });

  it('when an announced file is malformed, then validation rejects it', () => {
    const base = { year: 2027, source: 'x', daysOff: [], workingDays: [] };
    expect(parseAnnouncedYear(base)).toEqual(base);
    expect(() => parseAnnouncedYear({ ...base, daysOff: [{ date: '2027-02-30' }] })).toThrow();
    expect(() => parseAnnouncedYear({ ...base, daysOff: [{ date: '2028-01-02' }] })).toThrow(/not in 2027/);
    expect(() =>
      parseAnnouncedYear({ ...base, daysOff: [{ date: '2027-05-03' }], workingDays: [{ date: '2027-05-03' }] }),
    ).toThrow(/listed twice/);
    expect(() => parseAnnouncedYear({ ...base, daysOff: [{ date: '2027-02-05', statutory: 'tet' }] })).toThrow(/5 statutory days/);
    expect(() => parseAnnouncedYear({ ...base, extra: true })).toThrow();
  });
});

describe('lookups', () => {
  it('when the same day is looked up twice, then the cached frozen object is returned', () => {
    const a = cal.dayInfo('2026-09-02');
    expect(cal.dayInfo('2026-09-02')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('when a date is malformed or impossible, then dayInfo throws', () => {
    expect(() => cal.dayInfo('2026-2-1')).toThrow(RangeError);
    expect(() => cal.dayInfo('2026-02-30')).toThrow(RangeError);
  });
});

describe('the Vietnam zone with cached offsets', () => {
  it('when offsets are asked in any order, around every transition of the zone and of a DST zone, then they equal the IANA zone’s', () => {
    for (const name of ['Asia/Ho_Chi_Minh', 'Europe/Paris']) {
      const cached = new CachedOffsetZone(name);
      const plain = IANAZone.create(name);
      let x = 12345;
      const samples: number[] = [];
      for (let i = 0; i < 4000; i++) {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        samples.push(Date.UTC(1900, 0, 1) + (x / 2 ** 31) * (Date.UTC(2100, 0, 1) - Date.UTC(1900, 0, 1)));
      }
      // Every minute of a day with a transition: Saigon's move to UTC+7 (13/06/1975) and Paris's
      // spring and autumn changes of 2026.
      for (const day of [Date.UTC(1975, 5, 12), Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25)]) {
        for (let m = 0; m < 2 * 24 * 60; m++) samples.push(day + m * 60_000 - 1, day + m * 60_000);
      }
      for (const ts of [...samples, ...samples.reverse()]) expect(cached.offset(ts), `${name} at ${new Date(ts).toISOString()}`).toBe(plain.offset(ts));
    }
  });

  it('is the IANA zone to luxon: same name, equal zones, same local times', () => {
    expect(VN_ZONE.name).toBe('Asia/Ho_Chi_Minh');
    expect(VN_ZONE.equals(IANAZone.create('Asia/Ho_Chi_Minh'))).toBe(true);
    const ms = Date.UTC(2026, 1, 23, 7, 0);
    expect(DateTime.fromMillis(ms, { zone: VN_ZONE }).toISO()).toBe(DateTime.fromMillis(ms, { zone: 'Asia/Ho_Chi_Minh' }).toISO());
    expect(DateTime.fromMillis(ms, { zone: VN_ZONE }).setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm ZZZZ')).toBe('Mon 23 Feb 2026, 14:00 GMT+7');
  });
});
