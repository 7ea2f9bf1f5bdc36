// Public types of the fake Telegram Bot API server (see ../fake-telegram.ts).
//
// Payloads, results and updates are Telegram JSON whose exact shape depends on the
// method, so they are typed loosely on purpose: tests read `call.payload.reply_markup
// .inline_keyboard[0][0].callback_data` without a cast. Everything else is typed.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** A Telegram JSON object (Message, Update, payload…). Deliberately loose; see above. */
export type Json = Record<string, any>;

export interface RateLimits {
  /** Sends per second over all chats (Telegram FAQ: about 30). Default 30. */
  globalPerSecond?: number;
  /** Sends per second into one chat (FAQ: about 1). Default 1. */
  perChatPerSecond?: number;
  /** Sends per minute into one group, i.e. a chat with a negative id (FAQ: 20). Default 20. */
  perGroupPerMinute?: number;
  /**
   * Fixed retry_after to report. When unset, the fake reports the seconds until the
   * window frees up (rounded up, at least 1), like Telegram.
   */
  retryAfterSeconds?: number;
}

export interface FakeTelegramOptions {
  /** Accepted token. Default '123456:TEST'. Any other token gets 401 Unauthorized. */
  token?: string;
  /** getMe().username. Default 'committee_test_bot'. */
  botUsername?: string;
  /** getMe().first_name. Default 'Committee Test Bot'. */
  botFirstName?: string;
  /**
   * Delay added to every method call the bot makes (its round trip to the Bot API), in ms; not to
   * a method returned in a webhook response, which travels on Telegram's own request. Default 0.
   */
  latencyMs?: number;
  /** Flood control (HTTP 429). Default false: no limits. */
  limits?: RateLimits | false;
  /**
   * Divides every rate-limit window and retry_after by this, for fast benches.
   * Default 1. With a value other than 1 retry_after can be fractional (Telegram only
   * ever sends whole seconds).
   */
  timeScale?: number;
  /** Largest multipart upload accepted by sendDocument, in bytes. Default 50 MB (Bot API). */
  maxUploadBytes?: number;
  /** Port to listen on (127.0.0.1 only). Default 0: a free port. */
  port?: number;
}

export interface ApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}
export interface ApiOkBody {
  ok: true;
  result: any;
  description?: string;
}
export type ApiResponseBody = ApiOkBody | ApiErrorBody;

export interface RecordedCall {
  /** Canonical method name ('sendMessage'), or the name as requested when unknown. */
  method: string;
  /**
   * Parameters with Telegram's coercions applied, whatever the transport: multipart and
   * query-string numbers become numbers, JSON-encoded fields (reply_markup, entities,
   * commands, scope, allowed_updates…) are parsed, and an uploaded file becomes an
   * UploadedFile.
   */
  payload: Json;
  /** Date.now() when the request arrived. */
  at: number;
  /** The JSON body that was sent back. */
  response: ApiResponseBody;
  /** HTTP status that was sent back. */
  status: number;
  /** How the call arrived: an HTTP request, or a method in a webhook response body. */
  via: 'http' | 'webhook-reply';
  /** 'json' | 'multipart' | 'urlencoded' | 'query' */
  encoding: string;
}

export interface UploadedFile {
  upload: true;
  filename: string;
  /** The part's Content-Type as received (telegraf sends none; undici reports text/plain). */
  contentType: string;
  size: number;
  content: Buffer;
}

export interface SentMessage {
  /** The method that created it: 'sendMessage', 'sendDocument', 'sendPhoto'. */
  method: string;
  chat_id: number;
  message_id: number;
  date: number;
  /** Text exactly as the bot sent it (with its HTML/Markdown), current after edits. */
  text?: string;
  /** Caption exactly as the bot sent it, for media. */
  caption?: string;
  parse_mode?: string;
  /** What the user sees: text or caption after entity parsing. */
  plain: string;
  entities: Json[];
  /** Current reply markup (undefined once removed by an edit). */
  reply_markup?: Json;
  document?: Json;
  photo?: Json[];
  /** The Message object as Telegram would return it now (kept current by edits). */
  message: Json;
  /** Earlier versions, oldest first; one entry per successful edit. */
  edits: { at: number; text?: string; plain: string; reply_markup?: Json }[];
  deleted: boolean;
}

export interface CallbackAnswer {
  callback_query_id: string;
  update_id: number;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

export interface WebhookDelivery {
  update_id: number;
  at: number;
  /** HTTP status from the bot, or undefined when the connection failed. */
  status?: number;
  error?: string;
}

export interface ErrorInjection {
  code: number;
  description: string;
  retryAfter?: number;
  /** Only calls to this chat (chat_id) match. */
  chatId?: number;
  /** Matching calls answered normally first (fail the 2nd part of a split message: 1). */
  after?: number;
}

export interface DocumentSpec {
  name: string;
  mime: string;
  size: number;
  content?: Buffer;
}

export interface UserOptions {
  firstName?: string;
  lastName?: string;
  languageCode?: string;
  username?: string;
}

export interface FakeUser {
  readonly id: number;
  /** The User object that appears in `from`. */
  readonly from: Json;
  /** Text message; `/command` words get bot_command entities. Returns the update_id. */
  sendText(text: string): number;
  /** `/cmd args`. `cmd` may include the leading slash and an @botname. */
  sendCommand(cmd: string, args?: string): number;
  /**
   * Presses an inline button. `data` need not be on the message (a forged press, as a
   * hostile client could send). Returns the update_id; see FakeTelegram.callbackQueryId.
   */
  press(message: SentMessage, data: string): number;
  sendSticker(): number;
  sendPhoto(): number;
  sendDocument(file: DocumentSpec): number;
  /** Edits the user's last text message (edited_message update). */
  editLastText(newText: string): number;
  /** Blocks the bot: later sends get 403 and a my_chat_member update (kicked) is pushed. */
  blockBot(): number;
  /** Unblocks the bot and pushes my_chat_member (member). */
  unblockBot(): number;
}

export interface FakeGroup {
  readonly id: number;
  readonly chat: Json;
  sendText(from: FakeUser, text: string): number;
  sendCommand(from: FakeUser, cmd: string, args?: string): number;
}

export interface FakeTelegram {
  /** 'http://127.0.0.1:<port>': what TELEGRAM_API_ROOT is set to. */
  readonly apiRoot: string;
  readonly token: string;
  readonly botUser: Json;
  /** Every call, in the order the responses were sent. */
  readonly calls: RecordedCall[];
  readonly callbackAnswers: CallbackAnswer[];
  readonly webhookDeliveries: WebhookDelivery[];
  /** Mirrors setWebhook/deleteWebhook. */
  readonly webhook: { url?: string; secretToken?: string };
  /** Messages the bot sent, oldest first; to one chat when chatId is given. */
  sent(chatId?: number): SentMessage[];
  /** Resolves with the first call (past or future) matching pred. Default timeout 5000 ms. */
  waitFor(pred: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Resolves with the first message sent to chatId (past or future) matching pred. */
  waitForSent(chatId: number, pred?: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>;
  /**
   * Resolves once a getUpdates long poll is being held, i.e. the bot is polling and idle.
   * (A held poll is only recorded in `calls` when it is answered.)
   */
  waitForPolling(timeoutMs?: number): Promise<void>;
  /** A user with a private chat with the bot (chat id = user id). Same id → same user. */
  user(id: number, opts?: UserOptions): FakeUser;
  /** A group (negative id) the bot is a member of. */
  group(id: number, opts?: { title?: string; supergroup?: boolean }): FakeGroup;
  /** Later sends to chatId get 403 "Forbidden: bot was blocked by the user". No update. */
  block(chatId: number): void;
  unblock(chatId: number): void;
  /** The next `times` calls of `method` ('*' = any method) fail with this error. */
  failNext(method: string, error: ErrorInjection, times?: number): void;
  /** Queues a raw update (update_id assigned when missing). Returns the update_id. */
  pushUpdate(update: Json): number;
  /** Delivers the same update again, same update_id. */
  redeliver(updateId: number): void;
  /** Updates pushed so far (including delivered ones), by update_id. */
  update(updateId: number): Json | undefined;
  /** Not yet confirmed (polling) or not yet delivered (webhook). */
  pendingUpdates(): Json[];
  /** callback_query.id of the press that created this update. */
  callbackQueryId(updateId: number): string | undefined;
  /** The answerCallbackQuery for the press that created this update, if any. */
  callbackAnswer(updateId: number): CallbackAnswer | undefined;
  /** Commands stored by setMyCommands for that language ('' = none) and scope (default scope). */
  commands(lang?: string, scope?: Json): { command: string; description: string }[];
  close(): Promise<void>;
}
