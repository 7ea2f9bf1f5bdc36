import { closeDb, openDb, type Db } from '../../../db/client.js';
import { createApp, type App } from '../../../src/app.js';
import { buildChannels } from '../../../src/channels/index.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { PacingLimits } from '../../../src/core/pacing.js';
import { createInvite } from '../../../src/domain/invites.js';
import { createHttpServer, type HttpServer } from '../../../src/http.js';
import { fakeClock, type FakeClock } from '../fake-clock.js';
import { startFakeTelegram, type FakeTelegram } from '../fake-telegram.js';
import { FakeZaloOaServer } from './server.js';
import type { FakeOaMessage, FakeOaUser, FakeZaloOa, FakeZaloOaOptions } from './types.js';

const FAST: PacingLimits = { perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1000 };

export interface OaHarness {
  oa: FakeZaloOa;
  /** Present when started with `telegram: true`: both platforms side by side. */
  tg?: FakeTelegram;
  app: App;
  db: Db;
  clock: FakeClock;
  http: HttpServer;
  close(): Promise<void>;
}

/**
 * The real bot wired by buildChannels to a fake Zalo OA (ZALO_OA_API_BASE and ZALO_OAUTH_BASE on
 * 127.0.0.1), its webhook on an HTTP server on port 0, optionally beside a fake Telegram.
 */
export async function startOaBot(opts: { clock?: FakeClock; db?: Db; fake?: FakeZaloOaOptions; telegram?: boolean; progressMs?: number } = {}): Promise<OaHarness> {
  const clock = opts.clock ?? fakeClock();
  const oa = await new FakeZaloOaServer({ now: () => clock.now(), ...opts.fake }).listen(0);
  const tg = opts.telegram ? await startFakeTelegram() : undefined;
  const db = opts.db ?? openDb(':memory:');
  const app = createApp({ db, clock, log: silentLogger, pollMs: 20, pacing: { telegram: FAST, zalo_oa: FAST, zalo_bot: FAST }, ...(opts.progressMs ? { progressMs: opts.progressMs } : {}) });
  const http = createHttpServer(silentLogger);
  const port = await http.listen(0, '127.0.0.1');
  const config = loadConfig({
    HTTP_PORT: String(port),
    ZALO_OA_APP_ID: oa.appId,
    ZALO_OA_APP_SECRET: oa.appSecret,
    ZALO_OA_SECRET_KEY: oa.secretKey,
    ZALO_OA_REFRESH_TOKEN: oa.issueRefreshToken(),
    ZALO_OA_API_BASE: oa.apiBase,
    ZALO_OAUTH_BASE: oa.oauthBase,
    ...(tg ? { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_MODE: 'polling' } : {}),
  });
  await app.start(buildChannels({ config, deps: app.deps, registry: app.registry, http }));
  if (tg) await tg.waitForPolling();
  oa.webhook(`http://127.0.0.1:${port}${config.ZALO_OA_WEBHOOK_PATH}`);
  return {
    oa,
    ...(tg ? { tg } : {}),
    app,
    db,
    clock,
    http,
    async close() {
      await app.stop();
      await http.close();
      await oa.close();
      await tg?.close();
      if (!opts.db) closeDb(db);
    },
  };
}

/** A member on Zalo OA: their member id and the simulated Zalo user. */
export interface OaSeat {
  id: number;
  userId: string;
  user: FakeOaUser;
}

/** Binds member `memberId` to Zalo user `userId` with an invite and `/start CODE`, as a member would. */
export async function bindOaMember(h: OaHarness, memberId: number, userId: string): Promise<OaSeat> {
  const user = h.oa.user(userId);
  await user.sendCommand('start', createInvite(h.app.deps, memberId, 'test').code);
  await h.oa.waitForSent(userId, (m) => (m.text ?? '').includes('Đã liên kết'));
  return { id: memberId, userId, user };
}

/** Does something as `userId` and waits for the first later message to them that matches. */
export async function afterOa(h: OaHarness, userId: string, act: () => Promise<unknown>, pred: (m: FakeOaMessage) => boolean, timeoutMs?: number): Promise<FakeOaMessage> {
  const before = h.oa.sent(userId).length;
  await act();
  return h.oa.waitForSent(userId, (m) => h.oa.sent(userId).indexOf(m) >= before && pred(m), timeoutMs);
}
