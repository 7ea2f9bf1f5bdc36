import type { Platform } from '../../db/schema/chat-accounts.js';

export type { Platform };

/** Opaque `platform:id` string; only the owning channel parses what follows the prefix. */
export type ChatAddress = string;

export function addressPlatform(address: ChatAddress): Platform {
  return address.slice(0, address.indexOf(':')) as Platform;
}

export interface Sender {
  address: ChatAddress;
  platform: Platform;
  /** The platform's user id, as a string. */
  userId: string;
  displayName?: string;
  /** What the platform says the user's language is, if anything. */
  languageCode?: string;
}

/** Where a sent message lives, so it can be edited later (resolved cards). */
export interface MessageRef {
  address: ChatAddress;
  messageId: string;
}

export interface IncomingFile {
  /** The platform's file id (Telegram file_id, Zalo attachment url/id). */
  fileId: string;
  name: string;
  mime?: string;
  size?: number;
}

interface EventBase {
  sender: Sender;
  /** Deduplication key, unique per source, e.g. the Telegram update_id. */
  dedupeKey?: { source: string; id: string };
}

export type IncomingEvent =
  | (EventBase & { kind: 'command'; name: string; args: string })
  | (EventBase & {
      kind: 'action';
      payload: string;
      ref?: MessageRef;
      /** The platform shows the ack as a toast (Telegram). Elsewhere an alert becomes a reply. */
      toasts?: boolean;
    })
  | (EventBase & { kind: 'text'; text: string })
  | (EventBase & { kind: 'file'; file: IncomingFile; caption?: string })
  | (EventBase & { kind: 'unsupported'; what: 'sticker' | 'photo' | 'edited' | 'voice' | 'other' })
  /** The user blocked or unblocked the bot (Telegram my_chat_member, Zalo follow/unfollow). */
  | (EventBase & { kind: 'reachability'; reachable: boolean });

/** A button is data: a label and an opaque action payload (see actions.ts). Channels render it. */
export interface Button {
  label: string;
  action: string;
}

export interface Attachment {
  name: string;
  /** A local file path, a platform file id the channel already knows, or small inline content (base64). */
  path?: string;
  fileId?: string;
  content?: string;
  /** The platform `fileId` belongs to; on any other platform the file goes by `path`, or not at all. */
  platform?: Platform;
  mime?: string;
}

/**
 * A message in "HTML-lite": plain text where only <b>, <i> and <a href> may appear, and every
 * value interpolated from users is already escaped (i18n's `t` does that). Telegram sends it as
 * HTML; channels without markup strip the tags.
 */
export interface OutgoingMessage {
  text: string;
  buttons?: Button[][];
  attachment?: Attachment;
  /**
   * Outbox only: the idempotency key of an earlier message this one replaces (an approval card
   * turned resolved). Where the platform can edit, the earlier message is edited in place.
   */
  replaces?: string;
}

/** What the router answers to a button press: the short toast a platform shows, if any. */
export interface ActionAck {
  text?: string;
  alert?: boolean;
}

export type EventHandler = (event: IncomingEvent) => Promise<ActionAck | void>;

export interface ChannelCapabilities {
  /** Native inline buttons; without them, buttons become numbered choices. */
  buttons: boolean;
  edit: boolean;
  /** Longest text one message may carry (characters). */
  maxTextLength: number;
}

/**
 * Unguessable per-chat tokens standing for button actions, for platforms whose buttons send a
 * payload the user could also type by hand (Zalo OA `oa.query.hide`): the channel puts
 * `issue(...)` in the button and turns an incoming token back into the action with `redeem`,
 * which answers undefined for a token this chat was never given (or one that expired).
 */
export interface ButtonTokens {
  issue(address: ChatAddress, action: string): string;
  redeem(address: ChatAddress, token: string): string | undefined;
}

/** Where a channel keeps small secrets that change at run time (Zalo OA's rotating tokens). */
export interface SecretStore {
  get(key: string): string | undefined;
  /** Writes all pairs in one transaction. */
  setAll(values: Record<string, string>): void;
  /** Sets `key` to `next` only if it still holds `expected`: true for the one writer that won. */
  compareAndSet(key: string, expected: string | undefined, next: string): boolean;
}

/**
 * A chat platform. The core only ever sees this interface; platform errors are mapped to
 * RateLimited, Unreachable, Transient or Invalid (errors.ts).
 */
export interface Channel {
  readonly platform: Platform;
  readonly capabilities: ChannelCapabilities;
  start(onEvent: EventHandler): Promise<void>;
  stop(): Promise<void>;
  /**
   * Sends one message; long texts are split by the channel, and a file goes before its text.
   * Each request after the first is metered by `parts` (see MessageParts). Returns a ref to the
   * last part.
   */
  send(to: ChatAddress, message: OutgoingMessage, parts?: MessageParts): Promise<MessageRef>;
  edit?(ref: MessageRef, message: OutgoingMessage): Promise<void>;
  /** Fetches a file a user sent (by the platform's file id), at most `maxBytes`. */
  download?(fileId: string, maxBytes: number): Promise<Buffer>;
}

/**
 * The requests one message takes (a long text's parts, a file then its text) as the dispatcher
 * sees them: each is a message on the platform's rate limits, so each after the first waits for
 * the pacer; and a retry after a part failed does not send again the parts that went.
 */
export interface MessageParts {
  /** Resolves when the next request may go (the platform's pacer). */
  pace(): Promise<void>;
  /** Requests of this message the platform took in an earlier attempt: skipped now. */
  done: number;
  /** After each request the platform took: how many of this message's have, in all. */
  advanced(done: number): void;
}

/** One message's requests, metered (meterParts); `skips()`: whether the next one will be skipped. */
export type Metered = (<T>(request: () => Promise<T>) => Promise<T | undefined>) & { skips(): boolean };

/**
 * Runs a message's requests in order under `parts`: while fewer than `parts.done` have passed,
 * a request is skipped (answers undefined); every other one but the first of this attempt waits
 * for `pace()`. Only requests the platform took count as passed, so a request retried on the
 * spot after a failure (a refreshed token) keeps its place.
 */
export function meterParts(parts: MessageParts | undefined): Metered {
  let passed = 0;
  let made = 0;
  const skips = () => parts !== undefined && passed < parts.done;
  const run = async <T>(request: () => Promise<T>): Promise<T | undefined> => {
    if (!parts) return request();
    if (skips()) {
      passed++;
      return undefined;
    }
    if (made++ > 0) await parts.pace();
    const result = await request();
    parts.advanced(++passed);
    return result;
  };
  return Object.assign(run, { skips });
}
