// Types of the fake Zalo Bot Platform (see ../fake-zalo-bot.ts).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface FakeZaloBotOptions {
  /** `<bot_id>:<secret>`, as Zalo Bot Manager issues them. Random by default. */
  token?: string;
  accountName?: string;
  /** Webhook bodies wrapped in `{ok:true,result}` instead of the event itself (both are seen; see map-update.ts). */
  wrapWebhook?: boolean;
  port?: number;
}

export interface ZaloBotCall {
  method: string;
  payload: Json;
  /** HTTP status sent back (the same as error_code on failures). */
  status: number;
  response: Json;
  at: number;
}

export interface ZaloBotSent {
  method: 'sendMessage' | 'sendPhoto' | 'sendSticker';
  chat_id: string;
  message_id: string;
  /** Milliseconds, as Zalo gives `date`. */
  date: number;
  text: string;
  photo?: string;
}

export interface ZaloBotErrorSpec {
  code: number;
  description: string;
  retryAfter?: number;
}

export interface ZaloBotDelivery {
  messageId?: string;
  at: number;
  /** HTTP status from the bot, or undefined when the connection failed. */
  status?: number;
  error?: string;
}

export interface FakeZaloUser {
  readonly chatId: string;
  readonly displayName: string;
  /** Each returns the message_id of the update it queued. */
  sendText(text: string): string;
  sendImage(caption?: string): string;
  sendSticker(): string;
  sendUnsupported(): string;
}

export interface FakeZaloBot {
  /** 'http://127.0.0.1:<port>': what ZALO_BOT_API_BASE is set to. */
  readonly apiBase: string;
  readonly token: string;
  readonly botId: string;
  readonly calls: ZaloBotCall[];
  readonly deliveries: ZaloBotDelivery[];
  /** Mirrors setWebhook / deleteWebhook. */
  readonly webhook: { url?: string; secretToken?: string };
  /** A private chat with a Zalo user (chat id = user id, as in the docs' sample). Same id → same user. */
  user(chatId: string, opts?: { displayName?: string }): FakeZaloUser;
  /** Later sends to the chat get 403. */
  block(chatId: string): void;
  unblock(chatId: string): void;
  /** The next `times` calls of `method` ('*' = any) fail with this error. */
  failNext(method: string, error: ZaloBotErrorSpec, times?: number): void;
  /** What the bot sent, oldest first; to one chat when given. */
  sent(chatId?: string): ZaloBotSent[];
  waitForSent(chatId: string, pred?: (m: ZaloBotSent) => boolean, timeoutMs?: number): Promise<ZaloBotSent>;
  /** Resolves once probe() gives something other than undefined or false (checked on every change and every 20 ms). */
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Resolves once a getUpdates call is being held (the bot is polling and idle). */
  waitForPolling(timeoutMs?: number): Promise<void>;
  /** getUpdates calls being held right now. */
  readonly heldPolls: number;
  /** Queues a raw update (for polling, or to the webhook). */
  pushUpdate(update: Json): void;
  /** Delivers the update of that message again, unchanged. */
  redeliver(messageId: string): void;
  close(): Promise<void>;
}
