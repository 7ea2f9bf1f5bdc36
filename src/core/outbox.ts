import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { claimDue, claimHolders, countByStatus, dropPending, outboxByKey, recordParts, releaseClaims, settle, type OutboxRow } from '../../db/queries/outbox.js';
import { accountsOf, setAccountReachable } from '../../db/queries/members.js';
import type { Db } from '../../db/client.js';
import type { OutboxLane } from '../../db/schema/outbox.js';
import type { Channel, ChatAddress, OutgoingMessage, Platform } from './channel.js';
import { addressPlatform } from './channel.js';
import { renderAsChoices } from './choices.js';
import type { Clock } from './clock.js';
import { Deferred, Invalid, RateLimited, Transient, Unreachable } from './errors.js';
import type { Logger } from './logger.js';
import { createPacer, type Pacer, type PacingLimits } from './pacing.js';

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  channels: Channel[];
  pacing: Partial<Record<Platform, PacingLimits>>;
  /**
   * Rows claimed at once across platforms (default 4). Bulk rows may hold all but one of them,
   * so a reply is claimed the moment it is queued, whatever a broadcast is doing. With the
   * messages parked between two parts (up to MAX_PARKED) this bounds the crash window: after a
   * SIGKILL only a request on the wire at that instant, or the one part before it whose answer
   * had just come, can be sent a second time: the parts the platform took are recorded before the
   * next part waits its turn (recordParts).
   */
  concurrency?: number;
  /** How often an idle dispatcher looks for rows queued by another process (the CLI). */
  pollMs?: number;
  /** A claim expires after this; a crashed sender's rows are then sent again. */
  leaseMs?: number;
  maxAttempts?: number;
  /** A 429 asking to wait longer than this is an alert, not a nap. */
  maxRetryAfterSeconds?: number;
  /** Called with a platform's absurd retry_after, to alert a human. */
  onAlert?: (message: string) => void;
}

export interface DispatchStats {
  sent: number;
  failed: number;
  unreachable: number;
  pending: number;
}

export interface Dispatcher {
  start(): void;
  stop(): Promise<void>;
  /** Wake the workers now (something was queued). */
  kick(): void;
  /** Sends everything due now and returns when nothing due is left (the CLI `tick`). */
  drain(): Promise<DispatchStats>;
}

const INTERACTIVE_ONLY: readonly OutboxLane[] = ['interactive'];
/** Deliveries under way at once, parked between two parts or not; beyond it a worker waits for its own. */
const MAX_PARKED = 64;

export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const worker = `dispatcher-${process.pid}-${randomUUID().slice(0, 8)}`;
  const concurrency = o.concurrency ?? 4;
  const pollMs = o.pollMs ?? 500;
  const leaseMs = o.leaseMs ?? 60_000;
  const maxAttempts = o.maxAttempts ?? 8;
  const maxRetryAfter = o.maxRetryAfterSeconds ?? 300;
  const channels = new Map<Platform, Channel>(o.channels.map((c) => [c.platform, c]));
  const platformList = [...channels.keys()];
  const pacers = new Map<Platform, Pacer>();
  for (const c of o.channels) pacers.set(c.platform, createPacer(o.pacing[c.platform] ?? { perSecond: 10, perChatPerSecond: 1, perChatBurst: 1 }));

  // Messages to one chat leave in the order they were queued: a worker waits for the send
  // already in flight to that address (rows are claimed in id order).
  const inFlight = new Map<ChatAddress, Promise<unknown>>();
  function inOrder<T>(address: ChatAddress, send: () => Promise<T>): Promise<T> {
    const previous = inFlight.get(address) ?? Promise.resolve();
    const mine = previous.then(send, send);
    const settled = mine.catch(() => undefined);
    inFlight.set(address, settled);
    void settled.then(() => {
      if (inFlight.get(address) === settled) inFlight.delete(address);
    });
    return mine;
  }

  let running = false;
  const waiters = new Set<() => void>();
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  const wakeAll = () => [...waiters].forEach((w) => w());
  let loops: Promise<void>[] = [];
  const stats = { sent: 0, failed: 0, unreachable: 0 };

  // Leases last a minute and lapse only when a dispatcher died: look for them once a second.
  let lapsedLookAt = -Infinity;
  function claimOne(lanes?: readonly OutboxLane[]): OutboxRow | undefined {
    const now = o.clock.now();
    const lapsed = now - lapsedLookAt >= 1000;
    if (lapsed) lapsedLookAt = now;
    return claimDue(o.db, worker, now, now + leaseMs, 1, platformList, lanes, { lapsed })[0];
  }

  /** The addresses to try for a row, best first: a fixed address, or the member's reachable accounts on running channels. */
  function targets(row: OutboxRow): ChatAddress[] {
    if (row.address) return [row.address];
    if (row.memberId == null) return [];
    return accountsOf(o.db, row.memberId)
      .filter((a) => a.reachable && channels.has(a.platform))
      .map((a) => a.address);
  }

  /**
   * A message that replaces an earlier one (a resolved approval card): edit it in place where it
   * was sent and the platform can edit; if it never left, drop it and send the new one instead.
   */
  async function deliverReplacement(row: OutboxRow, message: OutgoingMessage): Promise<boolean> {
    let previous = outboxByKey(o.db, message.replaces!);
    if (!previous) return false;
    // Still on its way from this dispatcher (a card resolved the moment it arrived): edit it once
    // it is there, rather than send the resolved card as a second message.
    const underway = previous.status === 'sending' ? delivering.get(previous.id) : undefined;
    if (underway) {
      await underway;
      previous = outboxByKey(o.db, message.replaces!)!;
    }
    if (previous.status === 'pending') dropPending(o.db, previous.id);
    if (previous.status !== 'sent' || !previous.sentAddress || !previous.sentRef) return false;
    const channel = channels.get(addressPlatform(previous.sentAddress));
    if (!channel?.edit) return false;
    const { replaces: _r, ...content } = message;
    try {
      await inOrder(previous.sentAddress, () => channel.edit!({ address: previous.sentAddress!, messageId: previous.sentRef! }, content));
      settle(o.db, row.id, worker, { status: 'sent', sentAddress: previous.sentAddress, sentRef: previous.sentRef, sentAt: o.clock.now() });
      stats.sent++;
      return true;
    } catch (e) {
      // Too old to edit, or deleted: fall back to a new message.
      o.log.warn({ err: e, row: row.id }, 'edit failed; sending the resolved card as a new message');
      return false;
    }
  }

  /** A file id only means something on its own platform; elsewhere use the local copy, if any. */
  function forPlatform(message: OutgoingMessage, platform: Platform): OutgoingMessage {
    const a = message.attachment;
    if (!a?.fileId || !a.platform || a.platform === platform) return message;
    if (a.path && existsSync(a.path)) return { ...message, attachment: { name: a.name, path: a.path, ...(a.mime ? { mime: a.mime } : {}) } };
    const { attachment: _a, ...rest } = message;
    return rest;
  }

  /**
   * `onPark`: called when the message has a part out and waits for the next one's turn (a chat
   * takes a message a second): the worker may take another row meanwhile.
   */
  async function deliver(row: OutboxRow, onPark: () => void = () => undefined): Promise<void> {
    let message: OutgoingMessage;
    try {
      message = JSON.parse(row.message) as OutgoingMessage;
    } catch {
      settle(o.db, row.id, worker, { status: 'failed', lastError: 'unreadable message' });
      stats.failed++;
      return;
    }
    if (message.replaces && (await deliverReplacement(row, message))) return;
    const tried: string[] = [];
    for (const address of targets(row)) {
      const platform = addressPlatform(address);
      const channel = channels.get(platform);
      const pacer = pacers.get(platform);
      if (!channel || !pacer) continue;
      const paused = pacer.pausedFor();
      if (paused > 2_000) {
        // The platform told us to wait: put the row back rather than hold a worker.
        settle(o.db, row.id, worker, { status: 'pending', notBefore: o.clock.now() + paused, lastError: 'platform paused', attemptsDelta: -1 });
        return;
      }
      const urgent = row.lane === 'interactive';
      // Parts the platform took in this attempt, written down before the next part waits its
      // turn, or when the attempt fails: a one-part message (nearly all) costs no extra write.
      let partsTaken = 0;
      const keepParts = () => {
        if (partsTaken > 0) recordParts(o.db, row.id, worker, address, partsTaken);
      };
      try {
        const ref = await inOrder(address, async () => {
          await pacer.acquire(address, urgent);
          const fitted = forPlatform(message, platform);
          const out = channel.capabilities.buttons ? fitted : renderAsChoices(o.db, address, fitted, o.clock.now());
          try {
            return await channel.send(address, out, {
              pace: () => {
                keepParts();
                pacer.answered(address);
                // A long platform pause between two parts: the row goes back to the queue.
                const paused = pacer.pausedFor();
                if (paused > 2_000) throw new Deferred(o.clock.now() + paused, 'platform paused between parts');
                onPark();
                return pacer.acquire(address, urgent);
              },
              // Parts that went in an earlier attempt, to this same address, are not sent again.
              done: row.sentAddress === address ? row.partsSent : 0,
              advanced: (n) => {
                partsTaken = n;
              },
            });
          } finally {
            pacer.answered(address);
          }
        });
        settle(o.db, row.id, worker, { status: 'sent', sentAddress: address, sentRef: ref.messageId, sentAt: o.clock.now() });
        stats.sent++;
        return;
      } catch (e) {
        keepParts();
        if (e instanceof Unreachable) {
          setAccountReachable(o.db, address, false, e.reason);
          o.log.warn({ address, reason: e.reason, row: row.id }, 'recipient unreachable on this account');
          tried.push(`${address}:${e.reason}`);
          continue; // the member's next account, if any
        }
        if (e instanceof RateLimited) {
          let seconds = e.retryAfterSeconds;
          if (seconds > maxRetryAfter) {
            o.log.error({ platform, retryAfter: seconds }, 'platform asked for an absurd pause; capping it');
            o.onAlert?.(`${platform} asked to pause ${seconds}s; pausing ${maxRetryAfter}s instead`);
            seconds = maxRetryAfter;
          }
          pacer.pause(seconds * 1000);
          settle(o.db, row.id, worker, { status: 'pending', notBefore: o.clock.now() + seconds * 1000, lastError: e.message, attemptsDelta: -1 });
          return;
        }
        if (e instanceof Deferred) {
          settle(o.db, row.id, worker, { status: 'pending', notBefore: e.until, lastError: e.message, attemptsDelta: -1 });
          return;
        }
        if (e instanceof Invalid) {
          o.log.error({ err: e, row: row.id, address }, 'message refused by the platform');
          settle(o.db, row.id, worker, { status: 'failed', lastError: e.message });
          stats.failed++;
          return;
        }
        const transient = e instanceof Transient ? e : new Transient(String((e as Error)?.message ?? e));
        if (row.attempts >= maxAttempts) {
          settle(o.db, row.id, worker, { status: 'failed', lastError: transient.message });
          stats.failed++;
          o.log.error({ row: row.id, address, err: transient.message }, 'giving up after retries');
          return;
        }
        // Exponential backoff with full jitter: 1 s, 2 s, 4 s … capped at 5 min.
        const backoff = Math.min(300_000, 1000 * 2 ** (row.attempts - 1));
        settle(o.db, row.id, worker, { status: 'pending', notBefore: o.clock.now() + Math.round(backoff * (0.5 + Math.random() / 2)), lastError: transient.message });
        return;
      }
    }
    settle(o.db, row.id, worker, { status: 'unreachable', lastError: tried.length ? tried.join(', ') : 'no_account' });
    stats.unreachable++;
  }

  /** Rows this dispatcher is delivering now, by id, settled or not: a replacement may wait for one. */
  const delivering = new Map<number, Promise<void>>();
  async function deliverTracked(row: OutboxRow, onPark?: () => void): Promise<void> {
    const done = deliver(row, onPark);
    delivering.set(row.id, done.then(() => undefined, () => undefined));
    try {
      await done;
    } finally {
      delivering.delete(row.id);
    }
  }

  let bulkBusy = 0;
  /** Deliveries under way, parked between parts or not (stop() waits for them). */
  const underway = new Set<Promise<void>>();
  async function loop(): Promise<void> {
    while (running) {
      let row: OutboxRow | undefined;
      try {
        // The last free worker is kept for the interactive lane.
        row = claimOne(bulkBusy >= concurrency - 1 ? INTERACTIVE_ONLY : undefined);
      } catch (e) {
        o.log.error({ err: e }, 'outbox claim failed');
      }
      if (!row) {
        await idle(pollMs);
        continue;
      }
      const bulk = row.lane === 'bulk';
      if (bulk) bulkBusy++;
      // A message in parts waits about a second between them (one message per chat per second):
      // once a part is out, the row is parked and this worker takes the next row, or a 3-part
      // notice would go out at a third of a worker per second. At most MAX_PARKED at a time.
      let freed = false;
      let wake!: () => void;
      const parkedNow = new Promise<void>((resolve) => (wake = resolve));
      const free = () => {
        if (freed) return;
        freed = true;
        if (bulk) bulkBusy--;
        wake();
      };
      const done = deliverTracked(row, () => {
        if (underway.size < MAX_PARKED) free();
      })
        .catch((e: unknown) => o.log.error({ err: e, row: row!.id }, 'delivery crashed; the lease will release the row'))
        .finally(() => {
          underway.delete(done);
          free();
        });
      underway.add(done);
      await Promise.race([done, parkedNow]);
    }
  }

  /**
   * Rows claimed by a dispatcher whose process is gone (killed mid-send) go back to the queue now.
   * Only those were possibly in flight at the crash, so at most `concurrency` messages can repeat.
   */
  function recoverAbandoned(): void {
    for (const holder of claimHolders(o.db)) {
      const pid = Number(/^dispatcher-(\d+)-/.exec(holder)?.[1]);
      if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
      const n = releaseClaims(o.db, holder);
      if (n) o.log.warn({ holder, rows: n }, 'released the claims of a dispatcher that died; these may repeat once');
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      recoverAbandoned();
      loops = Array.from({ length: concurrency }, () => loop());
    },
    async stop() {
      running = false;
      wakeAll();
      await Promise.all(loops);
      await Promise.all(underway);
    },
    kick: wakeAll,
    async drain() {
      const before = { ...stats };
      const workers = Array.from({ length: concurrency }, async () => {
        for (let row = claimOne(); row; row = claimOne()) await deliverTracked(row);
      });
      await Promise.all(workers);
      const counts = countByStatus(o.db);
      return {
        sent: stats.sent - before.sent,
        failed: stats.failed - before.failed,
        unreachable: stats.unreachable - before.unreachable,
        pending: counts.pending + counts.sending,
      };
    },
  };
}

/** Whether a process of this host is alive (signal 0 checks without signalling). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
