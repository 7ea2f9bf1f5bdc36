import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTION_PAYLOAD_LIMIT_BYTES, decodeAction, encodeAction } from '../../src/core/actions.js';
import { createI18n, raw } from '../../src/core/i18n.js';
import { escapeHtml, splitMessage, stripMarkup, visibleLength } from '../../src/core/markup.js';

/** True when a part holds a piece of a tag or entity: with whole ones removed, no `<`, `>` or `&` may remain. */
const brokenMarkup = (part: string) =>
  /[<>&]/.test(part.replace(/<\/?(?:b|i)>|<a href="[^"]*">|<\/a>|&(?:amp|lt|gt|quot);/g, ''));

/** Opening and closing tags pair up within the part (Telegram refuses a part with an unclosed <b>). */
function balanced(part: string): boolean {
  const stack: string[] = [];
  for (const m of part.matchAll(/<(\/?)(b|i|a)\b[^>]*>/g)) {
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe('escapeHtml and stripMarkup', () => {
  it('when user text carries markup characters, then escapeHtml makes them inert', () => {
    expect(escapeHtml('<script>alert("x")</script> & co')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(escapeHtml('Nguyễn Văn An')).toBe('Nguyễn Văn An');
  });

  it('when escaped text is stripped for a plain channel, then the user sees exactly what they typed', () => {
    for (const s of ['a < b && c > d', '"quoted" &amp; already escaped', '&lt;b&gt;', 'Phó Trưởng ban <Sở KH&CN>']) {
      expect(stripMarkup(escapeHtml(s))).toBe(s);
    }
  });

  it('when a message has tags and links, then stripMarkup drops the tags and keeps the link target readable', () => {
    expect(stripMarkup('<b>Họp</b> lúc <i>14h00</i>')).toBe('Họp lúc 14h00');
    expect(stripMarkup('Xem <a href="https://x.vn/a?b=1&amp;c=2">tài liệu</a>')).toBe('Xem tài liệu (https://x.vn/a?b=1&c=2)');
    expect(stripMarkup('<a href="https://x.vn">https://x.vn</a>')).toBe('https://x.vn');
  });

  it('when the visible length is measured, then tags do not count and entities count as one character', () => {
    expect(visibleLength('<b>ab</b>&amp;<i>c</i>&lt;')).toBe(5);
    expect(visibleLength('<a href="https://a.very.long/url/that/is/not/shown">x</a>')).toBeLessThan(10);
  });
});

describe('splitMessage', () => {
  const LIMIT = 4096;
  const paragraphs = Array.from({ length: 60 }, (_, i) => `Đoạn ${i + 1}: ` + 'nội dung cuộc họp '.repeat(8 + (i % 7) * 3).trim());
  const text = paragraphs.join('\n\n').slice(0, 10_000).replace(/\s+\S*$/, '');
  const paras = text.split('\n\n');

  it('when a text fits, then it is one part, unchanged', () => {
    expect(splitMessage('ngắn', LIMIT)).toEqual(['ngắn']);
  });

  it('when a 10 000-character text with paragraphs is split, then every part fits, none is empty, and it breaks only between paragraphs', () => {
    expect(text.length).toBeGreaterThan(9_900);
    const parts = splitMessage(text, LIMIT);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) {
      expect(visibleLength(p)).toBeLessThanOrEqual(LIMIT);
      expect(p.trim()).not.toBe('');
    }
    // Whole paragraphs only, in order: splitting each part into paragraphs gives the originals back.
    expect(parts.flatMap((p) => p.split('\n\n'))).toEqual(paras);
    expect(parts.join('\n\n')).toBe(text);
  });

  it('when a single word is longer than the limit, then it is cut into pieces that fit and keep every character', () => {
    const word = 'x'.repeat(10_000);
    const parts = splitMessage(word, LIMIT);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(LIMIT);
    expect(parts.join('')).toBe(word);
  });

  it('when a long line of tagged words is split, then no tag is cut and every part closes what it opens', () => {
    const line = Array.from({ length: 400 }, (_, i) => (i % 2 ? `<b>từ${i}</b>` : `<i>w&amp;${i}</i>`)).join(' ');
    const parts = splitMessage(line, 100);
    expect(parts.length).toBeGreaterThan(10);
    for (const p of parts) {
      expect(visibleLength(p)).toBeLessThanOrEqual(100);
      expect(brokenMarkup(p), p).toBe(false);
      expect(balanced(p), p).toBe(true);
    }
    // Word breaks keep the space at the end of the part, so nothing is lost.
    expect(parts.join('')).toBe(line);
  });

  it('when a huge word carries a tag or an entity, then the cut never falls inside the tag or entity and every part stays well-formed', () => {
    // 29 characters then a tag: a cut every 30 raw characters lands inside "<b>".
    const word = `${'x'.repeat(29)}<b>${'y'.repeat(60)}</b>${'ab&amp;'.repeat(12)}`;
    const parts = splitMessage(word, 30);
    for (const p of parts) {
      expect(visibleLength(p)).toBeLessThanOrEqual(30);
      expect(brokenMarkup(p), `part "${p}"`).toBe(false);
      expect(balanced(p), `part "${p}"`).toBe(true);
    }
    expect(stripMarkup(parts.join(''))).toBe(stripMarkup(word));
  });

  it('when a huge word holds emoji, then no emoji is cut in half', () => {
    const word = `a${'😀'.repeat(40)}`;
    const parts = splitMessage(word, 30);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(30);
      // A lone surrogate at either end means a character was split between two messages.
      expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(p), JSON.stringify(p)).toBe(false);
    }
    expect(parts.join('')).toBe(word);
  });
});

describe('button payloads', () => {
  it('when a payload is encoded, then it is verb and ids joined by colons', () => {
    expect(encodeAction('approve', 42)).toBe('approve:42');
    expect(encodeAction('lang', 'en')).toBe('lang:en');
    expect(decodeAction('approve:42:r-1')).toEqual({ verb: 'approve', args: ['42', 'r-1'] });
  });

  it('when a payload is exactly 64 bytes, then it is accepted; at 65 bytes it is refused', () => {
    const ok = encodeAction('v', 'x'.repeat(ACTION_PAYLOAD_LIMIT_BYTES - 2));
    expect(Buffer.byteLength(ok)).toBe(64);
    expect(decodeAction(ok)?.verb).toBe('v');
    expect(() => encodeAction('v', 'x'.repeat(ACTION_PAYLOAD_LIMIT_BYTES - 1))).toThrow(/64 bytes/);
  });

  it('when a part holds an unsafe character, then encodeAction refuses it', () => {
    for (const bad of ['a:b', 'has space', 'Duyệt', '', '<x>', 'a/b', '{"id":1}']) {
      expect(() => encodeAction('verb', bad), JSON.stringify(bad)).toThrow();
    }
    expect(() => encodeAction('từ_chối', 1)).toThrow();
  });

  it('when callback data is junk, forged, over-long or carries diacritics, then decodeAction returns undefined', () => {
    const junk = [
      '',
      ':',
      'approve:',
      ':42',
      'approve::42',
      'approve 42',
      '{"verb":"approve","decision":"yes"}',
      'approve:42;DROP TABLE outbox',
      'approve:42\n',
      `approve:${'1'.repeat(64)}`,
      'duyệt:42',
      'approve:Từ chối',
      '\u0000',
    ];
    for (const p of junk) expect(decodeAction(p), JSON.stringify(p)).toBeUndefined();
  });
});

describe('i18n t()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'i18n-'));
  writeFileSync(join(dir, 'vi.json'), JSON.stringify({ 'x.hello': 'Chào <b>{name}</b>', 'x.only_vi': 'Chỉ tiếng Việt', 'x.two': '{a} và {b}', 'x.proto': 'a {constructor} b' }));
  writeFileSync(join(dir, 'en.json'), JSON.stringify({ 'x.hello': 'Hello <b>{name}</b>', 'x.two': '{a} and {b}' }));
  const i18n = createI18n(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when a param carries markup, then t escapes it', () => {
    expect(i18n.t('vi')('x.hello', { name: '<script>alert(1)</script>' })).toBe('Chào <b>&lt;script&gt;alert(1)&lt;/script&gt;</b>');
  });

  it('when a param is wrapped in raw(), then t keeps it as markup', () => {
    expect(i18n.t('en')('x.hello', { name: raw('<i>An</i>') })).toBe('Hello <b><i>An</i></b>');
  });

  it('when params are missing, null, numbers or repeated calls, then each placeholder is filled as written or left as it was', () => {
    const t = i18n.t('vi');
    expect(t('x.two', { a: 1 })).toBe('1 và {b}');
    expect(t('x.two', { a: null, b: undefined })).toBe(' và ');
    expect(t('x.two', { a: '{b}', b: 'B' })).toBe('{b} và B'); // a value is never read as a placeholder
    expect(t('x.two')).toBe('{a} và {b}');
    expect(i18n.t('en')('x.two', { a: 'x', b: 'y' })).toBe('x and y');
    expect(t('x.only_vi', { unused: 1 })).toBe('Chỉ tiếng Việt');
    expect(t('x.proto', {})).toBe('a {constructor} b'); // an object's inherited keys are no params
  });

  it('when a key is missing in English, then the Vietnamese text is used; when missing everywhere, the key itself', () => {
    expect(i18n.t('en')('x.only_vi')).toBe('Chỉ tiếng Việt');
    expect(i18n.t('en')('x.nowhere')).toBe('x.nowhere');
  });

  it('when params are numbers, null or absent, then numbers print, null prints empty and absent placeholders stay visible', () => {
    expect(i18n.t('en')('x.two', { a: 3, b: null })).toBe('3 and ');
    expect(i18n.t('en')('x.two', { a: 'A' })).toBe('A and {b}');
  });

  it('when the real catalogue formats user text, then it is escaped there too', () => {
    const t = createI18n().t('vi');
    const out = t('language.bad', { value: '<script>' });
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toContain('<script>');
  });
});
