import { DateTime } from 'luxon';

export const VN_ZONE = 'Asia/Ho_Chi_Minh';

/** The only source of time in the core. Tests inject a fake one; nothing calls Date.now() directly. */
export interface Clock {
  /** Milliseconds since the epoch (UTC). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** `ms` as a luxon DateTime in Vietnam's zone, the zone every rule is written in. */
export function local(ms: number): DateTime {
  return DateTime.fromMillis(ms, { zone: VN_ZONE });
}

export function nowLocal(clock: Clock): DateTime {
  return local(clock.now());
}
