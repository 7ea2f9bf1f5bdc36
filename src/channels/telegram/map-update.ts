import type { Update, Message, MessageEntity } from 'telegraf/types';
import type { IncomingEvent, Sender } from '../../core/channel.js';

export const telegramAddress = (chatId: number | string) => `telegram:${chatId}`;

export function chatIdOf(address: string): string {
  if (!address.startsWith('telegram:')) throw new Error(`not a Telegram address: ${address}`);
  return address.slice('telegram:'.length);
}

interface TgUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

function senderOf(user: TgUser, chatId: number): Sender {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username;
  return {
    address: telegramAddress(chatId),
    platform: 'telegram',
    userId: String(user.id),
    ...(name ? { displayName: name } : {}),
    ...(user.language_code ? { languageCode: user.language_code } : {}),
  };
}

/**
 * A command is a message whose first entity is a bot_command at offset 0 (what telegraf's
 * `command()` matches too). `/cmd@OtherBot` is meant for another bot in a group: ignored.
 */
function commandOf(text: string, entities: MessageEntity[] | undefined, botUsername: string | undefined) {
  const first = entities?.[0];
  if (!first || first.type !== 'bot_command' || first.offset !== 0) return undefined;
  const token = text.slice(1, first.length);
  const [name = '', at] = token.split('@');
  if (at && botUsername && at.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { name: name.toLowerCase(), args: text.slice(first.length).trim() };
}

/** Telegram update → the core's event; undefined for updates the bot does not act on. */
export function mapUpdate(update: Update, botUsername?: string): IncomingEvent | undefined {
  const dedupeKey = { source: 'telegram', id: String(update.update_id) };
  if ('callback_query' in update) {
    const q = update.callback_query;
    const chatId = q.message?.chat.id ?? q.from.id;
    // Who pressed is `from`, never the chat the message sits in: the server then checks that
    // this person may press it (the card's approver, a registered member …).
    return {
      kind: 'action',
      payload: 'data' in q && typeof q.data === 'string' ? q.data : '',
      sender: senderOf(q.from, q.from.id),
      toasts: true,
      dedupeKey,
      ...(q.message ? { ref: { address: telegramAddress(chatId), messageId: String(q.message.message_id) } } : {}),
    };
  }
  if ('edited_message' in update) {
    const m = update.edited_message;
    if (!m.from || m.chat.type !== 'private') return undefined;
    return { kind: 'unsupported', what: 'edited', sender: senderOf(m.from, m.chat.id), dedupeKey };
  }
  if ('my_chat_member' in update) {
    const u = update.my_chat_member;
    if (u.chat.type !== 'private') return undefined;
    const status = u.new_chat_member.status;
    return { kind: 'reachability', reachable: status !== 'kicked' && status !== 'left', sender: senderOf(u.from, u.chat.id), dedupeKey };
  }
  if (!('message' in update)) return undefined;
  const m = update.message as Message;
  // The committee talks to its members one by one; group chats are not a place for commands.
  if (!m.from || m.chat.type !== 'private') return undefined;
  const sender = senderOf(m.from, m.chat.id);
  if ('text' in m) {
    const cmd = commandOf(m.text, m.entities, botUsername);
    if (cmd === null) return undefined;
    if (cmd) return { kind: 'command', name: cmd.name, args: cmd.args, sender, dedupeKey };
    return { kind: 'text', text: m.text, sender, dedupeKey };
  }
  if ('document' in m) {
    const d = m.document;
    return {
      kind: 'file',
      file: {
        fileId: d.file_id,
        name: d.file_name ?? 'file',
        ...(d.mime_type ? { mime: d.mime_type } : {}),
        ...(d.file_size !== undefined ? { size: d.file_size } : {}),
      },
      ...(m.caption ? { caption: m.caption } : {}),
      sender,
      dedupeKey,
    };
  }
  const what = 'sticker' in m ? 'sticker' : 'photo' in m ? 'photo' : 'voice' in m || 'audio' in m ? 'voice' : 'other';
  return { kind: 'unsupported', what, sender, dedupeKey };
}
