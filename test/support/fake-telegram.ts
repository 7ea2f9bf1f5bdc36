// A fake Telegram Bot API server for tests, on 127.0.0.1, speaking the real wire format:
// `${apiRoot}/bot<token>/<method>` with JSON, urlencoded, query-string or multipart bodies,
// answers `{ok:true,result}` / `{ok:false,error_code,description,parameters}` with the
// matching HTTP status, long polling and webhooks, file downloads at
// `${apiRoot}/file/bot<token>/<file_path>`, and Telegram's validation and error texts.
//
//   const tg = await startFakeTelegram();
//   const bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot, webhookReply: false } });
//   const alice = tg.user(1001, { firstName: 'Alice', languageCode: 'vi' });
//   alice.sendCommand('start', 'INVITE');
//   const reply = await tg.waitForSent(alice.id);
//   ...
//   await bot.stop(); await tg.close();   // stop the bot first: close() ends held polls
//
// Implementation in ./fake-telegram/: server (HTTP, dispatch, test API), core (state,
// polling, update queue), webhook (delivery), methods + methods-bot (the Bot API methods),
// markup + html + markdown (parse modes, keyboards), users (simulated users and groups),
// limits (429s), http (body parsing), errors, env, types.
import { FakeTelegramServer } from './fake-telegram/server.js';
import type { FakeTelegram, FakeTelegramOptions } from './fake-telegram/types.js';

export type {
  ApiResponseBody, CallbackAnswer, DocumentSpec, ErrorInjection, FakeGroup, FakeTelegram, FakeTelegramOptions,
  FakeUser, Json, RateLimits, RecordedCall, SentMessage, UploadedFile, UserOptions, WebhookDelivery,
} from './fake-telegram/types.js';
export { commandEntities } from './fake-telegram/users.js';
export { formatText } from './fake-telegram/markup.js';

export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  return new FakeTelegramServer(opts).listen(opts.port ?? 0);
}
