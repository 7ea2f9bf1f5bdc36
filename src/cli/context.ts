import { dirname, join } from 'node:path';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { getMeta } from '../../db/queries/meta.js';
import { envLocale, type Config } from '../config.js';
import type { AppDeps } from '../core/command.js';
import { systemClock, type Clock } from '../core/clock.js';
import { createWorkingCalendar } from '../core/calendar/index.js';
import { createI18n, type Locale, type Params, type Translate } from '../core/i18n.js';
import { silentLogger } from '../core/logger.js';
import { stripMarkup } from '../core/markup.js';

/** What a CLI command runs with: the same deps as the bot, on the same database file. */
export interface CliContext {
  deps: AppDeps;
  config: Config;
  /** The language of everything the command prints (DEFAULT_LOCALE); dates are shown in it too. */
  locale: Locale;
  t: Translate;
  json: boolean;
  /** A catalogue message as terminal text (`plain`), in the CLI's language. */
  plain(key: string, params?: Params): string;
  out(human: string, json: object): void;
  close(): void;
}

/**
 * A user error in the CLI: printed on stderr in the CLI's language, exit code 1. Like
 * DomainError it carries a catalogue key, so the message exists in vi and en.
 */
export class CliError extends Error {
  constructor(readonly messageKey: string, readonly params: Params = {}, readonly details?: object) {
    super(messageKey);
    this.name = 'CliError';
  }
}

/** Bad arguments: exit code 2, like most Unix tools. The message is a catalogue key. */
export class UsageError extends Error {
  constructor(readonly messageKey: string, readonly params: Params = {}) {
    super(messageKey);
    this.name = 'UsageError';
  }
}

/**
 * The language the CLI answers in: DEFAULT_LOCALE, as the bot's (DESIGN.md), read before the
 * configuration is, so even a bad command line or a bad configuration is answered in it.
 * Vietnamese unless it says `en`.
 */
export const cliLocale = envLocale;

/** A catalogue message as terminal text: no markup, entities decoded. */
export const plain = (t: Translate, key: string, params?: Params): string => stripMarkup(t(key, params));

/** A stream the CLI writes text to (process.stdout, or a test's). */
export interface Output {
  write(text: string): unknown;
}

/**
 * The database is opened when a command first uses it: a command checks its arguments first, so
 * a usage error never opens (or creates) the database file.
 */
export function createCliContext(config: Config, json: boolean, opts: { clock?: Clock; db?: Db; stdout?: Output } = {}): CliContext {
  const { clock = systemClock, stdout = process.stdout } = opts;
  const i18n = createI18n();
  let db = opts.db;
  const open = (): Db => (db ??= openDb(config.DATABASE_PATH));
  const deps: AppDeps = {
    get db() {
      return open();
    },
    clock,
    log: silentLogger,
    calendar: createWorkingCalendar(),
    i18n,
    telegramUsername: () => getMeta(open(), 'telegram.username'),
    filesDir: join(dirname(config.DATABASE_PATH), 'files'),
    fetchFile: () => Promise.reject(new Error('the command line does not download platform files')),
  };
  const t = i18n.t(config.DEFAULT_LOCALE);
  return {
    deps,
    config,
    locale: config.DEFAULT_LOCALE,
    t,
    json,
    plain: (key, params) => plain(t, key, params),
    out(human, obj) {
      stdout.write(json ? `${JSON.stringify(obj)}\n` : `${human}\n`);
    },
    close() {
      if (db) closeDb(db);
    },
  };
}

export function requireInt(value: string | undefined, flag: string): number {
  if (value === undefined) throw new UsageError('cli.error.missing_option', { flag });
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError('cli.error.not_positive_int', { flag, value });
  return n;
}

export function requireText(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError('cli.error.missing_option', { flag });
  if (!value.trim()) throw new UsageError('cli.error.empty_option', { flag });
  return value;
}

/** `value` when it is one of `values`; a usage error naming them otherwise. */
export function requireOneOf<T extends string>(value: string, flag: string, values: readonly T[]): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new UsageError('cli.error.not_one_of', { flag, value, values: values.join(', ') });
}

/** Why a file could not be read or written, in the user's words; the system's code otherwise. */
export function fileProblem(t: Translate, e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return t('cli.file.not_found');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return t('cli.file.no_permission');
  if (code === 'EISDIR') return t('cli.file.is_directory');
  return code ?? String((e as Error | undefined)?.message ?? e);
}

/** Runs `write` (an Excel export); a file that cannot be written is the user's error, not a crash. */
export async function writeOrFail(ctx: CliContext, file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (!(e as NodeJS.ErrnoException | undefined)?.code?.startsWith('E')) throw e;
    throw new CliError('cli.error.cannot_write', { file, reason: fileProblem(ctx.t, e) });
  }
}
