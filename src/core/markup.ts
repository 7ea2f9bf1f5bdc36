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
        else for (let i = 0; i < word.length; i += max) out.push(word.slice(i, i + max));
      }
    }
  }
  return out;
}
