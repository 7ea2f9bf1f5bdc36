// Message methods: send, edit, delete, callback answers, files, chat actions; and the
// table of every method the fake implements. Validation and error texts follow the real
// Bot API server.
import type { ChatState, FileRecord, StoredMessage } from './core.js';
import type { Handler, MethodEnv } from './env.js';
import { ApiError, badRequest, NOT_MODIFIED, QUERY_TOO_OLD } from './errors.js';
import { bool, int, isUpload, str } from './http.js';
import type { Formatted } from './markup.js';
import { formatText, markupKey, textLength, validateReplyMarkup } from './markup.js';
import { botMethods } from './methods-bot.js';
import type { Json, SentMessage } from './types.js';

const MB = 1024 * 1024;
const now = (): number => Math.floor(Date.now() / 1000);
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice',
  'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);
const MIME: Record<string, string> = {
  pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv', zip: 'application/zip', json: 'application/json',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ics: 'text/calendar', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif',
};
/** Telegram derives mime_type from the file; the fake goes by the extension. */
export const guessMime = (name: string): string =>
  MIME[/\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';

const blockedError = (chat: ChatState): ApiError =>
  chat.id < 0
    ? new ApiError(403, 'Forbidden: bot was kicked from the group chat')
    : new ApiError(403, 'Forbidden: bot was blocked by the user');

function replyTarget(chat: ChatState, p: Json): Json | undefined {
  const params = typeof p.reply_parameters === 'object' && p.reply_parameters ? p.reply_parameters : undefined;
  const id = int(params?.message_id ?? p.reply_to_message_id);
  if (id === undefined) return undefined;
  const target = chat.messages.get(id);
  if (target) return { ...target.message, reply_to_message: undefined };
  if (bool(params?.allow_sending_without_reply ?? p.allow_sending_without_reply)) return undefined;
  throw badRequest('message to be replied not found');
}

/** Stores a message the bot sent and returns it, as the send methods answer. */
function botMessage(env: MethodEnv, chat: ChatState, method: string, p: Json, content: Json, f: Formatted, markup: Json | undefined, hasText: boolean): Json {
  const replyTo = replyTarget(chat, p);
  if (chat.blocked) throw blockedError(chat);
  const entityKey = hasText ? 'entities' : 'caption_entities';
  const message: Json = {
    message_id: chat.nextMessageId++,
    from: env.botFrom,
    chat: chat.chat,
    date: now(),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    ...content,
    ...(hasText ? { text: f.text } : f.text ? { caption: f.text } : {}),
    ...(f.entities.length ? { [entityKey]: f.entities } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  };
  const sent: SentMessage = {
    method,
    chat_id: chat.id,
    message_id: message.message_id,
    date: message.date,
    ...(hasText ? { text: str(p.text) } : p.caption !== undefined ? { caption: str(p.caption) } : {}),
    ...(p.parse_mode !== undefined ? { parse_mode: str(p.parse_mode) } : {}),
    plain: f.text,
    entities: f.entities,
    ...(markup ? { reply_markup: markup } : {}),
    ...(content.document ? { document: content.document } : {}),
    ...(content.photo ? { photo: content.photo } : {}),
    message,
    edits: [],
    deleted: false,
  };
  chat.messages.set(message.message_id, { message, fromBot: true, sent, formatted: f, hasText, markupKey: markupKey(markup) });
  env.core.sentMessages.push(sent);
  return message;
}

function formatChecked(text: string, p: Json, entities: unknown, max: number, tooLong: string): Formatted {
  const f = formatText(text, p.parse_mode, entities);
  if (textLength(f.text) > max) throw badRequest(tooLong);
  return f;
}

function messageText(p: Json): Formatted {
  const text = str(p.text);
  if (text === undefined || text === '') throw badRequest('message text is empty');
  const f = formatChecked(text, p, p.entities, 4096, 'message is too long');
  if (f.text === '') throw badRequest('message text is empty');
  return f;
}

function editable(env: MethodEnv, p: Json): { chat: ChatState; stored: StoredMessage } {
  if (p.inline_message_id !== undefined) throw badRequest('MESSAGE_ID_INVALID'); // inline mode is not faked
  const chat = env.core.chatOrThrow(p.chat_id);
  const id = int(p.message_id);
  if (id === undefined) throw badRequest('message identifier is not specified');
  const stored = chat.messages.get(id);
  if (!stored) throw badRequest('message to edit not found');
  if (!stored.fromBot) throw badRequest("message can't be edited");
  return { chat, stored };
}

function applyEdit(stored: StoredMessage, f: Formatted | undefined, p: Json, markup: Json | undefined, field: 'text' | 'caption' = 'text'): Json {
  const m = stored.message;
  const sent = stored.sent;
  if (sent) sent.edits.push({ at: Date.now(), text: sent.text ?? sent.caption, plain: sent.plain, reply_markup: sent.reply_markup });
  const entitiesKey = field === 'text' ? 'entities' : 'caption_entities';
  if (f) {
    m[field] = f.text;
    if (f.entities.length) m[entitiesKey] = f.entities;
    else delete m[entitiesKey];
    stored.formatted = f;
    if (sent) {
      sent[field] = str(p[field]);
      sent.plain = f.text;
      sent.entities = f.entities;
      if (p.parse_mode !== undefined) sent.parse_mode = str(p.parse_mode);
      else delete sent.parse_mode;
    }
  }
  if (markup) m.reply_markup = markup;
  else delete m.reply_markup;
  if (sent) {
    if (markup) sent.reply_markup = markup;
    else delete sent.reply_markup;
  }
  stored.markupKey = markupKey(markup);
  m.edit_date = now();
  return { ...m };
}

/** A document/photo given as an upload or as a file_id; returns its file record. */
function inputFile(env: MethodEnv, value: unknown, field: string, kind: FileRecord['kind'], maxBytes: number): FileRecord {
  if (value === undefined || value === '') throw badRequest(`there is no ${field} in the request`);
  if (isUpload(value)) {
    if (value.size === 0) throw badRequest('file must be non-empty');
    if (value.size > maxBytes) throw badRequest('file is too big');
    return env.core.registerFile(kind, value.size, {
      file_name: value.filename,
      mime_type: guessMime(value.filename),
      content: value.content,
    });
  }
  const id = str(value) ?? '';
  // The fake makes no outbound requests, so it cannot fetch a URL the way Telegram would.
  if (/^https?:\/\//i.test(id)) throw badRequest('failed to get HTTP URL content');
  const rec = env.core.files.get(id);
  if (!rec) throw badRequest('wrong file identifier/HTTP URL specified');
  if (rec.kind !== kind) throw badRequest(`wrong file identifier/HTTP URL specified`);
  return rec;
}

function caption(p: Json): Formatted {
  return formatChecked(str(p.caption) ?? '', p, p.caption_entities, 1024, 'message caption is too long');
}

const messageMethods: Record<string, Handler> = {

  sendMessage(env, p) {
    const chat = env.core.chatOrThrow(p.chat_id);
    const markup = validateReplyMarkup(p.reply_markup);
    return botMessage(env, chat, 'sendMessage', p, {}, messageText(p), markup, true);
  },

  sendDocument(env, p) {
    const chat = env.core.chatOrThrow(p.chat_id);
    const markup = validateReplyMarkup(p.reply_markup);
    const f = caption(p);
    const rec = inputFile(env, p.document, 'document', 'documents', env.maxUploadBytes);
    const document = {
      file_name: rec.file_name ?? 'document',
      mime_type: rec.mime_type ?? 'application/octet-stream',
      file_id: rec.file_id,
      file_unique_id: rec.file_unique_id,
      file_size: rec.file_size,
    };
    return botMessage(env, chat, 'sendDocument', p, { document }, f, markup, false);
  },

  sendPhoto(env, p) {
    const chat = env.core.chatOrThrow(p.chat_id);
    const markup = validateReplyMarkup(p.reply_markup);
    const f = caption(p);
    const rec = inputFile(env, p.photo, 'photo', 'photos', Math.min(10 * MB, env.maxUploadBytes));
    const photo = [{ file_id: rec.file_id, file_unique_id: rec.file_unique_id, file_size: rec.file_size, width: 800, height: 600 }];
    return botMessage(env, chat, 'sendPhoto', p, { photo }, f, markup, false);
  },

  editMessageText(env, p) {
    const { stored } = editable(env, p);
    const markup = validateReplyMarkup(p.reply_markup);
    const f = messageText(p);
    if (!stored.hasText) throw badRequest('there is no text in the message to edit');
    // Telegram compares text, entities and keyboard; leaving reply_markup out removes the keyboard.
    if (f.text === stored.formatted.text && JSON.stringify(f.entities) === JSON.stringify(stored.formatted.entities) &&
      markupKey(markup) === stored.markupKey) throw NOT_MODIFIED();
    return applyEdit(stored, f, p, markup);
  },

  /** Media messages (a document with its caption) are edited through their caption. */
  editMessageCaption(env, p) {
    const { stored } = editable(env, p);
    const markup = validateReplyMarkup(p.reply_markup);
    if (stored.hasText) throw badRequest('there is no caption in the message to edit');
    const f = caption(p);
    if (f.text === stored.formatted.text && JSON.stringify(f.entities) === JSON.stringify(stored.formatted.entities) &&
      markupKey(markup) === stored.markupKey) throw NOT_MODIFIED();
    return applyEdit(stored, f, p, markup, 'caption');
  },

  editMessageReplyMarkup(env, p) {
    const { stored } = editable(env, p);
    const markup = validateReplyMarkup(p.reply_markup);
    if (markupKey(markup) === stored.markupKey) throw NOT_MODIFIED();
    return applyEdit(stored, undefined, p, markup);
  },

  deleteMessage(env, p) {
    const chat = env.core.chatOrThrow(p.chat_id);
    const id = int(p.message_id);
    if (id === undefined) throw badRequest('message identifier is not specified');
    const stored = chat.messages.get(id);
    if (!stored) throw badRequest('message to delete not found');
    chat.messages.delete(id);
    if (stored.sent) stored.sent.deleted = true;
    return true;
  },

  answerCallbackQuery(env, p) {
    const text = str(p.text) ?? '';
    if (textLength(text) > 200) throw badRequest('MESSAGE_TOO_LONG');
    const id = str(p.callback_query_id) ?? '';
    const q = env.core.callbackQueries.get(id);
    if (!q || q.answered) throw QUERY_TOO_OLD();
    q.answered = true;
    env.core.callbackAnswers.push({
      callback_query_id: id,
      update_id: q.updateId,
      ...(p.text !== undefined ? { text } : {}),
      ...(p.show_alert !== undefined ? { show_alert: bool(p.show_alert) } : {}),
      ...(p.url !== undefined ? { url: str(p.url) } : {}),
      ...(p.cache_time !== undefined ? { cache_time: int(p.cache_time) } : {}),
      at: Date.now(),
    });
    return true;
  },

  getFile(env, p) {
    const rec = env.core.files.get(str(p.file_id) ?? '');
    if (!rec) throw badRequest('invalid file_id');
    if (rec.file_size > 20 * MB) throw badRequest('file is too big'); // getFile serves up to 20 MB
    return { file_id: rec.file_id, file_unique_id: rec.file_unique_id, file_size: rec.file_size, file_path: rec.file_path };
  },

  sendChatAction(env, p) {
    const chat = env.core.chatOrThrow(p.chat_id);
    if (!CHAT_ACTIONS.has(str(p.action) ?? '')) throw badRequest('wrong parameter action in request');
    if (chat.blocked) throw blockedError(chat);
    return true;
  },
};

const all: Record<string, Handler> = { ...botMethods, ...messageMethods };

/** Canonical method names by lower-cased name (the Bot API matches method names case-insensitively). */
export const METHODS = new Map(Object.entries(all).map(([name, h]) => [name.toLowerCase(), { name, handler: h }]));

/** Send methods that count against flood limits. */
export const LIMITED = new Set(['sendMessage', 'sendDocument', 'sendPhoto']);
