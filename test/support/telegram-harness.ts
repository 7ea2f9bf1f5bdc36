import { openDb, closeDb, type Db } from '../../db/client.js';
import { createApp, type App } from '../../src/app.js';
import { buildChannels } from '../../src/channels/index.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Channel } from '../../src/core/channel.js';
import type { PacingLimits } from '../../src/core/pacing.js';
import { createHttpServer, type HttpServer } from '../../src/http.js';
import { fakeClock, type FakeClock } from './fake-clock.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import type { FakeTelegramOptions } from './fake-telegram/types.js';

const FAST: PacingLimits = { perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1000 };

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
  const db = opts.db ?? openDb(':memory:');
  const clock = opts.clock ?? fakeClock();
  // The fake enforces no limits unless asked, so tests need not wait out Telegram's 1 msg/s per chat.
  const app = createApp({ db, clock, log: silentLogger, pollMs: 20, pacing: { telegram: opts.pacing ?? FAST, zalo_bot: FAST, zalo_oa: FAST }, ...(opts.progressMs ? { progressMs: opts.progressMs } : {}) });
  let http: HttpServer | undefined;
  let webhookUrl: string | undefined;
  const env: Record<string, string> = { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_MODE: mode };
  if (mode === 'webhook') {
    http = createHttpServer(silentLogger);
    const port = await http.listen(0, '127.0.0.1');
    webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    Object.assign(env, { HTTP_PORT: String(port), TELEGRAM_WEBHOOK_URL: webhookUrl, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET });
  }
  const config = loadConfig(env);
  const channels = buildChannels({ config, deps: app.deps, registry: app.registry, ...(http ? { http } : {}) });
  await app.start([...channels, ...(opts.extraChannels ?? [])]);
  if (mode === 'polling') await tg.waitForPolling();
  return {
    tg,
    app,
    db,
    clock,
    ...(http ? { http } : {}),
    ...(webhookUrl ? { webhookUrl } : {}),
    async close() {
      await app.stop();
      await http?.close();
      if (!opts.tg) await tg.close();
      if (!opts.db) closeDb(db);
    },
  };
}
