import { Invalid, RateLimited, Transient, Unreachable, isDeliveryError } from '../../../core/errors.js';
import { ZaloBotApiError, ZaloBotNetworkError } from './api.js';

/** Zalo documents no retry_after; wait this long after a 429 that gives none. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

const BLOCKED = /block|chặn|forbidden|not allowed|not permitted|permission|không có quyền/i;

export const isBadToken = (e: unknown) => e instanceof ZaloBotApiError && e.envelope && e.code === 401;

/**
 * A failed send mapped to the core's kinds. The codes are the Bot Platform's error_code
 * (goclaw `internal/channels/zalo/bot/errors.go`, scraped from bot.zapps.me/docs/error-code):
 * 400 bad request, 401 invalid token, 403, 404 not found, 408 timeout, 429 quota exceeded.
 *
 * Sources disagree on 403: Zalo's table labels it "Internal server error" (goclaw keeps that and
 * retries), while HTTP and Telegram use it for "blocked". Both are handled: a 403 whose
 * description speaks of blocking or permission makes the member unreachable, any other 403 is
 * retried. A 404 only means "no such chat" when it comes inside the envelope; a bare HTTP 404
 * is a wrong ZALO_BOT_API_BASE, and must not mark every member unreachable.
 */
export function mapZaloBotError(e: unknown): Error {
  if (isDeliveryError(e)) return e;
  if (e instanceof ZaloBotNetworkError) return new Transient(e.message);
  if (!(e instanceof ZaloBotApiError)) return new Transient(e instanceof Error ? e.message : String(e));
  const what = `${e.code}: ${e.description}`;
  if (!e.envelope) {
    if (e.code >= 500) return new Transient(what);
    return new Invalid(`${what} (is ZALO_BOT_API_BASE right?)`);
  }
  switch (e.code) {
    case 429:
      return new RateLimited(e.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS, what);
    case 401:
      return new Invalid(`${what} (the Bot Platform refused ZALO_BOT_TOKEN)`);
    case 403:
      return BLOCKED.test(e.description) ? new Unreachable('blocked', what) : new Transient(what);
    case 404:
      return new Unreachable('not_found', what);
    case 408:
      return new Transient(what);
    case 400:
      return /(chat|user) not found/i.test(e.description) ? new Unreachable('not_found', what) : new Invalid(what);
    default:
      return e.code >= 500 ? new Transient(what) : new Invalid(what);
  }
}
