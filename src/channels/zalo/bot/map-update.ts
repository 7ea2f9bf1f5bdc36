import type { IncomingEvent, Sender } from '../../../core/channel.js';

export const ZALO_BOT_PREFIX = 'zalo_bot:';
export const zaloBotAddress = (chatId: string) => `${ZALO_BOT_PREFIX}${chatId}`;

export function chatIdOf(address: string): string {
  if (!address.startsWith(ZALO_BOT_PREFIX) || address.length === ZALO_BOT_PREFIX.length) throw new Error(`not a Zalo Bot address: ${address}`);
  return address.slice(ZALO_BOT_PREFIX.length);
}

type Json = Record<string, unknown>;

const record = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
/** Ids arrive as strings ("e4ea2cd5189df1c3a88c") but nothing promises they never become numbers. */
export const idOf = (v: unknown): string | undefined => (typeof v === 'number' && Number.isFinite(v) ? String(v) : text(v)?.trim());

/**
 * The update itself. Webhooks post the event directly (`{event_name, message}`: OpenClaw
 * monitor.webhook.ts, goclaw webhook.go); getUpdates wraps it in `{ok, result}` (official docs).
 * Both accept either shape in case Zalo changes one, and so do we.
 */
export function unwrapUpdate(body: unknown): Json | undefined {
  const r = record(body);
  if (!r) return undefined;
  if (r.ok === true) return record(r.result);
  return r;
}

/** getUpdates answers one update per call (docs, OpenClaw); goclaw also accepts an array. */
export function updatesOf(result: unknown): Json[] {
  if (Array.isArray(result)) return result.map(record).filter((u): u is Json => u !== undefined);
  const u = record(result);
  return u && Object.keys(u).length > 0 ? [u] : [];
}

const EVENTS = {
  text: 'message.text.received',
  image: 'message.image.received',
  sticker: 'message.sticker.received',
  unsupported: 'message.unsupported.received',
} as const;

/** The docs' own getUpdates sample has no event_name: tell the kind from the fields then. */
function eventName(update: Json, message: Json): string {
  const named = text(update.event_name);
  if (named) return named;
  if (typeof message.text === 'string') return EVENTS.text;
  if (message.photo !== undefined || message.photo_url !== undefined) return EVENTS.image;
  if (message.sticker !== undefined) return EVENTS.sticker;
  return EVENTS.unsupported;
}

/** `/absent 12 Ốm` → absent + "12 Ốm". Only a leading slash makes a command. */
const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:\s+([\s\S]*))?$/;

/**
 * A Bot Platform update → the core's event; undefined for what the bot does not act on (group
 * chats, its own messages, events without a chat).
 *
 * Field paths have drifted (PLATFORMS.md 3.2: field-vn probes `message.chat.id`, `chat_id`,
 * `message.from.id`); the sender's name is `display_name` (PLATFORMS.md), `name` (OpenClaw) or
 * `first_name` (the official getUpdates sample). All are read, in that order.
 */
export function mapZaloBotUpdate(update: unknown, botId?: string): IncomingEvent | undefined {
  const u = record(update);
  const message = record(u?.message);
  if (!u || !message) return undefined;
  const chat = record(message.chat);
  const from = record(message.from);
  const chatId = idOf(chat?.id) ?? idOf(message.chat_id) ?? idOf(u.chat_id) ?? idOf(from?.id);
  if (!chatId) return undefined;
  // The bot cannot be added to groups (getMe: can_join_groups false); commands are one-to-one.
  if (typeof chat?.chat_type === 'string' && chat.chat_type.toUpperCase() === 'GROUP') return undefined;
  const userId = idOf(from?.id) ?? chatId;
  // Zalo echoes the bot's own sends on both webhook and getUpdates (goclaw poll.go).
  if (from?.is_bot === true || (botId !== undefined && userId === botId)) return undefined;

  const name = text(from?.display_name) ?? text(from?.name) ?? text(from?.first_name);
  const sender: Sender = { address: zaloBotAddress(chatId), platform: 'zalo_bot', userId, ...(name ? { displayName: name.trim() } : {}) };
  // There is no update_id; the message id is unique (OpenClaw dedupes on event_name + message_id).
  const messageId = idOf(message.message_id);
  const base = { sender, ...(messageId ? { dedupeKey: { source: 'zalo_bot', id: messageId } } : {}) };

  switch (eventName(u, message)) {
    case EVENTS.text: {
      const body = typeof message.text === 'string' ? message.text.trim() : '';
      if (!body) return undefined;
      const cmd = COMMAND.exec(body);
      if (cmd) return { kind: 'command', name: cmd[1]!.toLowerCase(), args: (cmd[2] ?? '').trim(), ...base };
      return { kind: 'text', text: body, ...base };
    }
    case EVENTS.image:
      return { kind: 'unsupported', what: 'photo', ...base };
    case EVENTS.sticker:
      return { kind: 'unsupported', what: 'sticker', ...base };
    default:
      // message.unsupported.received, and any message.* event Zalo adds later: the member gets an answer.
      return { kind: 'unsupported', what: 'other', ...base };
  }
}
