// Telegram through the fake Bot API, the bot long-polling (TELEGRAM_MODE=polling).
import type { CallbackAnswer, FakeTelegram, Json, SentMessage } from '../fake-telegram.js';
import { startFakeTelegram } from '../fake-telegram.js';
import { channelDriver, type SurfaceKind } from './bot.js';
import { pickLabel, type ChannelDriver, type Msg, type SurfaceUser } from './driver.js';

/** sendMessage text, 1–4096 characters after entities parsing (Bot API). */
export const TELEGRAM_TEXT_LIMIT = 4096;

type InlineButton = { text: string; callback_data?: string };
const buttonsOf = (markup: Json | undefined): InlineButton[] => ((markup?.inline_keyboard ?? []) as InlineButton[][]).flat();

/** A message with its keyboard as it was when the user saw it (a later edit may remove it). */
interface TelegramMsg extends Msg {
  readonly buttons: InlineButton[];
}

export const telegramSurface: SurfaceKind = {
  platform: 'telegram',
  textLimit: TELEGRAM_TEXT_LIMIT,
  async create() {
    const tg: FakeTelegram = await startFakeTelegram();
    let next = 1001;
    return {
      needsHttp: false,
      env: () => ({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_MODE: 'polling' }),
      ready: () => tg.waitForPolling(),
      async user(): Promise<SurfaceUser> {
        const chat = next++;
        const user = tg.user(chat, { firstName: `Người dùng ${chat}`, languageCode: 'vi' });
        const presses: number[] = [];
        return {
          address: `telegram:${chat}`,
          async send(text) {
            user.sendText(text);
          },
          shown(): Msg[] {
            const messages = tg.sent(chat).map((m): TelegramMsg => ({ text: m.plain, kind: 'message', raw: m, buttons: buttonsOf(m.reply_markup) }));
            const toasts = presses
              .map((id) => tg.callbackAnswer(id))
              .filter((a): a is CallbackAnswer & { text: string } => Boolean(a?.text))
              .map((a): Msg => ({ text: a.text, kind: 'toast', raw: a }));
            return [...messages, ...toasts];
          },
          async press(msg, label) {
            const m = msg.raw as SentMessage;
            // The keyboard as the user saw it, even if an edit has taken it away since: pressing
            // a card already decided is what a double tap or a slow client sends.
            const seen = (msg as Partial<TelegramMsg>).buttons ?? buttonsOf(m.reply_markup);
            const b = seen[pickLabel(seen.map((x) => x.text), label, msg.text)]!;
            if (b.callback_data === undefined) throw new Error(`button "${b.text}" is not a callback button`);
            presses.push(user.press(m, b.callback_data));
          },
        };
      },
      close: () => tg.close(),
    };
  },
};

export const telegramDriver = (): ChannelDriver => channelDriver(telegramSurface);
