// Text and keyboard validation shared by the send/edit methods: parse_mode dispatch,
// Telegram's length counting, and reply_markup checks.
import { badRequest } from './errors.js';
import type { Formatted } from './html.js';
import { ParseError, parseHtml } from './html.js';
import { parseMarkdown, parseMarkdownV2 } from './markdown.js';
import type { Json } from './types.js';

export type { Formatted } from './html.js';

/** Leading/trailing whitespace is dropped and entities follow the cut (tdlib fix_formatted_text). */
function trim(f: Formatted): Formatted {
  const lead = f.text.length - f.text.trimStart().length;
  const text = f.text.trim();
  const entities = f.entities
    .map((e) => {
      const start = Math.max(0, e.offset - lead);
      const end = Math.min(text.length, e.offset - lead + e.length);
      return { ...e, offset: start, length: end - start };
    })
    .filter((e) => e.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

/**
 * Applies parse_mode (or explicit entities) the way the Bot API does. Throws ApiError 400
 * "Bad Request: unsupported parse_mode" or "Bad Request: can't parse entities: …".
 */
export function formatText(text: string, parseMode: unknown, entities: unknown): Formatted {
  const mode = typeof parseMode === 'string' ? parseMode.toLowerCase() : '';
  try {
    if (mode === '') return trim({ text, entities: Array.isArray(entities) ? (entities as Json[]) : [] });
    if (mode === 'html') return trim(parseHtml(text));
    if (mode === 'markdownv2') return trim(parseMarkdownV2(text));
    if (mode === 'markdown') return trim(parseMarkdown(text));
  } catch (e) {
    if (e instanceof ParseError) throw badRequest(`can't parse entities: ${e.message}`);
    throw e;
  }
  throw badRequest('unsupported parse_mode');
}

/**
 * Length as Telegram counts it for the 4096/1024 limits. [U] The docs say "characters
 * after entities parsing" without naming the unit; the fake counts UTF-16 code units
 * (JavaScript's .length, the unit of entity offsets), the stricter reading, so a bot
 * that splits on .length stays within the real limit either way.
 */
export const textLength = (s: string): number => s.length;

const BUTTON_ACTIONS = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
];

/**
 * Parses and validates reply_markup. Returns the markup to store on the message, which
 * is undefined unless it is a non-empty inline keyboard (Telegram only echoes those).
 */
export function validateReplyMarkup(raw: unknown): Json | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let markup: unknown = raw;
  if (typeof raw === 'string') {
    try {
      markup = JSON.parse(raw);
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
  }
  if (typeof markup !== 'object' || markup === null || Array.isArray(markup)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const kb = (markup as Json).inline_keyboard;
  if (kb === undefined) return undefined; // reply keyboard / remove_keyboard / force_reply: accepted, not echoed
  if (!Array.isArray(kb) || !kb.every((row) => Array.isArray(row))) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const row of kb as unknown[][]) {
    for (const b of row) {
      if (typeof b !== 'object' || b === null) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      const button = b as Json;
      if (typeof button.text !== 'string') throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
      if (!BUTTON_ACTIONS.some((k) => button[k] !== undefined)) {
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
      if (button.callback_data !== undefined) {
        const bytes = typeof button.callback_data === 'string' ? Buffer.byteLength(button.callback_data) : 0;
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      if (button.url !== undefined && (typeof button.url !== 'string' || !/^(https?|tg):\/\/\S+$/i.test(button.url))) {
        throw badRequest('BUTTON_URL_INVALID');
      }
    }
  }
  return kb.some((row: unknown[]) => row.length > 0) ? (markup as Json) : undefined;
}

/** Stable comparison key for "message is not modified". */
export const markupKey = (m: Json | undefined): string => (m ? JSON.stringify(m.inline_keyboard) : '');
