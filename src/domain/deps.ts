import type { Db } from '../../db/client.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { WorkingCalendar } from '../core/calendar/index.js';

/** What every domain function works over: a database, the clock, a logger. */
export interface Deps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Vietnamese working days (Labour Code + announced schedules). */
  calendar: WorkingCalendar;
}

/** Who caused a change, for the audit log: `member:7`, `cli`, `system`. */
export type Actor = string;
