import { z } from 'zod';
import type { Platform } from './core/channel.js';
import { TELEGRAM_PACING, zaloPacing, type PacingLimits } from './core/pacing.js';

/** Blank strings in .env files mean "not set". */
const optional = () =>
  z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : undefined));

const url = () =>
  optional().refine((s) => s === undefined || /^https?:\/\/[^\s]+$/.test(s), { message: 'must be an http(s) URL' });

const bool = () =>
  optional().transform((s, ctx) => {
    if (s === undefined) return undefined;
    if (/^(1|true|yes|on)$/i.test(s)) return true;
    if (/^(0|false|no|off)$/i.test(s)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  });

/** One of `values`; blank or missing means `fallback` (like every other variable here). */
const choice = <T extends string>(values: readonly [T, ...T[]], fallback: T) =>
  optional().transform((s, ctx): T => {
    if (s === undefined) return fallback;
    if ((values as readonly string[]).includes(s)) return s as T;
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
    return z.NEVER;
  });

/** A rate: a positive number (decimals allowed), `fallback` when blank. */
const rate = (fallback: number, max: number) =>
  optional().transform((s, ctx): number => {
    if (s === undefined) return fallback;
    const n = Number(s);
    if (Number.isFinite(n) && n > 0 && n <= max) return n;
    ctx.addIssue({ code: 'custom', message: `must be a number above 0 and at most ${max}` });
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
      ctx.addIssue({ code: 'custom', message: 'must be a port number 1–65535' });
      return z.NEVER;
    }),
    LOG_LEVEL: choice(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    /** Force the terminal chat on (or off) whatever else is configured. */
    CONSOLE: bool(),
    TELEGRAM_BOT_TOKEN: optional().refine((s) => s === undefined || /^\d+:[\w-]+$/.test(s), { message: 'does not look like a bot token (123456:ABC…)' }),
    TELEGRAM_API_ROOT: url(),
    TELEGRAM_MODE: choice(['polling', 'webhook'], 'polling'),
    TELEGRAM_WEBHOOK_URL: url(),
    TELEGRAM_WEBHOOK_SECRET: optional().refine((s) => s === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(s), {
      message: '1–256 characters of A-Z a-z 0-9 _ - (Bot API setWebhook secret_token)',
    }),
    ZALO_BOT_TOKEN: optional(),
    ZALO_BOT_API_BASE: url(),
    ZALO_BOT_WEBHOOK_SECRET: optional().refine((s) => s === undefined || (s.length >= 8 && s.length <= 256), {
      message: '8–256 characters (Zalo Bot Platform setWebhook secret_token)',
    }),
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
      if (!c.ZALO_BOT_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['ZALO_BOT_WEBHOOK_SECRET'], message: 'required with ZALO_BOT_WEBHOOK_URL' });
      if (!c.HTTP_PORT) ctx.addIssue({ code: 'custom', path: ['HTTP_PORT'], message: 'required with ZALO_BOT_WEBHOOK_URL' });
    }
    if (c.ZALO_OA_APP_ID) {
      for (const key of ['ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'HTTP_PORT'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required with ZALO_OA_APP_ID (the OA sends events to a webhook only)' });
      }
    }
    if (c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_MODE === 'webhook') {
      if (!c.TELEGRAM_WEBHOOK_URL) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_URL'], message: 'required when TELEGRAM_MODE=webhook' });
      if (!c.TELEGRAM_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when TELEGRAM_MODE=webhook (Telegram signs each request with it)' });
      if (!c.HTTP_PORT) ctx.addIssue({ code: 'custom', path: ['HTTP_PORT'], message: 'required when TELEGRAM_MODE=webhook' });
    }
  });

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem is listed by variable name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const r = configSchema.safeParse(env);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
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
