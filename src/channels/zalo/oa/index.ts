import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  meterParts, type Attachment, type Button, type ButtonTokens, type Channel, type EventHandler, type IncomingEvent, type MessageParts, type MessageRef, type Metered,
  type OutgoingMessage, type SecretStore,
} from '../../../core/channel.js';
import type { Clock } from '../../../core/clock.js';
import { Invalid, Transient } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { splitMessage, stripMarkup } from '../../../core/markup.js';
import { readBody, type HttpServer } from '../../../http.js';
import { createOaApi } from './api.js';
import { INVALID_PARAM, FILE_TOKEN_EXPIRED, TOKEN_REJECTED, ZaloOaError, mapOaError } from './errors.js';
import { createFileCache, fileNote, fileSource, MAX_FILE_BYTES, UPLOAD_FILE_PATH, uploadedOf, type Uploaded } from './files.js';
import { createTokenSource, type TokenSource } from './tokens.js';
import { BUTTON_PREFIX, DEFAULT_MAX_SKEW_MS, mapEvent, reply, SIGNATURE_HEADER, userIdOf, verify, type ZaloEvent } from './webhook.js';

export { zaloOaAddress } from './webhook.js';
export { TOKENS_KEY, type TokenPair } from './tokens.js';

/** Customer-service text: 2000 characters, -210 above (goclaw send.go, field-vn TextMessage.php). */
export const ZALO_OA_TEXT_LIMIT = 2000;
/**
 * Buttons per message. No source states Zalo's maximum (PLATFORMS.md 3.1 [U]); five is what the
 * bot's cards need at most and stays within what OA clients show. More become numbered choices.
 */
export const ZALO_OA_MAX_BUTTONS = 5;
/** Button title ≤ 100 characters, query payload ≤ 1000 (@warriorteam/redai-zalo-sdk BUTTON_TYPES_GUIDE). */
export const ZALO_OA_BUTTON_TITLE_LIMIT = 100;
const SEND_PATH = '/v3.0/oa/message/cs';
/** A refresh at least this often keeps the single-use refresh token (about 3 months) alive when nothing is sent. */
const KEEP_ALIVE_MS = 12 * 3600_000;

export interface ZaloOaChannelOptions {
  appId: string;
  /** The app secret, sent as the `secret_key` header to the OAuth host. */
  appSecret: string;
  /** The OA Secret Key of the webhook settings, which signs events (not the app secret). */
  secretKey: string;
  initialRefreshToken?: string;
  /** Default https://openapi.zalo.me */
  apiBase?: string;
  /** Default https://oauth.zaloapp.com (a trailing /v4 is accepted too). */
  oauthBase?: string;
  /** Where the webhook is served; without it the channel only sends (the CLI). */
  http?: HttpServer;
  webhookPath: string;
  log: Logger;
  clock: Clock;
  secrets: SecretStore;
  buttons: ButtonTokens;
  alert: (key: string, text: { vi: string; en: string }) => void;
  maxSkewMs?: number;
  /** Renders a card with more than ZALO_OA_MAX_BUTTONS buttons as numbered choices (renderAsChoices). */
  numberedChoices?: (address: string, message: OutgoingMessage) => OutgoingMessage;
  sleep?: (ms: number) => Promise<void>;
}

export type ZaloOaChannel = Channel & { tokens: TokenSource };

type ButtonShape = 'buttons' | 'template_type';

/** At most `max` UTF-16 units, never half of an emoji. */
const clip = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max).replace(/[\uD800-\uDBFF]$/, ''));

export function createZaloOaChannel(o: ZaloOaChannelOptions): ZaloOaChannel {
  const apiBase = (o.apiBase ?? 'https://openapi.zalo.me').replace(/\/+$/, '');
  // .env.example documents the host, PLATFORMS.md the host with /v4: both work.
  const oauthBase = (o.oauthBase ?? 'https://oauth.zaloapp.com').replace(/\/+$/, '').replace(/\/v4$/, '');
  const api = createOaApi({ apiBase, oauthBase });
  const tokens = createTokenSource({
    appId: o.appId,
    appSecret: o.appSecret,
    api,
    secrets: o.secrets,
    clock: o.clock,
    log: o.log,
    alert: o.alert,
    ...(o.initialRefreshToken ? { initialRefreshToken: o.initialRefreshToken } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
  });
  const files = createFileCache(o.secrets);
  // Buttons go in `attachment.payload.buttons` (PLATFORMS.md 3.1, eSMS docs, most codebases);
  // field-vn TextMessage.php adds `template_type: "button"` and `text`. The other shape is tried
  // once on -201 and then kept.
  let buttonShape: ButtonShape = 'buttons';
  let handler: EventHandler | undefined;
  let running = false;
  let routed = false;
  let keepAlive: NodeJS.Timeout | undefined;
  let firstRefresh: Promise<unknown> | undefined;
  const perUser = new Map<string, Promise<void>>();

  /** One Open API call; on -216/-220 a new access token and one more try. */
  async function authed<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await tokens.access();
    try {
      return await call(token);
    } catch (e) {
      if (!(e instanceof ZaloOaError && TOKEN_REJECTED.has(e.code))) throw e;
      o.log.info({ code: e.code }, 'zalo_oa: access token refused; refreshing');
      const next = await tokens.renew(token);
      try {
        return await call(next);
      } catch (e2) {
        if (e2 instanceof ZaloOaError && TOKEN_REJECTED.has(e2.code)) throw new Transient(`zalo_oa: access token refused after a refresh: ${e2.message}`);
        throw e2;
      }
    }
  }

  const post = (body: unknown) => authed((t) => api.post(SEND_PATH, body, t)).then((d) => String(d.message_id ?? ''));

  function buttonBody(userId: string, text: string, buttons: Button[], shape: ButtonShape, payloads: string[]) {
    const list = buttons.map((b, i) => ({
      title: clip(stripMarkup(b.label), ZALO_OA_BUTTON_TITLE_LIMIT),
      type: 'oa.query.hide',
      payload: payloads[i]!,
    }));
    const payload = shape === 'buttons' ? { buttons: list } : { template_type: 'button', text, buttons: list };
    return { recipient: { user_id: userId }, message: { text, attachment: { type: 'template', payload } } };
  }

  async function sendText(userId: string, text: string, buttons: Button[]): Promise<string> {
    if (buttons.length === 0) return post({ recipient: { user_id: userId }, message: { text } });
    // Anyone can type a payload by hand (PLATFORMS.md 3.1): the button carries an unguessable
    // per-chat token, never the action itself.
    const address = `zalo_oa:${userId}`;
    const payloads = buttons.map((b) => `${BUTTON_PREFIX}${o.buttons.issue(address, b.action)}`);
    try {
      return await post(buttonBody(userId, text, buttons, buttonShape, payloads));
    } catch (e) {
      if (!(e instanceof ZaloOaError && e.code === INVALID_PARAM)) throw e;
      const other: ButtonShape = buttonShape === 'buttons' ? 'template_type' : 'buttons';
      const id = await post(buttonBody(userId, text, buttons, other, payloads));
      o.log.warn({ shape: other }, 'zalo_oa: buttons were refused in one shape and taken in the other; keeping it');
      buttonShape = other;
      return id;
    }
  }

  const fileBody = (userId: string, u: Uploaded) => ({ recipient: { user_id: userId }, message: { attachment: { type: 'file', payload: { [u.field]: u.id } } } });

  /**
   * Sends a file (uploaded once, then by its token); a file Zalo will not take becomes a note.
   * Only the sends are metered parts (an upload is no message); messageId is '' when skipped.
   */
  async function sendFile(userId: string, a: Attachment, part: Metered): Promise<{ messageId: string } | { note: string }> {
    // Sent in an earlier attempt: neither fetched nor uploaded again.
    if (part.skips()) return { messageId: '' };
    const src = await fileSource(a, api.download);
    if (!src.ok) return { note: fileNote(src.name, src.why) };
    let up = files.get(src.cacheKey);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!up) {
        let data: Buffer;
        try {
          data = await src.load();
        } catch (e) {
          if (e instanceof Invalid) return { note: fileNote(src.name, 'size') };
          throw e;
        }
        if (data.length > MAX_FILE_BYTES) return { note: fileNote(src.name, 'size') };
        try {
          up = uploadedOf(await authed((t) => api.upload(UPLOAD_FILE_PATH, data, src.name, src.mime, t)));
        } catch (e) {
          // -210 over the limit, -201 a type Zalo does not take.
          if (e instanceof ZaloOaError && (e.code === -210 || e.code === INVALID_PARAM)) return { note: fileNote(src.name, 'type') };
          throw e;
        }
        if (!up) return { note: fileNote(src.name, 'type') };
        files.set(src.cacheKey, up);
      }
      try {
        return { messageId: (await part(() => post(fileBody(userId, up!)))) ?? '' };
      } catch (e) {
        if (e instanceof ZaloOaError && e.code === FILE_TOKEN_EXPIRED && attempt === 0) {
          files.set(src.cacheKey, undefined);
          up = undefined;
          continue;
        }
        if (e instanceof ZaloOaError && e.code === INVALID_PARAM) {
          const other: Uploaded = { id: up.id, field: up.field === 'token' ? 'attachment_id' : 'token' };
          const messageId = (await part(() => post(fileBody(userId, other)))) ?? '';
          files.set(src.cacheKey, other);
          return { messageId };
        }
        throw e;
      }
    }
    throw new Transient('zalo_oa: the file token expired again right after an upload');
  }

  async function send(to: string, message: OutgoingMessage, metered?: MessageParts): Promise<MessageRef> {
    const userId = userIdOf(to);
    const part = meterParts(metered);
    try {
      let m = message;
      if ((m.buttons ?? []).flat().length > ZALO_OA_MAX_BUTTONS && o.numberedChoices) m = o.numberedChoices(to, m);
      let text = m.text;
      let last: string | undefined;
      if (m.attachment) {
        const file = await sendFile(userId, m.attachment, part);
        if ('note' in file) text = text.trim() ? `${text}\n\n${file.note}` : file.note;
        else last = file.messageId || last;
      }
      const buttons = (m.buttons ?? []).flat();
      const groups: Button[][] = [];
      for (let i = 0; i < buttons.length; i += ZALO_OA_MAX_BUTTONS) groups.push(buttons.slice(i, i + ZALO_OA_MAX_BUTTONS));
      // Split the marked-up text, then strip: a part's visible length is what Zalo counts.
      const parts = text.trim() ? splitMessage(text, ZALO_OA_TEXT_LIMIT).map(stripMarkup) : groups.length ? ['…'] : [];
      for (const [i, piece] of parts.entries()) last = (await part(() => sendText(userId, piece, i === parts.length - 1 ? (groups[0] ?? []) : []))) ?? last;
      for (const group of groups.slice(1)) last = (await part(() => sendText(userId, '…', group))) ?? last;
      return { address: to, messageId: last ?? '' };
    } catch (e) {
      throw mapOaError(e, o.clock.now());
    }
  }

  /** Events of one user are handled in the order they came; different users in parallel. */
  function enqueue(userId: string, task: () => Promise<void>): void {
    const previous = perUser.get(userId) ?? Promise.resolve();
    const next = previous.then(task).catch((err: unknown) => o.log.error({ err }, 'zalo_oa: event failed'));
    perUser.set(userId, next);
    void next.then(() => {
      if (perUser.get(userId) === next) perUser.delete(userId);
    });
  }

  function handleEvent(e: ZaloEvent): void {
    const event = mapEvent(e, { redeem: (address, token) => o.buttons.redeem(address, token) });
    if (!event || !handler) return;
    const onEvent = handler;
    enqueue(event.sender.userId, async () => {
      if (event.kind !== 'reachability') {
        // The user just wrote: the messaging window is open again, whatever a failed send said.
        const reopened: IncomingEvent = { kind: 'reachability', reachable: true, sender: event.sender };
        await onEvent(reopened);
      }
      await onEvent(event);
    });
  }

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Zalo Developers checks that the URL answers when it is saved; nothing to process.
    if (req.method !== 'POST') return reply(res, 200);
    // Not running (shutting down): Zalo retries later.
    if (!running) return reply(res, 503);
    const body = await readBody(req);
    if (body === undefined) return reply(res, 413);
    const raw = body.toString('utf8');
    const header = req.headers[SIGNATURE_HEADER];
    const verdict = verify(raw, Array.isArray(header) ? header[0] : header, {
      appId: o.appId,
      secretKey: o.secretKey,
      now: o.clock.now(),
      maxSkewMs: o.maxSkewMs ?? DEFAULT_MAX_SKEW_MS,
    });
    if (!verdict.ok) {
      o.log.warn({ why: verdict.why }, 'zalo_oa: webhook refused');
      return reply(res, verdict.status);
    }
    // Zalo wants 200 within about 2 s, or it retries for hours and then disables the webhook
    // (tinhoc88/hainh.me): answer first, handle after; duplicates are dropped on msg_id.
    reply(res, 200);
    setImmediate(() => handleEvent(verdict.event));
  }

  return {
    platform: 'zalo_oa',
    capabilities: { buttons: true, edit: false, maxTextLength: ZALO_OA_TEXT_LIMIT },
    tokens,
    send,
    async download(fileId, maxBytes) {
      return api.download(fileId, maxBytes);
    },
    async start(onEvent) {
      handler = onEvent;
      running = true;
      if (o.http && !routed) {
        o.http.route(o.webhookPath, webhook);
        routed = true;
      }
      // Refresh now if due, so a dead token is reported at start rather than at the first send.
      firstRefresh = tokens.access().catch((err: unknown) => o.log.warn({ err }, 'zalo_oa: no access token at start'));
      keepAlive = setInterval(() => void tokens.access().catch((err: unknown) => o.log.warn({ err }, 'zalo_oa: keep-alive refresh failed')), KEEP_ALIVE_MS);
      keepAlive.unref();
      o.log.info({ path: o.http ? o.webhookPath : undefined }, 'zalo_oa channel started');
    },
    async stop() {
      running = false;
      if (keepAlive) clearInterval(keepAlive);
      // Events already answered 200 are handled before the database closes.
      await new Promise((r) => setImmediate(r));
      await Promise.allSettled([...perUser.values(), firstRefresh]);
      handler = undefined;
    },
  };
}
