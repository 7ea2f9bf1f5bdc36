// A Zalo Official Account through its fake: signed webhook events in, Open API sends out. Cards
// carry `oa.query.hide` buttons whose payload (a per-chat token) comes back as the user's text.
import { startFakeZaloOa, type FakeOaMessage, type FakeZaloOa } from '../fake-zalo-oa.js';
import { channelDriver, type SurfaceKind } from './bot.js';
import { pickLabel, type ChannelDriver, type Msg, type SurfaceUser } from './driver.js';

/** Text of a CS message: at most 2000 characters (-210 beyond; Open API v3). */
export const ZALO_OA_TEXT_LIMIT = 2000;

const textOf = (m: FakeOaMessage) => m.text ?? (m.file ? `📎 ${m.file.name}` : '');

export const zaloOaSurface: SurfaceKind = {
  platform: 'zalo_oa',
  textLimit: ZALO_OA_TEXT_LIMIT,
  async create(clock) {
    // The fake signs events and ages tokens by the bot's clock, as Zalo's and ours agree in life.
    const oa: FakeZaloOa = await startFakeZaloOa({ now: () => clock.now() });
    let next = 1;
    return {
      needsHttp: true,
      env: () => ({
        ZALO_OA_APP_ID: oa.appId,
        ZALO_OA_APP_SECRET: oa.appSecret,
        ZALO_OA_SECRET_KEY: oa.secretKey,
        ZALO_OA_REFRESH_TOKEN: oa.issueRefreshToken(),
        ZALO_OA_API_BASE: oa.apiBase,
        ZALO_OAUTH_BASE: oa.oauthBase,
      }),
      async ready(config, port) {
        oa.webhook(`http://127.0.0.1:${port}${config.ZALO_OA_WEBHOOK_PATH}`);
      },
      async user(): Promise<SurfaceUser> {
        const userId = `90000000000000${String(next++).padStart(4, '0')}`;
        const user = oa.user(userId);
        const delivered = (d: { status: number; body: string }) => {
          if (d.status !== 200) throw new Error(`the bot answered the OA webhook ${d.status}: ${d.body}`);
        };
        return {
          address: `zalo_oa:${userId}`,
          send: async (text) => delivered(await user.sendText(text)),
          shown: () => oa.sent(userId).map((m): Msg => ({ text: textOf(m), kind: 'message', raw: m })),
          async press(msg, label) {
            const m = msg.raw as FakeOaMessage;
            const titles = (m.buttons ?? []).map((b) => b.title);
            delivered(await user.pressButton(m, pickLabel(titles, label, msg.text)));
          },
        };
      },
      close: () => oa.close(),
    };
  },
};

export const zaloOaDriver = (): ChannelDriver => channelDriver(zaloOaSurface);
