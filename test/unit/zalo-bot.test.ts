import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Channel, IncomingEvent } from '../../src/core/channel.js';
import { Invalid, RateLimited, Transient, Unreachable } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { createHttpServer, type HttpServer } from '../../src/http.js';
import { ZaloBotApiError, ZaloBotNetworkError } from '../../src/channels/zalo/bot/api.js';
import { mapZaloBotError } from '../../src/channels/zalo/bot/errors.js';
import { createZaloBotChannel, ZALO_BOT_TEXT_LIMIT, zaloBotTexts, type ZaloBotChannelOptions } from '../../src/channels/zalo/bot/index.js';
import { chatIdOf, mapZaloBotUpdate, unwrapUpdate, zaloBotAddress } from '../../src/channels/zalo/bot/map-update.js';
import { secretMatches } from '../../src/http.js';
import { startFakeZaloBot, type FakeZaloBot } from '../support/fake-zalo-bot.js';

const CHAT = 'e4ea2cd5189df1c3a88c';
const SECRET = 'unit-test-secret-0001';
const FAST = { minMs: 20, maxMs: 200 };

/** A webhook body as Zalo posts it: the event itself (OpenClaw, goclaw). */
const textEvent = (text: string, over: Record<string, unknown> = {}) => ({
  event_name: 'message.text.received',
  message: { message_id: 'm-0001', date: 1766619597466, text, chat: { id: CHAT, chat_type: 'PRIVATE' }, from: { id: CHAT, display_name: 'Nguyễn Văn An', is_bot: false }, ...over },
});

/** A logger whose lines the test can read. */
function captureLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) });
  return { log, lines, errors: () => lines.filter((l) => l.level >= 50).map((l) => l.msg) };
}

async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Zalo Bot updates → events', () => {
  it('when a webhook posts the event itself, then a text from a private chat becomes a text event, deduped on message_id', () => {
    expect(mapZaloBotUpdate(unwrapUpdate(textEvent('xin chào')))).toEqual({
      kind: 'text',
      text: 'xin chào',
      sender: { address: `zalo_bot:${CHAT}`, platform: 'zalo_bot', userId: CHAT, displayName: 'Nguyễn Văn An' },
      dedupeKey: { source: 'zalo_bot', id: 'm-0001' },
    });
  });

  it('when the body comes wrapped in {ok,result} (the getUpdates shape), then the same event comes out', () => {
    const direct = mapZaloBotUpdate(unwrapUpdate(textEvent('/help')));
    expect(mapZaloBotUpdate(unwrapUpdate({ ok: true, result: textEvent('/help') }))).toEqual(direct);
    expect(direct).toMatchObject({ kind: 'command', name: 'help', args: '' });
  });

  it('when an update looks like the official getUpdates sample (no event_name, from.first_name), then it is still read', () => {
    const sample = {
      ok: true,
      result: { message: { chat: { id: CHAT, chat_type: 'PRIVATE' }, text: 'Xin chào', message_id: '16f6366b3f02645a3d15', date: 1766619597466, from: { id: CHAT, first_name: 'Nguyen Van A' } } },
    };
    expect(mapZaloBotUpdate(unwrapUpdate(sample))).toMatchObject({
      kind: 'text',
      text: 'Xin chào',
      sender: { address: `zalo_bot:${CHAT}`, userId: CHAT, displayName: 'Nguyen Van A' },
      dedupeKey: { source: 'zalo_bot', id: '16f6366b3f02645a3d15' },
    });
  });

  it('when the chat id sits elsewhere (chat_id, or only from.id) or the name is `name`, then it is found', () => {
    const noChat = { event_name: 'message.text.received', chat_id: 'c-1', message: { message_id: 'x', text: 'a', from: { id: 'u-1', name: 'Bình' } } };
    expect(mapZaloBotUpdate(noChat)).toMatchObject({ sender: { address: 'zalo_bot:c-1', userId: 'u-1', displayName: 'Bình' } });
    const inMessage = { event_name: 'message.text.received', message: { message_id: 'x', text: 'a', chat_id: 'c-2', from: { id: 'u-2' } } };
    expect(mapZaloBotUpdate(inMessage)).toMatchObject({ sender: { address: 'zalo_bot:c-2', userId: 'u-2' } });
    const fromOnly = { event_name: 'message.text.received', message: { message_id: 'x', text: 'a', from: { id: 123456789 } } };
    expect(mapZaloBotUpdate(fromOnly)).toMatchObject({ sender: { address: 'zalo_bot:123456789', userId: '123456789' } });
  });

  it('when a text starts with a slash, then it is a command with its arguments; anything else is text', () => {
    expect(mapZaloBotUpdate(textEvent('/absent 12 Ốm nặng'))).toMatchObject({ kind: 'command', name: 'absent', args: '12 Ốm nặng' });
    expect(mapZaloBotUpdate(textEvent('  /START   AbC_123  '))).toMatchObject({ kind: 'command', name: 'start', args: 'AbC_123' });
    expect(mapZaloBotUpdate(textEvent('/meeting\nHọp quý II'))).toMatchObject({ kind: 'command', name: 'meeting', args: 'Họp quý II' });
    expect(mapZaloBotUpdate(textEvent('absent 12'))).toMatchObject({ kind: 'text', text: 'absent 12' });
    expect(mapZaloBotUpdate(textEvent('1'))).toMatchObject({ kind: 'text', text: '1' });
    expect(mapZaloBotUpdate(textEvent('/ nope'))).toMatchObject({ kind: 'text' });
  });

  it('when an image, a sticker or something unsupported arrives, then it is an unsupported event the member gets an answer to', () => {
    const of = (event_name: string, extra: Record<string, unknown> = {}) => mapZaloBotUpdate({ ...textEvent(''), event_name, message: { ...textEvent('').message, text: undefined, ...extra } });
    expect(of('message.image.received', { photo_url: 'https://x/y.jpg' })).toMatchObject({ kind: 'unsupported', what: 'photo', dedupeKey: { id: 'm-0001' } });
    expect(of('message.sticker.received', { sticker: 'abc' })).toMatchObject({ kind: 'unsupported', what: 'sticker' });
    expect(of('message.unsupported.received')).toMatchObject({ kind: 'unsupported', what: 'other' });
    expect(of('message.file.received')).toMatchObject({ kind: 'unsupported', what: 'other' });
    // Without event_name, the fields tell.
    expect(mapZaloBotUpdate({ message: { ...textEvent('').message, text: undefined, photo_url: 'https://x/y.jpg' } })).toMatchObject({ what: 'photo' });
  });

  it('when the update is from a group, from a bot or from this bot itself, or has no chat or no text, then the bot does not act on it', () => {
    expect(mapZaloBotUpdate(textEvent('/help', { chat: { id: 'g1', chat_type: 'GROUP' } }))).toBeUndefined();
    expect(mapZaloBotUpdate(textEvent('hi', { from: { id: 'b', is_bot: true } }))).toBeUndefined();
    expect(mapZaloBotUpdate(textEvent('hi', { from: { id: '1459232241454765289' }, chat: { id: CHAT } }), '1459232241454765289')).toBeUndefined();
    expect(mapZaloBotUpdate({ event_name: 'message.text.received', message: { message_id: 'x', text: 'a' } })).toBeUndefined();
    expect(mapZaloBotUpdate(textEvent('   '))).toBeUndefined();
    expect(mapZaloBotUpdate({ event_name: 'message.text.received' })).toBeUndefined();
    expect(mapZaloBotUpdate(unwrapUpdate('not an object'))).toBeUndefined();
    expect(mapZaloBotUpdate(unwrapUpdate({ ok: false, error_code: 408 }))).toBeUndefined();
  });

  it('when an address is built and read back, then only zalo_bot addresses are accepted', () => {
    expect(chatIdOf(zaloBotAddress(CHAT))).toBe(CHAT);
    expect(() => chatIdOf('telegram:1')).toThrow(/not a Zalo Bot address/);
    expect(() => chatIdOf('zalo_bot:')).toThrow();
  });
});

describe('Zalo Bot outgoing text', () => {
  it('when a 4500-character notice is sent, then it becomes 3 plain messages of at most 2000 characters, cut between paragraphs, nothing lost', () => {
    const paragraphs = Array.from({ length: 9 }, (_, i) => `${`Đoạn ${i + 1}: ${'nội dung thông báo của Ban Chỉ đạo '.repeat(14)}`.slice(0, 497)}.`);
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThanOrEqual(4480);
    const parts = zaloBotTexts({ text });
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(ZALO_BOT_TEXT_LIMIT);
    expect(parts.join('\n\n')).toBe(text);
    // Every cut falls between two paragraphs.
    for (const p of parts) expect(paragraphs).toContain(p.split('\n\n')[0]);
  });

  it('when the text has markup, entities, a link or an attachment, then Zalo gets plain text with the file named', () => {
    expect(zaloBotTexts({ text: '<b>GIẤY MỜI HỌP</b>\nTrần &lt;b&gt;"Ba"&lt;/b&gt; &amp; Co – <a href="https://x.vn/a">tài liệu</a>' })).toEqual([
      'GIẤY MỜI HỌP\nTrần <b>"Ba"</b> & Co – tài liệu (https://x.vn/a)',
    ]);
    expect(zaloBotTexts({ text: 'Biên bản họp', attachment: { name: 'bien-ban.pdf', path: '/tmp/bien-ban.pdf' } })).toEqual(['Biên bản họp\n\n📎 bien-ban.pdf']);
    expect(zaloBotTexts({ text: 'Giấy mời\n\n1 – ✅ Tôi sẽ tham dự\n2 – 🙏 Xin vắng', attachment: { name: 'hop-1.ics', content: 'QkVHSU4=' } })).toEqual([
      'Giấy mời\n\n📎 hop-1.ics\n\n1 – ✅ Tôi sẽ tham dự\n2 – 🙏 Xin vắng',
    ]);
    expect(zaloBotTexts({ text: '', attachment: { name: 'a.pdf' } })).toEqual(['📎 a.pdf']);
    expect(zaloBotTexts({ text: '' })).toEqual([]);
  });

  it('when a single word is longer than 2000 characters (escaped characters included), then it is cut without losing any', () => {
    const word = '&<'.repeat(1500);
    const parts = zaloBotTexts({ text: word.replace(/&/g, '&amp;').replace(/</g, '&lt;') });
    expect(parts.map((p) => p.length)).toEqual([2000, 1000]);
    expect(parts.join('')).toBe(word);
  });
});

describe('Zalo Bot channel against the fake platform', () => {
  let zalo: FakeZaloBot;
  let http: HttpServer | undefined;
  const channels: Channel[] = [];

  beforeAll(async () => {
    zalo = await startFakeZaloBot();
    zalo.user(CHAT, { displayName: 'An' });
  });
  afterAll(async () => zalo.close());
  afterEach(async () => {
    for (const c of channels.splice(0)) await c.stop();
    await http?.close();
    http = undefined;
  });

  const channel = (o: Partial<ZaloBotChannelOptions> = {}) => {
    const c = createZaloBotChannel({ token: zalo.token, apiBase: zalo.apiBase, mode: 'polling', log: silentLogger, pollTimeoutSeconds: 1, backoff: FAST, ...o });
    channels.push(c);
    return c;
  };
  const sendError = (c: Channel, to = zaloBotAddress(CHAT), text = 'Xin chào') => c.send(to, { text }).then(() => undefined, (e: unknown) => e);

  describe('send', () => {
    it('when a long notice is sent, then Zalo receives 3 sendMessage calls under 2000 characters and the ref is the last message', async () => {
      const text = Array.from({ length: 9 }, (_, i) => `${i + 1}. ${'Nội dung. '.repeat(49)}`.trim()).join('\n\n');
      const before = zalo.sent(CHAT).length;
      const ref = await channel().send(zaloBotAddress(CHAT), { text, buttons: [] });
      const parts = zalo.sent(CHAT).slice(before);
      expect(parts).toHaveLength(3);
      expect(parts.every((p) => p.method === 'sendMessage' && p.text.length <= 2000)).toBe(true);
      expect(parts.map((p) => p.text).join('\n\n')).toBe(text);
      expect(ref).toEqual({ address: zaloBotAddress(CHAT), messageId: parts[2]!.message_id });
    });

    it('when Zalo answers with an error, then it is mapped to RateLimited, Unreachable, Transient or Invalid', async () => {
      const c = channel();
      zalo.failNext('sendMessage', { code: 429, description: 'Quota exceeded', retryAfter: 7 });
      expect(await sendError(c)).toMatchObject({ name: 'RateLimited', retryAfterSeconds: 7 });
      zalo.failNext('sendMessage', { code: 429, description: 'Quota exceeded' });
      expect(await sendError(c)).toMatchObject({ name: 'RateLimited', retryAfterSeconds: 5 });
      zalo.failNext('sendMessage', { code: 500, description: 'Internal Server Error' });
      expect(await sendError(c)).toBeInstanceOf(Transient);
      // Zalo's own table calls 403 "Internal server error" (goclaw): retried, not "blocked".
      zalo.failNext('sendMessage', { code: 403, description: 'Internal server error' });
      expect(await sendError(c)).toBeInstanceOf(Transient);
      zalo.failNext('sendMessage', { code: 400, description: 'Bad Request: invalid parameter' });
      expect(await sendError(c)).toBeInstanceOf(Invalid);
      expect(await sendError(c, 'zalo_bot:nobody-knows-this-chat')).toMatchObject({ name: 'Unreachable', reason: 'not_found' });
      zalo.user('blocker-0001');
      zalo.block('blocker-0001');
      expect(await sendError(c, 'zalo_bot:blocker-0001')).toMatchObject({ name: 'Unreachable', reason: 'blocked' });
      await expect(c.send(zaloBotAddress(CHAT), { text: '<b></b>' })).rejects.toBeInstanceOf(Invalid);
    });

    it('when the token is wrong, then sends are Invalid and the log says plainly what to fix, once', async () => {
      const cap = captureLog();
      const c = channel({ token: `${zalo.botId}:wrong`, log: cap.log });
      expect(await sendError(c)).toBeInstanceOf(Invalid);
      expect(await sendError(c)).toBeInstanceOf(Invalid);
      expect(cap.errors()).toEqual([expect.stringContaining('refused ZALO_BOT_TOKEN (401)')]);
    });

    it('when Zalo cannot be reached, or the answer is not the Bot Platform envelope, then the error says so', async () => {
      expect(await sendError(channel({ apiBase: 'http://127.0.0.1:1' }))).toBeInstanceOf(Transient);
      expect(mapZaloBotError(new ZaloBotApiError('sendMessage', 404, 'HTTP 404 without a Bot Platform answer', false))).toMatchObject({ name: 'Invalid', message: expect.stringContaining('ZALO_BOT_API_BASE') });
      expect(mapZaloBotError(new ZaloBotApiError('sendMessage', 502, 'bad gateway', false))).toBeInstanceOf(Transient);
      expect(mapZaloBotError(new ZaloBotApiError('sendMessage', 403, 'Forbidden: user blocked the bot', true))).toEqual(new Unreachable('blocked', '403: Forbidden: user blocked the bot'));
      expect(mapZaloBotError(new ZaloBotApiError('sendMessage', 400, 'Bad Request: chat not found', true))).toMatchObject({ name: 'Unreachable', reason: 'not_found' });
      expect(mapZaloBotError(new ZaloBotNetworkError('sendMessage', 'timeout of 20000ms exceeded', false))).toBeInstanceOf(Transient);
      expect(mapZaloBotError(new ZaloBotApiError('sendMessage', 429, '', true, 12))).toEqual(new RateLimited(12, '429: '));
    });

    it('when a message has an attachment with a local path, then only its name is sent: nothing is uploaded', async () => {
      const before = zalo.calls.length;
      await channel().send(zaloBotAddress(CHAT), { text: 'Tài liệu họp', attachment: { name: 'tai-lieu.pdf', path: '/tmp/tai-lieu.pdf' } });
      const calls = zalo.calls.slice(before);
      expect(calls.map((c) => c.method)).toEqual(['sendMessage']);
      expect(calls[0]!.payload).toEqual({ chat_id: CHAT, text: 'Tài liệu họp\n\n📎 tai-lieu.pdf' });
    });
  });

  describe('webhook', () => {
    async function webhookChannel(events: IncomingEvent[], cap = captureLog()) {
      http = createHttpServer(silentLogger);
      const port = await http.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${port}/zalo/bot/hook`;
      const c = channel({ mode: 'webhook', webhookUrl: url, webhookSecret: SECRET, http, log: cap.log });
      await c.start(async (e) => void events.push(e));
      return { url, c, cap };
    }
    const post = (url: string, body: unknown, secret?: string, method = 'POST') =>
      fetch(url, { method, headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-bot-api-secret-token': secret } : {}) }, ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });

    it('when the secret header is missing or wrong, then 403 and nothing is processed; with the right one, 200 after the update is handled', async () => {
      const events: IncomingEvent[] = [];
      const { url, cap } = await webhookChannel(events);
      expect(zalo.webhook).toMatchObject({ url, secretToken: SECRET });

      expect((await post(url, textEvent('/help'))).status).toBe(403);
      expect((await post(url, textEvent('/help'), SECRET.replace(/1$/, '2'))).status).toBe(403);
      expect((await post(url, textEvent('/help'), 'short')).status).toBe(403);
      expect((await post(url, textEvent('/help'), `${SECRET}x`)).status).toBe(403);
      expect(events).toEqual([]);
      expect(cap.lines.filter((l) => l.msg.includes('X-Bot-Api-Secret-Token'))).toHaveLength(4);

      const ok = await post(url, textEvent('/help'), SECRET);
      expect(ok.status).toBe(200);
      // Processed before the answer: the event is there as soon as the 200 is.
      expect(events).toMatchObject([{ kind: 'command', name: 'help' }]);
      expect((await post(url, { ok: true, result: textEvent('xin chào', { message_id: 'm-2' }) }, SECRET)).status).toBe(200);
      expect(events[1]).toMatchObject({ kind: 'text', text: 'xin chào', dedupeKey: { id: 'm-2' } });

      expect((await post(url, '{not json', SECRET)).status).toBe(400);
      expect((await post(url, JSON.stringify({ pad: 'x'.repeat(2 << 20) }), SECRET)).status).toBe(413);
      for (const odd of ['null', '[]', '"x"']) expect((await post(url, odd, SECRET)).status).toBe(200);
      expect((await post(url, null, SECRET, 'GET')).status).toBe(405);
      expect((await post(url, { event_name: 'something.else' }, SECRET)).status).toBe(200);
      expect(events).toHaveLength(2);
    });

    it('when Zalo delivers a user\u2019s message, then it carries the secret and reaches the handler; after stop, calls are refused', async () => {
      const events: IncomingEvent[] = [];
      const { url, c } = await webhookChannel(events);
      zalo.user(CHAT).sendText('/start ABC');
      await until(() => events.length === 1);
      expect(events[0]).toMatchObject({ kind: 'command', name: 'start', args: 'ABC', sender: { address: zaloBotAddress(CHAT) } });
      expect(zalo.deliveries.at(-1)).toMatchObject({ status: 200 });
      await c.stop();
      expect((await post(url, textEvent('/help'), SECRET)).status).toBe(503);
      // Back to polling for the next tests.
      await fetch(`${zalo.apiBase}/bot${zalo.token}/deleteWebhook`, { method: 'POST' });
    });

    it('when the HTTP server is not listening yet at start, then setWebhook waits for it', async () => {
      http = createHttpServer(silentLogger);
      const url = 'http://127.0.0.1:9/zalo/bot/late';
      const c = channel({ mode: 'webhook', webhookUrl: url, webhookSecret: SECRET, http });
      const before = zalo.calls.filter((x) => x.method === 'setWebhook').length;
      await c.start(async () => undefined);
      expect(zalo.calls.filter((x) => x.method === 'setWebhook')).toHaveLength(before);
      await http.listen(0, '127.0.0.1');
      await zalo.waitFor(() => zalo.webhook.url === url);
      await c.stop();
      await fetch(`${zalo.apiBase}/bot${zalo.token}/deleteWebhook`, { method: 'POST' });
    });

    it('secretMatches compares in constant time and refuses empty secrets', () => {
      expect(secretMatches(SECRET, SECRET)).toBe(true);
      expect(secretMatches(SECRET, undefined)).toBe(false);
      expect(secretMatches(SECRET, [SECRET])).toBe(false);
      expect(secretMatches('', '')).toBe(false);
    });
  });

  describe('polling', () => {
    it('when getUpdates times out with 408, then the loop asks again, hands over the next message, and stops at once', async () => {
      const events: IncomingEvent[] = [];
      const c = channel();
      await c.start(async (e) => void events.push(e));
      const polled = () => zalo.calls.filter((x) => x.method === 'getUpdates');
      const before = polled().length;
      await zalo.waitFor(() => polled().slice(before).some((x) => x.status === 408), 4000);
      await zalo.waitForPolling();
      expect(polled().at(-1)!.payload).toEqual({ timeout: '1' });

      zalo.user(CHAT).sendText('/absent 12 Ốm');
      await until(() => events.length === 1);
      expect(events[0]).toMatchObject({ kind: 'command', name: 'absent', args: '12 Ốm' });

      await zalo.waitForPolling();
      const t0 = Date.now();
      await c.stop();
      expect(Date.now() - t0).toBeLessThan(500);
      await until(() => zalo.heldPolls === 0);
      const after = zalo.calls.length;
      await new Promise((r) => setTimeout(r, 1200));
      expect(zalo.calls.slice(after).filter((x) => x.method === 'getUpdates')).toEqual([]);
    });

    it('when a webhook is set at start, then it is deleted first; when one is set later, getUpdates 400s and the log says why, and polling resumes once it is gone', async () => {
      const api = (method: string, body: object = {}) => fetch(`${zalo.apiBase}/bot${zalo.token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await api('setWebhook', { url: 'https://bot.example.gov.vn/zalo', secret_token: SECRET });
      const cap = captureLog();
      const events: IncomingEvent[] = [];
      const c = channel({ log: cap.log });
      await c.start(async (e) => void events.push(e));
      expect(zalo.calls.some((x) => x.method === 'deleteWebhook')).toBe(true);
      await zalo.waitForPolling();

      await api('setWebhook', { url: 'https://other.example.gov.vn/zalo', secret_token: SECRET });
      await zalo.waitFor(() => zalo.calls.some((x) => x.method === 'getUpdates' && x.status === 400));
      await until(() => cap.errors().some((m) => m.includes('a webhook is probably set')));
      await api('deleteWebhook');
      zalo.user(CHAT).sendText('xin chào');
      await until(() => events.length === 1, 5000);
      expect(cap.errors().filter((m) => m.includes('a webhook is probably set'))).toHaveLength(1);
      expect(cap.lines.some((l) => l.msg === 'Zalo Bot getUpdates works again')).toBe(true);
    });

    it('when the token is wrong, then start logs one clear line and returns: no crash, no polling', async () => {
      const cap = captureLog();
      const c = channel({ token: `${zalo.botId}:revoked`, log: cap.log });
      const before = zalo.calls.length;
      await c.start(async () => undefined);
      expect(cap.errors()).toEqual([expect.stringContaining('refused ZALO_BOT_TOKEN (401)')]);
      await new Promise((r) => setTimeout(r, 100));
      expect(zalo.calls.slice(before).map((x) => x.method)).toEqual(['getMe']);
    });

    it('when Zalo is unreachable, then start still returns, the loop backs off, and stop ends it', async () => {
      const cap = captureLog();
      const c = channel({ apiBase: 'http://127.0.0.1:1', log: cap.log });
      await c.start(async () => undefined);
      await until(() => cap.lines.some((l) => l.msg.includes('getUpdates failed')));
      await new Promise((r) => setTimeout(r, 300));
      // One warning per streak, the rest at debug.
      expect(cap.lines.filter((l) => l.level === 40 && l.msg.includes('getUpdates failed'))).toHaveLength(1);
      const t0 = Date.now();
      await c.stop();
      expect(Date.now() - t0).toBeLessThan(300);
    });
  });
});
