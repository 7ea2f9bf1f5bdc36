import { local } from '../../../core/clock.js';
import { Deferred, Invalid, RateLimited, Transient, Unreachable, isDeliveryError } from '../../../core/errors.js';

/**
 * An answer from the Open API carrying a non-zero `error` in its envelope `{error, message, data}`.
 * Zalo often says this with HTTP 200, so the envelope is what counts, not the status.
 */
export class ZaloOaError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly status?: number,
  ) {
    super(`zalo_oa ${code}: ${description}`);
    this.name = 'ZaloOaError';
  }
}

/**
 * Access token rejected. -216 "invalid", -220 "expired" (field-vn ErrorCatalog, citing
 * developers.zalo.me/docs/official-account/phu-luc/ma-loi); goclaw errors.go also sees 216, -401
 * and 401 for the same cause in production.
 */
export const TOKEN_REJECTED = new Set([-216, -220, 216, -401, 401]);

/**
 * The user is outside the messaging window: -230 no interaction in 7 days, -213 not a follower,
 * -231/-232 no interaction in the CS window (field-vn ErrorCatalog). -218 "sending limit to this
 * user reached" is the "8 free replies within 48 h" rule of Zalo's support centre (freshdesk
 * 64000261136), which only the user writing again lifts: the same thing for the bot.
 */
const WINDOW_CLOSED = new Set([-230, -213, -231, -232, -218]);

/** The OA, the app or its package cannot do this at all: retrying will not help (field-vn ErrorCatalog). */
const CONFIG = new Set([-204, -205, -209, -210, -212, -219, -221, -223, -224, -233, -235, -240, -242, -248]);

/** Upload token (`attachment_id`/`token`) expired: upload again (field-vn ErrorCatalog -100). */
export const FILE_TOKEN_EXPIRED = -100;
/** Invalid parameter: an unknown user_id, or a body shape Zalo does not take (field-vn, goclaw). */
export const INVALID_PARAM = -201;
/** Over the per-minute request limit of the app or OA (field-vn ErrorCatalog). */
const RATE_LIMIT = -32;
/** "This message type cannot be sent between 22:00 and 06:00" (field-vn ErrorCatalog). */
const QUIET_HOURS = -234;
/** Zalo gives no retry-after with -32; its limit is per minute. */
const RATE_LIMIT_PAUSE_SECONDS = 60;

/** 06:00 in Vietnam after `now`: when a message refused for the night (-234) may go again. */
export function endOfQuietHours(now: number): number {
  const d = local(now);
  const six = d.set({ hour: 6, minute: 0, second: 0, millisecond: 0 });
  return (d < six ? six : six.plus({ days: 1 })).toMillis();
}

/** An Open API failure as the core's error kinds (errors.ts). */
export function mapOaError(e: unknown, now: number): Error {
  if (!(e instanceof ZaloOaError)) {
    if (isDeliveryError(e)) return e;
    return new Transient(e instanceof Error ? e.message : String(e));
  }
  const d = `${e.code}: ${e.description}`;
  if (WINDOW_CLOSED.has(e.code)) return new Unreachable('window_closed', d);
  // -227: "account locked or not online for more than 45 days"; -244: "the user restricted this
  // message type from the OA" (field-vn ErrorCatalog).
  if (e.code === INVALID_PARAM || e.code === -227) return new Unreachable('not_found', d);
  if (e.code === -244) return new Unreachable('blocked', d);
  if (e.code === QUIET_HOURS) return new Deferred(endOfQuietHours(now), d);
  if (e.code === RATE_LIMIT || e.status === 429) return new RateLimited(RATE_LIMIT_PAUSE_SECONDS, d);
  if (CONFIG.has(e.code)) return new Invalid(d);
  // Anything else (-200 "send failed", -211 quota, server trouble, codes we have never seen):
  // retried with backoff rather than dropped.
  return new Transient(d);
}
