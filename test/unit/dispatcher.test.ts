import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { accountByAddress, insertAccount, setMemberLocale } from '../../db/queries/members.js';
import { allOutbox, claimDue, outboxByKey, settle } from '../../db/queries/outbox.js';
import type { Channel, Platform } from '../../src/core/channel.js';
import { silentLogger } from '../../src/core/logger.js';
import { notify, type Recipient } from '../../src/core/notifier.js';
import { createDispatcher, type DispatcherOptions } from '../../src/core/outbox.js';
import { CONSOLE_PACING } from '../../src/core/pacing.js';
import { addMember } from '../../src/domain/members.js';
import { fakeClock, type FakeClock } from '../support/fake-clock.js';
import { Invalid, RateLimited, Transient, Unreachable, memoryChannel, type MemoryChannel } from '../support/memory-channel.js';
import { domainDeps, newCommittee } from '../support/unit-helpers.js';

const FAST = { console: CONSOLE_PACING, telegram: CONSOLE_PACING, zalo_bot: CONSOLE_PACING, zalo_oa: CONSOLE_PACING };
const LEASE_MS = 60_000;

let db: Db;
let clock: FakeClock;
let deps: ReturnType<typeof domainDeps>;

beforeEach(() => {
  db = openDb(':memory:');
  clock = fakeClock('2026-02-02T09:00:00');
  deps = domainDeps(db, clock);
});

afterEach(() => closeDb(db));

function dispatcher(channels: Channel[], extra: Partial<DispatcherOptions> = {}, on: Db = db) {
  return createDispatcher({ db: on, clock, log: silentLogger, channels, pacing: FAST, leaseMs: LEASE_MS, ...extra });
}

/** Queues a message whose text is its own key, so sends can be counted per key. */
function queue(key: string, to: Recipient = { address: 'console:ana', locale: 'vi' }, opts: { lane?: 'interactive' | 'bulk' } = {}, on: Db = db) {
  return notify({ ...deps, db: on }, to, () => ({ text: key }), { key, ...opts });
}

function memberWith(accounts: { platform: Platform; userId: string; priority: number }[]): number {
  const committeeId = newCommittee(deps);
  const id = addMember(deps, committeeId, { name: 'Nguyễn Văn An', role: 'chair' }, 'test').id;
  for (const a of accounts) {
    insertAccount(db, { memberId: id, platform: a.platform, userId: a.userId, address: `${a.platform}:${a.userId}`, priority: a.priority, boundAt: clock.now() });
  }
  return id;
}

describe('sending what is queued', () => {
  it('when a row is queued, then it is sent once and marked sent with where and when', async () => {
    const ch = memoryChannel();
    queue('hello');
    const d = dispatcher([ch]);
    expect(await d.drain()).toMatchObject({ sent: 1, failed: 0, unreachable: 0, pending: 0 });
    expect(await d.drain()).toMatchObject({ sent: 0 });
    expect(ch.sent.map((s) => [s.to, s.message.text])).toEqual([['console:ana', 'hello']]);
    expect(outboxByKey(db, 'hello')).toMatchObject({
      status: 'sent', sentAddress: 'console:ana', sentRef: ch.sent[0]!.messageId, sentAt: clock.now(), attempts: 1, claimedBy: null,
    });
  });

  it('when the same idempotency key is queued twice, then it is stored and sent once', async () => {
    const ch = memoryChannel();
    expect(queue('remind:meeting:42:member:7:T-1d')).toBe(true);
    expect(queue('remind:meeting:42:member:7:T-1d')).toBe(false);
    await dispatcher([ch]).drain();
    expect(allOutbox(db)).toHaveLength(1);
    expect(ch.sent).toHaveLength(1);
  });

  it('when a message is queued for a member, then it is rendered in their language', async () => {
    const ch = memoryChannel('telegram');
    const id = memberWith([{ platform: 'telegram', userId: '1', priority: 0 }]);
    setMemberLocale(db, id, 'en');
    notify(deps, { memberId: id }, (t) => ({ text: t('language.set') }), { key: 'lang' });
    await dispatcher([ch]).drain();
    expect(ch.textsTo('telegram:1')).toEqual([deps.i18n.t('en')('language.set')]);
  });

  it('when interactive rows are queued after bulk rows, then the interactive ones go first', async () => {
    const ch = memoryChannel();
    for (let i = 0; i < 5; i++) queue(`bulk-${i}`);
    clock.advance(1000);
    queue('reply-0', undefined, { lane: 'interactive' });
    queue('reply-1', undefined, { lane: 'interactive' });
    await dispatcher([ch], { concurrency: 1 }).drain();
    expect(ch.sent.map((s) => s.message.text)).toEqual(['reply-0', 'reply-1', 'bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4']);
  });

  it('when a row is not due yet, then it waits until the clock reaches it', async () => {
    const ch = memoryChannel();
    notify(deps, { address: 'console:ana', locale: 'vi' }, () => ({ text: 'later' }), { key: 'later', notBefore: clock.now() + 60_000 });
    const d = dispatcher([ch]);
    await d.drain();
    expect(ch.sent).toEqual([]);
    clock.advance(60_000);
    await d.drain();
    expect(ch.sent).toHaveLength(1);
  });
});

describe('two dispatchers on one database file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when two dispatchers drain 200 rows at once, then every row is sent exactly once', async () => {
    const path = join(dir, 'committee.db');
    const db1 = openDb(path);
    const db2 = openDb(path);
    try {
      for (let i = 0; i < 200; i++) queue(`row-${i}`, { address: `console:u${i % 7}`, locale: 'vi' }, {}, db1);
      const ch1 = memoryChannel();
      const ch2 = memoryChannel();
      const [s1, s2] = await Promise.all([dispatcher([ch1], {}, db1).drain(), dispatcher([ch2], {}, db2).drain()]);

      const perKey = new Map<string, number>();
      for (const s of [...ch1.sent, ...ch2.sent]) perKey.set(s.message.text, (perKey.get(s.message.text) ?? 0) + 1);
      expect(perKey.size).toBe(200);
      expect([...perKey.values()].every((n) => n === 1)).toBe(true);
      expect(s1.sent + s2.sent).toBe(200);
      // Both really took part: the test would prove nothing if one did everything.
      expect(ch1.sent.length).toBeGreaterThan(0);
      expect(ch2.sent.length).toBeGreaterThan(0);
      expect(allOutbox(db2).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      closeDb(db1);
      closeDb(db2);
    }
  });
});

describe('when the platform fails', () => {
  let ch: MemoryChannel;
  beforeEach(() => {
    ch = memoryChannel();
  });

  it('when a send fails transiently, then the row goes back to pending with a backoff, and is sent after the clock passes it', async () => {
    ch.fail('console:ana', new Transient('ETIMEDOUT'));
    queue('x');
    const d = dispatcher([ch]);
    const t0 = clock.now();
    expect(await d.drain()).toMatchObject({ sent: 0, pending: 1 });
    const row = outboxByKey(db, 'x')!;
    expect(row).toMatchObject({ status: 'pending', lastError: 'ETIMEDOUT', attempts: 1 });
    // First retry after 1 s with jitter: between 0.5 s and 1 s.
    expect(row.notBefore).toBeGreaterThanOrEqual(t0 + 500);
    expect(row.notBefore).toBeLessThanOrEqual(t0 + 1000);

    await d.drain();
    expect(ch.sent).toEqual([]); // not before its time

    clock.advance(1000);
    expect(await d.drain()).toMatchObject({ sent: 1, pending: 0 });
    expect(outboxByKey(db, 'x')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(ch.sent).toHaveLength(1);
  });

  it('when a send keeps failing transiently, then the row fails after maxAttempts', async () => {
    ch.fail('console:ana', ...Array.from({ length: 3 }, () => new Transient('502 Bad Gateway')));
    queue('x');
    const d = dispatcher([ch], { maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      await d.drain();
      clock.advance(10 * 60_000);
    }
    expect(outboxByKey(db, 'x')).toMatchObject({ status: 'failed', attempts: 3, lastError: '502 Bad Gateway' });
    expect(ch.sent).toEqual([]);
  });

  it('when the platform answers RateLimited(3), then the row is pending again with notBefore ≈ now + 3 s and the try does not count', async () => {
    ch.fail('console:ana', new RateLimited(3));
    queue('x');
    await dispatcher([ch]).drain();
    const row = outboxByKey(db, 'x')!;
    expect(row.status).toBe('pending');
    expect(row.notBefore).toBe(clock.now() + 3000);
    expect(row.attempts).toBe(0);
    expect(ch.sent).toEqual([]);
  });

  it("when the member's first account is unreachable, then it is marked so and the message goes to their second account", async () => {
    const tg = memoryChannel('telegram');
    const zalo = memoryChannel('zalo_bot');
    const id = memberWith([
      { platform: 'telegram', userId: '1001', priority: 0 },
      { platform: 'zalo_bot', userId: 'z1', priority: 1 },
    ]);
    tg.fail('telegram:1001', new Unreachable('blocked'));
    notify(deps, { memberId: id }, () => ({ text: 'Giấy mời họp' }), { key: 'invite:1' });
    expect(await dispatcher([tg, zalo]).drain()).toMatchObject({ sent: 1, unreachable: 0 });
    expect(accountByAddress(db, 'telegram:1001')).toMatchObject({ reachable: false, unreachableReason: 'blocked' });
    expect(zalo.textsTo('zalo_bot:z1')).toEqual(['Giấy mời họp']);
    expect(tg.sent).toEqual([]);
    expect(outboxByKey(db, 'invite:1')).toMatchObject({ status: 'sent', sentAddress: 'zalo_bot:z1' });

    // The next message skips the blocked account altogether.
    notify(deps, { memberId: id }, () => ({ text: 'Nhắc họp' }), { key: 'remind:1' });
    await dispatcher([tg, zalo]).drain();
    expect(zalo.textsTo('zalo_bot:z1')).toEqual(['Giấy mời họp', 'Nhắc họp']);
  });

  it('when every account of the member is unreachable, then the row is unreachable and says why', async () => {
    const tg = memoryChannel('telegram');
    const id = memberWith([{ platform: 'telegram', userId: '1001', priority: 0 }]);
    tg.fail('telegram:1001', new Unreachable('not_started'));
    notify(deps, { memberId: id }, () => ({ text: 'x' }), { key: 'x' });
    expect(await dispatcher([tg]).drain()).toMatchObject({ sent: 0, unreachable: 1 });
    expect(outboxByKey(db, 'x')).toMatchObject({ status: 'unreachable', lastError: 'telegram:1001:not_started' });
  });

  it('when the member has no chat account, then the row is unreachable with lastError no_account', async () => {
    const id = memberWith([]);
    notify(deps, { memberId: id }, () => ({ text: 'x' }), { key: 'x' });
    expect(await dispatcher([ch]).drain()).toMatchObject({ unreachable: 1 });
    expect(outboxByKey(db, 'x')).toMatchObject({ status: 'unreachable', lastError: 'no_account' });
  });

  it('when the platform refuses the message as Invalid, then the row is failed and not retried', async () => {
    ch.fail('console:ana', new Invalid("Bad Request: can't parse entities"));
    queue('x');
    const d = dispatcher([ch]);
    expect(await d.drain()).toMatchObject({ failed: 1, pending: 0 });
    clock.advance(3_600_000);
    await d.drain();
    expect(outboxByKey(db, 'x')).toMatchObject({ status: 'failed', lastError: "Bad Request: can't parse entities" });
    expect(ch.sent).toEqual([]);
  });
});

describe('a dispatcher that crashed mid-send', () => {
  it('when a claimed row is never settled, then it is sent again once the lease has expired, and the late settle is refused', async () => {
    const ch = memoryChannel();
    queue('x');
    const [claimed] = claimDue(db, 'crashed-worker', clock.now(), clock.now() + LEASE_MS, 1, ['console']);
    expect(claimed).toMatchObject({ idempotencyKey: 'x', status: 'sending' });

    const d = dispatcher([ch]);
    await d.drain();
    expect(ch.sent).toEqual([]); // still leased to the crashed worker

    clock.advance(LEASE_MS + 1);
    expect(await d.drain()).toMatchObject({ sent: 1 });
    expect(ch.textsTo('console:ana')).toEqual(['x']);
    expect(outboxByKey(db, 'x')).toMatchObject({ status: 'sent', attempts: 2 });

    // The crashed worker waking up cannot overwrite the outcome (compare-and-set on the claim).
    expect(settle(db, claimed!.id, 'crashed-worker', { status: 'failed', lastError: 'late' })).toBe(false);
    expect(outboxByKey(db, 'x')?.status).toBe('sent');
  });
});
