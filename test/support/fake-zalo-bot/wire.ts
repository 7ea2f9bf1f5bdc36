// The Bot Platform's wire format as the fake speaks it: error answers, parameter checks, and the
// events a Zalo user's messages become.
import { randomBytes, randomInt } from 'node:crypto';
import type { FakeZaloUser, Json } from './types.js';

/** sendMessage text and sendPhoto caption: 1–2000 characters (official docs). */
export const TEXT_MAX = 2000;
export const hexId = () => randomBytes(10).toString('hex');

/** Answered `{ok:false, error_code, description}` with the same HTTP status. */
export class ApiError extends Error {
  constructor(readonly code: number, readonly description: string, readonly retryAfter?: number) {
    super(description);
  }
}

export function checkText(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length < 1 || v.length > TEXT_MAX) {
    throw new ApiError(400, `Bad Request: ${field} must be 1 to ${TEXT_MAX} characters`);
  }
  return v;
}

/** setWebhook: an HTTPS url (plain HTTP only to this machine, for tests) and a secret_token of 8–256 characters. */
export function checkWebhook(p: Json): { url: string; secret: string } {
  let url: URL;
  try {
    url = new URL(String(p.url ?? ''));
  } catch {
    throw new ApiError(400, 'Bad Request: url is invalid');
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) throw new ApiError(400, 'Bad Request: url must be HTTPS');
  const secret = p.secret_token;
  if (typeof secret !== 'string' || secret.length < 8 || secret.length > 256) throw new ApiError(400, 'Bad Request: secret_token must be 8 to 256 characters');
  return { url: url.href, secret };
}

/**
 * A Zalo user in a private chat with the bot (chat id = user id, as in the docs' sample). Each
 * message becomes `{event_name, message:{message_id, date(ms), chat:{id, chat_type}, from, …}}`
 * (official docs, OpenClaw api.ts) and is handed to `push`.
 */
export function fakeUser(chat: { chatId: string; displayName: string }, push: (update: Json) => void): FakeZaloUser {
  const incoming = (event: string, content: Json): string => {
    const message_id = hexId();
    push({
      event_name: event,
      message: {
        message_id,
        date: Date.now(),
        chat: { id: chat.chatId, chat_type: 'PRIVATE' },
        from: { id: chat.chatId, display_name: chat.displayName, is_bot: false },
        ...content,
      },
    });
    return message_id;
  };
  return {
    chatId: chat.chatId,
    displayName: chat.displayName,
    sendText: (text) => incoming('message.text.received', { text }),
    sendImage: (caption) => incoming('message.image.received', { photo_url: `https://photo.example.zdn.vn/${hexId()}.jpg`, ...(caption ? { caption } : {}) }),
    sendSticker: () => incoming('message.sticker.received', { sticker: hexId(), url: `https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=${randomInt(1e4, 9e4)}` }),
    sendUnsupported: () => incoming('message.unsupported.received', {}),
  };
}
