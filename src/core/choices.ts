import { getChatState, setChatState } from '../../db/queries/chat-state.js';
import type { Db } from '../../db/client.js';
import type { Button, ButtonTokens, OutgoingMessage } from './channel.js';
import { randomToken } from './random.js';

/**
 * Numbered choices for channels without buttons (console, Zalo Bot Platform): a card's buttons
 * become "1 – Duyệt" lines and the reply "1" presses the first.
 *
 * Each card keeps its own numbers. A card is open until one of its choices is used, or for
 * CHOICES_TTL_MS. A new card takes the lowest run of numbers no open card holds, so numbers start
 * at 1 again when nothing is open, and a reply to an older open card is never taken for a newer
 * one. A used card's numbers are free for the next card; until one takes them, a reply with one
 * still reaches the used card, whose handler answers it (a decided request says who decided: every
 * decision is compare-and-set, so a second press changes nothing).
 */
export const CHOICES_TTL_MS = 3 * 86_400_000;
/** Cards remembered per chat; past it the oldest used ones go first, then the oldest open ones. */
export const CHOICES_MAX_CARDS = 20;
const KIND = 'choices';

interface Choice {
  n: number;
  action: string;
}

/** One card's choices; `used` once one of them was pressed. */
interface Card {
  at: number;
  used: boolean;
  choices: Choice[];
}

interface Stored {
  cards: Card[];
}

/** The chat's cards still within their time; a list stored before cards existed reads as one card. */
function load(db: Db, address: string, now: number): Stored {
  const data = getChatState<Partial<Stored> & { choices?: Choice[] }>(db, address, KIND, now);
  if (Array.isArray(data?.cards)) return { cards: data.cards.filter((c) => c.at + CHOICES_TTL_MS > now) };
  if (Array.isArray(data?.choices) && data.choices.length) return { cards: [{ at: now, used: false, choices: data.choices }] };
  return { cards: [] };
}

function save(db: Db, address: string, stored: Stored): void {
  const newest = Math.max(...stored.cards.map((c) => c.at));
  setChatState(db, address, KIND, stored, newest + CHOICES_TTL_MS);
}

/** The lowest `count` consecutive numbers that no number in `taken` falls among. */
function firstFreeRun(taken: Set<number>, count: number): number {
  let start = 1;
  for (let n = 1; n < start + count; n++) if (taken.has(n)) start = n + 1;
  return start;
}

export function renderAsChoices(db: Db, address: string, message: OutgoingMessage, now: number): OutgoingMessage {
  const buttons: Button[] = (message.buttons ?? []).flat();
  if (buttons.length === 0) return message;
  const stored = load(db, address, now);
  const open = stored.cards.filter((c) => !c.used);
  // The same buttons again (a resent copy, a second /language): the same numbers, as they do the same.
  const same = (c: Card) => c.choices.length === buttons.length && c.choices.every((ch, i) => ch.action === buttons[i]!.action);
  let card = open.find(same);
  if (card) {
    card.at = now;
  } else {
    const start = firstFreeRun(new Set(open.flatMap((c) => c.choices.map((ch) => ch.n))), buttons.length);
    const end = start + buttons.length;
    // A used card gives up the numbers the new card takes.
    for (const c of stored.cards) if (c.used) c.choices = c.choices.filter((ch) => ch.n < start || ch.n >= end);
    card = { at: now, used: false, choices: buttons.map((b, i) => ({ n: start + i, action: b.action })) };
    stored.cards = stored.cards.filter((c) => c.choices.length > 0);
    stored.cards.push(card);
  }
  while (stored.cards.length > CHOICES_MAX_CARDS) {
    const oldestUsed = stored.cards.findIndex((c) => c.used);
    stored.cards.splice(oldestUsed >= 0 ? oldestUsed : 0, 1);
  }
  save(db, address, stored);
  const lines = card.choices.map((ch, i) => `${ch.n} – ${buttons[i]!.label}`);
  const { buttons: _dropped, ...rest } = message;
  return { ...rest, text: `${message.text}\n\n${lines.join('\n')}` };
}

/**
 * The action a numeric reply stands for in this chat, if any. Pressing an open card's choice
 * closes that card (its numbers are free for the next card).
 */
export function resolveChoice(db: Db, address: string, text: string, now: number): string | undefined {
  const m = /^\s*(\d{1,4})\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const stored = load(db, address, now);
  const holds = (c: Card) => c.choices.some((ch) => ch.n === n);
  const card = stored.cards.find((c) => !c.used && holds(c)) ?? stored.cards.find(holds);
  if (!card) return undefined;
  if (!card.used) {
    card.used = true;
    save(db, address, stored);
  }
  return card.choices.find((ch) => ch.n === n)!.action;
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
