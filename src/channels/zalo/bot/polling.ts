import type { Logger } from '../../../core/logger.js';
import { ZaloBotApiError, ZaloBotNetworkError, type ZaloBotApi } from './api.js';
import { DEFAULT_RETRY_AFTER_SECONDS } from './errors.js';
import { updatesOf } from './map-update.js';

/** Seconds Zalo holds a getUpdates call when nothing arrives (docs default: 30). */
export const POLL_TIMEOUT_SECONDS = 30;

export interface Backoff {
  /** First wait after a failure; doubled on each failure in a row. */
  minMs: number;
  maxMs: number;
}
export const DEFAULT_BACKOFF: Backoff = { minMs: 1_000, maxMs: 60_000 };

export interface PollerOptions {
  api: ZaloBotApi;
  log: Logger;
  timeoutSeconds?: number;
  backoff?: Backoff;
  /** Handles one update; awaited, so updates are handled in the order Zalo gave them. */
  onUpdate: (update: Record<string, unknown>) => Promise<void>;
}

export interface Poller {
  start(): void;
  /** Aborts the call in flight and resolves once the loop has ended. */
  stop(): Promise<void>;
}

/**
 * getUpdates long polling. Each call returns one update (not an array, unlike Telegram) or, when
 * nothing came within `timeout`, error 408, which just means "ask again" (OpenClaw api.ts,
 * goclaw poll.go). Other failures wait, doubling up to `maxMs`, and each kind of failure is
 * logged once per streak rather than every few seconds.
 */
export function createPoller(o: PollerOptions): Poller {
  const timeoutSeconds = o.timeoutSeconds ?? POLL_TIMEOUT_SECONDS;
  const backoff = o.backoff ?? DEFAULT_BACKOFF;
  let running = false;
  let abort = new AbortController();
  let loop: Promise<void> = Promise.resolve();

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });

  /** How long to wait after `e`, and what to say about it. */
  function failure(e: unknown, streak: number): { waitMs: number; key: string; level: 'error' | 'warn'; message: string } {
    const doubling = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(streak - 1, 20));
    if (e instanceof ZaloBotApiError && e.envelope) {
      if (e.code === 401) {
        return { waitMs: backoff.maxMs, key: '401', level: 'error', message: 'Zalo Bot getUpdates: the Bot Platform refused ZALO_BOT_TOKEN (401); check the token in Zalo Bot Manager' };
      }
      if (e.code === 400 || e.code === 409) {
        // Zalo docs: getUpdates does not work while a webhook is set.
        return {
          waitMs: Math.max(doubling, Math.min(backoff.maxMs, 30 * backoff.minMs)),
          key: String(e.code),
          level: 'error',
          message: `Zalo Bot getUpdates refused (${e.code} ${e.description}): a webhook is probably set for this bot, by another copy of the bot with ZALO_BOT_WEBHOOK_URL? Polling and a webhook cannot run together; remove one`,
        };
      }
      if (e.code === 429) {
        return { waitMs: (e.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000, key: '429', level: 'warn', message: 'Zalo Bot getUpdates rate limited (429)' };
      }
    }
    const key = e instanceof ZaloBotApiError ? String(e.code) : 'network';
    return { waitMs: doubling, key, level: 'warn', message: `Zalo Bot getUpdates failed (${e instanceof Error ? e.message : String(e)}); retrying` };
  }

  async function run(signal: AbortSignal): Promise<void> {
    let streak = 0;
    let lastKey: string | undefined;
    while (running) {
      let result: unknown;
      try {
        result = await o.api.call('getUpdates', { timeout: String(timeoutSeconds) }, { signal, timeoutMs: (timeoutSeconds + 10) * 1000 });
      } catch (e) {
        if (!running || (e instanceof ZaloBotNetworkError && e.aborted)) break;
        if (e instanceof ZaloBotApiError && e.envelope && e.code === 408) {
          streak = 0;
          continue;
        }
        streak++;
        const f = failure(e, streak);
        if (f.key !== lastKey) o.log[f.level]({ code: f.key, retryInMs: f.waitMs }, f.message);
        else o.log.debug({ code: f.key, streak, retryInMs: f.waitMs }, f.message);
        lastKey = f.key;
        await sleep(f.waitMs, signal);
        continue;
      }
      if (lastKey !== undefined) o.log.info('Zalo Bot getUpdates works again');
      streak = 0;
      lastKey = undefined;
      for (const update of updatesOf(result)) {
        try {
          await o.onUpdate(update);
        } catch (err) {
          // One bad update must never stop polling.
          o.log.error({ err }, 'Zalo Bot update failed');
        }
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      abort = new AbortController();
      loop = run(abort.signal).catch((err: unknown) => o.log.error({ err }, 'Zalo Bot polling loop ended'));
    },
    async stop() {
      running = false;
      abort.abort();
      await loop;
    },
  };
}
