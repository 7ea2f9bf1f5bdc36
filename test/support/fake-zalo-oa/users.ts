import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import type { Delivery, FakeOaMessage, FakeOaUser } from './types.js';
import type { FakeZaloOaServer } from './server.js';

const msgId = () => randomBytes(16).toString('hex');

/**
 * A Zalo user writing to the OA: each action POSTs a signed event to the bot's webhook, as Zalo
 * does (PLATFORMS.md 3.1). Writing reopens the user's messaging window.
 */
export function createUser(oa: FakeZaloOaServer, id: string, reopen: () => void): FakeOaUser {
  async function deliver(name: string, message?: Record<string, unknown>): Promise<Delivery> {
    reopen();
    const body = oa.event(name, id, message);
    const timestamp = String((JSON.parse(body) as { timestamp: string }).timestamp);
    const d = await oa.post(body, { 'X-ZEvent-Signature': oa.sign(body, timestamp) });
    return { ...d, ...(message?.msg_id ? { msgId: String(message.msg_id) } : {}) };
  }
  const text = (t: string) => deliver('user_send_text', { msg_id: msgId(), text: t });
  return {
    id,
    sendText: text,
    sendCommand: (name, args) => text(args ? `/${name} ${args}` : `/${name}`),
    pressButton(message: FakeOaMessage, which: number | string) {
      const buttons = message.buttons ?? [];
      const b = typeof which === 'number' ? buttons[which] : buttons.find((x) => x.title.includes(which));
      if (!b) throw new Error(`no button ${String(which)} on ${JSON.stringify(message.text)}: ${buttons.map((x) => x.title).join(' | ')}`);
      // oa.query.hide: the payload comes back as a text from the user, hidden in their chat.
      return text(b.payload);
    },
    typePayload: text,
    sendFile(file) {
      const url = oa.serveFile(file.name, file.content);
      return deliver('user_send_file', {
        msg_id: msgId(),
        attachments: [{ type: 'file', payload: { url, name: file.name, size: String(file.content.length), type: extname(file.name).slice(1), checksum: msgId() } }],
      });
    },
    sendImage: () => deliver('user_send_image', { msg_id: msgId(), attachments: [{ type: 'image', payload: { url: 'https://example.invalid/a.jpg', thumbnail: 'https://example.invalid/t.jpg' } }] }),
    sendSticker: () => deliver('user_send_sticker', { msg_id: msgId(), attachments: [{ type: 'sticker', payload: { id: 'abc', url: 'https://example.invalid/s.png' } }] }),
    follow: () => deliver('follow'),
    unfollow: () => deliver('unfollow'),
  };
}
