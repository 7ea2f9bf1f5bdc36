import { DateTime } from 'luxon';
import type { Clock } from '../../src/core/clock.js';

/** A clock that moves only when told to. Times given as ISO strings are read in Vietnam's zone. */
export interface FakeClock extends Clock {
  set(iso: string | number): void;
  advance(ms: number): void;
  advanceMinutes(n: number): void;
  iso(): string;
}

export function fakeClock(start: string | number = '2026-02-02T09:00:00'): FakeClock {
  const parse = (v: string | number) => (typeof v === 'number' ? v : DateTime.fromISO(v, { zone: 'Asia/Ho_Chi_Minh' }).toMillis());
  let now = parse(start);
  if (Number.isNaN(now)) throw new Error(`bad time ${start}`);
  return {
    now: () => now,
    set(v) {
      now = parse(v);
    },
    advance(ms) {
      now += ms;
    },
    advanceMinutes(n) {
      now += n * 60_000;
    },
    iso: () => DateTime.fromMillis(now, { zone: 'Asia/Ho_Chi_Minh' }).toISO()!,
  };
}
