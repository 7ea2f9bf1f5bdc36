import { startRealBot } from '../real-bot.js';
import type { Db } from '../../../db/client.js';
import type { App } from '../../../src/app.js';
import type { Channel } from '../../../src/core/channel.js';
import type { HttpServer } from '../../../src/http.js';
import type { FakeClock } from '../fake-clock.js';
import { FakeZaloBotServer } from './server.js';
import type { FakeZaloBot, FakeZaloBotOptions } from './types.js';

export const ZALO_BOT_WEBHOOK_SECRET = 'zalo-bot-test-secret_42';

export interface ZaloBotHarness {
  zalo: FakeZaloBot;
  app: App;
  db: Db;
  clock: FakeClock;
  http?: HttpServer;
  webhookUrl?: string;
  close(): Promise<void>;
}

/**
 * The real bot wired through buildChannels to a fake Zalo Bot Platform on 127.0.0.1
 * (ZALO_BOT_API_BASE), on a fresh SQLite with the real migrations and a fake clock.
 */
export async function startZaloBotBot(
  mode: 'polling' | 'webhook',
  opts: { fake?: FakeZaloBotOptions; clock?: FakeClock; db?: Db; extraChannels?: Channel[]; progressMs?: number } = {},
): Promise<ZaloBotHarness> {
  const zalo = await new FakeZaloBotServer(opts.fake).listen(opts.fake?.port ?? 0);
  const webhookUrl = (port: number) => `http://127.0.0.1:${port}/zalo/bot/webhook`;
  const bot = await startRealBot({
    http: mode === 'webhook',
    env: (port) => ({
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_BOT_API_BASE: zalo.apiBase,
      ...(port !== undefined ? { HTTP_PORT: String(port), ZALO_BOT_WEBHOOK_URL: webhookUrl(port), ZALO_BOT_WEBHOOK_SECRET } : {}),
    }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.db ? { db: opts.db } : {}),
    ...(opts.extraChannels ? { extraChannels: opts.extraChannels } : {}),
    ...(opts.progressMs ? { progressMs: opts.progressMs } : {}),
  });
  if (mode === 'polling') await zalo.waitForPolling();
  else await zalo.waitFor(() => zalo.webhook.url === webhookUrl(bot.port!));
  return {
    zalo,
    app: bot.app,
    db: bot.db,
    clock: bot.clock,
    ...(bot.http ? { http: bot.http } : {}),
    ...(bot.port !== undefined ? { webhookUrl: webhookUrl(bot.port) } : {}),
    async close() {
      await bot.close();
      await zalo.close();
    },
  };
}
