import { closeDb, openDb, type Db } from '../../db/client.js';
import { createApp, type App } from '../../src/app.js';
import { buildChannels } from '../../src/channels/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Channel, Platform } from '../../src/core/channel.js';
import { silentLogger } from '../../src/core/logger.js';
import type { PacingLimits } from '../../src/core/pacing.js';
import { createHttpServer, type HttpServer } from '../../src/http.js';
import { fakeClock, type FakeClock } from './fake-clock.js';

/** Fakes enforce no limits unless asked, so tests need not wait out a platform's pacing. */
export const FAST_PACING: PacingLimits = { perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1000 };

export interface RealBot {
  app: App;
  db: Db;
  clock: FakeClock;
  config: Config;
  /** The webhook server on 127.0.0.1, when asked for. */
  http?: HttpServer;
  port?: number;
  /** Stops the app, the webhook server and (unless it was given) the database. */
  close(): Promise<void>;
}

/**
 * The real bot as `src/main.ts` composes it — config → app → channels (buildChannels) — on a
 * fresh in-memory SQLite with the real migrations and a fake clock. `env` gets the webhook
 * server's port when `http` is asked for, so it can name the webhook URL.
 */
export async function startRealBot(o: {
  env: (port: number | undefined) => Record<string, string>;
  http?: boolean;
  clock?: FakeClock;
  db?: Db;
  pacing?: Partial<Record<Platform, PacingLimits>>;
  extraChannels?: Channel[];
  progressMs?: number;
}): Promise<RealBot> {
  const db = o.db ?? openDb(':memory:');
  const clock = o.clock ?? fakeClock();
  const http = o.http ? createHttpServer(silentLogger) : undefined;
  const app = createApp({
    db,
    clock,
    log: silentLogger,
    pollMs: 20,
    pacing: { telegram: FAST_PACING, zalo_bot: FAST_PACING, zalo_oa: FAST_PACING, ...o.pacing },
    ...(o.progressMs ? { progressMs: o.progressMs } : {}),
    ...(http ? { arrivals: http.arrivals } : {}),
  });
  const port = http ? await http.listen(0, '127.0.0.1') : undefined;
  const config = loadConfig(o.env(port));
  const channels = buildChannels({ config, deps: app.deps, registry: app.registry, ...(http ? { http } : {}) });
  await app.start([...channels, ...(o.extraChannels ?? [])]);
  return {
    app,
    db,
    clock,
    config,
    ...(http ? { http } : {}),
    ...(port !== undefined ? { port } : {}),
    async close() {
      await app.stop();
      await http?.close();
      if (!o.db) closeDb(db);
    },
  };
}
