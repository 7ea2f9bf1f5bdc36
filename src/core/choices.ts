import { getChatState, setChatState } from '../../db/queries/chat-state.js';
import type { Db } from '../../db/client.js';
import type { Button, ButtonTokens, OutgoingMessage } from './channel.js';
import { randomToken } from './random.js';

/**
 * Numbered choices for channels without buttons (console, Zalo Bot Platform): a card's buttons
 * become "1 – Duyệt" lines and the reply "1" presses the first. Numbers continue across the cards
 * still open in a chat, so a reply to an older card is not taken for a newer one.
 */
export const CHOICES_TTL_MS = 3 * 86_400_000;
const KIND = 'choices';

interface Stored {
  choices: { n: number; action: string }[];
}

export function renderAsChoices(db: Db, address: string, message: OutgoingMessage, now: number): OutgoingMessage {
  const buttons: Button[] = (message.buttons ?? []).flat();
  if (buttons.length === 0) return message;
  const stored = getChatState<Stored>(db, address, KIND, now) ?? { choices: [] };
  let next = stored.choices.reduce((max, c) => Math.max(max, c.n), 0) + 1;
  const lines: string[] = [];
  for (const b of buttons) {
    stored.choices.push({ n: next, action: b.action });
    lines.push(`${next} – ${b.label}`);
    next++;
  }
  setChatState(db, address, KIND, stored, now + CHOICES_TTL_MS);
  const { buttons: _dropped, ...rest } = message;
  return { ...rest, text: `${message.text}\n\n${lines.join('\n')}` };
}

/** The action a numeric reply stands for, if that number is open in this chat. */
export function resolveChoice(db: Db, address: string, text: string, now: number): string | undefined {
  const m = /^\s*(\d{1,4})\s*$/.exec(text);
  if (!m) return undefined;
  const stored = getChatState<Stored>(db, address, KIND, now);
  return stored?.choices.find((c) => c.n === Number(m[1]))?.action;
}

const TOKEN_KIND = 'button-tokens';
const TOKEN_TTL_MS = 14 * 86_400_000;

interface StoredTokens {
  tokens: Record<string, string>;
}

/** Button tokens kept per chat in SQLite (see ButtonTokens in channel.ts). */
export function createButtonTokens(db: Db, clock: { now(): number }): ButtonTokens {
  return {
    issue(address, action) {
      const now = clock.now();
      const stored = getChatState<StoredTokens>(db, address, TOKEN_KIND, now) ?? { tokens: {} };
      const token = randomToken(9);
      stored.tokens[token] = action;
      // Keep the newest few hundred: a chat never needs more open buttons than that.
      const entries = Object.entries(stored.tokens).slice(-300);
      setChatState(db, address, TOKEN_KIND, { tokens: Object.fromEntries(entries) }, now + TOKEN_TTL_MS);
      return token;
    },
    redeem(address, token) {
      const stored = getChatState<StoredTokens>(db, address, TOKEN_KIND, clock.now());
      return stored?.tokens[token];
    },
  };
}
