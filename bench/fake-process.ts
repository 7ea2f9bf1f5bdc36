// The fake Bot API (test/support/fake-telegram) in its own process, driven over IPC by
// bench/support.ts. Telegram is another machine: here it is at least another event loop and
// another core, so the bot's measured time is the bot's, and the fake's clock (which decides
// 429s) is not stalled by the bot's work. Every time below is this process's Date.now().
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions, type RecordedCall, type SentMessage } from '../test/support/fake-telegram.js';

/** One scripted update: a command or text from a user, a button press, or a redelivery of an earlier item. */
export type ScriptItem =
  | { user: number; text: string }
  | { user: number; press: string }
  | { redeliver: number };

export interface SendStats {
  /** Chats in the range that got no matching message / more than one. */
  lost: number;
  duplicated: number;
  delivered: number;
  /** Every 429 the fake answered, on any method. */
  n429: number;
  firstAt: number;
  lastAt: number;
  /** Most successful sends (all chats) that arrived within any window of `windowMs`. */
  maxInWindow: number;
}

let tg: FakeTelegram | undefined;
const acks: number[] = []; // per webhook delivery, ms from POST to the bot's HTTP response
const fake = (): FakeTelegram => {
  if (!tg) throw new Error('fake not started');
  return tg;
};
const isSend = (c: RecordedCall) => (c.method === 'sendMessage' || c.method === 'sendDocument') && c.status === 200;
const chatOf = (c: RecordedCall) => Number(c.payload.chat_id);

const ops: Record<string, (a: never) => unknown> = {
  async start(opts: FakeTelegramOptions) {
    tg = await startFakeTelegram(opts);
    const deliveries = tg.webhookDeliveries;
    // The fake records a delivery when the bot has answered: that instant minus `at` is the ack time.
    deliveries.push = (...items) => {
      for (const d of items) acks.push(Date.now() - d.at);
      return Array.prototype.push.apply(deliveries, items);
    };
    return { apiRoot: tg.apiRoot, token: tg.token };
  },
  users({ ids }: { ids: number[] }) {
    for (const id of ids) fake().user(id, { firstName: `U${id}`, languageCode: 'vi' });
    return ids.length;
  },
  /** Pushes a whole phase at once; the fake then delivers it over its webhook connections. */
  push({ items }: { items: ScriptItem[] }) {
    const t = fake();
    const at = Date.now();
    const ids: number[] = [];
    for (const it of items) {
      if ('redeliver' in it) {
        const id = ids[it.redeliver]!;
        t.redeliver(id);
        ids.push(id);
      } else if ('press' in it) {
        // A press on a card in the presser's own chat; the fake registers the query id, so
        // answerCallbackQuery succeeds as it would on Telegram.
        const message = { message_id: 1, date: Math.floor(at / 1000), chat: { id: it.user, type: 'private' }, text: 'card' };
        ids.push(t.user(it.user).press({ message } as unknown as SentMessage, it.press));
      } else ids.push(t.user(it.user).sendText(it.text));
    }
    return at;
  },
  /** Resolves once `count` deliveries in all have been answered; ack times of those after `from`. */
  async waitDeliveries({ count, from, timeoutMs }: { count: number; from: number; timeoutMs: number }) {
    const t = fake();
    const end = Date.now() + timeoutMs;
    while (t.webhookDeliveries.length < count) {
      if (Date.now() > end) throw new Error(`only ${t.webhookDeliveries.length}/${count} deliveries answered`);
      await new Promise((r) => setTimeout(r, 2));
    }
    const failed = t.webhookDeliveries.slice(from).filter((d) => d.status !== 200).length;
    return { doneAt: Date.now(), acks: acks.slice(from, count), failed };
  },
  deliveries: () => fake().webhookDeliveries.length,
  /** A user sends `text`; resolves with the ms until the fake has recorded the bot's next message to them. */
  async probe({ user, text, timeoutMs }: { user: number; text: string; timeoutMs: number }) {
    const t = fake();
    const from = t.calls.length;
    const t0 = Date.now();
    t.user(user).sendText(text);
    let i = 0;
    await t.waitFor((c) => i++ >= from && isSend(c) && chatOf(c) === user, timeoutMs);
    return Date.now() - t0;
  },
  /** Resolves when `count` chats in [lo, hi] have a message containing `marker`; with the fake's time. */
  async waitSends({ lo, hi, marker, count, timeoutMs }: { lo: number; hi: number; marker: string; count: number; timeoutMs: number }) {
    const seen = new Set<number>();
    await fake().waitFor((c) => {
      const chat = chatOf(c);
      if (isSend(c) && chat >= lo && chat <= hi && String(c.payload.text ?? c.payload.caption ?? '').includes(marker)) seen.add(chat);
      return seen.size >= count;
    }, timeoutMs);
    return Date.now();
  },
  sendStats({ lo, hi, marker, windowMs }: { lo: number; hi: number; marker: string; windowMs: number }): SendStats {
    const t = fake();
    const copies = new Map<number, number>();
    let firstAt = Infinity;
    let lastAt = 0;
    for (const c of t.calls) {
      const chat = chatOf(c);
      if (!isSend(c) || chat < lo || chat > hi || !String(c.payload.text ?? '').includes(marker)) continue;
      copies.set(chat, (copies.get(chat) ?? 0) + 1);
      firstAt = Math.min(firstAt, c.at);
      lastAt = Math.max(lastAt, c.at);
    }
    let lost = 0;
    let duplicated = 0;
    for (let chat = lo; chat <= hi; chat++) {
      const n = copies.get(chat) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
    // The fake's own sliding window counts every accepted send, whatever the chat.
    const times = t.calls.filter((c) => isSend(c) && c.via === 'http').map((c) => c.at).sort((a, b) => a - b);
    let maxInWindow = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= windowMs) j++;
      maxInWindow = Math.max(maxInWindow, i - j + 1);
    }
    const delivered = [...copies.values()].filter((n) => n > 0).length;
    return { lost, duplicated, delivered, n429: t.calls.filter((c) => c.status === 429).length, firstAt, lastAt, maxInWindow };
  },
  calls() {
    const out: Record<string, number> = {};
    for (const c of fake().calls) out[`${c.method}:${c.status}`] = (out[`${c.method}:${c.status}`] ?? 0) + 1;
    return out;
  },
  async close() {
    await tg?.close();
    setImmediate(() => process.exit(0));
    return true;
  },
};

process.on('message', (msg: { id: number; op: string; args: never }) => {
  void (async () => {
    try {
      const op = ops[msg.op];
      if (!op) throw new Error(`unknown op ${msg.op}`);
      process.send!({ id: msg.id, ok: true, result: await op(msg.args) });
    } catch (e) {
      process.send!({ id: msg.id, ok: false, error: (e as Error).message });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
