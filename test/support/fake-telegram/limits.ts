// Flood control: sliding windows over accepted sends, Telegram-style 429s.
import { tooManyRequests } from './errors.js';
import type { RateLimits } from './types.js';

interface Window {
  max: number;
  ms: number;
  hits: number[];
  /** After a 429, the key stays closed until then (a client that ignores retry_after keeps failing). */
  penaltyUntil: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: RateLimits,
    private readonly timeScale: number,
  ) {}

  private keys(chatId: number): { key: string; max: number; ms: number }[] {
    const s = 1000 / this.timeScale;
    const out = [
      { key: 'global', max: this.limits.globalPerSecond ?? 30, ms: s },
      { key: `chat:${chatId}`, max: this.limits.perChatPerSecond ?? 1, ms: s },
    ];
    if (chatId < 0) out.push({ key: `group:${chatId}`, max: this.limits.perGroupPerMinute ?? 20, ms: 60 * s });
    return out;
  }

  private window(key: string, max: number, ms: number): Window {
    let w = this.windows.get(key);
    if (!w) {
      w = { max, ms, hits: [], penaltyUntil: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Seconds to report for a wait of `ms` real milliseconds: whole (scaled) seconds, at least 1. */
  private retryAfter(ms: number): number {
    if (this.limits.retryAfterSeconds !== undefined) return this.limits.retryAfterSeconds / this.timeScale;
    return Math.max(1, Math.ceil((ms * this.timeScale) / 1000)) / this.timeScale;
  }

  /** Throws ApiError 429 if a send to chatId now would exceed a limit. Does not count the send. */
  check(chatId: number, now = Date.now()): void {
    for (const { key, max, ms } of this.keys(chatId)) {
      const w = this.window(key, max, ms);
      if (w.penaltyUntil > now) {
        throw tooManyRequests(this.retryAfter(w.penaltyUntil - now));
      }
      w.hits = w.hits.filter((t) => t > now - w.ms);
      if (w.hits.length >= w.max) {
        const retry = this.retryAfter((w.hits[0] as number) + w.ms - now);
        w.penaltyUntil = now + retry * 1000;
        throw tooManyRequests(retry);
      }
    }
  }

  consume(chatId: number, now = Date.now()): void {
    for (const { key, max, ms } of this.keys(chatId)) this.window(key, max, ms).hits.push(now);
  }
}
