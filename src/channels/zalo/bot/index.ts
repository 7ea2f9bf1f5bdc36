import { meterParts, type Channel, type EventHandler, type MessageParts, type MessageRef, type OutgoingMessage } from '../../../core/channel.js';
import { Invalid } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { escapeHtml, splitMessage, stripMarkup } from '../../../core/markup.js';
import type { HttpServer } from '../../../http.js';
import { createZaloBotApi, ZaloBotApiError } from './api.js';
import { isBadToken, mapZaloBotError } from './errors.js';
import { chatIdOf, idOf, mapZaloBotUpdate, unwrapUpdate } from './map-update.js';
import { createPoller, type Backoff, type Poller } from './polling.js';
import { createWebhookHandler } from './webhook.js';

export { zaloBotAddress } from './map-update.js';

/** sendMessage takes text of 1–2000 characters (official docs); sendPhoto captions the same. */
export const ZALO_BOT_TEXT_LIMIT = 2000;

export interface ZaloBotChannelOptions {
  token: string;
  /** Default https://bot-api.zaloplatforms.com. */
  apiBase?: string;
  mode: 'polling' | 'webhook';
  /** Public HTTPS URL given to setWebhook; its path is the one served on `http`. */
  webhookUrl?: string;
  /** 8–256 characters; Zalo sends it back in X-Bot-Api-Secret-Token. */
  webhookSecret?: string;
  http?: HttpServer;
  log: Logger;
  /** getUpdates hold time in seconds (tests shorten it). */
  pollTimeoutSeconds?: number;
  /** Waits after failed getUpdates / setWebhook calls (tests shorten them). */
  backoff?: Backoff;
}

/**
 * What one outgoing message becomes on the Bot Platform: plain text (no markup there, and no
 * buttons: the dispatcher already turned them into numbered lines), in parts of at most 2000
 * characters cut on paragraph, then line, then word boundaries.
 *
 * Attachments: the Bot Platform documents no way to send a file (no sendDocument; sendPhoto
 * takes a public photo URL only, no upload: official docs 10/12/2025, goclaw send.go), so the
 * file's name goes in the text and a local `path` is never uploaded anywhere.
 */
export function zaloBotTexts(message: OutgoingMessage): string[] {
  let plain = stripMarkup(message.text).trim();
  if (message.attachment) plain = withFileLine(plain, `📎 ${message.attachment.name}`);
  if (!plain) return [];
  // splitMessage reads HTML-lite; escaping the plain text makes every character count as itself.
  return splitMessage(escapeHtml(plain), ZALO_BOT_TEXT_LIMIT).map(stripMarkup);
}

/** Numbered choices (core/choices.ts) end the text: the file line goes above them, so the numbers stay last. */
const CHOICES_TAIL = /\n\n\d+ – [^\n]*(?:\n\d+ – [^\n]*)*$/;

function withFileLine(plain: string, line: string): string {
  if (!plain) return line;
  const tail = CHOICES_TAIL.exec(plain);
  return tail ? `${plain.slice(0, tail.index)}\n\n${line}${tail[0]}` : `${plain}\n\n${line}`;
}

/**
 * The Zalo Bot Platform (bot.zaloplatforms.com): one-to-one chats with a bot created in Zalo Bot
 * Manager, by webhook or getUpdates long polling. Created without start() it only sends (the
 * command line's `tick`).
 */
export function createZaloBotChannel(o: ZaloBotChannelOptions): Channel {
  const api = createZaloBotApi({ token: o.token, ...(o.apiBase ? { apiBase: o.apiBase } : {}) });
  const backoff = o.backoff ?? { minMs: 5_000, maxMs: 300_000 };
  let botId: string | undefined;
  let poller: Poller | undefined;
  let receiving = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let badTokenLogged = false;

  function badToken(where: string): void {
    if (badTokenLogged) return;
    badTokenLogged = true;
    o.log.error(`Zalo Bot ${where}: the Bot Platform refused ZALO_BOT_TOKEN (401). Copy the token again from Zalo Bot Manager (zalo.me/s/botcreator) and restart; Zalo messages are off until then`);
  }

  async function send(to: string, message: OutgoingMessage, metered?: MessageParts): Promise<MessageRef> {
    const chatId = chatIdOf(to);
    const parts = zaloBotTexts(message);
    if (parts.length === 0) throw new Invalid('nothing to send: sendMessage takes 1–2000 characters');
    const part = meterParts(metered);
    let last = '';
    try {
      for (const text of parts) {
        const sent = await part(() => api.call<{ message_id?: unknown } | undefined>('sendMessage', { chat_id: chatId, text }));
        last = idOf(sent?.message_id) ?? last;
      }
    } catch (e) {
      if (isBadToken(e)) badToken('sendMessage');
      throw mapZaloBotError(e);
    }
    return { address: to, messageId: last };
  }

  /** setWebhook, retried in the background while Zalo is unreachable; never throws. */
  async function registerWebhook(attempt = 1): Promise<void> {
    retryTimer = undefined;
    if (!receiving) return;
    try {
      await api.call('setWebhook', { url: o.webhookUrl, secret_token: o.webhookSecret });
      o.log.info({ url: o.webhookUrl }, 'Zalo Bot webhook set');
    } catch (e) {
      if (isBadToken(e)) return badToken('setWebhook');
      const waitMs = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(attempt - 1, 20));
      const refused = e instanceof ZaloBotApiError && e.envelope && e.code === 400;
      o.log.error(
        { err: e, retryInMs: waitMs },
        refused ? 'Zalo Bot setWebhook refused: the URL must be public HTTPS and the secret 8–256 characters' : 'Zalo Bot setWebhook failed; retrying',
      );
      retryTimer = setTimeout(() => void registerWebhook(attempt + 1), waitMs);
      retryTimer.unref();
    }
  }

  async function startWebhook(onEvent: EventHandler): Promise<void> {
    const http = o.http!;
    const path = new URL(o.webhookUrl!).pathname;
    http.route(
      path,
      createWebhookHandler({
        secret: o.webhookSecret!,
        log: o.log,
        receiving: () => receiving,
        async onBody(body) {
          const event = mapZaloBotUpdate(unwrapUpdate(body), botId);
          if (event) await onEvent(event);
        },
      }),
    );
    // Zalo may call the URL when it is set: set it once the server listens (main listens after start).
    if (http.server.listening) await registerWebhook();
    else http.server.once('listening', () => void registerWebhook());
    o.log.info({ path }, 'Zalo Bot webhook route ready');
  }

  async function startPolling(onEvent: EventHandler): Promise<void> {
    // Official docs: getUpdates does not work while a webhook is set; delete it first.
    try {
      const info = await api.call<{ url?: unknown } | undefined>('getWebhookInfo');
      if (typeof info?.url === 'string' && info.url) {
        o.log.warn({ url: info.url }, 'Zalo Bot: removing the webhook so that polling works; use another bot token for a second copy of the bot');
        await api.call('deleteWebhook');
      }
    } catch (err) {
      o.log.warn({ err }, 'Zalo Bot: could not check for a webhook before polling');
    }
    poller = createPoller({
      api,
      log: o.log,
      ...(o.pollTimeoutSeconds !== undefined ? { timeoutSeconds: o.pollTimeoutSeconds } : {}),
      ...(o.backoff ? { backoff: o.backoff } : {}),
      async onUpdate(update) {
        const event = mapZaloBotUpdate(update, botId);
        if (event) await onEvent(event);
      },
    });
    poller.start();
    o.log.info('Zalo Bot polling started');
  }

  return {
    platform: 'zalo_bot',
    capabilities: { buttons: false, edit: false, maxTextLength: ZALO_BOT_TEXT_LIMIT },
    send,
    async start(onEvent) {
      if (o.mode === 'webhook' && (!o.http || !o.webhookUrl || !o.webhookSecret)) {
        throw new Error('Zalo Bot webhook mode needs HTTP_PORT, ZALO_BOT_WEBHOOK_URL and ZALO_BOT_WEBHOOK_SECRET');
      }
      try {
        const me = await api.call<{ id?: unknown; account_name?: unknown; name?: unknown } | undefined>('getMe');
        botId = idOf(me?.id);
        o.log.info({ id: botId, account: me?.account_name ?? me?.name, mode: o.mode }, 'Zalo Bot connected');
      } catch (e) {
        // A bad token is logged once and Zalo stays off; the process keeps running the other
        // channels instead of dying and being restarted in a loop.
        if (isBadToken(e)) return badToken('getMe');
        o.log.warn({ err: e }, 'Zalo Bot getMe failed; starting anyway and retrying as we go');
      }
      receiving = true;
      if (o.mode === 'webhook') await startWebhook(onEvent);
      else await startPolling(onEvent);
    },
    async stop() {
      receiving = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      await poller?.stop();
      poller = undefined;
    },
  };
}
