// The HTTP side: `${apiRoot}/bot<token>/<method>` and `${apiRoot}/file/bot<token>/<path>`
// on 127.0.0.1, plus the FakeTelegram handle tests hold.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Core, commandsKey } from './core.js';
import { ApiError } from './errors.js';
import { int, parseBody, sendJson } from './http.js';
import { RateLimiter } from './limits.js';
import type { MethodEnv } from './env.js';
import { Described } from './env.js';
import { LIMITED, METHODS } from './methods.js';
import type {
  ApiResponseBody, CallbackAnswer, ErrorInjection, FakeGroup, FakeTelegram, FakeTelegramOptions, FakeUser, Json,
  RecordedCall, SentMessage, UserOptions,
} from './types.js';
import { FakeGroupImpl, FakeUserImpl } from './users.js';

interface Outcome {
  method: string;
  status: number;
  body: ApiResponseBody;
}

export class FakeTelegramServer implements FakeTelegram {
  readonly token: string;
  readonly botUser: Json;
  private readonly botFrom: Json;
  apiRoot = '';
  private readonly core = new Core();
  private readonly env: MethodEnv;
  private readonly limiter?: RateLimiter;
  private readonly latencyMs: number;
  private readonly injections: { method: string; error: ErrorInjection; remaining: number }[] = [];
  private readonly users = new Map<number, FakeUserImpl>();
  private readonly groups = new Map<number, FakeGroupImpl>();
  private readonly server: http.Server;

  constructor(opts: FakeTelegramOptions = {}) {
    this.token = opts.token ?? '123456:TEST';
    this.botUser = {
      id: Number(/^(\d+):/.exec(this.token)?.[1] ?? 123456),
      is_bot: true,
      first_name: opts.botFirstName ?? 'Committee Test Bot',
      username: opts.botUsername ?? 'committee_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
    this.latencyMs = opts.latencyMs ?? 0;
    if (opts.limits) this.limiter = new RateLimiter(opts.limits, opts.timeScale ?? 1);
    this.botFrom = { id: this.botUser.id, is_bot: true, first_name: this.botUser.first_name, username: this.botUser.username };
    this.env = { core: this.core, botUser: this.botUser, botFrom: this.botFrom, maxUploadBytes: opts.maxUploadBytes ?? 50 * 1024 * 1024 };
    this.core.onWebhookReply = (res) => this.webhookReply(res);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        sendJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(e)}` });
      });
    });
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  // ------------------------------------------------------------ HTTP

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.serveFile(decodeURIComponent(file[1] ?? ''), decodeURIComponent(file[2] ?? ''), res);
    const m = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const at = Date.now();
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(); // the client went away (telegraf's bot.stop() aborts its poll)
    });
    let outcome: Outcome;
    let payload: Json = {};
    const type = String(req.headers['content-type'] ?? '');
    let encoding = /multipart/.test(type) ? 'multipart' : /json/.test(type) ? 'json' : /urlencoded/.test(type) ? 'urlencoded' : 'query';
    try {
      ({ payload, encoding } = await parseBody(req.method === 'GET' || req.method === 'HEAD' ? null : req, req.headers, url.search));
      outcome = await this.execute(m[2] ?? '', decodeURIComponent(m[1] ?? ''), payload, abort.signal);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      outcome = { method: m[2] ?? '', status: e.code, body: e.body() };
    }
    this.core.record({ method: outcome.method, payload, at, response: outcome.body, status: outcome.status, via: 'http', encoding });
    sendJson(res, outcome.status, outcome.body);
  }

  /** Runs one method call. `token` null = a method returned in a webhook response body. */
  private async execute(raw: string, token: string | null, payload: Json, signal: AbortSignal): Promise<Outcome> {
    const entry = METHODS.get(raw.toLowerCase());
    const method = entry?.name ?? raw;
    const fail = (e: ApiError): Outcome => ({ method, status: e.code, body: e.body() });
    // The latency is the bot's round trip to the Bot API. A method in a webhook response makes no
    // trip of its own: it arrives with the response, on the connection Telegram opened.
    if (this.latencyMs > 0 && token !== null) await sleep(this.latencyMs);
    if (token !== null && token !== this.token) return fail(new ApiError(401, 'Unauthorized'));
    if (!entry) return fail(new ApiError(404, 'Not Found: method not found'));
    const inj = this.injections.find(
      (i) => i.remaining > 0 && (i.method === '*' || i.method.toLowerCase() === method.toLowerCase()) && (i.error.chatId === undefined || int(payload.chat_id) === i.error.chatId),
    );
    if (inj?.error.after) inj.error = { ...inj.error, after: inj.error.after - 1 };
    else if (inj) {
      inj.remaining--;
      const { code, description, retryAfter } = inj.error;
      return fail(new ApiError(code, description, retryAfter !== undefined ? { retry_after: retryAfter } : undefined));
    }
    const chatId = int(payload.chat_id);
    const limited = this.limiter && LIMITED.has(method) && chatId !== undefined && this.core.chats.has(chatId);
    try {
      if (limited) this.limiter?.check(chatId as number);
      const result = await entry.handler(this.env, payload, { signal });
      if (limited) this.limiter?.consume(chatId as number);
      const body: ApiResponseBody =
        result instanceof Described ? { ok: true, result: result.result, description: result.description } : { ok: true, result };
      return { method, status: 200, body };
    } catch (e) {
      if (e instanceof ApiError) return fail(e);
      throw e;
    }
  }

  /** Telegram runs a method the bot put in its webhook response ("webhookReply"). */
  private async webhookReply(res: http.IncomingMessage): Promise<void> {
    if (!res.headers['content-type']) {
      res.resume();
      return;
    }
    const at = Date.now();
    const { payload, encoding } = await parseBody(res, res.headers);
    const method = typeof payload.method === 'string' ? payload.method : undefined;
    if (!method) return;
    delete payload.method;
    const outcome = await this.execute(method, null, payload, new AbortController().signal).catch((e: unknown) => {
      if (e instanceof ApiError) return { method, status: e.code, body: e.body() };
      throw e;
    });
    this.core.record({ method: outcome.method, payload, at, response: outcome.body, status: outcome.status, via: 'webhook-reply', encoding });
  }

  private serveFile(token: string, path: string, res: http.ServerResponse): void {
    if (token !== this.token) return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const rec = this.core.filesByPath.get(path);
    if (!rec) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found: file not found' });
    const content = rec.content ?? Buffer.alloc(rec.file_size);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length });
    res.end(content);
  }

  // ------------------------------------------------------------ test API

  get calls(): RecordedCall[] {
    return this.core.calls;
  }
  get callbackAnswers(): CallbackAnswer[] {
    return this.core.callbackAnswers;
  }
  get webhookDeliveries() {
    return this.core.webhookDeliveries;
  }
  get webhook(): { url?: string; secretToken?: string } {
    return this.core.webhook;
  }

  sent(chatId?: number): SentMessage[] {
    return this.core.sentIn(chatId);
  }

  waitFor(pred: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    let checked = 0;
    return this.core.waitUntil(
      () => {
        for (; checked < this.core.calls.length; checked++) {
          const call = this.core.calls[checked] as RecordedCall;
          if (pred(call)) return call;
        }
        return undefined;
      },
      timeoutMs,
      () => `a matching call; calls so far: ${this.core.calls.map((c) => `${c.method}(${c.status})`).join(', ') || 'none'}`,
    );
  }

  waitForSent(chatId: number, pred: (m: SentMessage) => boolean = () => true, timeoutMs = 5000): Promise<SentMessage> {
    return this.core.waitUntil(
      () => this.core.sentIn(chatId).find(pred),
      timeoutMs,
      () => `a message to chat ${chatId}; sent there: ${JSON.stringify(this.core.sentIn(chatId).map((m) => m.plain))}`,
    );
  }

  async waitForPolling(timeoutMs = 5000): Promise<void> {
    await this.core.waitUntil(() => (this.core.heldPolls > 0 ? true : undefined), timeoutMs, () => 'a held getUpdates');
  }

  user(id: number, opts?: UserOptions): FakeUser {
    let u = this.users.get(id);
    if (!u) {
      u = new FakeUserImpl(this.core, this.botFrom, id, opts);
      this.users.set(id, u);
    }
    return u;
  }

  group(id: number, opts?: { title?: string; supergroup?: boolean }): FakeGroup {
    let g = this.groups.get(id);
    if (!g) {
      g = new FakeGroupImpl(this.core, id, opts);
      this.groups.set(id, g);
    }
    return g;
  }

  block(chatId: number): void {
    this.core.chatOrThrow(chatId).blocked = true;
  }
  unblock(chatId: number): void {
    this.core.chatOrThrow(chatId).blocked = false;
  }

  failNext(method: string, error: ErrorInjection, times = 1): void {
    this.injections.push({ method, error, remaining: times });
  }

  pushUpdate(update: Json): number {
    return this.core.pushUpdate(update);
  }
  redeliver(updateId: number): void {
    this.core.redeliver(updateId);
  }
  update(updateId: number): Json | undefined {
    return this.core.update(updateId);
  }
  pendingUpdates(): Json[] {
    return this.core.pendingUpdates();
  }
  callbackQueryId(updateId: number): string | undefined {
    return this.core.queryByUpdate.get(updateId);
  }
  callbackAnswer(updateId: number): CallbackAnswer | undefined {
    return this.core.callbackAnswers.find((a) => a.update_id === updateId);
  }
  commands(lang = '', scope?: Json): { command: string; description: string }[] {
    return this.core.commandSets.get(commandsKey(scope, lang)) ?? [];
  }

  async close(): Promise<void> {
    if (this.core.closed) return;
    this.core.closed = true;
    this.core.wakeAll(); // held getUpdates answer [] before the sockets go
    this.core.hangUp();
    await sleep(5);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
