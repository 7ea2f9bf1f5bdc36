// A fake Zalo Bot Platform for tests, on 127.0.0.1, speaking the documented wire format
// (bot.zaloplatforms.com docs, PLATFORMS.md 3.2 and 4.3): `POST ${apiBase}/bot<token>/<method>`
// with JSON, answered `{ok:true,result}` or `{ok:false,error_code,description}` with the same
// HTTP status; getUpdates holds for `timeout` seconds and answers one update or 408, and 400
// while a webhook is set; webhook delivery POSTs the event itself with X-Bot-Api-Secret-Token.
//
//   const zalo = await startFakeZaloBot();
//   const an = zalo.user('a1b2c3d4e5f6a7b8c9d0', { displayName: 'An' });
//   an.sendText('/start CODE');
//   const reply = await zalo.waitForSent(an.chatId, (m) => m.text.includes('Đã liên kết'));
//   zalo.block(an.chatId);                                   // later sends: 403
//   zalo.failNext('sendMessage', { code: 429, description: 'Too many requests', retryAfter: 2 });
//   await zalo.close();
//
// startZaloBotBot(mode) runs the whole bot against it (./fake-zalo-bot/harness.ts).
import { FakeZaloBotServer } from './fake-zalo-bot/server.js';
import type { FakeZaloBot, FakeZaloBotOptions } from './fake-zalo-bot/types.js';

export type {
  FakeZaloBot, FakeZaloBotOptions, FakeZaloUser, Json, ZaloBotCall, ZaloBotDelivery, ZaloBotErrorSpec, ZaloBotSent,
} from './fake-zalo-bot/types.js';
export { startZaloBotBot, ZALO_BOT_WEBHOOK_SECRET, type ZaloBotHarness } from './fake-zalo-bot/harness.js';

export async function startFakeZaloBot(opts: FakeZaloBotOptions = {}): Promise<FakeZaloBot> {
  return new FakeZaloBotServer(opts).listen(opts.port ?? 0);
}
