import { TelegramError } from 'telegraf';
import { Invalid, RateLimited, Transient, Unreachable, isDeliveryError } from '../../core/errors.js';

/**
 * Telegram's error answers mapped to the core's four kinds (PLATFORMS.md 1.2):
 * 429 + retry_after → RateLimited; 403 blocked / can't initiate, 400 chat not found →
 * Unreachable; other 4xx → Invalid; 5xx and network failures → Transient.
 */
export function mapTelegramError(e: unknown): Error {
  if (isDeliveryError(e)) return e;
  if (e instanceof TelegramError) {
    const d = e.description ?? '';
    if (e.code === 429) return new RateLimited(e.parameters?.retry_after ?? 5, d);
    if (e.code === 403) return new Unreachable(/blocked/i.test(d) ? 'blocked' : 'not_started', d);
    if (e.code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(d)) return new Unreachable('not_found', d);
    if (e.code >= 500) return new Transient(`${e.code}: ${d}`);
    return new Invalid(`${e.code}: ${d}`);
  }
  return new Transient(e instanceof Error ? e.message : String(e));
}

export const isNotModified = (e: unknown) => e instanceof TelegramError && /message is not modified/i.test(e.description ?? '');
