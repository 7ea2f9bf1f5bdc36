import { DateTime } from 'luxon';
import { and, eq } from 'drizzle-orm';
import { countByStatus } from '../../db/queries/outbox.js';
import { processedUpdates } from '../../db/schema/index.js';
import { createInvite } from '../../src/domain/invites.js';
import type { CallbackAnswer, FakeUser, SentMessage } from './fake-telegram.js';
import type { TelegramHarness } from './telegram-harness.js';

export type InlineButton = { text: string; callback_data: string };

/** A local (Asia/Ho_Chi_Minh) time as an instant. */
export const at = (iso: string): number => DateTime.fromISO(iso, { zone: 'Asia/Ho_Chi_Minh' }).toMillis();

export const keyboardOf = (m: SentMessage): InlineButton[][] => (m.reply_markup?.inline_keyboard ?? []) as InlineButton[][];
export const labelsOf = (m: SentMessage): string[][] => keyboardOf(m).map((row) => row.map((b) => b.text));

/** The callback data of the button whose label contains `label`. */
export function button(m: SentMessage, label: string): string {
  const b = keyboardOf(m).flat().find((x) => x.text.includes(label));
  if (!b) throw new Error(`no button "${label}" on ${JSON.stringify(m.plain)}: ${labelsOf(m).flat().join(' | ')}`);
  return b.callback_data;
}

/** A member on Telegram: their member id, chat id and the simulated user. */
export interface Seat {
  id: number;
  chat: number;
  user: FakeUser;
}

/** Binds each member to Telegram user `firstChat + i` through an invite and `/start CODE`, as a real member would. */
export async function bindMembers(h: TelegramHarness, memberIds: number[], firstChat = 1001): Promise<Seat[]> {
  const seats: Seat[] = [];
  for (const [i, id] of memberIds.entries()) {
    const chat = firstChat + i;
    const user = h.tg.user(chat, { firstName: `U${i}`, languageCode: 'vi' });
    user.sendCommand('start', createInvite(h.app.deps, id, 'test').code);
    await h.tg.waitForSent(chat, (m) => m.plain.includes('Đã liên kết'));
    seats.push({ id, chat, user });
  }
  return seats;
}

/** Does something as `seat` and waits for the first later message in their chat that matches. */
export async function after(h: TelegramHarness, seat: Pick<Seat, 'chat' | 'user'>, act: (u: FakeUser) => unknown, pred: (m: SentMessage) => boolean): Promise<SentMessage> {
  const last = h.tg.sent(seat.chat).at(-1)?.message_id ?? 0;
  act(seat.user);
  return h.tg.waitForSent(seat.chat, (m) => m.message_id > last && pred(m));
}

/** The answerCallbackQuery for the press that created this update, once the bot sent it. */
export function answerOf(h: TelegramHarness, updateId: number): Promise<CallbackAnswer> {
  return h.tg.waitFor(() => h.tg.callbackAnswer(updateId) !== undefined).then(() => h.tg.callbackAnswer(updateId)!);
}

const CARD_TITLE = /ĐỀ NGHỊ (VẮNG MẶT|CỬ NGƯỜI DỰ THAY) số (\d+)(\n|$)/;

/** Is this message (as first sent or as edited) the card of request `requestId`? */
export const isCardOf = (m: SentMessage, requestId: number): boolean => CARD_TITLE.exec(m.plain)?.[2] === String(requestId);

/** The approval card of a request as it arrived in `chat` (the fake keeps it current after edits). */
export function cardIn(h: TelegramHarness, chat: number, requestId: number): Promise<SentMessage> {
  return h.tg.waitForSent(chat, (m) => isCardOf(m, requestId));
}

/** Every message in `chat` that is, or was edited into, a card of that request. */
export const cardsIn = (h: TelegramHarness, chat: number, requestId: number): SentMessage[] => h.tg.sent(chat).filter((m) => isCardOf(m, requestId));

/** Resolves once the card was edited at least `n` times. */
export function edited(h: TelegramHarness, card: SentMessage, n = 1): Promise<SentMessage> {
  return h.tg.waitFor(() => card.edits.length >= n).then(() => card);
}

/** Waits until the outbox has nothing left to send, so "nothing more was sent" can be asserted. */
export async function quiet(h: TelegramHarness, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const c = countByStatus(h.db);
    if (c.pending + c.sending === 0) return;
    if (Date.now() > end) throw new Error(`outbox still busy after ${timeoutMs} ms: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves once the bot committed its handling of this update (for updates it may answer with nothing). */
export async function handled(h: TelegramHarness, updateId: number, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  const where = and(eq(processedUpdates.source, 'telegram'), eq(processedUpdates.updateId, String(updateId)));
  while (!h.db.select().from(processedUpdates).where(where).get()) {
    if (Date.now() > end) throw new Error(`update ${updateId} not handled after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
