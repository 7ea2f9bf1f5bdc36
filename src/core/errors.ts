/**
 * Something the user did wrong (bad code, no permission, bad date): shown to them in their own
 * language through `messageKey`, never logged as our fault.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'DomainError';
  }
}

/** Errors a channel's send may raise, whatever the platform's own wording. */
export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number, message = `rate limited, retry after ${retryAfterSeconds}s`) {
    super(message);
    this.name = 'RateLimited';
  }
}

/** The recipient cannot be reached on this account (blocked the bot, never started it, outside a messaging window). */
export class Unreachable extends Error {
  constructor(readonly reason: 'blocked' | 'not_started' | 'window_closed' | 'not_found', message?: string) {
    super(message ?? reason);
    this.name = 'Unreachable';
  }
}

/**
 * The platform will not take this message now but will at `until` (Zalo OA refuses some message
 * types between 22:00 and 06:00, error -234): the row waits, nothing is paused.
 */
export class Deferred extends Error {
  constructor(readonly until: number, message = `deferred until ${new Date(until).toISOString()}`) {
    super(message);
    this.name = 'Deferred';
  }
}

/** Worth retrying later: network errors, 5xx, timeouts. */
export class Transient extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Transient';
  }
}

/** Our request was wrong (400 other than "chat not found"): retrying will not help. */
export class Invalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Invalid';
  }
}

/**
 * One of the kinds above, already decided. A channel's error mapping passes it through as it is:
 * the dispatcher itself may raise one in the middle of a send (a pause between two parts).
 */
export function isDeliveryError(e: unknown): e is RateLimited | Unreachable | Deferred | Transient | Invalid {
  return e instanceof RateLimited || e instanceof Unreachable || e instanceof Deferred || e instanceof Transient || e instanceof Invalid;
}
