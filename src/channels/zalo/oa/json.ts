/**
 * Zalo ids are 18–19-digit numbers (PLATFORMS.md 3.1). They usually arrive as JSON strings, but
 * a bare number above 2^53 would lose digits in JSON.parse, so integers of 16 digits or more
 * are quoted before parsing: ids reach the bot as strings, never through a JS number.
 */
export function parseJsonLossless(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text));
}

const BIG = 16;

function quoteBigIntegers(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      i++;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const literal = text.slice(i, j);
      out += /^-?\d+$/.test(literal) && literal.replace('-', '').length >= BIG ? `"${literal}"` : literal;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
