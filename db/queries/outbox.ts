import { and, eq, sql, count } from 'drizzle-orm';
import type { Db } from '../client.js';
import { IN_FLIGHT, OUTBOX_LANES, outbox, type OutboxLane, type OutboxStatus } from '../schema/index.js';
import { prepared, rowQuery } from './prepared.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;

/** Inserts unless a row with the same idempotency key exists; true when inserted. */
export function enqueueRow(db: Db, row: NewOutboxRow): boolean {
  const stmt = prepared(db, 'outbox.enqueue', () =>
    db.$client.prepare(
      `INSERT INTO outbox (idempotency_key, lane, member_id, address, message, topic, status, attempts, not_before, created_at)
       VALUES (@idempotencyKey, @lane, @memberId, @address, @message, @topic, 'pending', 0, @notBefore, @createdAt)
       ON CONFLICT(idempotency_key) DO NOTHING`,
    ),
  );
  return (
    stmt.run({
      idempotencyKey: row.idempotencyKey,
      lane: row.lane,
      memberId: row.memberId ?? null,
      address: row.address ?? null,
      message: row.message,
      topic: row.topic ?? null,
      notBefore: row.notBefore,
      createdAt: row.createdAt,
    }).changes === 1
  );
}

/**
 * One message for many members, in one statement: each row's idempotency key is `keyPrefix` and
 * the member's id, and a key already there is kept (as in enqueueRow). Rows go in the order of
 * `memberIds`. Returns how many were new. A notice to 5,000 members took ~100 ms one row at a
 * time (the bot's event loop stopped for all of it) and takes ~20 ms this way.
 */
export function enqueueForMembers(
  db: Db,
  row: { keyPrefix: string; memberIds: readonly number[]; lane: OutboxLane; message: string; topic: string | null; notBefore: number; createdAt: number },
): number {
  const stmt = prepared(db, 'outbox.enqueueForMembers', () =>
    db.$client.prepare(
      // "WHERE true": an INSERT … SELECT with an ON CONFLICT clause needs a WHERE to parse.
      `INSERT INTO outbox (idempotency_key, lane, member_id, address, message, topic, status, attempts, not_before, created_at)
       SELECT @keyPrefix || j.value, @lane, j.value, NULL, @message, @topic, 'pending', 0, @notBefore, @createdAt
       FROM json_each(@memberIds) j WHERE true ORDER BY j.key
       ON CONFLICT(idempotency_key) DO NOTHING`,
    ),
  );
  return stmt.run({ ...row, memberIds: JSON.stringify(row.memberIds) }).changes;
}

/**
 * Claims up to `limit` due rows for `worker` until `leaseUntil`, interactive lane first (or only
 * the `lanes` given). Rows whose lease ran out (a dispatcher died mid-send) are due again. Each
 * claim is one UPDATE … RETURNING, so two dispatchers (the bot and a CLI `tick`) can never claim
 * the same row. Only rows this worker can deliver are claimed: a fixed address on one of
 * `platforms`, or a member with a reachable account there — or with no reachable account at
 * all, so that it can be reported unreachable.
 *
 * One statement per lane, each walking `outbox_due_idx` (status, lane, not_before) in order:
 * with 5,000 rows of a notice pending, a claim reads a handful of index entries instead of
 * sorting every due row. `lapsed: false` skips the look for lapsed leases (the dispatcher does it
 * once a second, not on every claim: a lease lasts a minute).
 */
export function claimDue(
  db: Db,
  worker: string,
  now: number,
  leaseUntil: number,
  limit: number,
  platforms: readonly string[],
  lanes: readonly OutboxLane[] = OUTBOX_LANES,
  o: { lapsed?: boolean } = {},
): OutboxRow[] {
  const params = { worker, now, leaseUntil };
  // The platforms are written into the statement (one per platform set), not bound as JSON:
  // json_each and its bloom filter were half the cost of a claim.
  for (const p of platforms) if (!/^[a-z_]+$/.test(p)) throw new Error(`not a platform name: ${p}`);
  const set = platforms.map((p) => `'${p}'`).join(', ') || 'NULL';
  const rows: OutboxRow[] = [];
  for (const lane of OUTBOX_LANES) {
    if (!lanes.includes(lane)) continue;
    // A lapsed lease first (rare: a dispatcher died), then what fell due, oldest first.
    for (const which of o.lapsed === false ? (['due'] as const) : (['lapsed', 'due'] as const)) {
      if (rows.length >= limit) return rows;
      const stmt = prepared(db, `outbox.claim.${which}.${set}`, () => db.$client.prepare(claimSql(which, set)));
      const got = stmt.all({ ...params, lane, limit: limit - rows.length }) as RawOutbox[];
      rows.push(...got.map(fromRaw).sort((a, b) => a.notBefore - b.notBefore || a.id - b.id));
    }
  }
  return rows;
}

function claimSql(which: 'lapsed' | 'due', platforms: string): string {
  const due =
    which === 'due'
      ? `o.status = 'pending' AND o.lane = @lane AND o.not_before <= @now AND o.${IN_FLIGHT}`
      : `o.status = 'sending' AND o.lane = @lane AND o.lease_until < @now AND o.${IN_FLIGHT}`;
  return `UPDATE outbox SET status = 'sending', claimed_by = @worker, lease_until = @leaseUntil, attempts = attempts + 1
    WHERE id IN (
      SELECT o.id FROM outbox o
      WHERE ${due}
        AND (
          (o.address IS NOT NULL AND substr(o.address, 1, instr(o.address, ':') - 1) IN (${platforms}))
          OR (o.member_id IS NOT NULL AND (
            EXISTS (SELECT 1 FROM chat_accounts a WHERE a.member_id = o.member_id AND a.reachable = 1
                    AND a.platform IN (${platforms}))
            OR NOT EXISTS (SELECT 1 FROM chat_accounts a WHERE a.member_id = o.member_id AND a.reachable = 1))))
      ORDER BY o.not_before, o.id
      LIMIT @limit)
    RETURNING *`;
}

interface RawOutbox {
  id: number;
  idempotency_key: string;
  lane: OutboxLane;
  member_id: number | null;
  address: string | null;
  message: string;
  topic: string | null;
  status: OutboxStatus;
  attempts: number;
  not_before: number;
  claimed_by: string | null;
  lease_until: number | null;
  last_error: string | null;
  sent_address: string | null;
  sent_ref: string | null;
  parts_sent: number;
  created_at: number;
  sent_at: number | null;
}

function fromRaw(r: RawOutbox): OutboxRow {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    lane: r.lane,
    memberId: r.member_id,
    address: r.address,
    message: r.message,
    topic: r.topic,
    status: r.status,
    attempts: r.attempts,
    notBefore: r.not_before,
    claimedBy: r.claimed_by,
    leaseUntil: r.lease_until,
    lastError: r.last_error,
    sentAddress: r.sent_address,
    sentRef: r.sent_ref,
    partsSent: r.parts_sent,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** Settles a claimed row; only the worker holding the claim may (compare-and-set). */
export function settle(
  db: Db,
  id: number,
  worker: string,
  change: { status: OutboxStatus; notBefore?: number; lastError?: string | null; sentAddress?: string | null; sentRef?: string | null; sentAt?: number | null; attemptsDelta?: number },
): boolean {
  const stmt = prepared(db, 'outbox.settle', () =>
    db.$client.prepare(
      `UPDATE outbox SET status = @status,
         not_before = COALESCE(@notBefore, not_before),
         last_error = @lastError,
         sent_address = COALESCE(@sentAddress, sent_address),
         sent_ref = COALESCE(@sentRef, sent_ref),
         sent_at = COALESCE(@sentAt, sent_at),
         attempts = attempts + @attemptsDelta,
         claimed_by = NULL, lease_until = NULL
       WHERE id = @id AND status = 'sending' AND claimed_by = @worker`,
    ),
  );
  return (
    stmt.run({
      id,
      worker,
      status: change.status,
      notBefore: change.notBefore ?? null,
      lastError: change.lastError ?? null,
      sentAddress: change.sentAddress ?? null,
      sentRef: change.sentRef ?? null,
      sentAt: change.sentAt ?? null,
      attemptsDelta: change.attemptsDelta ?? 0,
    }).changes === 1
  );
}

/**
 * `parts` requests of a claimed row's message went to `address` (the platform took them): kept at
 * once, so a retry, or the next start after a crash, sends only the rest.
 */
export function recordParts(db: Db, id: number, worker: string, address: string, parts: number): void {
  prepared(db, 'outbox.recordParts', () =>
    db.$client.prepare(`UPDATE outbox SET parts_sent = @parts, sent_address = @address WHERE id = @id AND status = 'sending' AND claimed_by = @worker`),
  ).run({ id, worker, address, parts });
}

export function outboxByKey(db: Db, key: string): OutboxRow | undefined {
  return rowQuery(db, 'outbox.byKey', outbox, (cols) => `SELECT ${cols} FROM outbox WHERE idempotency_key = @key`).get({ key });
}

/** Just the status of a row (not its message, which may be kilobytes of calendar file). */
export function outboxStatusByKey(db: Db, key: string): OutboxStatus | undefined {
  return prepared(db, 'outbox.statusByKey', () => db.$client.prepare('SELECT status FROM outbox WHERE idempotency_key = ?').pluck()).get(key) as OutboxStatus | undefined;
}

export function outboxOfTopic(db: Db, topic: string): OutboxRow[] {
  return db.select().from(outbox).where(eq(outbox.topic, topic)).all();
}

export function countByStatus(db: Db, topic?: string): Record<OutboxStatus, number> {
  const rows = db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(topic ? eq(outbox.topic, topic) : undefined)
    .groupBy(outbox.status)
    .all();
  const out = { pending: 0, sending: 0, sent: 0, failed: 0, unreachable: 0, dropped: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export function nextDueAt(db: Db): number | undefined {
  const r = db
    .select({ at: sql<number>`min(${outbox.notBefore})` })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending')))
    .get();
  return r?.at ?? undefined;
}

export function allOutbox(db: Db): OutboxRow[] {
  return db.select().from(outbox).all();
}

/** Drops a row that has not been claimed yet (superseded before it was sent). */
export function dropPending(db: Db, id: number): boolean {
  return db.update(outbox).set({ status: 'dropped', lastError: 'superseded' }).where(and(eq(outbox.id, id), eq(outbox.status, 'pending'))).run().changes === 1;
}

/** Workers holding claims right now (to spot ones whose process died). */
export function claimHolders(db: Db): string[] {
  return db
    .selectDistinct({ w: outbox.claimedBy })
    .from(outbox)
    .where(and(eq(outbox.status, 'sending'), sql.raw(IN_FLIGHT)))
    .all()
    .map((r) => r.w)
    .filter((w): w is string => w !== null);
}

/** Gives a dead worker's claimed rows back to the queue at once, instead of waiting out the lease. */
export function releaseClaims(db: Db, worker: string): number {
  return db
    .update(outbox)
    .set({ status: 'pending', claimedBy: null, leaseUntil: null })
    .where(and(eq(outbox.status, 'sending'), sql.raw(IN_FLIGHT), eq(outbox.claimedBy, worker)))
    .run().changes;
}
