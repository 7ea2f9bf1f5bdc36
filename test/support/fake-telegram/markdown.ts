// parse_mode MarkdownV2 and legacy Markdown as the Bot API server does them (tdlib's
// parse_markdown_v2 / parse_markdown), with Telegram's error texts. Simplified where only
// rare edge cases differ; the reserved-character and unclosed-entity errors are exact.
import type { Formatted } from './html.js';
import { ParseError, byteOffset } from './html.js';
import type { Json } from './types.js';

// ---------------------------------------------------------------- MarkdownV2

const MDV2_RESERVED = '_*[]()~`>#+-=|{}.!';
const MDV2_NAMES: Record<string, string> = {
  '*': 'Bold', _: 'Italic', __: 'Underline', '~': 'Strikethrough', '||': 'Spoiler',
  '`': 'Code', '```': 'Pre', '[': 'TextUrl', '![': 'CustomEmoji',
};
const MDV2_TYPES: Record<string, string> = {
  '*': 'bold', _: 'italic', __: 'underline', '~': 'strikethrough', '||': 'spoiler',
};

export function parseMarkdownV2(s: string): Formatted {
  let out = '';
  const entities: Json[] = [];
  const open: { marker: string; offset: number; at: number; language?: string }[] = [];
  let quote: { offset: number } | null = null;
  let i = 0;
  const top = () => open.at(-1);
  while (i < s.length) {
    const c = s[i] as string;
    const code = top()?.marker === '`' || top()?.marker === '```';
    const lineStart = i === 0 || s[i - 1] === '\n';
    if (lineStart && !code) {
      if (c === '>') {
        if (!quote) quote = { offset: out.length };
        i++;
        continue;
      }
      if (quote) {
        entities.push({ type: 'blockquote', offset: quote.offset, length: out.length - quote.offset });
        quote = null;
      }
    }
    if (c === '\\' && i + 1 < s.length && (s.charCodeAt(i + 1) ?? 0) > 0 && s.charCodeAt(i + 1) < 127) {
      out += s[i + 1];
      i += 2;
      continue;
    }
    if (code && c !== '`') {
      out += c;
      i++;
      continue;
    }
    if (!MDV2_RESERVED.includes(c)) {
      out += c;
      i++;
      continue;
    }
    // Closing the innermost entity?
    const t = top();
    const two = s.slice(i, i + 2);
    const three = s.slice(i, i + 3);
    if (t) {
      let close = 0;
      if (t.marker === '```' && three === '```') close = 3;
      else if (t.marker === '`' && c === '`') close = 1;
      else if (t.marker === '__' && two === '__') close = 2;
      else if (t.marker === '||' && two === '||') close = 2;
      else if (t.marker === '_' && c === '_' && two !== '__') close = 1;
      else if ((t.marker === '*' || t.marker === '~') && c === t.marker) close = 1;
      else if ((t.marker === '[' || t.marker === '![') && c === ']') close = 1;
      if (close) {
        open.pop();
        i += close;
        const length = out.length - t.offset;
        if (t.marker === '[' || t.marker === '![') {
          let url = out.slice(t.offset);
          if (s[i] === '(') {
            const end = s.indexOf(')', i);
            let j = i + 1;
            url = '';
            while (j < s.length && s[j] !== ')') {
              if (s[j] === '\\' && j + 1 < s.length) j++;
              url += s[j];
              j++;
            }
            if (end < 0 || j >= s.length) throw new ParseError(`Can't find end of a URL at byte offset ${byteOffset(s, i + 1)}`);
            i = j + 1;
          }
          if (length > 0) {
            entities.push(
              t.marker === '['
                ? { type: 'text_link', offset: t.offset, length, url }
                : { type: 'custom_emoji', offset: t.offset, length, custom_emoji_id: url.replace(/^tg:\/\/emoji\?id=/, '') },
            );
          }
        } else if (length > 0) {
          if (t.marker === '`') entities.push({ type: 'code', offset: t.offset, length });
          else if (t.marker === '```') entities.push({ type: 'pre', offset: t.offset, length, ...(t.language ? { language: t.language } : {}) });
          else entities.push({ type: MDV2_TYPES[t.marker], offset: t.offset, length });
        }
        continue;
      }
    }
    // Opening an entity.
    let marker: string | undefined;
    if (three === '```') marker = '```';
    else if (two === '__' || two === '||' || two === '![') marker = two;
    else if ('*_~`['.includes(c)) marker = c;
    if (!marker) throw new ParseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    const entry: (typeof open)[number] = { marker, offset: out.length, at: byteOffset(s, i) };
    i += marker.length;
    if (marker === '```') {
      // A word right after ``` followed by whitespace is the language; one newline after it is dropped.
      let j = i;
      while (j < s.length && !/\s/.test(s[j] ?? '')) j++;
      if (j < s.length && j > i) {
        entry.language = s.slice(i, j);
        i = j;
      }
      if (s[i] === '\r' || s[i] === '\n') i += s[i + 1] !== s[i] && (s[i + 1] === '\r' || s[i + 1] === '\n') ? 2 : 1;
    }
    open.push(entry);
  }
  const t = top();
  if (t) {
    const kind = t.marker === '```' && t.language ? 'PreCode' : MDV2_NAMES[t.marker];
    throw new ParseError(`Can't find end of ${kind} entity at byte offset ${t.at}`);
  }
  if (quote) entities.push({ type: 'blockquote', offset: quote.offset, length: out.length - quote.offset });
  return { text: out, entities: entities.filter((e) => e.length > 0) };
}

// ---------------------------------------------------------------- legacy Markdown

export function parseMarkdown(s: string): Formatted {
  let out = '';
  const entities: Json[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\' && '_*`['.includes(s[i + 1] ?? '')) {
      out += s[i + 1];
      i += 2;
      continue;
    }
    if (!'_*`['.includes(c)) {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    const endMarker = c === '[' ? ']' : s.startsWith('```', i) ? '```' : c;
    i += endMarker === '```' ? 3 : 1;
    const end = s.indexOf(endMarker, i);
    if (end < 0) throw new ParseError(`Can't find end of the entity starting at byte offset ${byteOffset(s, begin)}`);
    const inner = s.slice(i, end);
    const offset = out.length;
    i = end + endMarker.length;
    if (c === '[') {
      const m = /^\(([^)]*)\)/.exec(s.slice(i));
      out += inner;
      if (m) {
        i += m[0].length;
        if (inner) entities.push({ type: 'text_link', offset, length: inner.length, url: m[1] });
      }
      continue;
    }
    out += inner;
    const type = endMarker === '```' ? 'pre' : c === '`' ? 'code' : c === '*' ? 'bold' : 'italic';
    if (inner) entities.push({ type, offset, length: inner.length });
  }
  return { text: out, entities };
}
