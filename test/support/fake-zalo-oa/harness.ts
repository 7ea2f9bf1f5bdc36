import { startRealBot } from '../real-bot.js';
import type { Db } from '../../../db/client.js';
import type { App } from '../../../src/app.js';
import { createInvite } from '../../../src/domain/invites.js';
import type { HttpServer } from '../../../src/http.js';
import { fakeClock, type FakeClock } from '../fake-clock.js';
import { startFakeTelegram, type FakeTelegram } from '../fake-telegram.js';
import { FakeZaloOaServer } from './server.js';
import type { FakeOaMessage, FakeOaUser, FakeZaloOa, FakeZaloOaOptions } from './types.js';


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
  const bot = await startRealBot({
    http: true,
    env: (port) => ({
      HTTP_PORT: String(port),
      ZALO_OA_APP_ID: oa.appId,
      ZALO_OA_APP_SECRET: oa.appSecret,
      ZALO_OA_SECRET_KEY: oa.secretKey,
      ZALO_OA_REFRESH_TOKEN: oa.issueRefreshToken(),
      ZALO_OA_API_BASE: oa.apiBase,
      ZALO_OAUTH_BASE: oa.oauthBase,
      ...(tg ? { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_MODE: 'polling' } : {}),
    }),
    clock,
    ...(opts.db ? { db: opts.db } : {}),
    ...(opts.progressMs ? { progressMs: opts.progressMs } : {}),
  });
  if (tg) await tg.waitForPolling();
  oa.webhook(`http://127.0.0.1:${bot.port}${bot.config.ZALO_OA_WEBHOOK_PATH}`);
  return {
    oa,
    ...(tg ? { tg } : {}),
    app: bot.app,
    db: bot.db,
    clock,
    http: bot.http!,
    async close() {
      await bot.close();
      await oa.close();
      await tg?.close();
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
