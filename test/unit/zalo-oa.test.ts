import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { insertAccount } from '../../db/queries/members.js';
import { allOutbox, outboxByKey } from '../../db/queries/outbox.js';
import { createApp, type App } from '../../src/app.js';
import type { IncomingEvent, OutgoingMessage } from '../../src/core/channel.js';
import { createButtonTokens, renderAsChoices } from '../../src/core/choices.js';
import { Deferred, Invalid, RateLimited, Transient } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { notify } from '../../src/core/notifier.js';
import { createSecretStore } from '../../src/core/secrets.js';
import { alertSecretariat } from '../../src/domain/alerts.js';
import { addMember } from '../../src/domain/members.js';
import { createZaloOaChannel, TOKENS_KEY, type ZaloOaChannel, type ZaloOaChannelOptions } from '../../src/channels/zalo/oa/index.js';
import { parsePair } from '../../src/channels/zalo/oa/tokens.js';
import { parseJsonLossless } from '../../src/channels/zalo/oa/json.js';
import { createHttpServer, type HttpServer } from '../../src/http.js';
import { at } from '../support/approvals-helpers.js';
import { fakeClock, type FakeClock } from '../support/fake-clock.js';
import { startFakeZaloOa, type FakeZaloOa } from '../support/fake-zalo-oa.js';
import { memoryChannel } from '../support/memory-channel.js';
import { newCommittee } from '../support/unit-helpers.js';

const PATH = '/zalo/oa/webhook';
const FAST = { perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1000 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Title (Biên bản họp) >> endobj\n%%EOF\n');

interface Rig {
  oa: FakeZaloOa;
  db: Db;
  clock: FakeClock;
  http: HttpServer;
  channel: ZaloOaChannel;
  events: IncomingEvent[];
  alerts: { key: string; text: { vi: string; en: string } }[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** One channel on its own fake OA, HTTP server and database, recording what it hands the core. */
async function rig(opts: { clock?: FakeClock; fake?: Parameters<typeof startFakeZaloOa>[0]; channel?: Partial<ZaloOaChannelOptions>; handler?: (e: IncomingEvent) => Promise<void> } = {}): Promise<Rig> {
  const clock = opts.clock ?? fakeClock('2026-03-02T09:00:00');
  const oa = await startFakeZaloOa({ now: () => clock.now(), ...opts.fake });
  const db = openDb(':memory:');
  const http = createHttpServer(silentLogger);
  const port = await http.listen(0, '127.0.0.1');
  const events: IncomingEvent[] = [];
  const alerts: Rig['alerts'] = [];
  const channel = createZaloOaChannel({
    appId: oa.appId,
    appSecret: oa.appSecret,
    secretKey: oa.secretKey,
    initialRefreshToken: oa.issueRefreshToken(),
    apiBase: oa.apiBase,
    oauthBase: oa.oauthBase,
    http,
    webhookPath: PATH,
    log: silentLogger,
    clock,
    secrets: createSecretStore(db),
    buttons: createButtonTokens(db, clock),
    alert: (key, text) => alerts.push({ key, text }),
    ...opts.channel,
  });
  await channel.start(async (e) => {
    await opts.handler?.(e);
    events.push(e);
  });
  oa.webhook(`http://127.0.0.1:${port}${PATH}`);
  cleanups.push(async () => {
    await channel.stop();
    await http.close();
    await oa.close();
    closeDb(db);
  });
  return { oa, db, clock, http, channel, events, alerts };
}

async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The events that reached the core, without the "window reopened" that precedes each message. */
const messages = (r: Rig) => r.events.filter((e) => e.kind !== 'reachability' || e.dedupeKey);

describe('Zalo OA webhook', () => {
  it('when an event is signed `mac=<hex>` or bare hex, then it is answered 200 at once and handed to the core', async () => {
    const r = await rig();
    const body = r.oa.event('user_send_text', '7001', { msg_id: 'a1', text: 'xin chào' });
    const ts = String(r.clock.now());
    const withMac = await r.oa.post(body, { 'X-ZEvent-Signature': r.oa.sign(body, ts) });
    const body2 = r.oa.event('user_send_text', '7001', { msg_id: 'a2', text: 'lần hai' });
    const bare = await r.oa.post(body2, { 'X-ZEvent-Signature': r.oa.sign(body2, ts).slice(4) });
    expect([withMac.status, bare.status]).toEqual([200, 200]);
    await until(() => messages(r).length === 2);
    expect(messages(r)).toEqual([
      { kind: 'text', text: 'xin chào', sender: { address: 'zalo_oa:7001', platform: 'zalo_oa', userId: '7001' }, dedupeKey: { source: 'zalo_oa', id: 'a1' } },
      { kind: 'text', text: 'lần hai', sender: { address: 'zalo_oa:7001', platform: 'zalo_oa', userId: '7001' }, dedupeKey: { source: 'zalo_oa', id: 'a2' } },
    ]);
    // Each message first reopens the user's window (they just wrote).
    expect(r.events[0]).toMatchObject({ kind: 'reachability', reachable: true, sender: { address: 'zalo_oa:7001' } });
  });

  it('when the handler is slow, then Zalo still gets its 200 well under 2 s', async () => {
    const r = await rig({ handler: (e) => new Promise((res) => setTimeout(res, e.kind === 'text' ? 1500 : 0)) });
    const d = await r.oa.user('7002').sendText('chậm');
    expect(d.status).toBe(200);
    expect(d.ms).toBeLessThan(500);
  });

  it('when the signature is wrong or missing, the app_id is another app\u2019s, or the timestamp is stale, then 401 and nothing is processed', async () => {
    const r = await rig();
    const now = r.clock.now();
    const body = r.oa.event('user_send_text', '7003', { msg_id: 'b1', text: '/help' });
    const ts = String(now);
    const wrongMac = await r.oa.post(body, { 'X-ZEvent-Signature': r.oa.sign(body, ts, { secretKey: 'not-the-key' }) });
    const missing = await r.oa.post(body, {});
    const otherApp = body.replace(`"app_id":"${r.oa.appId}"`, '"app_id":"1111111111111111111"');
    const otherAppSigned = await r.oa.post(otherApp, { 'X-ZEvent-Signature': r.oa.sign(otherApp, ts, { appId: '1111111111111111111' }) });
    const old = now - 6 * 60_000;
    const stale = r.oa.event('user_send_text', '7003', { msg_id: 'b2', text: '/help' }, old);
    const staleSigned = await r.oa.post(stale, { 'X-ZEvent-Signature': r.oa.sign(stale, String(old)) });
    // A body altered after signing (the text swapped) fails too.
    const tampered = await r.oa.post(body.replace('/help', '/absent'), { 'X-ZEvent-Signature': r.oa.sign(body, ts) });
    expect([wrongMac.status, missing.status, otherAppSigned.status, staleSigned.status, tampered.status]).toEqual([401, 401, 401, 401, 401]);
    // Well-signed and within the window: accepted, and only that one reaches the core.
    expect((await r.oa.post(body, { 'X-ZEvent-Signature': r.oa.sign(body, ts) })).status).toBe(200);
    await until(() => messages(r).length === 1);
    await new Promise((res) => setTimeout(res, 50));
    expect(messages(r)).toHaveLength(1);
    expect(await r.oa.post('not json', { 'X-ZEvent-Signature': 'mac=00' })).toMatchObject({ status: 400 });
  });

  it('when Zalo redelivers an event (same msg_id), then the bot answers it once', async () => {
    const clock = fakeClock('2026-03-02T09:00:00');
    const db = openDb(':memory:');
    const app = createApp({ db, clock, log: silentLogger, pollMs: 20, pacing: { zalo_oa: FAST } });
    const r = await rig({ clock, handler: async (e) => void (await app.router.handle(e)) });
    await app.start([r.channel]);
    cleanups.push(async () => {
      await app.stop();
      closeDb(db);
    });
    const body = r.oa.event('user_send_text', '7004', { msg_id: 'same-1', text: '/help' });
    const headers = { 'X-ZEvent-Signature': r.oa.sign(body, String(clock.now())) };
    const deliveries = await Promise.all([r.oa.post(body, headers), r.oa.post(body, headers), r.oa.post(body, headers)]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    await r.oa.waitForSent('7004');
    await new Promise((res) => setTimeout(res, 200));
    expect(r.oa.sent('7004')).toHaveLength(1);
    expect(r.oa.sent('7004')[0]!.text).toContain('chưa được đăng ký');
  });

  it('maps commands, follow/unfollow, files, stickers and images, and keeps 19-digit ids as strings even when sent as numbers', async () => {
    const r = await rig();
    const u = r.oa.user('5555');
    await u.sendCommand('start', 'ABC_def-123');
    await u.follow();
    await u.unfollow();
    await u.sendFile({ name: 'y-kien.pdf', content: PDF });
    await u.sendSticker();
    await u.sendImage();
    await until(() => messages(r).length === 6);
    const [cmd, follow, unfollow, file, sticker, image] = messages(r);
    expect(cmd).toMatchObject({ kind: 'command', name: 'start', args: 'ABC_def-123' });
    expect(follow).toMatchObject({ kind: 'reachability', reachable: true, sender: { address: 'zalo_oa:5555' } });
    expect(unfollow).toMatchObject({ kind: 'reachability', reachable: false });
    expect(unfollow!.dedupeKey!.id).toMatch(/^unfollow:\d+:5555$/);
    expect(file).toMatchObject({ kind: 'file', file: { name: 'y-kien.pdf', mime: 'application/pdf', size: PDF.length } });
    expect(sticker).toMatchObject({ kind: 'unsupported', what: 'sticker' });
    expect(image).toMatchObject({ kind: 'unsupported', what: 'photo' });
    // The file a user sent is fetched by its URL, within the size asked for.
    const fileId = (file as Extract<IncomingEvent, { kind: 'file' }>).file.fileId;
    expect(await r.channel.download!(fileId, 1000)).toEqual(PDF);
    await expect(r.channel.download!(fileId, 10)).rejects.toBeInstanceOf(Invalid);

    const id = '1234567890123456789';
    const raw = `{"app_id":"${r.oa.appId}","event_name":"user_send_text","timestamp":"${r.clock.now()}","sender":{"id":${id}},"recipient":{"id":1},"message":{"msg_id":"n1","text":"hi"}}`;
    expect((await r.oa.post(raw, { 'X-ZEvent-Signature': r.oa.sign(raw, String(r.clock.now())) })).status).toBe(200);
    await until(() => messages(r).length === 7);
    expect(messages(r)[6]!.sender).toMatchObject({ address: `zalo_oa:${id}`, userId: id });
    expect(parseJsonLossless('{"a":12345678901234567890,"b":"x\\"y: 12345678901234567890","c":1.5e3,"d":-9007199254740993}')).toEqual({
      a: '12345678901234567890',
      b: 'x"y: 12345678901234567890',
      c: 1500,
      d: '-9007199254740993',
    });
  });
});

describe('Zalo OA buttons', () => {
  it('when a card has buttons, then the last part carries oa.query.hide buttons whose payload is an unguessable token, and a press comes back as the action', async () => {
    const r = await rig();
    const text = `${'Dòng dài. '.repeat(250)}\n\n<b>ĐỀ NGHỊ VẮNG MẶT số 1</b> &amp; lý do`;
    await r.channel.send('zalo_oa:6001', {
      text,
      buttons: [[{ label: '✅ Đồng ý', action: 'rq:1:a:Nonce123' }, { label: '❌ Không đồng ý', action: 'rq:1:r:Nonce123' }], [{ label: 'x'.repeat(150), action: 'rq:1:rr:Nonce123' }]],
    });
    const sent = r.oa.sent('6001');
    expect(sent.length).toBe(2);
    expect(sent.every((m) => m.text!.length <= 2000)).toBe(true);
    expect(sent[0]!.buttons).toBeUndefined();
    const card = sent[1]!;
    expect(card.text).toContain('ĐỀ NGHỊ VẮNG MẶT số 1 & lý do');
    expect(card.buttons!.map((b) => [b.type, b.title.length])).toEqual([['oa.query.hide', 8], ['oa.query.hide', 14], ['oa.query.hide', 100]]);
    for (const b of card.buttons!) {
      expect(b.payload).toMatch(/^#b:[A-Za-z0-9_-]{12}$/);
      expect(b.payload).not.toContain('rq:1');
    }

    await r.oa.user('6001').pressButton(card, '✅ Đồng ý');
    // Typed by hand: a made-up token, and a real token typed in another chat.
    await r.oa.user('6001').typePayload('#b:AAAAAAAAAAAA');
    await r.oa.user('6002').typePayload(card.buttons![1]!.payload);
    await until(() => messages(r).length === 3);
    expect(messages(r).map((e) => [e.kind, (e as { payload?: string }).payload, e.sender.userId])).toEqual([
      ['action', 'rq:1:a:Nonce123', '6001'],
      ['action', '', '6001'],
      ['action', '', '6002'],
    ]);
    // No toasts on Zalo: the router answers alerts in the chat.
    expect(messages(r)[0]).not.toHaveProperty('toasts');
  });

  it('when a card has more buttons than Zalo shows, then they become numbered choices', async () => {
    const clock = fakeClock('2026-03-02T09:00:00');
    const db = openDb(':memory:');
    cleanups.push(() => closeDb(db));
    const r = await rig({ clock, channel: { numberedChoices: (a, m) => renderAsChoices(db, a, m, clock.now()) } });
    const buttons = [Array.from({ length: 7 }, (_, i) => ({ label: `Ban ${i + 1}`, action: `pick:${i + 1}` }))];
    await r.channel.send('zalo_oa:6003', { text: 'Chọn ban:', buttons });
    const [m] = r.oa.sent('6003');
    expect(m!.buttons).toBeUndefined();
    expect(m!.text).toBe('Chọn ban:\n\n1 – Ban 1\n2 – Ban 2\n3 – Ban 3\n4 – Ban 4\n5 – Ban 5\n6 – Ban 6\n7 – Ban 7');
  });

  it('when Zalo refuses the button shape (-201), then the field-vn shape is tried and kept', async () => {
    const r = await rig();
    r.oa.failNext(-201);
    await r.channel.send('zalo_oa:6004', { text: 'Xác nhận?', buttons: [[{ label: 'Có', action: 'ok:1' }]] });
    await r.channel.send('zalo_oa:6004', { text: 'Lần nữa?', buttons: [[{ label: 'Có', action: 'ok:2' }]] });
    const bodies = r.oa.calls.filter((c) => c.path === '/v3.0/oa/message/cs').map((c) => (c.body as { message: { attachment: { payload: Record<string, unknown> } } }).message.attachment.payload);
    expect(bodies.map((p) => p.template_type ?? null)).toEqual([null, 'button', 'button']);
    expect(r.oa.sent('6004')).toHaveLength(2);
  });
});

describe('Zalo OA tokens', () => {
  it('when two processes refresh at once over the same database, then Zalo is asked once and one valid pair is left, the stored one', async () => {
    const clock = fakeClock('2026-03-02T09:00:00');
    const oa = await startFakeZaloOa({ now: () => clock.now(), latencyMs: 150 });
    const file = join(mkdtempSync(join(tmpdir(), 'zalo-oa-')), 'bot.db');
    const [db1, db2] = [openDb(file), openDb(file)];
    cleanups.push(async () => {
      await oa.close();
      closeDb(db1);
      closeDb(db2);
    });
    const seed = oa.issueRefreshToken();
    const make = (db: Db) =>
      createZaloOaChannel({
        appId: oa.appId, appSecret: oa.appSecret, secretKey: oa.secretKey, initialRefreshToken: seed, apiBase: oa.apiBase, oauthBase: oa.oauthBase,
        webhookPath: PATH, log: silentLogger, clock, secrets: createSecretStore(db), buttons: createButtonTokens(db, clock), alert: () => {},
      });
    const bot = make(db1);
    const cli = make(db2);
    const tokens = await Promise.all([bot.tokens.access(), cli.tokens.access(), bot.tokens.access(), cli.tokens.access()]);
    expect(new Set(tokens).size).toBe(1);
    expect(oa.refreshes()).toBe(1);
    const stored = parsePair(createSecretStore(db1).get(TOKENS_KEY))!;
    expect(oa.validRefreshTokens()).toEqual([stored.refreshToken]);
    expect(stored.accessToken).toBe(tokens[0]);
    await bot.send('zalo_oa:1', { text: 'từ bot' });
    await cli.send('zalo_oa:1', { text: 'từ CLI' });
    expect(oa.sent('1').map((m) => m.text)).toEqual(['từ bot', 'từ CLI']);

    // Both see the token expire and both get -216 at once: again one refresh, one pair left.
    oa.expireAccessTokens();
    await Promise.all([bot.send('zalo_oa:1', { text: 'a' }), cli.send('zalo_oa:1', { text: 'b' }), bot.send('zalo_oa:1', { text: 'c' })]);
    expect(oa.refreshes()).toBe(2);
    expect(oa.validRefreshTokens()).toEqual([parsePair(createSecretStore(db2).get(TOKENS_KEY))!.refreshToken]);
    expect(oa.sent('1')).toHaveLength(5);
  });

  it('when one process asks for tokens many times at once, then a single refresh serves them all', async () => {
    const clock = fakeClock('2026-03-02T09:00:00');
    const oa = await startFakeZaloOa({ now: () => clock.now(), latencyMs: 100 });
    const db = openDb(':memory:');
    cleanups.push(async () => {
      await oa.close();
      closeDb(db);
    });
    const channel = createZaloOaChannel({
      appId: oa.appId, appSecret: oa.appSecret, secretKey: oa.secretKey, initialRefreshToken: oa.issueRefreshToken(), apiBase: oa.apiBase, oauthBase: oa.oauthBase,
      webhookPath: PATH, log: silentLogger, clock, secrets: createSecretStore(db), buttons: createButtonTokens(db, clock), alert: () => {},
    });
    await Promise.all(Array.from({ length: 5 }, (_, i) => channel.send(`zalo_oa:${i}`, { text: `tin ${i}` })));
    expect(oa.refreshes()).toBe(1);
    expect(oa.validRefreshTokens()).toEqual([channel.tokens.current()!.refreshToken]);
    expect([0, 1, 2, 3, 4].map((i) => oa.sent(String(i)).length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('when a process that skipped the lease spent the refresh token a moment earlier, then the other waits for its pair instead of raising the alarm', async () => {
    const clock = fakeClock('2026-03-02T09:00:00');
    const oa = await startFakeZaloOa({ now: () => clock.now() });
    const db = openDb(':memory:');
    cleanups.push(async () => {
      await oa.close();
      closeDb(db);
    });
    const secrets = createSecretStore(db);
    const seed = oa.issueRefreshToken();
    secrets.setAll({ [TOKENS_KEY]: JSON.stringify({ accessToken: '', refreshToken: seed, expiresAt: 0 }) });
    // The other process refreshes by hand and stores its pair only 300 ms later.
    const res = await fetch(`${oa.oauthBase}/v4/oa/access_token`, {
      method: 'POST',
      headers: { secret_key: oa.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ app_id: oa.appId, grant_type: 'refresh_token', refresh_token: seed }),
    });
    const theirs = (await res.json()) as { access_token: string; refresh_token: string };
    setTimeout(() => secrets.setAll({ [TOKENS_KEY]: JSON.stringify({ accessToken: theirs.access_token, refreshToken: theirs.refresh_token, expiresAt: clock.now() + 90_000_000 }) }), 300);
    const alerts: string[] = [];
    const channel = createZaloOaChannel({
      appId: oa.appId, appSecret: oa.appSecret, secretKey: oa.secretKey, apiBase: oa.apiBase, oauthBase: oa.oauthBase,
      webhookPath: PATH, log: silentLogger, clock, secrets, buttons: createButtonTokens(db, clock), alert: (key) => alerts.push(key),
    });
    await channel.send('zalo_oa:5', { text: 'vẫn gửi được' });
    expect(alerts).toEqual([]);
    expect(oa.calls.filter((c) => c.path === '/v4/oa/access_token').map((c) => c.error)).toEqual([0, -14014]);
    expect(oa.validRefreshTokens()).toEqual([theirs.refresh_token]);
    expect(oa.sent('5')).toHaveLength(1);
  });

  it('when the access token nears its expiry or Zalo answers -216, then it is refreshed and the send succeeds', async () => {
    const r = await rig();
    await r.channel.send('zalo_oa:2', { text: 'một' });
    const first = r.oa.refreshes();
    r.oa.expireAccessTokens();
    await r.channel.send('zalo_oa:2', { text: 'hai' });
    expect(r.oa.refreshes()).toBe(first + 1);
    // 25 h tokens are renewed ahead of time: 10 minutes before expiry, without a -216 first.
    const { expiresAt } = r.channel.tokens.current()!;
    r.clock.set(expiresAt - 5 * 60_000);
    const errorsBefore = r.oa.calls.filter((c) => c.error === -216).length;
    await r.channel.send('zalo_oa:2', { text: 'ba' });
    expect(r.oa.refreshes()).toBe(first + 2);
    expect(r.oa.calls.filter((c) => c.error === -216).length).toBe(errorsBefore);
    expect(r.oa.sent('2').map((m) => m.text)).toEqual(['một', 'hai', 'ba']);
  });

  it('when the refresh token is dead, then the secretariat is told what to do, messages wait, and a new ZALO_OA_REFRESH_TOKEN after a restart sends them', async () => {
    const clock = fakeClock('2026-03-02T09:00:00');
    const oa = await startFakeZaloOa({ now: () => clock.now() });
    const db = openDb(':memory:');
    let app: App | undefined;
    cleanups.push(async () => {
      await app?.stop();
      await oa.close();
      closeDb(db);
    });
    const start = async (refreshToken: string) => {
      app = createApp({ db, clock, log: silentLogger, pollMs: 20, pacing: { zalo_oa: FAST, telegram: FAST } });
      const deps = app.deps;
      const zalo = createZaloOaChannel({
        appId: oa.appId, appSecret: oa.appSecret, secretKey: oa.secretKey, initialRefreshToken: refreshToken, apiBase: oa.apiBase, oauthBase: `${oa.oauthBase}/v4`,
        webhookPath: PATH, log: silentLogger, clock, secrets: createSecretStore(db), buttons: createButtonTokens(db, clock),
        alert: (key, text) => alertSecretariat(deps, key, (_t, locale) => ({ text: text[locale] })),
        sleep: () => new Promise((r) => setImmediate(r)),
      });
      const tg = memoryChannel('telegram');
      await app.start([zalo, tg]);
      return tg;
    };
    const deps0 = createApp({ db, clock, log: silentLogger }).deps;
    const committeeId = newCommittee(deps0);
    const secretary = addMember(deps0, committeeId, { name: 'Bùi Thị Lan', role: 'secretary' }, 'test');
    const member = addMember(deps0, committeeId, { name: 'Hoàng Văn Em', role: 'member' }, 'test');
    insertAccount(db, { memberId: secretary.id, platform: 'telegram', userId: '9000', address: 'telegram:9000', boundAt: clock.now() });
    insertAccount(db, { memberId: member.id, platform: 'zalo_oa', userId: '8000', address: 'zalo_oa:8000', boundAt: clock.now() });

    // The token in the configuration was already spent (or revoked): Zalo answers -14014.
    const tg = await start('rt_already_spent');
    notify(app!.deps, { memberId: member.id }, () => ({ text: 'Giấy mời họp quý I' }), { key: 'test:invite', lane: 'interactive' });
    app!.dispatcher!.kick();
    const alert = await tg.waitFor((d) => d.to === 'telegram:9000');
    expect(alert.message.text).toContain('Zalo OA: bot mất quyền gửi tin');
    expect(alert.message.text).toContain('ZALO_OA_REFRESH_TOKEN');
    expect(alert.message.text).toContain(`App ID ${oa.appId}`);
    expect(allOutbox(db).filter((row) => row.idempotencyKey.startsWith('alert:zalo-oa-token:'))).toHaveLength(1);
    await until(() => (outboxByKey(db, 'test:invite')?.attempts ?? 0) >= 1 && outboxByKey(db, 'test:invite')!.status === 'pending');
    expect(outboxByKey(db, 'test:invite')).toMatchObject({ status: 'pending', lastError: expect.stringContaining('refresh token') });
    expect(oa.sent('8000')).toEqual([]);

    // The admin re-authorizes, sets the new token and restarts: the waiting message goes out.
    await app!.stop();
    await start(oa.issueRefreshToken());
    clock.advance(10 * 60_000);
    app!.dispatcher!.kick();
    const sent = await oa.waitForSent('8000');
    expect(sent.text).toBe('Giấy mời họp quý I');
    await until(() => outboxByKey(db, 'test:invite')!.status === 'sent');
    // Restarting again with the same (now rotated) token in the configuration keeps the live chain.
    const live = parsePair(createSecretStore(db).get(TOKENS_KEY))!.refreshToken;
    expect(oa.validRefreshTokens()).toEqual([live]);
  });
});

describe('Zalo OA errors', () => {
  it('maps -230/-213 to window_closed, -201 to not_found, -32 and 429 to a pause, -210 to Invalid, 5xx to Transient', async () => {
    const r = await rig();
    const send = (text = 'x') => r.channel.send('zalo_oa:3', { text });
    await send();
    r.oa.windowClosed('3');
    await expect(send()).rejects.toMatchObject({ name: 'Unreachable', reason: 'window_closed' });
    r.oa.windowClosed('3', false);
    r.oa.failNext(-213);
    await expect(send()).rejects.toMatchObject({ name: 'Unreachable', reason: 'window_closed' });
    r.oa.unknownUser('404');
    await expect(r.channel.send('zalo_oa:404', { text: 'x' })).rejects.toMatchObject({ name: 'Unreachable', reason: 'not_found' });
    r.oa.failNext(-32);
    await expect(send()).rejects.toSatisfy((e: unknown) => e instanceof RateLimited && e.retryAfterSeconds === 60);
    r.oa.failNext(429);
    await expect(send()).rejects.toBeInstanceOf(RateLimited);
    r.oa.failNext(-210);
    await expect(send()).rejects.toBeInstanceOf(Invalid);
    r.oa.failNext(502);
    await expect(send()).rejects.toBeInstanceOf(Transient);
    await expect(send()).resolves.toMatchObject({ address: 'zalo_oa:3' });
  });

  it('when Zalo refuses a message for the night (-234), then it waits until 06:00 in Vietnam', async () => {
    const r = await rig({ clock: fakeClock('2026-03-02T22:30:00') });
    r.oa.quiet(true);
    const late = await r.channel.send('zalo_oa:4', { text: 'nhắc họp' }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(Deferred);
    expect((late as Deferred).until).toBe(at('2026-03-03T06:00:00'));
    r.clock.set('2026-03-03T02:15:00');
    const early = await r.channel.send('zalo_oa:4', { text: 'nhắc họp' }).catch((e: unknown) => e);
    expect((early as Deferred).until).toBe(at('2026-03-03T06:00:00'));
  });
});

describe('Zalo OA files', () => {
  const pdf = (name = 'bien-ban.pdf'): OutgoingMessage => ({ text: 'Biên bản cuộc họp', attachment: { name, mime: 'application/pdf', content: PDF.toString('base64') } });

  it('when one PDF goes to many members, then it is uploaded once and sent by its token; an expired token (-100) is uploaded again', async () => {
    const r = await rig();
    for (const u of ['11', '12', '13']) await r.channel.send(`zalo_oa:${u}`, pdf());
    expect(r.oa.uploads).toHaveLength(1);
    for (const u of ['11', '12', '13']) {
      const [file, text] = r.oa.sent(u);
      expect(file!.file).toMatchObject({ name: 'bien-ban.pdf', token: r.oa.uploads[0]!.token, content: PDF });
      expect(text!.text).toBe('Biên bản cuộc họp');
    }
    const dir = mkdtempSync(join(tmpdir(), 'oa-files-'));
    writeFileSync(join(dir, 'quyet-dinh.docx'), PDF);
    const onDisk: OutgoingMessage = { text: 'Quyết định', attachment: { name: 'quyet-dinh.docx', path: join(dir, 'quyet-dinh.docx') } };
    await r.channel.send('zalo_oa:11', onDisk);
    await r.channel.send('zalo_oa:12', onDisk);
    expect(r.oa.uploads).toHaveLength(2);

    r.oa.expireFileTokens();
    await r.channel.send('zalo_oa:14', pdf());
    expect(r.oa.uploads).toHaveLength(3);
    expect(r.oa.calls.filter((c) => c.error === -100)).toHaveLength(1);
    expect(r.oa.sent('14')[0]!.file!.token).toBe(r.oa.uploads[2]!.token);
  });

  it('when the upload answers attachment_id (goclaw) instead of token (Chatwoot), then that is what is sent', async () => {
    const r = await rig({ fake: { uploadField: 'attachment_id' } });
    await r.channel.send('zalo_oa:15', pdf());
    const body = r.oa.calls.find((c) => c.path === '/v3.0/oa/message/cs')!.body as { message: { attachment: { payload: Record<string, string> } } };
    expect(body.message.attachment.payload).toEqual({ attachment_id: r.oa.uploads[0]!.token });
    expect(r.oa.sent('15')[0]!.file).toBeDefined();
  });

  it('when the file is a type or size Zalo refuses, or lives only on another platform, then nothing is uploaded and the text says so', async () => {
    const r = await rig();
    await r.channel.send('zalo_oa:16', { text: 'Giấy mời', attachment: { name: 'hop-1.ics', mime: 'text/calendar', content: Buffer.from('BEGIN:VCALENDAR').toString('base64') } });
    await r.channel.send('zalo_oa:16', { text: 'Bảng tổng hợp', attachment: { name: 'tong-hop.pdf', content: Buffer.alloc(5 * 1024 * 1024 + 1).toString('base64') } });
    await r.channel.send('zalo_oa:16', { text: 'Ý kiến', attachment: { name: 'y-kien.pdf', fileId: 'BQACAgIAAxkBAAIB', platform: 'telegram' } });
    expect(r.oa.uploads).toHaveLength(0);
    expect(r.oa.sent('16').map((m) => m.text)).toEqual([
      'Giấy mời\n\n📎 hop-1.ics – Zalo OA chỉ nhận tệp PDF, DOC, DOCX đến 5 MB; tệp này chưa gửi kèm được, xin hỏi Tổ Thư ký.',
      'Bảng tổng hợp\n\n📎 tong-hop.pdf – Zalo OA chỉ nhận tệp PDF, DOC, DOCX đến 5 MB; tệp này chưa gửi kèm được, xin hỏi Tổ Thư ký.',
      'Ý kiến\n\n📎 y-kien.pdf – tệp này không gửi kèm được qua Zalo; xin xem trên kênh khác hoặc hỏi Tổ Thư ký.',
    ]);
  });

  it('when a Zalo user\u2019s file is forwarded to another Zalo user, then it is fetched from its URL and uploaded once', async () => {
    const r = await rig();
    await r.oa.user('17').sendFile({ name: 'y-kien.pdf', content: PDF });
    await until(() => messages(r).some((e) => e.kind === 'file'));
    const { fileId } = (messages(r).find((e) => e.kind === 'file') as Extract<IncomingEvent, { kind: 'file' }>).file;
    const forward: OutgoingMessage = { text: 'Ý kiến bằng văn bản', attachment: { name: 'y-kien.pdf', fileId, platform: 'zalo_oa' } };
    await r.channel.send('zalo_oa:18', forward);
    await r.channel.send('zalo_oa:19', forward);
    expect(r.oa.uploads).toHaveLength(1);
    expect(r.oa.sent('19')[0]!.file!.content).toEqual(PDF);
  });
});
