import { startRealBot } from './real-bot.js';
import type { Db } from '../../db/client.js';
import type { App } from '../../src/app.js';
import type { Channel } from '../../src/core/channel.js';
import type { PacingLimits } from '../../src/core/pacing.js';
import type { HttpServer } from '../../src/http.js';
import type { FakeClock } from './fake-clock.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import type { FakeTelegramOptions } from './fake-telegram/types.js';


export const WEBHOOK_SECRET = 'test-secret_123';

export interface TelegramHarness {
  tg: FakeTelegram;
  app: App;
  db: Db;
  clock: FakeClock;
  http?: HttpServer;
  webhookUrl?: string;
  close(): Promise<void>;
}

/**
 * The real bot (telegraf included) wired to a fake Bot API on 127.0.0.1 through
 * TELEGRAM_API_ROOT, on a fresh SQLite with the real migrations and a fake clock.
 */
export async function startTelegramBot(
  mode: 'polling' | 'webhook',
  opts: {
    fake?: FakeTelegramOptions;
    clock?: FakeClock;
    db?: Db;
    tg?: FakeTelegram;
    pacing?: PacingLimits;
    /** More channels beside Telegram (e.g. an in-memory one standing for Zalo). */
    extraChannels?: Channel[];
    progressMs?: number;
  } = {},
): Promise<TelegramHarness> {
  const tg = opts.tg ?? (await startFakeTelegram(opts.fake));
  const webhookUrl = (port: number) => `http://127.0.0.1:${port}/telegram/webhook`;
  const bot = await startRealBot({
    http: mode === 'webhook',
    env: (port) => ({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_MODE: mode,
      ...(port !== undefined ? { HTTP_PORT: String(port), TELEGRAM_WEBHOOK_URL: webhookUrl(port), TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
    }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.db ? { db: opts.db } : {}),
    ...(opts.pacing ? { pacing: { telegram: opts.pacing } } : {}),
    ...(opts.extraChannels ? { extraChannels: opts.extraChannels } : {}),
    ...(opts.progressMs ? { progressMs: opts.progressMs } : {}),
  });
  if (mode === 'polling') await tg.waitForPolling();
  return {
    tg,
    app: bot.app,
    db: bot.db,
    clock: bot.clock,
    ...(bot.http ? { http: bot.http } : {}),
    ...(bot.port !== undefined ? { webhookUrl: webhookUrl(bot.port) } : {}),
    async close() {
      await bot.close();
      if (!opts.tg) await tg.close();
    },
  };
}
