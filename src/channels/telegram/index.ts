import { Input, Telegraf, TelegramError } from 'telegraf';
import type { InlineKeyboardMarkup, Update } from 'telegraf/types';
import { meterParts, type Channel, type EventHandler, type MessageParts, type MessageRef, type OutgoingMessage } from '../../core/channel.js';
import type { Logger } from '../../core/logger.js';
import { splitMessage } from '../../core/markup.js';
import type { HttpServer } from '../../http.js';
import { Invalid, Transient } from '../../core/errors.js';
import { isNotModified, mapTelegramError } from './errors.js';
import { chatIdOf, mapUpdate } from './map-update.js';
import { telegramWebhook, type ResponseCall } from './webhook.js';

/** sendMessage takes 1–4096 characters after entity parsing (Bot API); keep a margin. */
export const TELEGRAM_TEXT_LIMIT = 4096;
const SPLIT_AT = 4000;
/** Captions take 0–1024 characters (Bot API sendDocument). */
const CAPTION_LIMIT = 1000;
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

export interface MenuEntry {
  command: string;
  description: string;
}

export interface TelegramChannelOptions {
  token: string;
  apiRoot?: string;
  mode: 'polling' | 'webhook';
  webhookUrl?: string;
  webhookSecret?: string;
  http?: HttpServer;
  log: Logger;
  /** The command menu per language; the `vi` one is also the default for every other language. */
  menu?: { vi: MenuEntry[]; en: MenuEntry[] };
  /** Called with the bot's @username once known (for invite deep links). */
  onUsername?: (username: string) => void;
}

export type TelegramChannel = Channel & { bot: Telegraf };

export function createTelegramChannel(o: TelegramChannelOptions): TelegramChannel {
  const bot = new Telegraf(o.token, {
    // Keep handlers short: every update only touches SQLite; sends go through the outbox.
    handlerTimeout: 30_000,
    telegram: {
      ...(o.apiRoot ? { apiRoot: o.apiRoot } : {}),
      // Off: a call made while handling an update must not silently become the webhook response
      // (PLATFORMS.md 2.4, telegraf #917). The one exception is switched on per update below.
      webhookReply: false,
    },
  });
  let username: string | undefined;
  let launched = false;

  function keyboard(message: OutgoingMessage): { reply_markup: InlineKeyboardMarkup } | object {
    if (!message.buttons?.length) return {};
    return {
      reply_markup: {
        inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.action }))),
      },
    };
  }

  async function send(to: string, message: OutgoingMessage, metered?: MessageParts): Promise<MessageRef> {
    const chatId = chatIdOf(to);
    const part = meterParts(metered);
    try {
      let last: number | undefined;
      if (message.attachment) {
        const a = message.attachment;
        const caption = message.text.length <= CAPTION_LIMIT ? message.text : undefined;
        const doc = await part(() => {
          const file = a.fileId ? a.fileId : a.content !== undefined ? Input.fromBuffer(Buffer.from(a.content, 'base64'), a.name) : Input.fromLocalFile(a.path!, a.name);
          return bot.telegram.sendDocument(chatId, file, {
            ...(caption ? { caption, parse_mode: 'HTML' as const } : {}),
            ...keyboard(caption ? message : { text: '' }),
          });
        });
        last = doc?.message_id;
        if (caption) return { address: to, messageId: last !== undefined ? String(last) : '' };
      }
      const parts = splitMessage(message.text, SPLIT_AT);
      for (const [i, text] of parts.entries()) {
        const isLast = i === parts.length - 1;
        const sent = await part(() =>
          bot.telegram.sendMessage(chatId, text, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(isLast ? keyboard(message) : {}),
          }),
        );
        last = sent?.message_id ?? last;
      }
      // '' when every request had gone in an earlier attempt: nothing to edit later.
      return { address: to, messageId: last !== undefined ? String(last) : '' };
    } catch (e) {
      throw mapTelegramError(e);
    }
  }

  async function edit(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    const chatId = chatIdOf(ref.address);
    try {
      await bot.telegram.editMessageText(chatId, Number(ref.messageId), undefined, splitMessage(message.text, SPLIT_AT)[0]!, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...keyboard(message),
      });
    } catch (e) {
      // A double tap edits to the same content: Telegram says "not modified"; that is success.
      if (isNotModified(e)) return;
      // A card sent as a document (with the written opinion) has a caption, not a text.
      if (e instanceof TelegramError && /no text in the message/i.test(e.description ?? '')) {
        try {
          await bot.telegram.editMessageCaption(chatId, Number(ref.messageId), undefined, splitMessage(message.text, CAPTION_LIMIT)[0]!, {
            parse_mode: 'HTML',
            ...keyboard(message),
          });
          return;
        } catch (e2) {
          if (isNotModified(e2)) return;
          throw mapTelegramError(e2);
        }
      }
      throw mapTelegramError(e);
    }
  }

  async function setMenu(): Promise<void> {
    if (!o.menu) return;
    await bot.telegram.setMyCommands(o.menu.vi);
    await bot.telegram.setMyCommands(o.menu.vi, { language_code: 'vi' });
    await bot.telegram.setMyCommands(o.menu.en, { language_code: 'en' });
  }

  return {
    platform: 'telegram',
    capabilities: { buttons: true, edit: true, maxTextLength: TELEGRAM_TEXT_LIMIT },
    bot,
    send,
    edit,
    async download(fileId: string, maxBytes: number): Promise<Buffer> {
      // getFile serves files up to 20 MB (Bot API); the link is valid for at least an hour.
      const file = await bot.telegram.getFile(fileId).catch((e: unknown) => {
        throw mapTelegramError(e);
      });
      if (file.file_size !== undefined && file.file_size > maxBytes) throw new Invalid(`file of ${file.file_size} bytes is over ${maxBytes}`);
      const link = await bot.telegram.getFileLink(file);
      const res = await fetch(link);
      if (!res.ok) throw new Transient(`download failed: HTTP ${res.status}`);
      const data = Buffer.from(await res.arrayBuffer());
      if (data.length > maxBytes) throw new Invalid(`file of ${data.length} bytes is over ${maxBytes}`);
      return data;
    },
    async start(onEvent: EventHandler) {
      /**
       * One update, committed; resolves with the answer to a button press. Every callback query
       * is answered, or the user's button spins until it times out.
       */
      async function receive(update: Update): Promise<{ id: string; text?: string; alert: boolean } | undefined> {
        const event = mapUpdate(update, username);
        if (!event) return undefined;
        const ack = await onEvent(event);
        if (event.kind !== 'action' || !('callback_query' in update)) return undefined;
        return { id: update.callback_query.id, ...(ack?.text ? { text: ack.text.slice(0, 200) } : {}), alert: ack?.alert ?? false };
      }
      // Long polling: the answer is a call of its own, not awaited (the update is committed).
      bot.use(async (ctx) => {
        const answer = await receive(ctx.update);
        if (!answer) return;
        void bot.telegram.answerCbQuery(answer.id, answer.text, { show_alert: answer.alert }).catch((err: unknown) => {
          o.log.debug({ err }, 'answerCallbackQuery failed (already answered or too old)');
        });
      });
      // One bad update must never stop polling (telegraf's default handler rethrows).
      bot.catch((err, ctx) => o.log.error({ err, update: ctx.update.update_id }, 'telegram update failed'));

      try {
        const me = await bot.telegram.getMe();
        bot.botInfo = me;
        username = me.username;
        o.onUsername?.(me.username);
      } catch (e) {
        o.log.error({ err: e }, 'Telegram getMe failed: check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT');
        throw e;
      }
      await setMenu().catch((err: unknown) => o.log.warn({ err }, 'setMyCommands failed; the menu may be stale'));

      if (o.mode === 'webhook') {
        if (!o.http || !o.webhookUrl) throw new Error('Telegram webhook mode needs HTTP_PORT and TELEGRAM_WEBHOOK_URL');
        const path = new URL(o.webhookUrl).pathname;
        // The answer to a press rides on the webhook response: no second HTTP request, the toast
        // shows as soon as Telegram has our acknowledgement, and we never wait on a Bot API round
        // trip. Telegram reports no error for such a call; we would ignore this one's anyway (a
        // press answered twice, or too old).
        const inResponse = async (update: Update): Promise<ResponseCall | undefined> => {
          const answer = await receive(update);
          return answer && { method: 'answerCallbackQuery', callback_query_id: answer.id, ...(answer.text ? { text: answer.text } : {}), show_alert: answer.alert };
        };
        o.http.route(path, telegramWebhook(o.webhookSecret, inResponse, o.log));
        await bot.telegram.setWebhook(o.webhookUrl, {
          ...(o.webhookSecret ? { secret_token: o.webhookSecret } : {}),
          allowed_updates: [...ALLOWED_UPDATES],
        });
        o.log.info({ path }, 'telegram webhook set');
        return;
      }
      // launch() never resolves in polling mode (telegraf #1749): do not await it.
      launched = true;
      bot
        .launch({ allowedUpdates: [...ALLOWED_UPDATES] })
        .catch((err: unknown) => {
          launched = false;
          o.log.error({ err }, 'telegram polling stopped');
        });
      o.log.info({ username }, 'telegram polling started');
    },
    async stop() {
      if (launched) {
        launched = false;
        try {
          bot.stop('shutdown');
        } catch (err) {
          o.log.debug({ err }, 'telegraf stop');
        }
      }
    },
  };
}
