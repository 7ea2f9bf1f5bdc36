export interface FakeZaloOaOptions {
  appId?: string;
  appSecret?: string;
  /** The OA Secret Key that signs webhook events. */
  secretKey?: string;
  oaId?: string;
  /** Time for webhook timestamps and token expiry: pass the bot's fake clock. */
  now?: () => number;
  /** Delay of every OAuth answer, so concurrent refreshes really overlap. */
  latencyMs?: number;
  /** Lifetime of issued access tokens (Zalo: about 25 h; hexasync). */
  accessTtlSeconds?: number;
  /** The upload answers `data.token` (Chatwoot) or `data.attachment_id` (goclaw). */
  uploadField?: 'token' | 'attachment_id';
  port?: number;
}

export interface OaButton {
  title: string;
  type: string;
  payload: string;
}

/** A message the OA sent to a user, as the fake accepted it. */
export interface FakeOaMessage {
  message_id: string;
  userId: string;
  text?: string;
  buttons?: OaButton[];
  file?: { token: string; name: string; size: number; mime: string; content: Buffer };
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The envelope's error code the fake answered (0 for success), or the HTTP status for HTTP failures. */
  error: number;
}

export interface UploadRecord {
  name: string;
  size: number;
  mime: string;
  token: string;
}

/** What the bot answered to a webhook POST, and how long it took. */
export interface Delivery {
  status: number;
  ms: number;
  msgId?: string;
  body: string;
}

export interface FakeFile {
  name: string;
  content: Buffer;
  mime?: string;
}

export interface FakeOaUser {
  id: string;
  sendText(text: string): Promise<Delivery>;
  sendCommand(name: string, args?: string): Promise<Delivery>;
  /** Taps a button of a message the OA sent: Zalo sends its payload back as a hidden user_send_text. */
  pressButton(message: FakeOaMessage, which: number | string): Promise<Delivery>;
  /** Types a payload by hand (forged, stale or guessed). */
  typePayload(text: string): Promise<Delivery>;
  sendFile(file: FakeFile): Promise<Delivery>;
  sendImage(): Promise<Delivery>;
  sendSticker(): Promise<Delivery>;
  follow(): Promise<Delivery>;
  unfollow(): Promise<Delivery>;
}

export interface FakeZaloOa {
  apiBase: string;
  oauthBase: string;
  appId: string;
  appSecret: string;
  secretKey: string;
  calls: RecordedCall[];
  uploads: UploadRecord[];
  /** Where user events are POSTed (the bot's webhook URL). */
  webhook(url: string): void;
  /** A new refresh token, as an OA admin gets after authorizing the app. */
  issueRefreshToken(): string;
  validRefreshTokens(): string[];
  /** Successful refreshes so far. */
  refreshes(): number;
  /** Every access token issued so far stops working (-216). */
  expireAccessTokens(): void;
  /** The user has not interacted for 7 days: CS messages get -230, until they write again. */
  windowClosed(userId: string, closed?: boolean): void;
  /** A user_id Zalo does not know (-201). */
  unknownUser(userId: string): void;
  /** 22:00–06:00: CS messages get -234. */
  quiet(on: boolean): void;
  /** The next `times` sends answer `code`: a negative Zalo code, or an HTTP status (5xx, 429). */
  failNext(code: number, times?: number, path?: string): void;
  /** Every upload token so far expires (-100). */
  expireFileTokens(): void;
  sent(userId: string): FakeOaMessage[];
  waitForSent(userId: string, pred?: (m: FakeOaMessage) => boolean, timeoutMs?: number): Promise<FakeOaMessage>;
  user(userId: string): FakeOaUser;
  /** POSTs a raw body to the bot's webhook with the given headers. */
  post(body: string, headers: Record<string, string>): Promise<Delivery>;
  /** `mac=` + sha256(app_id + body + timestamp + secret key). */
  sign(body: string, timestamp: string, opts?: { appId?: string; secretKey?: string }): string;
  /** A signed event body for `userId`, with `timestamp` (default now). */
  event(name: string, userId: string, message?: Record<string, unknown>, timestamp?: number): string;
  close(): Promise<void>;
}
