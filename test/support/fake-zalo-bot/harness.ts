import { closeDb, openDb, type Db } from '../../../db/client.js';
import { createApp, type App } from '../../../src/app.js';
import { buildChannels } from '../../../src/channels/index.js';
import { loadConfig } from '../../../src/config.js';
import type { Channel } from '../../../src/core/channel.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { PacingLimits } from '../../../src/core/pacing.js';
import { createHttpServer, type HttpServer } from '../../../src/http.js';
import { fakeClock, type FakeClock } from '../fake-clock.js';
import { FakeZaloBotServer } from './server.js';
import type { FakeZaloBot, FakeZaloBotOptions } from './types.js';

const FAST: PacingLimits = { perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1000 };

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
  const db = opts.db ?? openDb(':memory:');
  const clock = opts.clock ?? fakeClock();
  const app = createApp({ db, clock, log: silentLogger, pollMs: 20, pacing: { telegram: FAST, zalo_bot: FAST, zalo_oa: FAST }, ...(opts.progressMs ? { progressMs: opts.progressMs } : {}) });
  const env: Record<string, string> = { ZALO_BOT_TOKEN: zalo.token, ZALO_BOT_API_BASE: zalo.apiBase };
  let http: HttpServer | undefined;
  let webhookUrl: string | undefined;
  if (mode === 'webhook') {
    http = createHttpServer(silentLogger);
    const port = await http.listen(0, '127.0.0.1');
    webhookUrl = `http://127.0.0.1:${port}/zalo/bot/webhook`;
    Object.assign(env, { HTTP_PORT: String(port), ZALO_BOT_WEBHOOK_URL: webhookUrl, ZALO_BOT_WEBHOOK_SECRET });
  }
  const channels = buildChannels({ config: loadConfig(env), deps: app.deps, registry: app.registry, ...(http ? { http } : {}) });
  await app.start([...channels, ...(opts.extraChannels ?? [])]);
  if (mode === 'polling') await zalo.waitForPolling();
  else await zalo.waitFor(() => zalo.webhook.url === webhookUrl);
  return {
    zalo,
    app,
    db,
    clock,
    ...(http ? { http } : {}),
    ...(webhookUrl ? { webhookUrl } : {}),
    async close() {
      await app.stop();
      await http?.close();
      await zalo.close();
      if (!opts.db) closeDb(db);
    },
  };
}
