import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { VN_ZONE } from './clock.js';
import { escapeHtml } from './markup.js';

import { LOCALES, type Locale } from '../../db/schema/members.js';

export { LOCALES, type Locale };
export const DEFAULT_LOCALE: Locale = 'vi';

export function isLocale(s: unknown): s is Locale {
  return s === 'vi' || s === 'en';
}

/** A value that is already HTML-lite and must not be escaped again (e.g. a formatted list). */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new Raw(html);

export type Params = Record<string, string | number | Raw | null | undefined>;
export type Translate = (key: string, params?: Params) => string;

export interface I18n {
  t(locale: Locale): Translate;
  keys(locale: Locale): string[];
}

const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../locales');

export function loadCatalog(locale: Locale, dir = LOCALES_DIR): Record<string, string> {
  return JSON.parse(readFileSync(resolve(dir, `${locale}.json`), 'utf8')) as Record<string, string>;
}

/**
 * `t(key, params)` fills `{name}` placeholders. Every param is HTML-escaped unless wrapped in
 * `raw()`, so user text can never inject markup. Missing keys fall back to Vietnamese, then to
 * the key itself (a test keeps the catalogues equal, so that is only a safety net).
 */
export function createI18n(dir = LOCALES_DIR): I18n {
  const catalogs = { vi: loadCatalog('vi', dir), en: loadCatalog('en', dir) };
  // Each template split once into literals and placeholder names ("a {x} b" → ['a ', 'x', ' b']):
  // an update renders a dozen strings, and a regular expression with a callback per string was
  // a few percent of an update's time (`npm run bench`).
  const split = { vi: new Map<string, string[]>(), en: new Map<string, string[]>() };
  const partsOf = (locale: Locale, key: string): string[] => {
    let parts = split[locale].get(key);
    if (!parts) split[locale].set(key, (parts = (catalogs[locale][key] ?? catalogs.vi[key] ?? key).split(/\{(\w+)\}/)));
    return parts;
  };
  return {
    t(locale) {
      return (key, params = {}) => {
        const parts = partsOf(locale, key);
        let out = parts[0]!;
        for (let i = 1; i < parts.length; i += 2) {
          const name = parts[i]!;
          const v = params[name];
          // A placeholder without its param stays as written.
          out += !Object.hasOwn(params, name) ? `{${name}}` : v instanceof Raw ? v.html : v == null ? '' : escapeHtml(String(v));
          out += parts[i + 1]!;
        }
        return out;
      };
    },
    keys: (locale) => Object.keys(catalogs[locale]),
  };
}

const VI_WEEKDAYS = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];

/**
 * Formatted instants, remembered by the minute (what the format shows): the same few meeting
 * times are shown on every card, reply and reminder, and deadlines computed from "now" fall in the
 * same minute for a burst of requests; a luxon format costs ~30 µs each time.
 */
const formatted = new Map<string, string>();

/** "14h00 thứ Hai, 23/02/2026" (vi) or "Mon 23 Feb 2026, 14:00" (en), always in Vietnam's time. */
export function formatDateTime(ms: number, locale: Locale): string {
  const key = `${locale}${Math.floor(ms / 60_000)}`;
  let s = formatted.get(key);
  if (s === undefined) {
    const d = DateTime.fromMillis(ms, { zone: VN_ZONE });
    s = locale === 'vi' ? `${d.toFormat("HH'h'mm")} ${VI_WEEKDAYS[d.weekday]}, ${d.toFormat('dd/MM/yyyy')}` : d.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm');
    if (formatted.size >= 5000) formatted.clear();
    formatted.set(key, s);
  }
  return s;
}

/** "thứ Hai, 23/02/2026" (vi) or "Mon 23 Feb 2026" (en). */
export function formatDate(ms: number, locale: Locale): string {
  const d = DateTime.fromMillis(ms, { zone: VN_ZONE });
  if (locale === 'vi') return `${VI_WEEKDAYS[d.weekday]}, ${d.toFormat('dd/MM/yyyy')}`;
  return d.setLocale('en-GB').toFormat('ccc d LLL yyyy');
}
