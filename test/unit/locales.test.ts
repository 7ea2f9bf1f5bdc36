import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_STATUSES, MEETING_BODIES } from '../../db/schema/meetings.js';
import { LOCALES, MEMBER_ROLES } from '../../db/schema/members.js';
import { formatDate, formatDateTime, loadCatalog } from '../../src/core/i18n.js';
import { FREQUENCIES } from '../../src/domain/presets/index.js';
import { ATTENDANCE_VIEW_STATUSES } from '../../src/domain/attendance.js';

import { REQUEST_KINDS, REQUEST_STATUSES } from '../../db/schema/requests.js';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const vi = loadCatalog('vi');
const en = loadCatalog('en');

const placeholders = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));

/** Every .ts file under the folders whose strings reach users. */
function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // a folder not written yet (scheduler/) holds no keys
    }
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  };
  for (const d of ['src', 'commands', 'scheduler']) walk(join(ROOT, d));
  return out;
}

/** A catalogue key: dotted lowercase words, e.g. `error.not_registered`, `cmd.help.description`. */
const KEY = String.raw`[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+`;
const LITERAL_KEY_PATTERNS = [
  // t('key' … / ctx.t("key" … / i18n.t(locale)('key' …
  new RegExp(String.raw`(?:(?<![\w$])t|\))\(\s*(['"])(${KEY})\1`, 'g'),
  // new DomainError('code', 'key' …
  new RegExp(String.raw`DomainError\(\s*(['"])[^'"]*\1\s*,\s*(['"])(${KEY})\2`, 'g'),
  // new UsageError('key' … / new CliError('key' … (src/cli)
  new RegExp(String.raw`(?:Usage|Cli)Error\(\s*(['"])(${KEY})\1`, 'g'),
  // ctx.plain('key' … / plain(t, 'key' … (src/cli: a message as terminal text)
  new RegExp(String.raw`(?<![\w$])plain\(\s*(?:[\w.]+\s*,\s*)?(['"])(${KEY})\1`, 'g'),
  // descriptionKey: 'key'
  new RegExp(String.raw`[Kk]ey:\s*(['"])(${KEY})\1`, 'g'),
];

/**
 * Keys built at run time from a template. Each template the source uses must be listed here with
 * every value it can take, so a new one cannot slip past this test unexpanded.
 */
const TEMPLATE_EXPANSIONS: Record<string, readonly string[]> = {
  'role.${}': MEMBER_ROLES,
  // RedeemResult reasons that commands/start.ts turns into `invite.<reason>`.
  'invite.${}': ['malformed', 'unknown', 'used', 'expired', 'throttled'],
  'language.name.${}': LOCALES,
  // IncomingEvent['what'] of an 'unsupported' event.
  'error.unsupported_${}': ['sticker', 'photo', 'edited', 'voice', 'other'],
  // The custom messages of memberInputSchema (src/domain/members.ts).
  'error.member_${}': ['name_required', 'name_too_long', 'bad_role', 'bad_phone', 'bad_email', 'bad_agency_email', 'title_too_long', 'agency_too_long', 'bad_locale'],
  // renderMeetingReminder (src/domain/meeting-messages.ts): '2h' → hours, '1wd' → working_day, else days.
  'meeting.reminder.${}': ['hours', 'working_day', 'days'],
  // A body's regular-meeting frequency (scheduler/jobs/regular-meetings.ts).
  'frequency.${}': FREQUENCIES,
  'body.${}': MEETING_BODIES,
  'attendance.status.${}': ATTENDANCE_STATUSES,
  // /attendance and its Excel export (src/domain/attendance-messages.ts, src/cli/attendance-xlsx.ts).
  'attendance.group.${}': ATTENDANCE_VIEW_STATUSES,
  'attendance.label.${}': ATTENDANCE_VIEW_STATUSES,
  // Absence and substitute requests (src/domain/request-messages.ts, commands/decide.ts …).
  'request.card.title.${}': REQUEST_KINDS,
  'request.kind.${}': REQUEST_KINDS,
  'request.status.${}': REQUEST_STATUSES,
  // Settled requests only: a pending one is never resolved, told or decided.
  'request.resolved.${}': ['approved', 'rejected', 'withdrawn', 'expired', 'meeting_cancelled'],
  'request.outcome.${}': ['approved', 'rejected', 'withdrawn', 'expired', 'meeting_cancelled'],
  'request.decided.${}': ['approved', 'rejected'],
  // The /delegate dialog's steps after the name (commands/delegate.ts STEPS).
  'delegate.ask.${}': ['title', 'agency', 'contact'],
  // Why a notice did not reach someone (src/domain/notices.ts reasonOf).
  'notice.reason.${}': ['never_bound', 'blocked', 'window_closed', 'failed', 'other'],
};

/** Keys that reach `t` through a helper's parameter (commands/start.ts `greet`). */
const INDIRECT_KEYS = ['start.bound', 'start.already_bound'];

/** `t(\`role.${m.role}\`)` → `role.${}`; keeps only templates that look like catalogue keys. */
const TEMPLATE_PATTERNS = [
  /(?:(?<![\w$])t|\))\(\s*`([^`]*)`/g,
  /DomainError\(\s*(['"])[^'"]*\1\s*,\s*`([^`]*)`/g,
];

function usedKeys() {
  const literal = new Map<string, string>();
  const templates = new Map<string, string>();
  for (const file of sourceFiles()) {
    const src = readFileSync(file, 'utf8');
    const where = relative(ROOT, file);
    for (const re of LITERAL_KEY_PATTERNS) {
      for (const m of src.matchAll(re)) literal.set(m[m.length - 1]!, where);
    }
    for (const re of TEMPLATE_PATTERNS) {
      for (const m of src.matchAll(re)) {
        const shape = m[m.length - 1]!.replace(/\$\{(?:[^{}]|\{[^}]*\})*\}/g, '${}');
        // Keys only: a dotted lowercase prefix such as `role.${}`; not CLI sentences or `${e.code}: …`.
        if (new RegExp(String.raw`^[a-z][a-z0-9_]*\.[a-z0-9_.]*\$\{\}[a-z0-9_.]*$`).test(shape)) templates.set(shape, where);
      }
    }
  }
  return { literal, templates };
}

describe('the catalogues', () => {
  it('when vi.json and en.json are compared, then they have exactly the same keys', () => {
    const viKeys = Object.keys(vi).sort();
    const enKeys = Object.keys(en).sort();
    expect(viKeys.filter((k) => !(k in en)), 'in vi.json but not en.json').toEqual([]);
    expect(enKeys.filter((k) => !(k in vi)), 'in en.json but not vi.json').toEqual([]);
    expect(viKeys.length).toBeGreaterThan(10);
  });

  it('when any value is read, then it is a non-empty string', () => {
    for (const [name, cat] of [['vi', vi], ['en', en]] as const) {
      const empty = Object.entries(cat).filter(([, v]) => typeof v !== 'string' || !v.trim());
      expect(empty, `${name}.json empty values`).toEqual([]);
    }
  });

  it('when a vi message has a {placeholder}, then the en message for that key has it too (and no others)', () => {
    const mismatched: string[] = [];
    for (const [key, text] of Object.entries(vi)) {
      const enText = en[key];
      if (enText === undefined) continue; // reported by the key test
      const a = placeholders(text);
      const b = placeholders(enText);
      for (const p of a) if (!b.has(p)) mismatched.push(`${key}: en lacks {${p}}`);
      for (const p of b) if (!a.has(p)) mismatched.push(`${key}: en has {${p}}, vi does not`);
    }
    expect(mismatched).toEqual([]);
  });

  it('when a message uses markup, then it uses only the HTML-lite tags channels understand', () => {
    const bad: string[] = [];
    for (const [name, cat] of [['vi', vi], ['en', en]] as const) {
      for (const [key, text] of Object.entries(cat)) {
        const rest = text.replace(/<\/?(b|i)>/g, '').replace(/<a href="[^"]*">|<\/a>/g, '');
        if (/[<>]/.test(rest)) bad.push(`${name}:${key}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('keys used in the source', () => {
  const { literal, templates } = usedKeys();

  it('when the source names a key literally (t, plain, DomainError, UsageError, CliError, descriptionKey), then vi.json has it', () => {
    // The scan must find the keys we know are there, or it is scanning nothing.
    expect([...literal.keys()]).toEqual(expect.arrayContaining(['error.not_registered', 'cmd.help.description', 'error.member_duplicate_phone', 'cli.error.missing_option', 'cli.import.failed', 'cli.import.row', 'cli.member.added', 'cli.tick.sent']));
    const missing = [...literal].filter(([k]) => !(k in vi)).map(([k, file]) => `${k} (${file})`);
    expect(missing).toEqual([]);
    expect(INDIRECT_KEYS.filter((k) => !(k in vi))).toEqual([]);
  });

  it('when the source builds a key from a template, then the template is known here and every expansion is in vi.json', () => {
    expect([...templates.keys()]).toEqual(expect.arrayContaining(['role.${}', 'invite.${}', 'error.unsupported_${}']));
    const unknown = [...templates].filter(([shape]) => !(shape in TEMPLATE_EXPANSIONS)).map(([s, f]) => `${s} (${f})`);
    expect(unknown, 'add these templates and their values to TEMPLATE_EXPANSIONS').toEqual([]);
    const missing: string[] = [];
    for (const shape of templates.keys()) {
      for (const value of TEMPLATE_EXPANSIONS[shape] ?? []) {
        const key = shape.replace('${}', value);
        if (!(key in vi)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('dates as the committee reads them', () => {
  const at = Date.parse('2026-02-23T07:00:00Z'); // 14:00 in Hà Nội, a Monday

  it('when 2026-02-23T07:00Z is shown in Vietnamese, then it reads "14h00 thứ Hai, 23/02/2026"', () => {
    expect(formatDateTime(at, 'vi')).toBe('14h00 thứ Hai, 23/02/2026');
  });

  it('when 2026-02-23T07:00Z is shown in English, then it reads "Mon 23 Feb 2026, 14:00"', () => {
    expect(formatDateTime(at, 'en')).toBe('Mon 23 Feb 2026, 14:00');
  });

  it('when a time falls on a Sunday evening in UTC but Monday in Vietnam, then the Vietnamese day is shown', () => {
    const late = Date.parse('2026-03-01T18:30:00Z'); // 01:30 Monday 2 March in Hà Nội
    expect(formatDateTime(late, 'vi')).toBe('01h30 thứ Hai, 02/03/2026');
    expect(formatDate(late, 'vi')).toBe('thứ Hai, 02/03/2026');
    expect(formatDate(Date.parse('2026-03-01T05:00:00Z'), 'vi')).toBe('Chủ nhật, 01/03/2026');
  });
});
