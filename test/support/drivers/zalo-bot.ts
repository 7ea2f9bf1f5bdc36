// The Zalo Bot Platform through its fake. No buttons there: cards come as "1 – ✅ Đồng ý" lines
// and a press is the number typed back.
import { startFakeZaloBot, ZALO_BOT_WEBHOOK_SECRET, type FakeZaloBot } from '../fake-zalo-bot.js';
import { channelDriver, type SurfaceKind } from './bot.js';
import { numberFor, type ChannelDriver, type Msg, type SurfaceUser } from './driver.js';

/** sendMessage text, 1–2000 characters (Zalo Bot Platform docs). */
export const ZALO_BOT_TEXT_LIMIT = 2000;
const WEBHOOK_PATH = '/zalo/bot/webhook';

/** `getUpdates` long polling (the default without a public URL), or the webhook. */
export function zaloBotSurface(mode: 'polling' | 'webhook' = 'polling'): SurfaceKind {
  return {
    platform: 'zalo_bot',
    textLimit: ZALO_BOT_TEXT_LIMIT,
    async create() {
      const zalo: FakeZaloBot = await startFakeZaloBot();
      let next = 1;
      const webhookUrl = (port: number | undefined) => `http://127.0.0.1:${port}${WEBHOOK_PATH}`;
      return {
        needsHttp: mode === 'webhook',
        env: (port) => ({
          ZALO_BOT_TOKEN: zalo.token,
          ZALO_BOT_API_BASE: zalo.apiBase,
          ...(mode === 'webhook' ? { ZALO_BOT_WEBHOOK_URL: webhookUrl(port), ZALO_BOT_WEBHOOK_SECRET } : {}),
        }),
        async ready(_config, port) {
          if (mode === 'polling') await zalo.waitForPolling();
          else await zalo.waitFor(() => zalo.webhook.url === webhookUrl(port));
        },
        async user(): Promise<SurfaceUser> {
          // Zalo chat ids are opaque 20-character hex strings.
          const chatId = `f0e1d2c3b4a5${String(next++).padStart(8, '0')}`;
          const user = zalo.user(chatId, { displayName: `Người dùng ${chatId.slice(-4)}` });
          const send = async (text: string) => {
            user.sendText(text);
          };
          return {
            address: `zalo_bot:${chatId}`,
            send,
            shown: () => zalo.sent(chatId).map((m): Msg => ({ text: m.text, kind: 'message', raw: m })),
            press: (msg, label) => send(numberFor(msg.text, label)),
          };
        },
        close: () => zalo.close(),
      };
    },
  };
}

export const zaloBotDriver = (mode: 'polling' | 'webhook' = 'polling'): ChannelDriver => channelDriver(zaloBotSurface(mode));
