// Simulated Telegram users and groups: they build updates the way Telegram does and
// queue them on the fake server.
import { randomBytes } from 'node:crypto';
import type { ChatState, Core } from './core.js';
import type { DocumentSpec, FakeGroup, FakeUser, Json, SentMessage, UserOptions } from './types.js';

const now = (): number => Math.floor(Date.now() / 1000);

/** bot_command entities for every `/command` at the start or after whitespace, like Telegram. */
export function commandEntities(text: string): Json[] {
  const out: Json[] = [];
  for (const m of text.matchAll(/(?<=^|\s)\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?=$|[^A-Za-z0-9_@])/g)) {
    out.push({ type: 'bot_command', offset: m.index, length: m[0].length });
  }
  return out;
}

/** Stores an incoming message in the chat and queues it as a `message` update. */
function incoming(core: Core, chat: ChatState, from: Json, content: Json): number {
  const message: Json = { message_id: chat.nextMessageId++, from, chat: chat.chat, date: now(), ...content };
  const hasText = typeof content.text === 'string';
  chat.messages.set(message.message_id, {
    message,
    fromBot: false,
    formatted: { text: content.text ?? content.caption ?? '', entities: content.entities ?? [] },
    hasText,
    markupKey: '',
  });
  if (hasText) chat.lastTextByUser.set(from.id, message);
  return core.pushUpdate({ message: { ...message } }); // later edits must not rewrite the queued update
}

const textContent = (text: string): Json => {
  const entities = commandEntities(text);
  return { text, ...(entities.length ? { entities } : {}) };
};
const commandText = (cmd: string, args?: string): string =>
  `/${cmd.replace(/^\//, '')}${args !== undefined && args !== '' ? ` ${args}` : ''}`;

export class FakeUserImpl implements FakeUser {
  readonly from: Json;
  readonly chat: ChatState;
  private readonly chatInstance = randomBytes(8).readBigInt64BE().toString();

  constructor(
    private readonly core: Core,
    private readonly botUser: Json,
    readonly id: number,
    opts: UserOptions = {},
  ) {
    this.from = {
      id,
      is_bot: false,
      first_name: opts.firstName ?? `User ${id}`,
      ...(opts.lastName ? { last_name: opts.lastName } : {}),
      ...(opts.username ? { username: opts.username } : {}),
      ...(opts.languageCode ? { language_code: opts.languageCode } : {}),
    };
    this.chat = core.ensureChat(id, {
      id,
      first_name: this.from.first_name,
      ...(opts.lastName ? { last_name: opts.lastName } : {}),
      ...(opts.username ? { username: opts.username } : {}),
      type: 'private',
    });
  }

  sendText(text: string): number {
    return incoming(this.core, this.chat, this.from, textContent(text));
  }

  sendCommand(cmd: string, args?: string): number {
    return this.sendText(commandText(cmd, args));
  }

  press(message: SentMessage, data: string): number {
    const updateId = this.core.reserveUpdateId();
    const callback_query = {
      id: this.core.newCallbackQueryId(updateId),
      from: this.from,
      message: { ...message.message },
      chat_instance: this.chatInstance,
      data,
    };
    return this.core.pushUpdate({ update_id: updateId, callback_query });
  }

  sendSticker(): number {
    const rec = this.core.registerFile('stickers', 2048, { ext: 'webp' });
    const sticker = {
      file_id: rec.file_id, file_unique_id: rec.file_unique_id, file_size: rec.file_size,
      type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍',
    };
    return incoming(this.core, this.chat, this.from, { sticker });
  }

  sendPhoto(): number {
    const small = this.core.registerFile('photos', 1200, { ext: 'jpg' });
    const large = this.core.registerFile('photos', 48_000, { ext: 'jpg' });
    const size = (r: typeof small, w: number, h: number): Json => ({
      file_id: r.file_id, file_unique_id: r.file_unique_id, file_size: r.file_size, width: w, height: h,
    });
    return incoming(this.core, this.chat, this.from, { photo: [size(small, 90, 67), size(large, 1280, 960)] });
  }

  sendDocument(file: DocumentSpec): number {
    const rec = this.core.registerFile('documents', file.content?.length ?? file.size, {
      file_name: file.name,
      mime_type: file.mime,
      ...(file.content ? { content: file.content } : {}),
    });
    const document = {
      file_name: file.name, mime_type: file.mime, file_id: rec.file_id, file_unique_id: rec.file_unique_id, file_size: rec.file_size,
    };
    return incoming(this.core, this.chat, this.from, { document });
  }

  editLastText(newText: string): number {
    const last = this.chat.lastTextByUser.get(this.id);
    if (!last) throw new Error(`fake-telegram: user ${this.id} has sent no text to edit`);
    const { entities: _old, ...rest } = last;
    const edited: Json = { ...rest, ...textContent(newText), edit_date: now() };
    this.chat.lastTextByUser.set(this.id, edited);
    const stored = this.chat.messages.get(edited.message_id);
    if (stored) {
      stored.message = edited;
      stored.formatted = { text: newText, entities: edited.entities ?? [] };
    }
    return this.core.pushUpdate({ edited_message: { ...edited } });
  }

  private memberUpdate(oldStatus: string, newStatus: string): number {
    return this.core.pushUpdate({
      my_chat_member: {
        chat: this.chat.chat,
        from: this.from,
        date: now(),
        old_chat_member: { user: this.botUser, status: oldStatus },
        new_chat_member: { user: this.botUser, status: newStatus, ...(newStatus === 'kicked' ? { until_date: 0 } : {}) },
      },
    });
  }

  blockBot(): number {
    this.chat.blocked = true;
    return this.memberUpdate('member', 'kicked');
  }

  unblockBot(): number {
    this.chat.blocked = false;
    return this.memberUpdate('kicked', 'member');
  }
}

export class FakeGroupImpl implements FakeGroup {
  readonly chat: Json;
  private readonly state: ChatState;

  constructor(
    private readonly core: Core,
    readonly id: number,
    opts: { title?: string; supergroup?: boolean } = {},
  ) {
    if (id >= 0) throw new Error('fake-telegram: group ids are negative');
    this.chat = { id, title: opts.title ?? `Group ${-id}`, type: opts.supergroup ? 'supergroup' : 'group' };
    this.state = core.ensureChat(id, this.chat);
  }

  sendText(from: FakeUser, text: string): number {
    return incoming(this.core, this.state, from.from, textContent(text));
  }

  sendCommand(from: FakeUser, cmd: string, args?: string): number {
    return this.sendText(from, commandText(cmd, args));
  }
}
