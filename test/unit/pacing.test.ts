import { describe, expect, it } from 'vitest';
import { TELEGRAM_PACING, compressTime, createPacer, type PacingLimits } from '../../src/core/pacing.js';

const now = () => performance.now();

/** Acquires once per chat, in order, and records when each was granted. */
async function grants(limits: PacingLimits, chats: string[], urgent: (i: number) => boolean = () => false) {
  const pacer = createPacer(limits);
  const at: { chat: string; t: number }[] = [];
  await Promise.all(chats.map((chat, i) => pacer.acquire(chat, urgent(i)).then(() => at.push({ chat, t: now() }))));
  return at;
}

describe('pacing', () => {
  it("when sends are paced at Telegram's limit, then a send and the one 30 later are more than a second apart", () => {
    // The arithmetic of TELEGRAM_PACING: 30 spacings must exceed 1 s by a margin for jitter.
    const spacing = 1000 / (TELEGRAM_PACING.perSecond * (1 - TELEGRAM_PACING.headroom!)) + TELEGRAM_PACING.slackMs!;
    expect(30 * spacing).toBeGreaterThan(1020);
    // … while still above 95 % of the limit.
    expect(1000 / spacing / TELEGRAM_PACING.perSecond).toBeGreaterThan(0.95);
  });

  it('when many chats wait, then grants are evenly spaced and no window of 10 spacings holds 11 sends', async () => {
    const limits: PacingLimits = { perSecond: 200, perChatPerSecond: 1, perChatBurst: 1, headroom: 0.02 };
    const spacing = 1000 / (200 * 0.98);
    const at = (await grants(limits, Array.from({ length: 40 }, (_, i) => `c${i}`))).map((g) => g.t);
    for (let k = 0; k + 10 < at.length; k++) expect(at[k + 10]! - at[k]!).toBeGreaterThanOrEqual(10 * spacing - spacing / 4 - 0.5);
    // Late timers do not pile up: 40 grants take about 39 spacings, not much more.
    expect(at.at(-1)! - at[0]!).toBeLessThan(39 * spacing * 1.5);
  });

  it('when a reply waits behind a broadcast, then it gets the next slot', async () => {
    const limits: PacingLimits = { perSecond: 100, perChatPerSecond: 1, perChatBurst: 1 };
    const chats = [...Array.from({ length: 10 }, (_, i) => `bulk${i}`), 'reply'];
    const order = (await grants(limits, chats, (i) => i === 10)).map((g) => g.chat);
    // The first bulk send was granted at once (the pacer was idle); the reply comes right after it.
    expect(order.indexOf('reply')).toBe(1);
  });

  it('when two messages go to one chat, then the second waits the per-chat interval', async () => {
    const limits: PacingLimits = { perSecond: 1000, perChatPerSecond: 20, perChatBurst: 1 };
    const at = await grants(limits, ['a', 'a', 'b']);
    const a = at.filter((g) => g.chat === 'a').map((g) => g.t);
    expect(a[1]! - a[0]!).toBeGreaterThanOrEqual(50 - 0.5);
    // Another chat is not held up by it.
    expect(at.findIndex((g) => g.chat === 'b')).toBe(1);
  });

  it('when the platform asks for a pause, then nothing is granted before it ends', async () => {
    const pacer = createPacer({ perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1 });
    const t0 = now();
    pacer.pause(60);
    expect(pacer.pausedFor()).toBeGreaterThan(50);
    await pacer.acquire('x');
    expect(now() - t0).toBeGreaterThanOrEqual(59.5);
  });

  // The process stalls right after a grant, before the request is written (a GC, a long
  // transaction, a busy machine): the request leaves late. Time is compressed ×10, so Telegram's
  // "second" lasts 100 ms, as in the e2e tests.
  const blockFor = (ms: number) => {
    const until = now() + ms;
    while (now() < until);
  };

  it('when the event loop stalls between a grant and its write, then no 31 writes fall within one second', async () => {
    // At real scale (timers are too coarse for compressed time here): 40 sends, 1.4 s. Send 3
    // leaves 33 ms late, just before send 4 is due; the schedule goes on, and without the
    // sliding-window check send 33 left 993 ms after send 3.
    const pacer = createPacer(TELEGRAM_PACING);
    const written: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        pacer.acquire(`c${i}`).then(() => {
          if (i === 3) blockFor(33);
          written.push(now());
        }),
      ),
    );
    expect(written).toHaveLength(40);
    for (let k = 0; k + 30 < written.length; k++) expect(written[k + 30]! - written[k]!).toBeGreaterThan(1000);
  });

  it('when a request to a chat arrives late, then the next message to that chat waits a full interval from its answer', async () => {
    const limits = compressTime(TELEGRAM_PACING, 10);
    const pacer = createPacer(limits);
    // As the dispatcher does it: one chat's messages in a row, each answered before the next.
    await pacer.acquire('a');
    await new Promise((r) => setTimeout(r, 20)); // a fresh connection: the request arrives 20 ms on
    const arrived = now();
    pacer.answered('a');
    await pacer.acquire('a');
    // One message per chat per (compressed) second, counted from when the first surely arrived.
    expect(now() - arrived).toBeGreaterThanOrEqual(limits.secondMs! - 0.5);
  });
});
