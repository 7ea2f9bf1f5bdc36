// The contract every channel's test driver meets, so one scenario runs unchanged on Telegram,
// the Zalo Bot Platform, a Zalo Official Account and the console (STYLE.md 10: "The same
// scenario runs on every channel"). Platform differences live in the drivers: how a user is
// made, how a button is pressed (callback, OA payload, numbered reply), what a toast is.
import type { App } from '../../../src/app.js';
import type { Platform } from '../../../src/core/channel.js';
import type { FakeClock } from '../fake-clock.js';

/** Something the bot showed one user: a chat message, or (Telegram) the toast of a press. */
export interface Msg {
  /** The plain text the user sees (markup removed, numbered choices included). */
  readonly text: string;
  readonly kind: 'message' | 'toast';
  /** The platform's own record (SentMessage, ZaloBotSent, FakeOaMessage, a console block). */
  readonly raw: unknown;
}

/** One person on one platform, talking to the bot. */
export interface UserHandle {
  /** The chat address the bot knows this user by (`telegram:1001`, `zalo_oa:9000…`). */
  readonly address: string;
  /** Types `text` (commands included) as this user. */
  send(text: string): Promise<void>;
  /**
   * The first message to this user, already shown or still to come, whose text contains
   * `fragment`. Toasts count (a Telegram press may be answered by one alone).
   */
  waitFor(fragment: string, timeoutMs?: number): Promise<Msg>;
  /**
   * Presses the button labelled `label` on `msg`: a callback on Telegram (with the keyboard the
   * message had when it arrived, as a double tap does), the `oa.query.hide` payload on Zalo OA,
   * and the number shown before the label where buttons are numbered replies.
   */
  press(msg: Msg, label: string): Promise<void>;
  /** The texts of the chat messages this user got, oldest first (toasts are not kept in a chat). */
  texts(): string[];
}

export interface StartOptions {
  clock?: FakeClock;
}

/** The whole bot on a fresh in-memory SQLite, wired by buildChannels to fakes on 127.0.0.1. */
export interface RunningBot {
  readonly app: App;
  readonly clock: FakeClock;
  /** Resolves once the outbox has nothing left to send, so "nothing more came" can be asserted. */
  settled(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ChannelDriver extends RunningBot {
  readonly platform: Platform;
  /** The most characters one message may carry on this platform (its documented limit). */
  readonly textLimit: number;
  start(opts?: StartOptions): Promise<void>;
  /**
   * The platform user who is to become this member, not yet bound: a fresh account on the chat
   * platforms; on the console, the member's seat (which `/as N` binds: the operator's own tool).
   */
  user(memberId: number): Promise<UserHandle>;
  /** `user(memberId)` sends `/start CODE` with a fresh invite and is greeted. */
  bind(memberId: number): Promise<UserHandle>;
}

/** The bot running several platforms at once; each member is bound on the platform chosen. */
export interface MultiChannelDriver extends RunningBot {
  readonly platforms: readonly Platform[];
  start(opts?: StartOptions): Promise<void>;
  bind(memberId: number, on: Platform): Promise<UserHandle>;
}

// ------------------------------------------------------------------ helpers for the drivers

/** Resolves with probe()'s first defined, non-false answer; checked every 10 ms. */
export async function until<T>(probe: () => T | undefined | false, timeoutMs: number, what: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A label without its leading emoji ("✅ Đồng ý" → "Đồng ý"). */
const bare = (label: string) => label.replace(/^[^\p{L}\p{N}]+/u, '').trim();

/**
 * The index of the label meant by `wanted`: the one that reads exactly so (emoji aside) first,
 * else the first that contains it. "Đồng ý" is "✅ Đồng ý", not "❌ Không đồng ý".
 */
export function pickLabel(labels: string[], wanted: string, where: string): number {
  let i = labels.findIndex((l) => l === wanted || bare(l) === bare(wanted));
  if (i < 0) i = labels.findIndex((l) => l.includes(wanted));
  if (i < 0) throw new Error(`no button "${wanted}" on ${JSON.stringify(where)}; buttons: ${labels.join(' | ') || '(none)'}`);
  return i;
}

/** The number to reply for `label` where buttons are rendered as "1 – ✅ Đồng ý" lines. */
export function numberFor(text: string, label: string): string {
  const choices = text.split('\n').map((l) => /^(\d+) – (.*)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  return choices[pickLabel(choices.map((m) => m[2]!), label, text)]![1]!;
}

/** What every platform's user handle builds on: how to send, what was shown, how to press. */
export interface SurfaceUser {
  readonly address: string;
  send(text: string): Promise<void>;
  shown(): Msg[];
  press(msg: Msg, label: string): Promise<void>;
}

export function userHandle(u: SurfaceUser): UserHandle {
  return {
    address: u.address,
    send: (text) => u.send(text),
    press: (msg, label) => u.press(msg, label),
    texts: () => u.shown().filter((m) => m.kind === 'message').map((m) => m.text),
    waitFor: (fragment, timeoutMs = 5000) =>
      until(
        () => u.shown().find((m) => m.text.includes(fragment)),
        timeoutMs,
        () => `no message to ${u.address} contains ${JSON.stringify(fragment)}; shown there:\n${u.shown().map((m) => `  [${m.kind}] ${JSON.stringify(m.text.slice(0, 200))}`).join('\n') || '  (nothing)'}`,
      ),
  };
}
