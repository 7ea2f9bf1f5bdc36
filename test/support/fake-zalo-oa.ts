// A fake Zalo Official Account for tests, on 127.0.0.1: the Open API (`/v3.0/oa/message/cs`,
// `/v2.0/oa/upload/file`, `/v3.0/oa/user/detail`) and the OAuth host (`/v4/oa/access_token`,
// single-use rotating refresh tokens) in one server, plus simulated users whose actions POST
// signed events to the bot's webhook.
//
//   const oa = await startFakeZaloOa({ now: clock.now });
//   const refreshToken = oa.issueRefreshToken();      // ZALO_OA_REFRESH_TOKEN
//   oa.webhook(`http://127.0.0.1:${port}/zalo/oa/webhook`);
//   await oa.user('8421').sendCommand('start', code);
//   const reply = await oa.waitForSent('8421', (m) => m.text?.includes('Đã liên kết'));
//
// Implementation in ./fake-zalo-oa/: server (API, OAuth, uploads, errors), users (webhook
// events), multipart, types, harness (the real app wired to it).
import { FakeZaloOaServer } from './fake-zalo-oa/server.js';
import type { FakeZaloOa, FakeZaloOaOptions } from './fake-zalo-oa/types.js';

export type { Delivery, FakeFile, FakeOaMessage, FakeOaUser, FakeZaloOa, FakeZaloOaOptions, OaButton, RecordedCall, UploadRecord } from './fake-zalo-oa/types.js';

export async function startFakeZaloOa(opts: FakeZaloOaOptions = {}): Promise<FakeZaloOa> {
  return new FakeZaloOaServer(opts).listen(opts.port ?? 0);
}
