/**
 * The government's announced schedule for a year: the days off it fixes and the make-up working
 * days it declares. Shipped as one JSON file per year in `./announced/`, each citing its legal
 * source; validated with zod when loaded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * The two holidays whose actual days the Prime Minister fixes each year (Labour Code 2019,
 * Art. 112.3): the five days of Tết Âm lịch (Art. 112.1.b) and the day adjacent to 2 September
 * (Art. 112.1.đ).
 */
export const ANNOUNCED_STATUTORY = ['tet', 'national-day'] as const;
export type AnnouncedStatutory = (typeof ANNOUNCED_STATUTORY)[number];

export interface AnnouncedDayOff {
  /** 'YYYY-MM-DD', in the file's year */
  date: string;
  /** Vietnamese name shown to users */
  name?: string;
  /**
   * Set when the announcement fixes which days *are* the statutory holiday (Art. 112.3): for a
   * year that lists any `tet` day, exactly those days replace the computed five Tết days (list the
   * five statutory days only, not the surrounding weekends; compensatory days for listed days that
   * fall on a weekend follow from Art. 111.3). Same for `national-day` (2 Sept + adjacent day).
   * Unset: an extra day off on top of the statutory ones (e.g. a swapped working day).
   */
  statutory?: AnnouncedStatutory;
  /** overrides the file's `source` for this day (when a year has several announcements) */
  source?: string;
}

export interface AnnouncedWorkingDay {
  /** 'YYYY-MM-DD', in the file's year; usually a Saturday worked to make up a swapped day */
  date: string;
  note?: string;
  source?: string;
}

export interface AnnouncedYear {
  year: number;
  /** the announcement(s): document number, date, issuer, e.g. "Thông báo số 9441/TB-BNV ngày 16/10/2025 …" */
  source: string;
  /** what could and could not be sourced; free text */
  note?: string;
  /** press or official URLs the data was checked against */
  references?: string[];
  daysOff: AnnouncedDayOff[];
  workingDays: AnnouncedWorkingDay[];
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s).isValid, 'no such date');

const announcedYearSchema = z
  .strictObject({
    year: z.int().min(1900).max(2200),
    source: z.string().min(1),
    note: z.string().optional(),
    references: z.array(z.string()).optional(),
    daysOff: z.array(
      z.strictObject({
        date: isoDate,
        name: z.string().min(1).optional(),
        statutory: z.enum(ANNOUNCED_STATUTORY).optional(),
        source: z.string().min(1).optional(),
      }),
    ),
    workingDays: z.array(
      z.strictObject({
        date: isoDate,
        note: z.string().min(1).optional(),
        source: z.string().min(1).optional(),
      }),
    ),
  })
  .superRefine((y, ctx) => {
    const seen = new Set<string>();
    const check = (list: 'daysOff' | 'workingDays', date: string, i: number) => {
      if (!date.startsWith(`${y.year}-`)) {
        ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: `${date} is not in ${y.year}` });
      }
      if (seen.has(date)) {
        ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: `${date} is listed twice` });
      }
      seen.add(date);
    };
    y.daysOff.forEach((d, i) => check('daysOff', d.date, i));
    y.workingDays.forEach((d, i) => check('workingDays', d.date, i));
    const tet = y.daysOff.filter((d) => d.statutory === 'tet').length;
    const national = y.daysOff.filter((d) => d.statutory === 'national-day').length;
    if (tet !== 0 && tet !== 5) {
      ctx.addIssue({ code: 'custom', path: ['daysOff'], message: `Tết Âm lịch has 5 statutory days (Art. 112.1.b), got ${tet}` });
    }
    if (national !== 0 && national !== 2) {
      ctx.addIssue({ code: 'custom', path: ['daysOff'], message: `Quốc khánh has 2 statutory days (Art. 112.1.đ), got ${national}` });
    }
  });

/** Validates one year's announced schedule; throws a ZodError naming the bad field. */
export function parseAnnouncedYear(data: unknown): AnnouncedYear {
  return announcedYearSchema.parse(data);
}

const ANNOUNCED_DIR = new URL('./announced/', import.meta.url);

/**
 * Reads every shipped `announced/YYYY.json` (synchronously, relative to this module so it works
 * under tsx and vitest alike), validated; sorted by year. Throws if a file is malformed or its
 * name does not match its `year`.
 */
export function loadAnnouncedYears(): AnnouncedYear[] {
  const files = readdirSync(ANNOUNCED_DIR)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort();
  return files.map((file) => {
    const parsed = parseAnnouncedYear(JSON.parse(readFileSync(new URL(file, ANNOUNCED_DIR), 'utf8')));
    if (`${parsed.year}.json` !== file) throw new Error(`announced/${file} declares year ${parsed.year}`);
    return parsed;
  });
}
