import type { Db } from '../../db/client.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

/** What every domain function works over: a database, the clock, a logger. */
export interface Deps {
  db: Db;
  clock: Clock;
  log: Logger;
}

/** Who caused a change, for the audit log: `member:7`, `cli`, `system`. */
export type Actor = string;
