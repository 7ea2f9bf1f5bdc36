/**
 * The core's message text is "HTML-lite" (see OutgoingMessage). These helpers escape user
 * values into it, turn it into plain text for channels without markup, and split long texts.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);
}

export function stripMarkup(html: string): string {
  return html
    .replace(/<a href="([^"]*)">([^<]*)<\/a>/g, (_m, href: string, label: string) =>
      label === href ? label : `${label} (${href})`,
    )
    .replace(/<\/?(b|i|u|s|code)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Length of what the reader sees (tags and entities counted as their rendered text). */
export function visibleLength(html: string): number {
  return stripMarkup(html.replace(/<a href="[^"]*">/g, '<a href="">')).length;
}

/**
 * Splits on paragraph, then line, then word boundaries so each part stays within `max` visible
 * characters. Never cuts inside a tag: templates keep every tag within one line.
 */
export function splitMessage(text: string, max: number): string[] {
  if (visibleLength(text) <= max) return [text];
  const parts: string[] = [];
  let current = '';
  const push = () => {
    if (current.trim()) parts.push(current.replace(/\n+$/, ''));
    current = '';
  };
  for (const piece of tokens(text, max)) {
    if (visibleLength(current + piece) > max) push();
    current += piece;
  }
  push();
  return parts;
}

function tokens(text: string, max: number): string[] {
  const out: string[] = [];
  for (const para of text.split(/(?<=\n\n)/)) {
    if (visibleLength(para) <= max) {
      out.push(para);
      continue;
    }
    for (const line of para.split(/(?<=\n)/)) {
      if (visibleLength(line) <= max) {
        out.push(line);
        continue;
      }
      for (const word of line.split(/(?<= )/)) {
        if (visibleLength(word) <= max) out.push(word);
        else out.push(...cutWord(word, max));
      }
    }
  }
  return out;
}

/** Tags, entities and whole code points: the pieces a cut may fall between. */
const ATOMS = /<\/?[a-z]+(?: [^>]*)?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|[\s\S]/giu;

/**
 * Cuts one over-long word into parts of at most `max` visible characters (UTF-16 units, as
 * Telegram counts). A cut never falls inside a tag, an entity or a surrogate pair, and tags open
 * at a cut are closed at the end of the part and reopened at the start of the next.
 */
function cutWord(word: string, max: number): string[] {
  const parts: string[] = [];
  const open: string[] = [];
  let current = '';
  let length = 0;
  for (const atom of word.match(ATOMS) ?? []) {
    if (atom.startsWith('<') && atom.length > 1) {
      if (atom.startsWith('</')) open.pop();
      else open.push(atom);
      current += atom;
      continue;
    }
    const width = atom.startsWith('&') && atom.length > 1 ? 1 : atom.length;
    if (length + width > max && length > 0) {
      parts.push(current + closing(open));
      current = open.join('');
      length = 0;
    }
    current += atom;
    length += width;
  }
  if (current) parts.push(current);
  return parts;
}

function closing(open: string[]): string {
  return [...open]
    .reverse()
    .map((tag) => `</${/^<([a-z]+)/i.exec(tag)![1]}>`)
    .join('');
}
