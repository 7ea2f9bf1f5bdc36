import { dirname, join } from 'node:path';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { getMeta } from '../../db/queries/meta.js';
import type { Config } from '../config.js';
import type { AppDeps } from '../core/command.js';
import { systemClock, type Clock } from '../core/clock.js';
import { createWorkingCalendar } from '../core/calendar/index.js';
import { createI18n, type Translate } from '../core/i18n.js';
import { silentLogger } from '../core/logger.js';

/** What a CLI command runs with: the same deps as the bot, on the same database file. */
export interface CliContext {
  deps: AppDeps;
  config: Config;
  t: Translate;
  json: boolean;
  out(human: string, json: object): void;
  close(): void;
}

/** A user error in the CLI: printed on stderr, exit code 1. */
export class CliError extends Error {
  constructor(message: string, readonly details?: object) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad arguments: exit code 2, like most Unix tools. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function createCliContext(config: Config, json: boolean, clock: Clock = systemClock, db: Db = openDb(config.DATABASE_PATH)): CliContext {
  const i18n = createI18n();
  const deps: AppDeps = {
    db,
    clock,
    log: silentLogger,
    calendar: createWorkingCalendar(),
    i18n,
    telegramUsername: () => getMeta(db, 'telegram.username'),
    filesDir: join(dirname(config.DATABASE_PATH), 'files'),
    fetchFile: () => Promise.reject(new Error('the command line does not download platform files')),
  };
  return {
    deps,
    config,
    t: i18n.t(config.DEFAULT_LOCALE),
    json,
    out(human, obj) {
      process.stdout.write(json ? `${JSON.stringify(obj)}\n` : `${human}\n`);
    },
    close: () => closeDb(db),
  };
}

export function requireInt(value: string | undefined, flag: string): number {
  if (value === undefined) throw new UsageError(`missing --${flag}`);
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${flag} must be a positive whole number, got "${value}"`);
  return n;
}

export function requireText(value: string | undefined, flag: string): string {
  if (value === undefined || !value.trim()) throw new UsageError(`missing --${flag}`);
  return value;
}
