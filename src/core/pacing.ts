/**
 * Send pacing for one platform, on the wire's own time (a monotonic clock), not the committee's
 * clock: Telegram's limits are ~30 msg/s overall and ~1 msg/s per chat with short bursts
 * tolerated (Bot API FAQ, "Broadcasting to users"); we stay below both.
 */
export interface PacingLimits {
  /** Messages per second across all chats. */
  perSecond: number;
  /** Sustained messages per second to one chat, and how many may go at once in a burst. */
  perChatPerSecond: number;
  perChatBurst: number;
}

export const TELEGRAM_PACING: PacingLimits = { perSecond: 28, perChatPerSecond: 1, perChatBurst: 3 };
export const CONSOLE_PACING: PacingLimits = { perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1000 };

export interface Pacer {
  /** Reserves a send slot for `chat`; returns how many ms to wait before sending. */
  reserve(chat: string): number;
  /** Milliseconds until a send to `chat` could go, without reserving (0 = now). */
  waitFor(chat: string): number;
  pause(ms: number): void;
  pausedFor(): number;
}

export function createPacer(limits: PacingLimits, now: () => number = () => performance.now()): Pacer {
  const interval = 1000 / limits.perSecond;
  const chatInterval = 1000 / limits.perChatPerSecond;
  let nextGlobal = 0;
  let pausedUntil = 0;
  // Per chat: the time at which its bucket is empty again (a "virtual scheduling" token bucket).
  const chatFree = new Map<string, number>();
  const burstWindow = chatInterval * (limits.perChatBurst - 1);

  function chatWait(chat: string, t: number): number {
    const free = chatFree.get(chat) ?? 0;
    return Math.max(0, free - burstWindow - t);
  }

  return {
    waitFor(chat) {
      const t = now();
      return Math.max(0, pausedUntil - t, nextGlobal - t, chatWait(chat, t));
    },
    reserve(chat) {
      const t = now();
      const at = Math.max(t, pausedUntil, nextGlobal, t + chatWait(chat, t));
      nextGlobal = at + interval;
      chatFree.set(chat, Math.max(chatFree.get(chat) ?? 0, at) + chatInterval);
      if (chatFree.size > 50_000) for (const [k, v] of chatFree) if (v < t) chatFree.delete(k);
      return at - t;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
    pausedFor: () => Math.max(0, pausedUntil - now()),
  };
}
