import { DateTime } from 'luxon';
import type { Clock } from '../../src/core/clock.js';

/** A clock that moves only when told to. Times given as ISO strings are read in Vietnam's zone. */
export interface FakeClock extends Clock {
  set(iso: string | number): void;
  advance(ms: number): void;
  advanceMinutes(n: number): void;
  iso(): string;
}

export function fakeClock(start: string | number = '2026-02-02T09:00:00', opts: { live?: boolean } = {}): FakeClock {
  const parse = (v: string | number) => (typeof v === 'number' ? v : DateTime.fromISO(v, { zone: 'Asia/Ho_Chi_Minh' }).toMillis());
  let now = parse(start);
  if (Number.isNaN(now)) throw new Error(`bad time ${start}`);
  // Live: real time flows from `start` (retries and pauses on the wire come due), and the test
  // can still jump ahead with set/advance.
  const since = performance.now();
  const flow = () => (opts.live ? Math.floor(performance.now() - since) : 0);
  return {
    now: () => now + flow(),
    set(v) {
      now = parse(v) - flow();
    },
    advance(ms) {
      now += ms;
    },
    advanceMinutes(n) {
      now += n * 60_000;
    },
    iso: () => DateTime.fromMillis(now + flow(), { zone: 'Asia/Ho_Chi_Minh' }).toISO()!,
  };
}
