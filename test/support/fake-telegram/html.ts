// parse_mode HTML as the Bot API server does it (tdlib's parse_html): the plain text the
// user sees plus entities, or Telegram's own error texts. Offsets in errors are UTF-8 byte
// offsets; entity offsets are UTF-16 units (JavaScript string indices), as in Telegram.
import type { Json } from './types.js';

export interface Formatted {
  text: string;
  entities: Json[];
}

/** A "can't parse entities" failure; the message is Telegram's text after that prefix. */
export class ParseError extends Error {}

export const byteOffset = (s: string, i: number): number => Buffer.byteLength(s.slice(0, i));
// tdlib's is_space also counts NUL; the end of the string behaves like a space below.
const isSpace = (c: string | undefined): boolean =>
  c === undefined || c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v' || c === '\0';
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

// ---------------------------------------------------------------- HTML

const HTML_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins',
  'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote',
]);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** `&lt;` `&#123;` `&#x1F600;` (the `;` is optional, as in tdlib). Unknown ones stay literal. */
function decodeEntity(s: string, pos: number): { ch: string; end: number } | null {
  let end = pos + 1;
  let ch: string;
  if (s[end] === '#') {
    end++;
    const hex = s[end] === 'x';
    if (hex) end++;
    const start = end;
    while (end < s.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(s[end] ?? '')) end++;
    const code = parseInt(s.slice(start, end), hex ? 16 : 10);
    if (!(code > 0) || code >= 0x10ffff || end - pos >= 10) return null;
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new ParseError(
        'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
      );
    }
    ch = String.fromCodePoint(code);
  } else {
    while (end < s.length && /[A-Za-z]/.test(s[end] ?? '')) end++;
    const named = NAMED_ENTITIES[s.slice(pos + 1, end)];
    if (named === undefined) return null;
    ch = named;
  }
  if (s[end] === ';') end++;
  return { ch, end };
}

const SIMPLE_HTML: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
};

export function parseHtml(s: string): Formatted {
  let out = '';
  const entities: Json[] = [];
  const open: { tag: string; arg: string; offset: number; expandable: boolean }[] = [];
  let i = 0;
  const fail = (msg: string): never => {
    throw new ParseError(msg);
  };
  const skipSpaces = (): void => {
    while (i < s.length && isSpace(s[i])) i++;
  };
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '&') {
      const d = decodeEntity(s, i);
      if (d) {
        out += d.ch;
        i = d.end;
        continue;
      }
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    const at = (): number => byteOffset(s, begin);
    i++;
    if (s[i] !== '/') {
      while (!isSpace(s[i]) && s[i] !== '>') i++;
      if (i >= s.length) fail(`Unclosed start tag at byte offset ${at()}`);
      const tag = s.slice(begin + 1, i).toLowerCase();
      if (!HTML_TAGS.has(tag)) fail(`Unsupported start tag "${tag}" at byte offset ${at()}`);
      let arg = '';
      let expandable = false;
      while (s[i] !== '>') {
        skipSpaces();
        if (s[i] === '>') break;
        const nameStart = i;
        while (!isSpace(s[i]) && s[i] !== '=' && s[i] !== '>') i++;
        const attr = s.slice(nameStart, i).toLowerCase();
        if (attr === '') fail(`Empty attribute name in the tag "${tag}" at byte offset ${at()}`);
        skipSpaces();
        if (tag === 'blockquote' && attr === 'expandable' && s[i] !== '=') {
          expandable = true;
          continue;
        }
        if (s[i] !== '=') fail(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${at()}`);
        i++;
        skipSpaces();
        if (i >= s.length) fail(`Unclosed start tag "${tag}" at byte offset ${at()}`);
        let value = '';
        const q = s[i];
        if (q !== '"' && q !== "'") {
          const tokenStart = i;
          while (isAlnum(s[i]) || s[i] === '.' || s[i] === '-') i++;
          value = s.slice(tokenStart, i).toLowerCase();
          if (i < s.length && !isSpace(s[i]) && s[i] !== '>') {
            fail(`Unexpected end of name token at byte offset ${byteOffset(s, tokenStart)}`);
          }
        } else {
          i++;
          while (i < s.length && s[i] !== q) {
            const d = s[i] === '&' ? decodeEntity(s, i) : null;
            if (d) {
              value += d.ch;
              i = d.end;
            } else {
              value += s[i];
              i++;
            }
          }
          if (s[i] === q) i++;
        }
        if (i >= s.length) fail(`Unclosed start tag at byte offset ${at()}`);
        if (tag === 'a' && attr === 'href') arg = value;
        else if (tag === 'code' && attr === 'class' && value.startsWith('language-')) arg = value.slice(9);
        else if (tag === 'span' && attr === 'class' && value.startsWith('tg-')) arg = value.slice(3);
        else if (tag === 'tg-emoji' && attr === 'emoji-id') arg = value;
      }
      if (tag === 'span' && arg !== 'spoiler') fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at()}`);
      open.push({ tag, arg, offset: out.length, expandable });
    } else {
      if (open.length === 0) fail(`Unexpected end tag at byte offset ${at()}`);
      while (!isSpace(s[i]) && s[i] !== '>') i++;
      const endTag = s.slice(begin + 2, i).toLowerCase();
      skipSpaces();
      if (s[i] !== '>') fail(`Unclosed end tag at byte offset ${at()}`);
      const top = open.pop() as (typeof open)[number];
      if (endTag !== '' && endTag !== top.tag) {
        fail(`Unmatched end tag at byte offset ${at()}, expected "</${top.tag}>", found "</${endTag}>"`);
      }
      const length = out.length - top.offset;
      if (length > 0) {
        const base = { offset: top.offset, length };
        const simple = SIMPLE_HTML[top.tag];
        if (simple) entities.push({ type: simple, ...base });
        else if (top.tag === 'a') {
          const url = top.arg || out.slice(top.offset);
          if (/^(https?|tg|ftp):\/\//i.test(url) || /^[\w-]+(\.[\w-]+)+/.test(url)) entities.push({ type: 'text_link', ...base, url });
        } else if (top.tag === 'code') entities.push({ type: 'code', ...base, ...(top.arg ? { language: top.arg } : {}) });
        else if (top.tag === 'pre') {
          // <pre><code class="language-x"> becomes one pre entity with that language
          const inner = entities.at(-1);
          const merge = inner?.type === 'code' && inner.offset === base.offset && inner.length === length;
          if (merge) entities.pop();
          const language = top.arg || (merge ? inner?.language : undefined);
          entities.push({ type: 'pre', ...base, ...(language ? { language } : {}) });
        }
        else if (top.tag === 'blockquote') entities.push({ type: top.expandable ? 'expandable_blockquote' : 'blockquote', ...base });
        else if (top.tag === 'tg-emoji') entities.push({ type: 'custom_emoji', ...base, custom_emoji_id: top.arg });
      }
    }
    i++;
  }
  const last = open.at(-1);
  if (last) fail(`Can't find end tag corresponding to start tag "${last.tag}"`);
  return { text: out, entities };
}
