import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { getChatState, setChatState } from '../../db/queries/chat-state.js';
import type { OutgoingMessage } from '../../src/core/channel.js';
import { CHOICES_MAX_CARDS, CHOICES_TTL_MS, renderAsChoices, resolveChoice } from '../../src/core/choices.js';

const CHAT = 'console:1';
const T0 = Date.parse('2026-03-02T02:00:00Z');

let db: Db;
let now: number;
beforeEach(() => {
  db = openDb(':memory:');
  now = T0;
});
afterEach(() => closeDb(db));

/** A card whose buttons are `name:label` for each label. */
function card(name: string, ...labels: string[]): OutgoingMessage {
  return { text: name, buttons: [labels.map((label) => ({ label, action: `${name}:${label}` }))] };
}

/** The numbers shown on the card, in order. */
function show(message: OutgoingMessage): number[] {
  const out = renderAsChoices(db, CHAT, message, now);
  expect(out.buttons).toBeUndefined();
  return [...out.text.matchAll(/^(\d+) – /gm)].map((m) => Number(m[1]));
}

const reply = (text: string) => resolveChoice(db, CHAT, text, now);

describe('numbered choices', () => {
  it('when a card is shown, then its lines read "1 – label" under the text', () => {
    expect(renderAsChoices(db, CHAT, card('lang', 'Tiếng Việt', 'English'), now).text).toBe('lang\n\n1 – Tiếng Việt\n2 – English');
    expect(reply(' 2 ')).toBe('lang:English');
  });

  it('when a card was used and nothing else is open, then the next card starts at 1 again', () => {
    expect(show(card('rq1', 'approve', 'reject', 'reason'))).toEqual([1, 2, 3]);
    expect(reply('1')).toBe('rq1:approve');
    expect(show(card('lang', 'vi', 'en'))).toEqual([1, 2]);
    expect(reply('2')).toBe('lang:en');
    expect(show(card('notice', 'attend', 'excuse'))).toEqual([1, 2]);
  });

  it('when an older card is still open, then it keeps its numbers and a newer card gets the next ones', () => {
    expect(show(card('notice', 'attend', 'excuse'))).toEqual([1, 2]);
    expect(show(card('rq1', 'approve', 'reject'))).toEqual([3, 4]);
    expect(reply('2')).toBe('notice:excuse');
    expect(reply('3')).toBe('rq1:approve');
  });

  it('when a card in the middle was used, then a new card takes its numbers and the open cards keep theirs', () => {
    expect(show(card('a', 'x', 'y'))).toEqual([1, 2]);
    expect(show(card('b', 'x', 'y'))).toEqual([3, 4]);
    expect(reply('1')).toBe('a:x');
    expect(show(card('c', 'x', 'y'))).toEqual([1, 2]);
    // Three numbers do not fit in 1–2: after the open cards.
    expect(show(card('d', 'x', 'y', 'z'))).toEqual([5, 6, 7]);
    expect([reply('1'), reply('2'), reply('4'), reply('7')]).toEqual(['c:x', 'c:y', 'b:y', 'd:z']);
  });

  it('when a used card’s number is taken by a newer card, then that number presses the newer card, never the used one', () => {
    expect(show(card('rq1', 'approve', 'reject', 'reason'))).toEqual([1, 2, 3]);
    expect(reply('1')).toBe('rq1:approve');
    expect(show(card('rq2', 'approve', 'reject', 'reason'))).toEqual([1, 2, 3]);
    expect(reply('2')).toBe('rq2:reject');
    // And once rq2 is used, its numbers are free again: a third card starts at 1.
    expect(show(card('lang', 'vi', 'en'))).toEqual([1, 2]);
    expect(reply('1')).toBe('lang:vi');
    expect(reply('3')).toBe('rq2:reason');
  });

  it('when a used card’s number comes again before any card took it, then it reaches that card (whose handler says it was settled) and the next card still starts at 1', () => {
    expect(show(card('rq1', 'approve', 'reject'))).toEqual([1, 2]);
    expect(reply('1')).toBe('rq1:approve');
    expect(reply('1')).toBe('rq1:approve');
    expect(reply('2')).toBe('rq1:reject');
    expect(show(card('rq2', 'approve', 'reject'))).toEqual([1, 2]);
  });

  it('when a number no card holds is sent, or text that is not a number, then nothing is pressed', () => {
    show(card('lang', 'vi', 'en'));
    for (const text of ['0', '3', '12345', '1 2', 'một', '']) expect(reply(text), text).toBeUndefined();
    expect(reply('1')).toBe('lang:vi');
  });

  it('when the same buttons are shown again while open (a resent copy, a second /language), then they keep their numbers', () => {
    expect(show(card('lang', 'vi', 'en'))).toEqual([1, 2]);
    expect(show(card('notice', 'attend', 'excuse'))).toEqual([3, 4]);
    expect(show(card('lang', 'vi', 'en'))).toEqual([1, 2]);
    expect(show(card('notice', 'attend', 'excuse'))).toEqual([3, 4]);
    expect(getChatState<{ cards: unknown[] }>(db, CHAT, 'choices', now)!.cards).toHaveLength(2);
  });

  it('when a card is older than its time, then its numbers no longer press anything and are free again', () => {
    expect(show(card('notice', 'attend', 'excuse'))).toEqual([1, 2]);
    now += CHOICES_TTL_MS - 1;
    expect(show(card('rq1', 'approve', 'reject'))).toEqual([3, 4]);
    now += 1;
    expect(reply('1')).toBeUndefined();
    expect(reply('3')).toBe('rq1:approve');
    expect(show(card('lang', 'vi', 'en'))).toEqual([1, 2]);
  });

  it('when many cards come and none is used, then the stored list stays bounded, dropping the oldest', () => {
    for (let i = 1; i <= CHOICES_MAX_CARDS + 30; i++) show(card(`n${i}`, 'attend', 'excuse'));
    const stored = getChatState<{ cards: { choices: { n: number }[] }[] }>(db, CHAT, 'choices', now)!;
    expect(stored.cards).toHaveLength(CHOICES_MAX_CARDS);
    const numbers = stored.cards.flatMap((c) => c.choices.map((ch) => ch.n));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(2 * (CHOICES_MAX_CARDS + 1));
    expect(reply('1')).not.toBe('n1:attend');
  });

  it('when many cards come and each is used, then the numbers never pass the card’s own and the list stays bounded', () => {
    show(card('notice', 'attend', 'excuse')); // stays open throughout, holding 1–2
    for (let i = 1; i <= 100; i++) {
      expect(show(card(`rq${i}`, 'approve', 'reject', 'reason'))).toEqual([3, 4, 5]);
      expect(reply(String(3 + (i % 3)))).toBe(`rq${i}:${['approve', 'reject', 'reason'][i % 3]}`);
    }
    expect(getChatState<{ cards: unknown[] }>(db, CHAT, 'choices', now)!.cards.length).toBeLessThanOrEqual(2);
    expect(reply('1')).toBe('notice:attend');
  });

  it('when random cards are shown and used, then open cards never share a number and each number presses its own card', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const open: { name: string; actions: Map<number, string> }[] = []; // the open cards, oldest first
    for (let step = 0; step < 2000; step++) {
      now += Math.floor(random() * 60_000); // never long enough for a card to time out
      if (random() < 0.5 || open.length === 0) {
        const labels = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => `b${i}`);
        const numbers = show(card(`c${step}`, ...labels));
        const held = new Set(open.flatMap((c) => [...c.actions.keys()]));
        expect(numbers.filter((n) => held.has(n)), `step ${step}`).toEqual([]);
        open.push({ name: `c${step}`, actions: new Map(numbers.map((n, i) => [n, `c${step}:${labels[i]}`])) });
        if (open.length > CHOICES_MAX_CARDS) open.shift();
      } else {
        const i = Math.floor(random() * open.length);
        const [n, action] = [...open[i]!.actions][Math.floor(random() * open[i]!.actions.size)]!;
        expect(reply(String(n)), `step ${step}`).toBe(action);
        open.splice(i, 1);
      }
    }
  });

  it('when a chat still holds the list stored before cards existed, then its numbers still press and a new card does not reuse them', () => {
    setChatState(db, CHAT, 'choices', { choices: [{ n: 4, action: 'old:a' }, { n: 5, action: 'old:b' }] }, now + CHOICES_TTL_MS);
    expect(show(card('pick', 'a', 'b', 'c', 'd'))).toEqual([6, 7, 8, 9]);
    expect(show(card('lang', 'vi', 'en'))).toEqual([1, 2]);
    expect(reply('5')).toBe('old:b');
    expect(reply('4')).toBe('old:a');
  });
});
