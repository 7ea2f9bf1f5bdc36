import { z } from 'zod';
import type { Platform } from './core/channel.js';
import type { Locale, Translate } from './core/i18n.js';
import { stripMarkup } from './core/markup.js';
import { TELEGRAM_PACING, zaloPacing, type PacingLimits } from './core/pacing.js';

/**
 * A variable's problem, twice: in English (the log of `npm start`, the CLI's `--json`) and as the
 * catalogue key `cli.config.<key>` with its params, which the command line says in its language.
 */
const problem = (key: string, message: string, params: Record<string, string> = {}) => ({ message, params: { key, ...params } });

/** Blank strings in .env files mean "not set". */
const optional = () =>
  z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : undefined));

const url = () =>
  optional().refine((s) => s === undefined || /^https?:\/\/[^\s]+$/.test(s), problem('url', 'must be an http(s) URL'));

const bool = () =>
  optional().transform((s, ctx) => {
    if (s === undefined) return undefined;
    if (/^(1|true|yes|on)$/i.test(s)) return true;
    if (/^(0|false|no|off)$/i.test(s)) return false;
    ctx.addIssue({ code: 'custom', ...problem('bool', 'must be true or false') });
    return z.NEVER;
  });

/** One of `values`; blank or missing means `fallback` (like every other variable here). */
const choice = <T extends string>(values: readonly [T, ...T[]], fallback: T) =>
  optional().transform((s, ctx): T => {
    if (s === undefined) return fallback;
    if ((values as readonly string[]).includes(s)) return s as T;
    ctx.addIssue({ code: 'custom', ...problem('one_of', `must be one of ${values.join(', ')}`, { values: values.join(', ') }) });
    return z.NEVER;
  });

/** A rate: a positive number (decimals allowed), `fallback` when blank. */
const rate = (fallback: number, max: number) =>
  optional().transform((s, ctx): number => {
    if (s === undefined) return fallback;
    const n = Number(s);
    if (Number.isFinite(n) && n > 0 && n <= max) return n;
    ctx.addIssue({ code: 'custom', ...problem('rate', `must be a number above 0 and at most ${max}`, { max: String(max) }) });
    return z.NEVER;
  });

export const configSchema = z
  .object({
    DATABASE_PATH: optional().default('data/committee.db'),
    DEFAULT_LOCALE: choice(['vi', 'en'], 'vi'),
    HTTP_PORT: optional().transform((s, ctx) => {
      if (s === undefined) return undefined;
      const n = Number(s);
      if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
      ctx.addIssue({ code: 'custom', ...problem('port', 'must be a port number 1–65535') });
      return z.NEVER;
    }),
    LOG_LEVEL: choice(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    /** Force the terminal chat on (or off) whatever else is configured. */
    CONSOLE: bool(),
    TELEGRAM_BOT_TOKEN: optional().refine((s) => s === undefined || /^\d+:[\w-]+$/.test(s), problem('telegram_token', 'does not look like a bot token (123456:ABC…)')),
    TELEGRAM_API_ROOT: url(),
    TELEGRAM_MODE: choice(['polling', 'webhook'], 'polling'),
    TELEGRAM_WEBHOOK_URL: url(),
    TELEGRAM_WEBHOOK_SECRET: optional().refine((s) => s === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(s), problem('telegram_secret', '1–256 characters of A-Z a-z 0-9 _ - (Bot API setWebhook secret_token)')),
    ZALO_BOT_TOKEN: optional(),
    ZALO_BOT_API_BASE: url(),
    ZALO_BOT_WEBHOOK_SECRET: optional().refine((s) => s === undefined || (s.length >= 8 && s.length <= 256), problem('zalo_secret', '8–256 characters (Zalo Bot Platform setWebhook secret_token)')),
    /** Public HTTPS URL for the Zalo Bot Platform webhook; without it the bot long-polls getUpdates. */
    ZALO_BOT_WEBHOOK_URL: url(),
    ZALO_OA_APP_ID: optional(),
    ZALO_OA_APP_SECRET: optional(),
    ZALO_OA_SECRET_KEY: optional(),
    ZALO_OA_REFRESH_TOKEN: optional(),
    ZALO_OA_API_BASE: url(),
    ZALO_OAUTH_BASE: url(),
    /** Messages a second the bot sends through the Zalo Bot Platform (no published limit; a 429 pauses it). */
    ZALO_BOT_SENDS_PER_SECOND: rate(10, 1000),
    /** Messages a minute through the OA Open API: keep below your OA package's limit (Growth: ~100). */
    ZALO_OA_SENDS_PER_MINUTE: rate(90, 100_000),
    /** Path of the Zalo OA webhook on HTTP_PORT (the URL registered in Zalo Developers). */
    ZALO_OA_WEBHOOK_PATH: optional().default('/zalo/oa/webhook'),
  })
  .superRefine((c, ctx) => {
    if (c.ZALO_BOT_TOKEN && c.ZALO_BOT_WEBHOOK_URL) {
      if (!c.ZALO_BOT_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['ZALO_BOT_WEBHOOK_SECRET'], ...problem('required_with', 'required with ZALO_BOT_WEBHOOK_URL', { other: 'ZALO_BOT_WEBHOOK_URL' }) });
      if (!c.HTTP_PORT) ctx.addIssue({ code: 'custom', path: ['HTTP_PORT'], ...problem('required_with', 'required with ZALO_BOT_WEBHOOK_URL', { other: 'ZALO_BOT_WEBHOOK_URL' }) });
    }
    if (c.ZALO_OA_APP_ID) {
      for (const key of ['ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'HTTP_PORT'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], ...problem('required_with_oa', 'required with ZALO_OA_APP_ID (the OA sends events to a webhook only)') });
      }
    }
    if (c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_MODE === 'webhook') {
      if (!c.TELEGRAM_WEBHOOK_URL) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_URL'], ...problem('required_when', 'required when TELEGRAM_MODE=webhook', { condition: 'TELEGRAM_MODE=webhook' }) });
      if (!c.TELEGRAM_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], ...problem('required_webhook_secret', 'required when TELEGRAM_MODE=webhook (Telegram signs each request with it)') });
      if (!c.HTTP_PORT) ctx.addIssue({ code: 'custom', path: ['HTTP_PORT'], ...problem('required_when', 'required when TELEGRAM_MODE=webhook', { condition: 'TELEGRAM_MODE=webhook' }) });
    }
  });

export type Config = z.output<typeof configSchema>;

/** One variable's problem: `key` and `params` name it in the catalogues (cli.config.*), when known. */
export interface ConfigProblem {
  variable: string;
  message: string;
  key?: string;
  params: Record<string, string>;
}

export class ConfigError extends Error {
  /** "VARIABLE: message", in English. */
  readonly problems: string[];
  constructor(readonly details: ConfigProblem[]) {
    const problems = details.map((d) => `${d.variable}: ${d.message}`);
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * The language to say configuration problems in: DEFAULT_LOCALE when it is `en`, else Vietnamese
 * (read on its own, as the configuration it belongs to may be what is wrong).
 */
export function envLocale(env: Record<string, string | undefined> = process.env): Locale {
  return env.DEFAULT_LOCALE?.trim() === 'en' ? 'en' : 'vi';
}

/** The problems for a person, in `t`'s language: a heading, then a line per variable. */
export function describeConfigError(e: ConfigError, t: Translate): string {
  const say = (key: string, params?: Record<string, string>) => stripMarkup(t(key, params));
  return [say('cli.error.bad_config'), ...e.details.map((d) => `  - ${d.variable}: ${d.key ? say(`cli.config.${d.key}`, d.params) : d.message}`)].join('\n');
}

/** Parses the environment once; every problem is listed by variable name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const r = configSchema.safeParse(env);
  if (!r.success) {
    throw new ConfigError(
      r.error.issues.map((i) => {
        const { key, ...params } = ((i as { params?: Record<string, string> }).params ?? {}) as Record<string, string>;
        return { variable: i.path.join('.') || '(env)', message: i.message, ...(key ? { key } : {}), params };
      }),
    );
  }
  return r.data;
}

/** True when no chat platform is configured, or when the terminal chat is asked for. */
export function consoleEnabled(c: Config): boolean {
  if (c.CONSOLE !== undefined) return c.CONSOLE;
  return !c.TELEGRAM_BOT_TOKEN && !c.ZALO_BOT_TOKEN && !c.ZALO_OA_APP_ID;
}

/** Send pacing per platform: Telegram's published limits, Zalo's as configured. */
export function pacingOf(c: Config): Partial<Record<Platform, PacingLimits>> {
  return {
    telegram: TELEGRAM_PACING,
    zalo_bot: zaloPacing(c.ZALO_BOT_SENDS_PER_SECOND, 'second'),
    zalo_oa: zaloPacing(c.ZALO_OA_SENDS_PER_MINUTE, 'minute'),
  };
}
