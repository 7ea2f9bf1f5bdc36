// State of the fake Bot API: chats and their messages, files, the update queue with
// long polling, webhook delivery, and the call log that tests wait on.
import { randomBytes, randomInt } from 'node:crypto';
import type http from 'node:http';
import type { Agent } from 'node:http';
import { ApiError } from './errors.js';
import type { Formatted } from './html.js';
import { postUpdate, webhookAgent } from './webhook.js';
import type {
  CallbackAnswer, Json, RecordedCall, SentMessage, WebhookDelivery,
} from './types.js';

export interface StoredMessage {
  message: Json;
  fromBot: boolean;
  sent?: SentMessage;
  /** Text or caption after parsing, for "message is not modified". */
  formatted: Formatted;
  hasText: boolean;
  markupKey: string;
}

export interface ChatState {
  id: number;
  chat: Json;
  blocked: boolean;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  /** The last text message each user sent here, for editLastText. */
  lastTextByUser: Map<number, Json>;
}

export interface FileRecord {
  kind: 'documents' | 'photos' | 'stickers';
  file_name?: string;
  mime_type?: string;
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_path: string;
  content?: Buffer;
}

// Updates Telegram leaves out when allowed_updates is empty (Bot API: getUpdates).
const NOT_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
export const updateType = (u: Json): string => Object.keys(u).find((k) => k !== 'update_id') ?? '';

/** Key of a command list: the scope (type + chat_id + user_id) and the language code. */
export const commandsKey = (scope: Json | undefined, lang: string): string =>
  JSON.stringify([scope?.type ?? 'default', scope?.chat_id ?? null, scope?.user_id ?? null, lang]);

export class Core {
  readonly calls: RecordedCall[] = [];
  readonly chats = new Map<number, ChatState>();
  readonly sentMessages: SentMessage[] = [];
  readonly files = new Map<string, FileRecord>();
  readonly filesByPath = new Map<string, FileRecord>();
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly callbackQueries = new Map<string, { updateId: number; answered: boolean }>();
  readonly queryByUpdate = new Map<number, string>();
  readonly webhookDeliveries: WebhookDelivery[] = [];
  /** setMyCommands, keyed by commandsKey(scope, language_code). */
  readonly commandSets = new Map<string, { command: string; description: string }[]>();
  readonly botTexts = new Map<string, string>();
  readonly webhook: { url?: string; secretToken?: string } = {};
  webhookInfo: { maxConnections: number; allowedUpdates?: string[]; lastErrorDate?: number; lastErrorMessage?: string } = {
    maxConnections: 40,
  };
  /** allowed_updates in force; null = Telegram's default set. */
  allowedUpdates: string[] | null = null;
  /** Set by the server: runs a method found in a webhook response body. */
  onWebhookReply: (res: http.IncomingMessage) => Promise<void> = async () => {};

  private readonly all = new Map<number, Json>();
  private queue: Json[] = []; // polling: not yet confirmed
  private replays: Json[] = []; // polling: redelivered, sent once regardless of offset
  private deliveryQueue: Json[] = [];
  private inFlight = 0;
  private nextUpdateId = randomInt(100_000_000, 900_000_000);
  private readonly wakers = new Set<() => void>();
  private readonly polls = new Set<(e: ApiError) => void>();
  private readonly listeners = new Set<() => void>();
  private fileCounter = 0;
  closed = false;

  // ------------------------------------------------------------ call log

  record(call: RecordedCall): void {
    this.calls.push(call);
    this.changed();
  }

  changed(): void {
    for (const l of [...this.listeners]) l();
  }

  waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const found = probe();
        if (found === undefined) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`fake-telegram: timed out after ${timeoutMs} ms waiting for ${what()}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  // ------------------------------------------------------------ chats, messages, files

  chatOrThrow(chatId: unknown): ChatState {
    const id = typeof chatId === 'number' ? chatId : Number(chatId);
    if (chatId === undefined || chatId === '' || chatId === null) throw new ApiError(400, 'Bad Request: chat_id is empty');
    const chat = Number.isInteger(id) ? this.chats.get(id) : undefined;
    if (!chat) throw new ApiError(400, 'Bad Request: chat not found');
    return chat;
  }

  ensureChat(id: number, chat: Json): ChatState {
    let state = this.chats.get(id);
    if (!state) {
      state = { id, chat, blocked: false, nextMessageId: 1, messages: new Map(), lastTextByUser: new Map() };
      this.chats.set(id, state);
    }
    return state;
  }

  registerFile(
    kind: FileRecord['kind'],
    size: number,
    meta: { file_name?: string; mime_type?: string; content?: Buffer; ext?: string } = {},
  ): FileRecord {
    const n = ++this.fileCounter;
    const ext = meta.ext ?? /\.([A-Za-z0-9]{1,8})$/.exec(meta.file_name ?? '')?.[1] ?? '';
    const prefix = kind === 'documents' ? 'BQACAgIAAxkBAAI' : kind === 'photos' ? 'AgACAgIAAxkBAAI' : 'CAACAgIAAxkBAAI';
    const rec: FileRecord = {
      kind,
      ...(meta.file_name !== undefined ? { file_name: meta.file_name } : {}),
      ...(meta.mime_type !== undefined ? { mime_type: meta.mime_type } : {}),
      file_id: `${prefix}${n.toString(36)}${randomBytes(24).toString('base64url')}`,
      file_unique_id: `AgAD${randomBytes(9).toString('base64url')}`,
      file_size: size,
      file_path: `${kind}/file_${n}${ext ? `.${ext}` : ''}`,
      ...(meta.content ? { content: meta.content } : {}),
    };
    this.files.set(rec.file_id, rec);
    this.filesByPath.set(rec.file_path, rec);
    return rec;
  }

  // ------------------------------------------------------------ updates

  pushUpdate(update: Json): number {
    const u: Json = { ...update };
    if (typeof u.update_id !== 'number') u.update_id = this.nextUpdateId++;
    else this.nextUpdateId = Math.max(this.nextUpdateId, u.update_id + 1);
    this.all.set(u.update_id, u);
    // A chat that appears in an update has talked to the bot, so the bot may answer it.
    const body = u[updateType(u)];
    const chat = body?.chat ?? body?.message?.chat;
    if (typeof chat?.id === 'number' && !this.chats.has(chat.id)) this.ensureChat(chat.id, chat);
    this.route(u, false);
    return u.update_id;
  }

  reserveUpdateId(): number {
    return this.nextUpdateId++;
  }

  redeliver(updateId: number): void {
    const u = this.all.get(updateId);
    if (!u) throw new Error(`fake-telegram: no update ${updateId} to redeliver`);
    this.route(u, true);
  }

  update(updateId: number): Json | undefined {
    return this.all.get(updateId);
  }

  pendingUpdates(): Json[] {
    return this.webhook.url ? [...this.deliveryQueue] : [...this.replays, ...this.queue];
  }

  private route(u: Json, replay: boolean): void {
    if (this.webhook.url) {
      this.deliveryQueue.push(u);
      this.pump();
    } else {
      if (replay) this.replays.push(u);
      else this.queue.push(u);
      for (const wake of [...this.wakers]) wake();
    }
  }

  private allowed(u: Json): boolean {
    const t = updateType(u);
    return this.allowedUpdates === null ? !NOT_DEFAULT.has(t) : this.allowedUpdates.includes(t);
  }

  /** Moves queued updates between polling and webhook when the mode changes. */
  switchMode(toWebhook: boolean, dropPending: boolean): void {
    const pending = toWebhook ? [...this.replays, ...this.queue] : this.deliveryQueue;
    this.queue = [];
    this.replays = [];
    this.deliveryQueue = [];
    if (dropPending) return;
    if (toWebhook) {
      this.deliveryQueue = pending;
      this.pump();
    } else this.queue = pending;
  }

  dropPending(): void {
    this.switchMode(Boolean(this.webhook.url), true);
  }

  pendingCount(): number {
    return this.webhook.url ? this.deliveryQueue.length + this.inFlight : this.queue.length + this.replays.length;
  }

  /** getUpdates: confirms by offset, then answers at once or holds the request up to `timeout` s. */
  async getUpdates(offset: number, limit: number, timeoutS: number, signal: AbortSignal): Promise<Json[]> {
    // A second poller terminates the first, like Telegram does.
    for (const kick of [...this.polls]) kick(
      new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'),
    );
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
    const take = (): Json[] => {
      this.queue = this.queue.filter((u) => this.allowed(u));
      const batch = [...this.replays, ...this.queue].slice(0, limit);
      this.replays = this.replays.filter((u) => !batch.includes(u));
      return batch;
    };
    const first = take();
    if (first.length > 0 || timeoutS <= 0 || this.closed || signal.aborted) return first;
    await new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        this.polls.delete(kick);
        signal.removeEventListener('abort', done);
      };
      const done = (): void => {
        cleanup();
        resolve();
      };
      const kick = (e: ApiError): void => {
        cleanup();
        reject(e);
      };
      const timer = setTimeout(done, timeoutS * 1000);
      this.wakers.add(done);
      this.polls.add(kick);
      signal.addEventListener('abort', done);
      this.changed(); // waitForPolling
    });
    return signal.aborted ? [] : take();
  }

  /** Number of getUpdates requests being held right now. */
  get heldPolls(): number {
    return this.polls.size;
  }

  /** Ends every held getUpdates with an empty result. */
  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }

  // ------------------------------------------------------------ webhook delivery

  private pump(): void {
    while (!this.closed && this.webhook.url && this.inFlight < this.webhookInfo.maxConnections) {
      const u = this.deliveryQueue.shift();
      if (!u) return;
      this.inFlight++;
      void this.deliver(u, this.webhook.url, this.webhook.secretToken).finally(() => {
        this.inFlight--;
        this.pump();
        this.changed();
      });
    }
  }

  /** Open connections to the webhook, kept for the next update; new ones when the URL or the limit changes. */
  private agent?: { url: string; max: number; agent: Agent };

  private connections(url: string): Agent {
    const max = this.webhookInfo.maxConnections;
    // The old connections are left to finish what they carry; idle, they time out (webhookAgent).
    if (this.agent?.url !== url || this.agent.max !== max) this.agent = { url, max, agent: webhookAgent(max) };
    return this.agent.agent;
  }

  /** Drops the webhook connections (the server is closing). */
  hangUp(): void {
    this.agent?.agent.destroy();
    delete this.agent;
  }

  private async deliver(u: Json, url: string, secret: string | undefined): Promise<void> {
    const delivery = await postUpdate(u, url, secret, this.onWebhookReply, this.connections(url), () => !this.closed);
    this.webhookDeliveries.push(delivery);
    if (delivery.error !== undefined) {
      this.webhookInfo.lastErrorDate = Math.floor(delivery.at / 1000);
      this.webhookInfo.lastErrorMessage = delivery.error;
    }
  }

  // ------------------------------------------------------------ misc

  sentIn(chatId?: number): SentMessage[] {
    return chatId === undefined ? [...this.sentMessages] : this.sentMessages.filter((m) => m.chat_id === chatId);
  }

  newCallbackQueryId(updateId: number): string {
    const id = `${BigInt(randomInt(1, 2 ** 47)) * 1000n + BigInt(updateId % 1000)}`;
    this.callbackQueries.set(id, { updateId, answered: false });
    this.queryByUpdate.set(updateId, id);
    return id;
  }
}
