import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { parseMultipart } from './multipart.js';
import type {
  Delivery, FakeOaMessage, FakeOaUser, FakeZaloOa, FakeZaloOaOptions, OaButton, RecordedCall, UploadRecord,
} from './types.js';
import { createUser } from './users.js';

const TEXT_LIMIT = 2000;
const FILE_LIMIT = 5 * 1024 * 1024;
const FILE_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const SEND = '/v3.0/oa/message/cs';

type Json = Record<string, unknown>;
const token = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;

/**
 * A fake Zalo OA Open API and OAuth host on 127.0.0.1, speaking the envelope `{error, message,
 * data}` with Zalo's codes (PLATFORMS.md 3.1, 4.3): -216 bad access token, -210 text over 2000,
 * -230 outside the window, -234 quiet hours, -201 unknown user or shape, -100 expired file token,
 * and an OAuth host whose refresh tokens are single-use (a second use answers -14014, goclaw).
 */
export class FakeZaloOaServer implements FakeZaloOa {
  apiBase = '';
  oauthBase = '';
  readonly appId: string;
  readonly appSecret: string;
  readonly secretKey: string;
  readonly oaId: string;
  readonly calls: RecordedCall[] = [];
  readonly uploads: UploadRecord[] = [];
  private server: Server;
  private webhookUrl = '';
  private readonly now: () => number;
  private readonly refreshTokens = new Set<string>();
  private readonly accessTokens = new Map<string, number>();
  private refreshCount = 0;
  private readonly closedWindows = new Set<string>();
  private readonly unknownUsers = new Set<string>();
  private isQuiet = false;
  private readonly failures: { path: string; code: number; times: number }[] = [];
  private readonly files = new Map<string, { name: string; size: number; mime: string; content: Buffer; expired: boolean }>();
  private readonly served = new Map<string, { name: string; content: Buffer }>();
  private readonly messages: FakeOaMessage[] = [];
  private readonly waiters: { userId: string; pred: (m: FakeOaMessage) => boolean; resolve: (m: FakeOaMessage) => void }[] = [];
  private nextMessage = 1;

  constructor(private readonly opts: FakeZaloOaOptions = {}) {
    this.appId = opts.appId ?? '4291763606161179100';
    this.appSecret = opts.appSecret ?? 'app-secret-XYZ';
    this.secretKey = opts.secretKey ?? 'oa-secret-key-ABC';
    this.oaId = opts.oaId ?? '579745863508352884';
    this.now = opts.now ?? (() => Date.now());
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    const addr = this.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`;
    this.apiBase = base;
    this.oauthBase = base;
    return this;
  }

  close(): Promise<void> {
    this.waiters.length = 0;
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  webhook(url: string): void {
    this.webhookUrl = url;
  }

  issueRefreshToken(): string {
    const t = token('rt');
    this.refreshTokens.add(t);
    return t;
  }

  validRefreshTokens = () => [...this.refreshTokens];
  refreshes = () => this.refreshCount;
  expireAccessTokens = () => this.accessTokens.clear();

  windowClosed(userId: string, closed = true): void {
    if (closed) this.closedWindows.add(userId);
    else this.closedWindows.delete(userId);
  }

  unknownUser(userId: string): void {
    this.unknownUsers.add(userId);
  }

  quiet(on: boolean): void {
    this.isQuiet = on;
  }

  failNext(code: number, times = 1, path = SEND): void {
    this.failures.push({ path, code, times });
  }

  expireFileTokens(): void {
    for (const f of this.files.values()) f.expired = true;
  }

  sent(userId: string): FakeOaMessage[] {
    return this.messages.filter((m) => m.userId === userId);
  }

  waitForSent(userId: string, pred: (m: FakeOaMessage) => boolean = () => true, timeoutMs = 5000): Promise<FakeOaMessage> {
    const found = this.sent(userId).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        userId,
        pred,
        resolve: (m: FakeOaMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const seen = this.sent(userId).map((m) => m.text ?? `[file ${m.file?.name}]`);
        reject(new Error(`no matching message to ${userId} within ${timeoutMs} ms; sent: ${JSON.stringify(seen)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  user(userId: string): FakeOaUser {
    return createUser(this, userId, () => this.windowClosed(userId, false));
  }

  sign(body: string, timestamp: string, opts: { appId?: string; secretKey?: string } = {}): string {
    return `mac=${createHash('sha256').update(`${opts.appId ?? this.appId}${body}${timestamp}${opts.secretKey ?? this.secretKey}`).digest('hex')}`;
  }

  /** Serves `content` at a URL, as Zalo's CDN serves what a user sent. */
  serveFile(name: string, content: Buffer): string {
    const id = randomBytes(8).toString('hex');
    this.served.set(id, { name, content });
    return `${this.apiBase}/files/${id}/${encodeURIComponent(name)}`;
  }

  event(name: string, userId: string, message?: Record<string, unknown>, timestamp = this.now()): string {
    const follow = name === 'follow' || name === 'unfollow';
    const body: Json = follow
      ? { oa_id: this.oaId, follower: { id: userId }, user_id_by_app: `app${userId}`, event_name: name, source: 'oa_profile', app_id: this.appId, timestamp: String(timestamp) }
      : { app_id: this.appId, user_id_by_app: `app${userId}`, event_name: name, timestamp: String(timestamp), sender: { id: userId }, recipient: { id: this.oaId }, message: message ?? {} };
    return JSON.stringify(body);
  }

  async post(body: string, headers: Record<string, string>): Promise<Delivery> {
    if (!this.webhookUrl) throw new Error('no webhook URL: call webhook(url) first');
    const started = performance.now();
    const res = await fetch(this.webhookUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    const text = await res.text();
    return { status: res.status, ms: performance.now() - started, body: text };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const file = /^\/files\/([0-9a-f]+)\//.exec(url.pathname);
    if (req.method === 'GET' && file) {
      const f = this.served.get(file[1]!);
      if (!f) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(f.content);
    }
    let parsed: unknown = undefined;
    const record = (body: unknown, error: number) => this.calls.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body, error });
    const answer = (body: Json, status = 200) => {
      record(parsed, Number(body.error ?? 0));
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const injected = this.failures.find((f) => f.path === url.pathname && f.times > 0);
    if (url.pathname === '/v4/oa/access_token' && req.method === 'POST') {
      parsed = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      return this.oauth(parsed as Record<string, string>, req, answer);
    }
    if (url.pathname === '/v2.0/oa/upload/file' && req.method === 'POST') {
      parsed = { multipart: true };
      if (!this.authorized(req)) return answer(this.error(-216, 'Access token is invalid'));
      if (injected) return this.inject(injected, answer, res, record);
      return this.upload(raw, String(req.headers['content-type'] ?? ''), answer);
    }
    if (url.pathname === '/v3.0/oa/user/detail' && req.method === 'GET') {
      if (!this.authorized(req)) return answer(this.error(-216, 'Access token is invalid'));
      const userId = String((JSON.parse(url.searchParams.get('data') ?? '{}') as Json).user_id ?? '');
      if (!userId || this.unknownUsers.has(userId)) return answer(this.error(-201, 'user_id is invalid'));
      return answer({ error: 0, message: 'Success', data: { user_id: userId, display_name: `Zalo ${userId.slice(-4)}`, user_is_follower: true } });
    }
    if (url.pathname === SEND && req.method === 'POST') {
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        return answer(this.error(-201, 'Body is not JSON'));
      }
      if (!this.authorized(req)) return answer(this.error(-216, 'Access token is invalid'));
      if (injected) return this.inject(injected, answer, res, record);
      return this.send(parsed as Json, answer);
    }
    record(undefined, 404);
    res.writeHead(404).end();
  }

  private error(code: number, message: string): Json {
    return { error: code, message };
  }

  private inject(f: { code: number; times: number }, answer: (b: Json, s?: number) => void, res: ServerResponse, record: (b: unknown, e: number) => void): void {
    f.times--;
    if (f.code > 0) {
      record(undefined, f.code);
      res.writeHead(f.code, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
      return;
    }
    answer(this.error(f.code, `injected ${f.code}`));
  }

  private authorized(req: IncomingMessage): boolean {
    const t = req.headers.access_token;
    const expiresAt = typeof t === 'string' ? this.accessTokens.get(t) : undefined;
    return expiresAt !== undefined && expiresAt > this.now();
  }

  private async oauth(form: Record<string, string>, req: IncomingMessage, answer: (b: Json, s?: number) => void): Promise<void> {
    // The used refresh token dies the moment the request arrives: a concurrent second use fails.
    const valid = form.refresh_token !== undefined && this.refreshTokens.delete(form.refresh_token);
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    // The fake's code for a wrong secret; our sources do not give Zalo's.
    if (req.headers.secret_key !== this.appSecret) return answer({ error: -14002, error_name: 'Invalid secret key', error_reason: 'secret_key header does not match the app' });
    if (form.app_id !== this.appId || form.grant_type !== 'refresh_token') return answer({ error: -14001, error_name: 'Invalid parameter', error_reason: 'app_id or grant_type' });
    if (!valid) return answer({ error: -14014, error_name: 'Invalid refresh token', error_reason: 'The refresh token is invalid, expired or already used' });
    const access = token('at');
    const refresh = token('rt');
    const ttl = this.opts.accessTtlSeconds ?? 90_000;
    this.accessTokens.set(access, this.now() + ttl * 1000);
    this.refreshTokens.add(refresh);
    this.refreshCount++;
    // expires_in as a quoted number, as goclaw saw in practice.
    answer({ access_token: access, refresh_token: refresh, expires_in: String(ttl) });
  }

  private upload(raw: Buffer, contentType: string, answer: (b: Json, s?: number) => void): void {
    const part = parseMultipart(raw, contentType).find((p) => p.name === 'file' && p.filename !== undefined);
    if (!part) return answer(this.error(-201, 'No file'));
    const name = part.filename!;
    const mime = FILE_TYPES[extname(name).toLowerCase()];
    if (!mime) return answer(this.error(-201, 'File type is not supported'));
    if (part.data.length > FILE_LIMIT) return answer(this.error(-210, 'File size exceeds the limit'));
    const id = token('file');
    this.files.set(id, { name, size: part.data.length, mime, content: part.data, expired: false });
    this.uploads.push({ name, size: part.data.length, mime, token: id });
    answer({ error: 0, message: 'Success', data: { [this.opts.uploadField ?? 'token']: id } });
  }

  private send(body: Json, answer: (b: Json, s?: number) => void): void {
    const userId = String((body.recipient as Json | undefined)?.user_id ?? '');
    const message = (body.message ?? {}) as Json;
    if (!userId || this.unknownUsers.has(userId)) return answer(this.error(-201, 'user_id is invalid'));
    if (this.closedWindows.has(userId)) return answer(this.error(-230, 'User has not interacted with the OA in the last 7 days'));
    if (this.isQuiet) return answer(this.error(-234, 'This message type cannot be sent between 22:00 and 06:00'));
    const text = typeof message.text === 'string' ? message.text : undefined;
    if (text !== undefined && text.length > TEXT_LIMIT) return answer(this.error(-210, 'Text exceeds 2000 characters'));
    const attachment = message.attachment as Json | undefined;
    const out: FakeOaMessage = { message_id: `m${this.nextMessage++}`, userId, ...(text !== undefined ? { text } : {}) };
    if (attachment?.type === 'template') {
      const payload = (attachment.payload ?? {}) as Json;
      const buttons = payload.buttons as OaButton[] | undefined;
      if (!Array.isArray(buttons) || buttons.length === 0) return answer(this.error(-201, 'Template without buttons'));
      for (const b of buttons) {
        if (typeof b.title !== 'string' || !b.title || b.title.length > 100) return answer(this.error(-201, 'Button title must be 1–100 characters'));
        if (b.type === 'oa.query.hide' || b.type === 'oa.query.show') {
          if (typeof b.payload !== 'string' || b.payload.length > 1000) return answer(this.error(-201, 'Query payload must be a string of ≤ 1000 characters'));
        }
      }
      out.buttons = buttons;
    } else if (attachment?.type === 'file') {
      const payload = (attachment.payload ?? {}) as Json;
      // Chatwoot sends `token`, goclaw `attachment_id`: the fake takes both.
      const id = String(payload.token ?? payload.attachment_id ?? '');
      const f = this.files.get(id);
      if (!f) return answer(this.error(-201, 'Attachment is invalid'));
      if (f.expired) return answer(this.error(-100, 'attachment_id has expired'));
      out.file = { token: id, name: f.name, size: f.size, mime: f.mime, content: f.content };
    } else if (attachment) {
      return answer(this.error(-201, 'Unsupported attachment'));
    } else if (!text) {
      return answer(this.error(-201, 'Message is empty'));
    }
    this.messages.push(out);
    answer({ error: 0, message: 'Success', data: { message_id: out.message_id, user_id: userId } });
    for (const w of [...this.waiters]) {
      if (w.userId === userId && w.pred(out)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(out);
      }
    }
  }
}
