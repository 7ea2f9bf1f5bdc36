import { DateTime, IANAZone } from 'luxon';

/**
 * Asia/Ho_Chi_Minh, with its UTC offsets remembered. Luxon asks Intl for the offset of every
 * DateTime it builds or moves (formatToParts, ~10 µs); deadlines, reminders and every date shown
 * do that several times per update. The offset is cached per hour of UTC time, and only for an
 * hour that has one offset from start to end, so a transition (none here since 1975, but the zone
 * has them before) is never smoothed over. To luxon it is the IANA zone: same type, name, equality.
 */
export class CachedOffsetZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR);
    let o = this.offsets.get(hour);
    if (o === undefined) {
      o = super.offset(ts);
      if (Number.isFinite(o) && super.offset(hour * HOUR) === o && super.offset(hour * HOUR + HOUR - 1) === o) {
        if (this.offsets.size >= 100_000) this.offsets.clear();
        this.offsets.set(hour, o);
      }
    }
    return o;
  }
}
const HOUR = 3_600_000;

export const VN_ZONE_NAME = 'Asia/Ho_Chi_Minh';
export const VN_ZONE: IANAZone = new CachedOffsetZone(VN_ZONE_NAME);

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
