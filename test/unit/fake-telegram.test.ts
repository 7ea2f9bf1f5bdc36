// Tests of the fake Telegram Bot API server itself, driven by real telegraf 4.16.3.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Input, Markup, Telegraf, TelegramError } from 'telegraf';
import { callbackQuery, message } from 'telegraf/filters';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeTelegram, FakeTelegramOptions } from '../support/fake-telegram.js';
import { formatText, startFakeTelegram } from '../support/fake-telegram.js';

let tg: FakeTelegram;
let bot: Telegraf | undefined;
let polling: Promise<void> | undefined;
const servers: http.Server[] = [];

async function setup(opts: FakeTelegramOptions = {}): Promise<Telegraf> {
  tg = await startFakeTelegram(opts);
  bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot, webhookReply: false } });
  return bot;
}

/** Starts long polling and waits until telegraf's first getUpdates is being held. */
async function launch(b: Telegraf): Promise<void> {
  polling = b.launch();
  await tg.waitForPolling();
}

/** Rejection of a Bot API call, as the TelegramError telegraf throws. */
async function apiError(p: Promise<unknown>): Promise<TelegramError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof TelegramError)) throw new Error(`expected a TelegramError, got ${String(e)}`);
  return e;
}

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(() => {
  bot = undefined;
  polling = undefined;
});

afterEach(async () => {
  if (bot && polling) {
    bot.stop('test end');
    await polling.catch(() => undefined);
  }
  for (const s of servers.splice(0)) {
    await new Promise<void>((r) => {
      s.close(() => r());
      s.closeAllConnections();
    });
  }
  await tg?.close();
});

describe('fake Telegram: long polling with telegraf', () => {
  it('delivers a /command with its bot_command entity and records the reply', async () => {
    const b = await setup();
    b.start((ctx) => ctx.reply(`Xin chào ${ctx.from.first_name}, mã ${ctx.payload}`));
    await launch(b);

    const alice = tg.user(1001, { firstName: 'Alice', languageCode: 'vi' });
    const updateId = alice.sendCommand('start', 'INV42');
    expect(tg.update(updateId)?.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);

    const reply = await tg.waitForSent(alice.id);
    expect(reply).toMatchObject({ chat_id: 1001, text: 'Xin chào Alice, mã INV42', method: 'sendMessage' });
    expect(reply.message.from).toMatchObject({ is_bot: true, username: 'committee_test_bot' });
    expect(reply.message_id).toBe(2); // message ids are per chat: the user's /start was 1

    const methods = tg.calls.map((c) => c.method);
    expect(methods.slice(0, 2)).toEqual(['getMe', 'deleteWebhook']);
    const poll = tg.calls.find((c) => c.method === 'getUpdates');
    expect(poll?.payload).toMatchObject({ timeout: 50, offset: 0 });
  });

  it('confirms updates by offset, honours limit, and redelivers with the same update_id', async () => {
    await setup();
    const u = tg.user(7);
    const first = u.sendText('one');
    u.sendText('two');
    u.sendText('three');
    const batch = (await bot!.telegram.callApi('getUpdates', { limit: 2 })) as { update_id: number }[];
    expect(batch.map((x) => x.update_id)).toEqual([first, first + 1]);
    const rest = (await bot!.telegram.callApi('getUpdates', { offset: first + 2 })) as { update_id: number }[];
    expect(rest.map((x) => x.update_id)).toEqual([first + 2]);
    expect(tg.pendingUpdates()).toHaveLength(1);
    tg.redeliver(first);
    const again = (await bot!.telegram.callApi('getUpdates', { offset: first + 3 })) as { update_id: number }[];
    expect(again.map((x) => x.update_id)).toEqual([first]);
    expect(tg.pendingUpdates()).toHaveLength(0);
  });

  it('telegraf keeps polling after a 429 on getUpdates (it waits retry_after)', async () => {
    const b = await setup();
    b.on(message('text'), (ctx) => ctx.reply(`echo ${ctx.message.text}`));
    tg.failNext('getUpdates', { code: 429, description: 'Too Many Requests: retry after 0.05', retryAfter: 0.05 });
    await launch(b);
    tg.user(5).sendText('ping');
    expect((await tg.waitForSent(5)).text).toBe('echo ping');
    expect(tg.calls.find((c) => c.method === 'getUpdates')?.status).toBe(429);
  });

  it('a second poller terminates the first with 409 Conflict', async () => {
    await setup();
    const first = bot!.telegram.callApi('getUpdates', { timeout: 30 });
    await tg.waitForPolling();
    const second = bot!.telegram.callApi('getUpdates', { timeout: 0 });
    const e = await apiError(first);
    expect(e.code).toBe(409);
    expect(e.description).toBe('Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    expect(await second).toEqual([]);
  });
});

describe('fake Telegram: webhook mode', () => {
  it('POSTs updates with the secret header to telegraf webhookCallback', async () => {
    const b = await setup();
    b.on(message('text'), (ctx) => ctx.reply(`đã nhận: ${ctx.message.text}`));
    const cb = b.webhookCallback('/tg/hook', { secretToken: 'S3cret_token-1' });
    const seen: (string | undefined)[] = [];
    const base = await listen((req, res) => {
      seen.push(req.headers['x-telegram-bot-api-secret-token'] as string | undefined);
      void cb(req, res);
    });
    const set = await b.telegram.setWebhook(`${base}/tg/hook`, { secret_token: 'S3cret_token-1' });
    expect(set).toBe(true);
    expect(tg.webhook).toEqual({ url: `${base}/tg/hook`, secretToken: 'S3cret_token-1' });
    expect(tg.calls.at(-1)?.response).toEqual({ ok: true, result: true, description: 'Webhook was set' });

    const alice = tg.user(1001);
    const id = alice.sendText('báo cáo');
    expect((await tg.waitForSent(alice.id)).text).toBe('đã nhận: báo cáo');
    expect(seen).toEqual(['S3cret_token-1']);
    // the delivery completes when telegraf ends the response, after the handler
    await vi.waitFor(() => expect(tg.webhookDeliveries).toMatchObject([{ update_id: id, status: 200 }]));

    // getUpdates is refused while a webhook is set
    const e = await apiError(b.telegram.getUpdates(0, 100, 0, undefined));
    expect(e.code).toBe(409);
    expect(e.description).toBe(
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
    expect((await b.telegram.getWebhookInfo()).url).toBe(`${base}/tg/hook`);
  });

  it('records a rejected delivery (wrong secret) in getWebhookInfo', async () => {
    const b = await setup();
    const cb = b.webhookCallback('/hook', { secretToken: 'right' });
    const base = await listen((req, res) => void cb(req, res));
    await b.telegram.setWebhook(`${base}/hook`, { secret_token: 'wrong' });
    const id = tg.user(3).sendText('hi');
    await vi.waitFor(() => expect(tg.webhookDeliveries).toHaveLength(1));
    expect(tg.webhookDeliveries[0]).toMatchObject({ update_id: id, status: 403 });
    const info = await b.telegram.getWebhookInfo();
    expect(info.last_error_message).toBe('Wrong response from the webhook: 403 Forbidden');
  }, 10_000);

  /** A telegraf bot answering presses in its webhook response (webhookReply on, its default), and a button to press. */
  async function answeringInResponse(opts: FakeTelegramOptions = {}) {
    tg = await startFakeTelegram(opts);
    bot = new Telegraf(tg.token, { telegram: { apiRoot: tg.apiRoot } });
    bot.on(callbackQuery('data'), (ctx) => ctx.answerCbQuery('ok'));
    const cb = bot.webhookCallback('/hook');
    const base = await listen((req, res) => void cb(req, res));
    await bot.telegram.setWebhook(`${base}/hook`);
    const u = tg.user(9);
    const m = (await bot.telegram.sendMessage(9, 'x', Markup.inlineKeyboard([Markup.button.callback('A', 'a')]))).message_id;
    return { b: bot, press: () => u.press(tg.sent(9).find((s) => s.message_id === m)!, 'a') };
  }

  it('runs a method returned in the webhook response (webhookReply on)', async () => {
    const { press } = await answeringInResponse();
    const id = press();
    const call = await tg.waitFor((c) => c.method === 'answerCallbackQuery');
    expect(call.via).toBe('webhook-reply');
    expect(tg.callbackAnswer(id)?.text).toBe('ok');
  });

  it('adds no latency to a method returned in the webhook response (it makes no round trip of its own)', async () => {
    const { b, press } = await answeringInResponse({ latencyMs: 300 });
    const t1 = Date.now();
    b.botInfo = await b.telegram.getMe(); // a call of the bot's own: the latency applies
    expect(Date.now() - t1).toBeGreaterThanOrEqual(295);
    const t0 = Date.now();
    const id = press();
    await tg.waitFor(() => tg.callbackAnswer(id) !== undefined);
    expect(Date.now() - t0).toBeLessThan(250);
  });

  it('keeps webhook connections open and sends the next updates on them, never more than max_connections', async () => {
    const b = await setup();
    const cb = b.webhookCallback('/hook');
    const sockets = new Set<unknown>();
    let open = 0;
    let mostOpen = 0;
    const base = await listen((req, res) => {
      sockets.add(req.socket);
      open++;
      mostOpen = Math.max(mostOpen, open);
      res.on('finish', () => open--);
      void cb(req, res);
    });
    await b.telegram.setWebhook(`${base}/hook`, { max_connections: 3 });
    for (let i = 0; i < 30; i++) tg.user(100 + i).sendText(`tin ${i}`);
    await vi.waitFor(() => expect(tg.webhookDeliveries).toHaveLength(30));
    expect(tg.webhookDeliveries.every((d) => d.status === 200)).toBe(true);
    expect(mostOpen).toBeLessThanOrEqual(3);
    expect(sockets.size).toBeLessThanOrEqual(3);
  });

  it('sends an update again on a new connection when the bot had closed the kept one', async () => {
    const b = await setup();
    const cb = b.webhookCallback('/hook');
    const base = await listen((req, res) => {
      // Answers, then closes the connection the moment the response is out: the fake's next
      // update may already be on its way over it.
      res.on('finish', () => req.socket.destroy());
      void cb(req, res);
    });
    await b.telegram.setWebhook(`${base}/hook`, { max_connections: 1 });
    for (let i = 0; i < 20; i++) tg.user(200 + i).sendText(`tin ${i}`);
    await vi.waitFor(() => expect(tg.webhookDeliveries).toHaveLength(20));
    expect(tg.webhookDeliveries.filter((d) => d.status !== 200)).toEqual([]);
  });

  it('refuses a webhook secret with characters Telegram does not allow', async () => {
    await setup();
    const e = await apiError(bot!.telegram.setWebhook('http://127.0.0.1:9/x', { secret_token: 'a+b/c=' }));
    expect(e.description).toBe('Bad Request: secret token contains unallowed characters');
  });
});

describe('fake Telegram: errors with their real texts', () => {
  it('429 with retry_after when flood limits are exceeded', async () => {
    await setup({ limits: { perChatPerSecond: 1, globalPerSecond: 30 } });
    tg.user(1);
    await bot!.telegram.sendMessage(1, 'một');
    const e = await apiError(bot!.telegram.sendMessage(1, 'hai'));
    expect(e.code).toBe(429);
    expect(e.description).toBe('Too Many Requests: retry after 1');
    expect(e.parameters?.retry_after).toBe(1);
    expect(tg.calls.at(-1)?.response).toEqual({
      ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 },
    });
  });

  it('global, per-group limits, and timeScale', async () => {
    await setup({ limits: { globalPerSecond: 3, perChatPerSecond: 10, perGroupPerMinute: 2 }, timeScale: 10 });
    for (const id of [1, 2, 3, 4]) tg.user(id);
    tg.group(-100);
    for (const id of [1, 2, 3]) await bot!.telegram.sendMessage(id, 'x');
    const e = await apiError(bot!.telegram.sendMessage(4, 'x'));
    expect(e.code).toBe(429);
    expect(e.parameters?.retry_after).toBe(0.1); // 1 s / timeScale
    await new Promise((r) => setTimeout(r, 120));
    await bot!.telegram.sendMessage(-100, 'g1');
    await bot!.telegram.sendMessage(-100, 'g2');
    const g = await apiError(bot!.telegram.sendMessage(-100, 'g3'));
    expect(g.parameters?.retry_after).toBe(6); // 60 s window / 10
  });

  it('403 for a user who blocked the bot', async () => {
    await setup();
    const u = tg.user(42);
    await bot!.telegram.sendMessage(42, 'trước');
    tg.block(42);
    const e = await apiError(bot!.telegram.sendMessage(42, 'sau'));
    expect(e.code).toBe(403);
    expect(e.description).toBe('Forbidden: bot was blocked by the user');
    tg.unblock(42);
    await bot!.telegram.sendMessage(42, 'lại');
    const upd = u.blockBot();
    expect(tg.update(upd)?.my_chat_member.new_chat_member.status).toBe('kicked');
    expect((await apiError(bot!.telegram.sendChatAction(42, 'typing'))).code).toBe(403);
  });

  it('400 chat not found, empty and too-long texts', async () => {
    await setup();
    tg.user(1);
    expect((await apiError(bot!.telegram.sendMessage(999, 'x'))).description).toBe('Bad Request: chat not found');
    expect((await apiError(bot!.telegram.sendMessage(1, ''))).description).toBe('Bad Request: message text is empty');
    expect((await apiError(bot!.telegram.sendMessage(1, '  \n '))).description).toBe('Bad Request: message text is empty');
    expect((await apiError(bot!.telegram.sendMessage(1, 'a'.repeat(4097)))).description).toBe('Bad Request: message is too long');
    await bot!.telegram.sendMessage(1, 'a'.repeat(4096));
    // HTML is counted after parsing: tags and entities do not count
    await bot!.telegram.sendMessage(1, `<b>${'&lt;'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    expect(tg.sent(1).at(-1)?.plain).toBe('<'.repeat(4096));
  });

  it('400 BUTTON_DATA_INVALID for callback_data over 64 bytes', async () => {
    await setup();
    tg.user(1);
    const vi = 'duyệt đề nghị số 12 của ban'; // 27 characters, more bytes
    const e = await apiError(
      bot!.telegram.sendMessage(1, 'Duyệt?', Markup.inlineKeyboard([[Markup.button.callback('OK', `${vi}${vi}`)]])),
    );
    expect(e.code).toBe(400);
    expect(e.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    await bot!.telegram.sendMessage(1, 'Duyệt?', Markup.inlineKeyboard([[Markup.button.callback('OK', 'x'.repeat(64))]]));
  });

  it("400 can't parse entities for unsupported HTML tags and a bare <", async () => {
    await setup();
    tg.user(1);
    const html = (t: string) => apiError(bot!.telegram.sendMessage(1, t, { parse_mode: 'HTML' }));
    expect((await html('<script>alert(1)</script>')).description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 0',
    );
    expect((await html('Tổng < 5')).description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 7');
    expect((await html('<b>đậm')).description).toBe('Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    expect((await apiError(bot!.telegram.sendMessage(1, 'Hạn: 1.5', { parse_mode: 'MarkdownV2' }))).description).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    const ok = await bot!.telegram.sendMessage(1, '<b>Họp</b> &amp; <a href="https://x.vn">link</a>', { parse_mode: 'HTML' });
    expect(ok.text).toBe('Họp & link');
    expect(ok.entities).toEqual([
      { type: 'bold', offset: 0, length: 3 },
      { type: 'text_link', offset: 6, length: 4, url: 'https://x.vn' },
    ]);
  });

  it('answering a callback query twice gives 400 query is too old', async () => {
    const b = await setup();
    const answered: string[] = [];
    b.action(/^apr:(\d+):([yn])$/, async (ctx) => {
      await ctx.answerCbQuery('Đã ghi nhận');
      answered.push(ctx.callbackQuery.id);
    });
    await launch(b);
    const chair = tg.user(77);
    await b.telegram.sendMessage(77, 'Duyệt đề nghị 12?', Markup.inlineKeyboard([[Markup.button.callback('✅', 'apr:12:y')]]));
    const msg = tg.sent(77)[0]!;
    const id = chair.press(msg, 'apr:12:y');
    await tg.waitFor((c) => c.method === 'answerCallbackQuery');
    expect(tg.callbackAnswer(id)).toMatchObject({ text: 'Đã ghi nhận' });
    await vi.waitFor(() => expect(answered).toEqual([tg.callbackQueryId(id)]));
    const e = await apiError(b.telegram.answerCbQuery(tg.callbackQueryId(id)!));
    expect(e.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
    // a forged press (data not on the message) still arrives
    const forged = chair.press(msg, 'apr:999:y');
    expect(tg.update(forged)?.callback_query.data).toBe('apr:999:y');
  });

  it('editMessageText: not modified, not found, and keyboard removal', async () => {
    await setup();
    tg.user(1);
    const kb = Markup.inlineKeyboard([[Markup.button.callback('A', 'a')]]);
    const m = await bot!.telegram.sendMessage(1, '<b>Đề nghị</b>', { parse_mode: 'HTML', ...kb });
    const same = await apiError(bot!.telegram.editMessageText(1, m.message_id, undefined, '<b>Đề nghị</b>', { parse_mode: 'HTML', ...kb }));
    expect(same.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    expect((await apiError(bot!.telegram.editMessageText(1, 999, undefined, 'x'))).description).toBe('Bad Request: message to edit not found');
    // same text without reply_markup is a change: it removes the keyboard
    await bot!.telegram.editMessageText(1, m.message_id, undefined, '<b>Đề nghị</b>', { parse_mode: 'HTML' });
    const sent = tg.sent(1)[0]!;
    expect(sent.reply_markup).toBeUndefined();
    expect(sent.edits).toHaveLength(1);
    const rm = await apiError(bot!.telegram.editMessageReplyMarkup(1, m.message_id, undefined, undefined));
    expect(rm.description).toMatch(/^Bad Request: message is not modified/);
  });

  it('401 for a wrong token, 404 for an unknown method, injected 5xx', async () => {
    await setup();
    const wrong = new Telegraf('999:WRONG', { telegram: { apiRoot: tg.apiRoot } });
    const e = await apiError(wrong.telegram.getMe());
    expect([e.code, e.description]).toEqual([401, 'Unauthorized']);
    const nf = await apiError(bot!.telegram.callApi('sendTelepathy' as 'getMe', {}));
    expect(nf.response).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
    tg.failNext('sendMessage', { code: 502, description: 'Bad Gateway' });
    tg.user(1);
    const bad = await apiError(bot!.telegram.sendMessage(1, 'x'));
    expect([bad.code, bad.description]).toEqual([502, 'Bad Gateway']); // telegraf uses the HTTP status text for >= 500
    await bot!.telegram.sendMessage(1, 'x'); // only the next call failed
  });
});

describe('fake Telegram: files and commands', () => {
  it('sendDocument by multipart upload and by file_id; getFile and download', async () => {
    await setup({ maxUploadBytes: 1024 });
    const u = tg.user(1);
    const up = await bot!.telegram.sendDocument(1, Input.fromBuffer(Buffer.from('%PDF-1.4 biên bản'), 'Biên bản họp.pdf'), {
      caption: '<i>Biên bản</i>',
      parse_mode: 'HTML',
      ...Markup.inlineKeyboard([[Markup.button.callback('Đã đọc', 'read:1')]]),
    });
    expect(up.document).toMatchObject({ file_name: 'Biên bản họp.pdf', mime_type: 'application/pdf', file_size: 20 });
    expect(up.caption).toBe('Biên bản');
    const call = tg.calls.at(-1)!;
    expect(call.encoding).toBe('multipart');
    expect(call.payload.chat_id).toBe(1);
    expect(call.payload.reply_markup.inline_keyboard[0][0].callback_data).toBe('read:1');
    const again = await bot!.telegram.sendDocument(1, up.document.file_id);
    expect(again.document.file_unique_id).toBe(up.document.file_unique_id);
    expect((await apiError(bot!.telegram.sendDocument(1, Input.fromBuffer(Buffer.alloc(2048), 'big.pdf')))).description).toBe(
      'Bad Request: file is too big',
    );
    expect((await apiError(bot!.telegram.sendDocument(1, 'nonsense'))).description).toBe(
      'Bad Request: wrong file identifier/HTTP URL specified',
    );

    const upd = u.sendDocument({ name: 'de-nghi.xlsx', mime: 'application/vnd.ms-excel', size: 5, content: Buffer.from('hello') });
    const fileId = tg.update(upd)?.message.document.file_id as string;
    const link = await bot!.telegram.getFileLink(fileId);
    expect(link.href.startsWith(`${tg.apiRoot}/file/bot${tg.token}/documents/`)).toBe(true);
    expect(await (await fetch(link)).text()).toBe('hello');
    const zeros = tg.update(u.sendDocument({ name: 'x.bin', mime: 'application/octet-stream', size: 3 }))?.message.document;
    const bytes = new Uint8Array(await (await fetch(await bot!.telegram.getFileLink(zeros.file_id))).arrayBuffer());
    expect([...bytes]).toEqual([0, 0, 0]);
  });

  it('setMyCommands validates and stores per language and scope', async () => {
    await setup();
    await bot!.telegram.setMyCommands([{ command: 'start', description: 'Bắt đầu' }], { language_code: 'vi' });
    await bot!.telegram.setMyCommands([{ command: 'help', description: 'Help' }]);
    expect(tg.commands('vi')).toEqual([{ command: 'start', description: 'Bắt đầu' }]);
    expect(tg.commands()).toEqual([{ command: 'help', description: 'Help' }]);
    expect(await bot!.telegram.getMyCommands({ language_code: 'vi' })).toEqual(tg.commands('vi'));
    const bad = await apiError(bot!.telegram.setMyCommands([{ command: 'Start', description: 'x' }]));
    expect(bad.description).toBe('Bad Request: BOT_COMMAND_INVALID');
    const empty = await apiError(bot!.telegram.setMyCommands([{ command: 'ok', description: '' }]));
    expect(empty.description).toBe('Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
  });

  it('sticker, photo and edited_message updates reach telegraf handlers', async () => {
    const b = await setup();
    const seen: string[] = [];
    b.on(message('sticker'), () => void seen.push('sticker'));
    b.on(message('photo'), () => void seen.push('photo'));
    b.on('edited_message', () => void seen.push('edited'));
    await launch(b);
    const u = tg.user(3);
    u.sendText('bản nháp');
    u.sendSticker();
    u.sendPhoto();
    const last = u.editLastText('bản cuối');
    expect(tg.update(last)?.edited_message.text).toBe('bản cuối');
    await vi.waitFor(() => expect(seen).toEqual(['sticker', 'photo', 'edited']));
  });
});

describe('fake Telegram: entity parsing matches tdlib', () => {
  const parseError = (text: string, mode: string): string => {
    try {
      formatText(text, mode, undefined);
    } catch (e) {
      return (e as { description: string }).description.replace("Bad Request: can't parse entities: ", '');
    }
    return 'no error';
  };

  it.each([
    ['🏟 🏟&lt;<abacaba', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;<abac aba>', 'Unsupported start tag "abac" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba>', 'Expected equal sign in declaration of an attribute of the tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba  =  190azAz-.,', 'Unexpected end of name token at byte offset 27'],
    ['🏟 🏟&lt;<b></b></', 'Unexpected end tag at byte offset 20'],
    ['🏟 🏟&lt;<i>a</i   ', 'Unclosed end tag at byte offset 17'],
    ['🏟 🏟&lt;<i>a</em   >', 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
  ])('HTML %j fails with %j', (text, message) => {
    expect(parseError(text, 'HTML')).toBe(message);
  });

  it.each([
    ['🏟 🏟_abac * asd ', "Can't find end of Bold entity at byte offset 15"],
    ['🏟 🏟```', "Can't find end of Pre entity at byte offset 9"],
    ['🏟 🏟__', "Can't find end of Underline entity at byte offset 9"],
    ['[telegram\\.org](asd', "Can't find end of a URL at byte offset 16"],
    ['Họp lúc 9h-10h', "Character '-' is reserved and must be escaped with the preceding '\\'"],
  ])('MarkdownV2 %j fails with %j', (text, message) => {
    expect(parseError(text, 'MarkdownV2')).toBe(message);
  });

  it('decodes entities and offsets in UTF-16 units', () => {
    expect(formatText('&lt;&gt;&amp;&quot;&laquo;&#12345678;', 'HTML', undefined).text).toBe('<>&"&laquo;&#12345678;');
    expect(formatText('🏟 🏟<i>🏟 &lt🏟</i>', 'HTML', undefined)).toEqual({
      text: '🏟 🏟🏟 <🏟',
      entities: [{ type: 'italic', offset: 5, length: 6 }],
    });
    expect(formatText('*Ban* chỉ đạo \\- _họp_', 'MarkdownV2', undefined)).toEqual({
      text: 'Ban chỉ đạo - họp',
      entities: [
        { type: 'bold', offset: 0, length: 3 },
        { type: 'italic', offset: 14, length: 3 },
      ],
    });
  });
});

describe('fake Telegram: wire details', () => {
  it('queued updates go to the webhook once it is set; deleteWebhook brings polling back', async () => {
    const b = await setup();
    const got: number[] = [];
    b.use((ctx, next) => {
      got.push(ctx.update.update_id);
      return next();
    });
    const cb = b.webhookCallback('/h');
    const base = await listen((req, res) => void cb(req, res));
    const u = tg.user(1);
    const a = u.sendText('trước khi có webhook');
    expect((await b.telegram.getWebhookInfo()).pending_update_count).toBe(1);
    await b.telegram.setWebhook(`${base}/h`);
    await vi.waitFor(() => expect(got).toEqual([a]));
    await b.telegram.deleteWebhook();
    expect(tg.webhook).toEqual({});
    const c = u.sendText('sau');
    const polled = (await b.telegram.callApi('getUpdates', {})) as { update_id: number }[];
    expect(polled.map((x) => x.update_id)).toEqual([c]);
  });

  it('adds latencyMs to every call and accepts query-string and urlencoded calls', async () => {
    await setup({ latencyMs: 60 });
    tg.user(5);
    const t0 = Date.now();
    await bot!.telegram.getMe();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    const base = `${tg.apiRoot}/bot${tg.token}`;
    const q = await (await fetch(`${base}/sendmessage?chat_id=5&text=hi`)).json();
    expect(q).toMatchObject({ ok: true, result: { text: 'hi', chat: { id: 5, type: 'private' } } });
    const form = await fetch(`${base}/sendMessage`, { method: 'POST', body: new URLSearchParams({ chat_id: '5', text: '' }) });
    expect(form.status).toBe(400);
    expect(await form.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    expect(tg.calls.at(-1)).toMatchObject({ method: 'sendMessage', encoding: 'urlencoded', status: 400 });
  });
});
