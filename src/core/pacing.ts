/**
 * Send pacing for one platform, on the wire's own time (a monotonic clock), not the committee's
 * clock. Telegram's limits are ~30 msg/s overall and ~1 msg/s per chat (Bot API FAQ,
 * "Broadcasting to users"), counted over a sliding second when a request *arrives*.
 */
export interface PacingLimits {
  /** The platform's limit: messages per second across all chats. */
  perSecond: number;
  /** Sustained messages per second to one chat, and how many may go back to back. */
  perChatPerSecond: number;
  perChatBurst: number;
  /**
   * Share of each limit left unused (0.02 = pace at 98 %). Requests reach the platform a few ms
   * earlier or later than they leave; this slack absorbs that jitter, so a send never lands as
   * the 31st in some sliding second.
   */
  headroom?: number;
  /**
   * Extra ms between two sends, on top of the headroom. Jitter is a few ms whatever the rate, so
   * when time is compressed (tests pace at 10× Telegram's rate against a fake with 100 ms
   * "seconds") a share alone would leave too few ms of slack; this keeps some.
   */
  slackMs?: number;
  /**
   * How long the platform's "second" lasts, in ms: 1000, or less when a test compresses time
   * (`compressTime`). The sliding-window check below counts sends over this window.
   */
  secondMs?: number;
}

/**
 * Telegram: one send every 34.2 ms (29.2/s), so a send and the one 30 later are 1,026 ms apart
 * and a request arriving up to ~25 ms late still never makes 31 in a sliding second. One message
 * per chat per second, no bursts: Telegram's FAQ asks for that, and the fake Bot API enforces it.
 */
export const TELEGRAM_PACING: PacingLimits = { perSecond: 30, perChatPerSecond: 1, perChatBurst: 1, headroom: 0.02, slackMs: 0.2 };
export const CONSOLE_PACING: PacingLimits = { perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1000 };

/**
 * Zalo publishes no figure for the Bot Platform (a 429 is its only word) and a per-package one for
 * the OA Open API: about 100 requests a minute (Growth), 2,000 (Comprehensive), PLATFORMS.md 3.1,
 * unverified. So both are settings (ZALO_BOT_SENDS_PER_SECOND, ZALO_OA_SENDS_PER_MINUTE), counted
 * over their own window, at one message per chat per second.
 */
export function zaloPacing(sends: number, per: 'second' | 'minute'): PacingLimits {
  const secondMs = per === 'minute' ? 60_000 : 1000;
  return { perSecond: (sends * 1000) / secondMs, perChatPerSecond: 1, perChatBurst: 1, headroom: 0.02, secondMs };
}

/** `limits` against a fake platform whose second lasts 1000 / `scale` ms (tests, `npm run bench -- --quick`). */
export function compressTime(limits: PacingLimits, scale: number): PacingLimits {
  return { ...limits, perSecond: limits.perSecond * scale, perChatPerSecond: limits.perChatPerSecond * scale, secondMs: (limits.secondMs ?? 1000) / scale };
}

export interface Pacer {
  /**
   * Resolves when a message to `chat` may leave now. Urgent waiters (the interactive lane) are
   * served before the others, so a reply never queues behind a broadcast.
   */
  acquire(chat: string, urgent?: boolean): Promise<void>;
  /**
   * A request to `chat` has come back: its next message waits a full per-chat interval from now.
   * Only the answer proves when a request arrived (a fresh connection, say, delays it unseen),
   * so two messages in a row to one chat are spaced from the first one's answer, not its grant.
   */
  answered(chat: string): void;
  /** Nobody sends before `ms` from now (a 429's retry_after). */
  pause(ms: number): void;
  pausedFor(): number;
}

interface Waiter {
  chat: string;
  go: () => void;
}

/**
 * One slot every `1000 / (perSecond × (1 − headroom)) + slackMs` ms, handed out by a single
 * timer. Slots follow a fixed schedule, so timer lateness of a ms or two does not add up over a
 * broadcast; a slot granted more than a quarter spacing late restarts the schedule from now
 * instead of catching up, so a stalled event loop never produces a burst.
 *
 * The schedule alone trusts that a request leaves when its slot is granted. It may not: if the
 * process is descheduled or the event loop stalls between the grant and the socket write (a GC,
 * a long transaction, a busy machine), the request leaves late while the schedule goes on, and a
 * late send followed 30 slots later by an on-time one makes 31 in a second (a 5,000-member
 * broadcast that met 40–60 ms stalls drew two 429s). So each grant's time is moved to when the
 * event loop got past it (a setImmediate after the grant: a request on a kept-alive connection
 * has been handed to the socket by then), and a sliding-window check over the last `perSecond`
 * moved times holds the next send until the oldest is a second (plus a guard) old. On time, that
 * check never binds: the schedule's own margin is twice the guard. What it cannot see: a request
 * that waits for a new connection, or a Zalo file sent after its upload, leaves later still; the
 * guard absorbs a few ms of that, and one chat's messages are spaced from answers (`answered`).
 */
export function createPacer(limits: PacingLimits, now: () => number = () => performance.now()): Pacer {
  const share = 1 - (limits.headroom ?? 0);
  const slack = limits.slackMs ?? 0;
  const spacing = 1000 / (limits.perSecond * share) + slack;
  const chatSpacing = 1000 / (limits.perChatPerSecond * share) + slack;
  const burstWindow = chatSpacing * (Math.max(1, limits.perChatBurst) - 1);
  const lateness = spacing / 4;
  const secondMs = limits.secondMs ?? 1000;
  // Sends allowed in one platform second, and the corrected times of the latest that many (a ring).
  const perWindow = Math.max(1, Math.round((limits.perSecond * secondMs) / 1000));
  const guard = Math.max(0, (perWindow * spacing - secondMs) / 2);
  const left: number[] = [];
  let oldest = 0;
  let nextSlot = -Infinity;
  let pausedUntil = 0;
  // Per chat: when its bucket is empty again (a "virtual scheduling" token bucket).
  const chatFree = new Map<string, number>();
  const urgent: Waiter[] = [];
  const normal: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;

  const chatReadyAt = (chat: string) => (chatFree.get(chat) ?? -Infinity) - burstWindow;
  const windowOpensAt = () => (left.length < perWindow ? -Infinity : left[oldest]! + secondMs + guard);

  /** Records a grant at `t`; once the event loop is past it, moves it to when that was. */
  function record(t: number): void {
    let i: number;
    if (left.length < perWindow) i = left.push(t) - 1;
    else {
      i = oldest;
      left[i] = t;
      oldest = (oldest + 1) % perWindow;
    }
    setImmediate(() => {
      if (left[i] === t) left[i] = Math.max(t, now());
    });
  }

  function arm(at: number): void {
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      pump();
    }, Math.max(0, Math.ceil(at - now())));
  }

  function take(t: number): Waiter | number {
    let soonest = Infinity;
    for (const queue of [urgent, normal]) {
      for (let i = 0; i < queue.length; i++) {
        const ready = chatReadyAt(queue[i]!.chat);
        if (ready <= t) return queue.splice(i, 1)[0]!;
        soonest = Math.min(soonest, ready);
      }
    }
    return soonest;
  }

  function pump(): void {
    if (urgent.length === 0 && normal.length === 0) return;
    const t = now();
    const slot = Math.max(nextSlot, pausedUntil, windowOpensAt());
    if (t < slot) return arm(slot);
    const next = take(t);
    if (typeof next === 'number') return arm(next);
    nextSlot = (t - slot > lateness ? t : slot) + spacing;
    chatFree.set(next.chat, Math.max(chatFree.get(next.chat) ?? -Infinity, t) + chatSpacing);
    if (chatFree.size > 50_000) for (const [k, v] of chatFree) if (v < t) chatFree.delete(k);
    record(t);
    next.go();
    if (urgent.length || normal.length) arm(nextSlot);
  }

  return {
    acquire(chat, isUrgent = false) {
      return new Promise<void>((go) => {
        (isUrgent ? urgent : normal).push({ chat, go });
        pump();
      });
    },
    answered(chat) {
      const free = now() + chatSpacing;
      if ((chatFree.get(chat) ?? -Infinity) < free) chatFree.set(chat, free);
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        timerAt = Infinity;
      }
      pump();
    },
    pausedFor: () => Math.max(0, pausedUntil - now()),
  };
}
