// The fake Zalo Bot Platform: HTTP API, long polling, webhook delivery and the test API.
import http from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import type {
  FakeZaloBot, FakeZaloBotOptions, FakeZaloUser, Json, ZaloBotCall, ZaloBotDelivery, ZaloBotErrorSpec, ZaloBotSent,
} from './types.js';
import { ApiError, checkText, checkWebhook, fakeUser, hexId } from './wire.js';

interface Chat {
  chatId: string;
  displayName: string;
  blocked: boolean;
}

interface HeldPoll {
  res: http.ServerResponse;
  payload: Json;
  timer: NodeJS.Timeout;
}

export class FakeZaloBotServer implements FakeZaloBot {
  readonly token: string;
  readonly botId: string;
  readonly calls: ZaloBotCall[] = [];
  readonly deliveries: ZaloBotDelivery[] = [];
  readonly webhook: { url?: string; secretToken?: string; updatedAt?: number } = {};
  apiBase = '';

  private readonly server: http.Server;
  private readonly chats = new Map<string, Chat>();
  private readonly sentMessages: ZaloBotSent[] = [];
  private readonly failures = new Map<string, ZaloBotErrorSpec[]>();
  private readonly listeners = new Set<() => void>();
  private readonly byMessageId = new Map<string, Json>();
  private queue: Json[] = [];
  private held: HeldPoll[] = [];
  private delivering = false;
  private closed = false;

  constructor(private readonly opts: FakeZaloBotOptions = {}) {
    this.botId = opts.token?.split(':')[0] ?? String(1e15 + randomInt(1, 2 ** 47));
    this.token = opts.token ?? `${this.botId}:${randomBytes(24).toString('base64url')}`;
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  listen(port = 0): Promise<this> {
    return new Promise((resolve) => {
      this.server.listen(port, '127.0.0.1', () => {
        const addr = this.server.address() as { port: number };
        this.apiBase = `http://127.0.0.1:${addr.port}`;
        resolve(this);
      });
    });
  }

  // ------------------------------------------------------------------ test API

  user(chatId: string, o: { displayName?: string } = {}): FakeZaloUser {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { chatId, displayName: o.displayName ?? `Người dùng ${chatId.slice(0, 6)}`, blocked: false };
      this.chats.set(chatId, chat);
    }
    return fakeUser(chat, (u) => this.pushUpdate(u));
  }

  block(chatId: string): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.blocked = true;
  }

  unblock(chatId: string): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.blocked = false;
  }

  failNext(method: string, error: ZaloBotErrorSpec, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array.from({ length: times }, () => error)]);
  }

  sent(chatId?: string): ZaloBotSent[] {
    return chatId === undefined ? [...this.sentMessages] : this.sentMessages.filter((m) => m.chat_id === chatId);
  }

  waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const found = probe();
        if (found === undefined || found === false) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        clearInterval(tick);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        clearInterval(tick);
        reject(new Error(`fake-zalo-bot: timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      // Also polled, so a probe may look at the bot's database as well as at this server.
      const tick = setInterval(check, 20);
      this.listeners.add(check);
      check();
    });
  }

  waitForSent(chatId: string, pred: (m: ZaloBotSent) => boolean = () => true, timeoutMs = 5000): Promise<ZaloBotSent> {
    return this.waitFor(() => this.sentMessages.find((m) => m.chat_id === chatId && pred(m)), timeoutMs).catch(() => {
      const seen = this.sent(chatId).map((m) => `  ${JSON.stringify(m.text.slice(0, 160))}`).join('\n');
      throw new Error(`fake-zalo-bot: no matching message to ${chatId} within ${timeoutMs} ms; sent there:\n${seen || '  (nothing)'}`);
    });
  }

  async waitForPolling(timeoutMs = 5000): Promise<void> {
    await this.waitFor(() => this.held.length > 0, timeoutMs);
  }

  get heldPolls(): number {
    return this.held.length;
  }

  pushUpdate(update: Json): void {
    const id = update.message?.message_id;
    if (typeof id === 'string') this.byMessageId.set(id, update);
    this.route(update);
  }

  redeliver(messageId: string): void {
    const u = this.byMessageId.get(messageId);
    if (!u) throw new Error(`fake-zalo-bot: no update with message_id ${messageId}`);
    this.route(u);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const h of this.held) clearTimeout(h.timer);
    this.held = [];
    await new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  // ------------------------------------------------------------------ updates

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private route(update: Json): void {
    if (this.webhook.url) {
      this.queue.push(update);
      void this.pump();
      return;
    }
    let poll: HeldPoll | undefined;
    while ((poll = this.held.shift())) {
      clearTimeout(poll.timer);
      if (this.answer(poll.res, 'getUpdates', poll.payload, 200, { ok: true, result: update })) return;
    }
    this.queue.push(update);
    this.changed();
  }

  /** Webhook delivery: one POST per update, in order, with the secret header; no retries. */
  private async pump(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.webhook.url && this.queue.length > 0 && !this.closed) {
        const update = this.queue.shift()!;
        this.deliveries.push(await this.post(update, this.webhook.url, this.webhook.secretToken ?? ''));
        this.changed();
      }
    } finally {
      this.delivering = false;
    }
  }

  private post(update: Json, url: string, secret: string): Promise<ZaloBotDelivery> {
    const body = JSON.stringify(this.opts.wrapWebhook ? { ok: true, result: update } : update);
    const at = Date.now();
    const messageId = update.message?.message_id as string | undefined;
    return new Promise((resolve) => {
      const req = http.request(url, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-bot-api-secret-token': secret },
      }, (res) => {
        res.resume();
        resolve({ messageId, at, status: res.statusCode ?? 0 });
      });
      req.on('error', (e) => resolve({ messageId, at, error: e.message }));
      req.end(body);
    });
  }

  // ------------------------------------------------------------------ HTTP

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    const raw = await new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('utf8')));
      req.on('end', () => resolve(s));
    });
    const method = m?.[2] ?? path;
    let payload: Json = {};
    try {
      if (!m) throw new ApiError(404, 'Not Found');
      if (decodeURIComponent(m[1]!) !== this.token) throw new ApiError(401, 'Unauthorized: invalid bot token');
      if (raw.trim()) {
        try {
          payload = JSON.parse(raw) as Json;
        } catch {
          throw new ApiError(400, 'Bad Request: body is not valid JSON');
        }
      }
      const injected = this.takeFailure(method);
      if (injected) throw new ApiError(injected.code, injected.description, injected.retryAfter);
      const result = this.dispatch(method, payload, res);
      if (result === HELD) return;
      this.answer(res, method, payload, 200, result === NO_RESULT ? { ok: true } : { ok: true, result });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'Internal Server Error');
      const body: Json = { ok: false, error_code: err.code, description: err.description };
      if (err.retryAfter !== undefined) body.parameters = { retry_after: err.retryAfter };
      this.answer(res, method, payload, err.code, body, err.retryAfter);
    }
  }

  private takeFailure(method: string): ZaloBotErrorSpec | undefined {
    for (const key of [method, '*']) {
      const list = this.failures.get(key);
      if (list?.length) return list.shift();
    }
    return undefined;
  }

  /** False when the client is gone (an aborted long poll): nothing was delivered. */
  private answer(res: http.ServerResponse, method: string, payload: Json, status: number, body: Json, retryAfter?: number): boolean {
    if (res.writableEnded || res.destroyed || !res.socket || res.socket.destroyed) return false;
    res.writeHead(status, { 'content-type': 'application/json', ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) });
    res.end(JSON.stringify(body));
    this.calls.push({ method, payload, status, response: body, at: Date.now() });
    this.changed();
    return true;
  }

  private dispatch(method: string, p: Json, res: http.ServerResponse): unknown {
    switch (method) {
      case 'getMe':
        return { id: this.botId, account_name: this.opts.accountName ?? 'bot.BanChiDao', account_type: 'BASIC', can_join_groups: false };
      case 'getUpdates':
        return this.getUpdates(p, res);
      case 'setWebhook':
        return this.setWebhook(p);
      case 'deleteWebhook': {
        this.webhook.url = undefined;
        this.webhook.secretToken = undefined;
        this.webhook.updatedAt = Date.now();
        return { url: '', updated_at: this.webhook.updatedAt };
      }
      case 'getWebhookInfo':
        return { url: this.webhook.url ?? '', updated_at: this.webhook.updatedAt ?? 0 };
      case 'sendMessage': {
        const chat = this.chatFor(p);
        const text = checkText(p.text, 'text');
        return this.record('sendMessage', chat, text);
      }
      case 'sendPhoto': {
        const chat = this.chatFor(p);
        if (typeof p.photo !== 'string' || !/^https?:\/\//.test(p.photo)) throw new ApiError(400, 'Bad Request: photo must be a URL');
        const caption = p.caption === undefined ? '' : checkText(p.caption, 'caption');
        return this.record('sendPhoto', chat, caption, p.photo);
      }
      case 'sendSticker': {
        const chat = this.chatFor(p);
        if (typeof p.sticker !== 'string' || !p.sticker) throw new ApiError(400, 'Bad Request: sticker is required');
        return this.record('sendSticker', chat, '');
      }
      case 'sendChatAction': {
        this.chatFor(p);
        if (p.action !== 'typing' && p.action !== 'upload_photo') throw new ApiError(400, 'Bad Request: action must be typing or upload_photo');
        return NO_RESULT;
      }
      default:
        throw new ApiError(404, `Not Found: method ${method} does not exist`);
    }
  }

  /** Holds the call up to `timeout` seconds (a string in the docs; numbers accepted), then 408. */
  private getUpdates(p: Json, res: http.ServerResponse): unknown {
    // Official docs: getUpdates does not work while a webhook is set (field-vn: 400).
    if (this.webhook.url) throw new ApiError(400, 'Bad Request: webhook is active, call deleteWebhook before using getUpdates');
    const timeout = p.timeout === undefined ? 30 : Number(p.timeout);
    if (!Number.isFinite(timeout) || timeout < 0) throw new ApiError(400, 'Bad Request: timeout must be a number of seconds');
    const next = this.queue.shift();
    if (next) return next;
    const poll: HeldPoll = {
      res,
      payload: p,
      timer: setTimeout(() => {
        this.held = this.held.filter((h) => h !== poll);
        this.answer(res, 'getUpdates', p, 408, { ok: false, error_code: 408, description: 'Request timeout' });
      }, timeout * 1000),
    };
    this.held.push(poll);
    // The bot gave up (aborted at stop): never hand an update to a closed connection.
    res.on('close', () => {
      clearTimeout(poll.timer);
      this.held = this.held.filter((h) => h !== poll);
      this.changed();
    });
    this.changed();
    return HELD;
  }

  private setWebhook(p: Json): unknown {
    const { url, secret } = checkWebhook(p);
    this.webhook.url = url;
    this.webhook.secretToken = secret;
    this.webhook.updatedAt = Date.now();
    for (const h of this.held) {
      clearTimeout(h.timer);
      this.answer(h.res, 'getUpdates', h.payload, 408, { ok: false, error_code: 408, description: 'Request timeout' });
    }
    this.held = [];
    void this.pump();
    return { url: this.webhook.url, updated_at: this.webhook.updatedAt };
  }

  private chatFor(p: Json): Chat {
    const id = typeof p.chat_id === 'number' ? String(p.chat_id) : p.chat_id;
    if (typeof id !== 'string' || !id) throw new ApiError(400, 'Bad Request: chat_id is required');
    const chat = this.chats.get(id);
    // A chat id is only known once that user has messaged the bot (field-vn).
    if (!chat) throw new ApiError(404, 'Not Found: chat not found');
    if (chat.blocked) throw new ApiError(403, 'Forbidden: the user has blocked the bot');
    return chat;
  }

  private record(method: ZaloBotSent['method'], chat: Chat, text: string, photo?: string): Json {
    const sent: ZaloBotSent = { method, chat_id: chat.chatId, message_id: hexId(), date: Date.now(), text, ...(photo ? { photo } : {}) };
    this.sentMessages.push(sent);
    return { message_id: sent.message_id, date: sent.date };
  }
}

const HELD = Symbol('held');
const NO_RESULT = Symbol('no result');
