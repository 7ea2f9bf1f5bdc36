import { enqueueForMembers, enqueueRow } from '../../db/queries/outbox.js';
import { getMember } from '../../db/queries/members.js';
import type { OutboxLane } from '../../db/schema/outbox.js';
import type { Db } from '../../db/client.js';
import type { ChatAddress, OutgoingMessage } from './channel.js';
import { DEFAULT_LOCALE, type I18n, type Locale, type Translate } from './i18n.js';

/** A message to someone else, rendered in *their* language when it is queued. */
export type Render = (t: Translate, locale: Locale) => OutgoingMessage;

/** A member (their language looked up, unless the caller has it at hand) or a fixed address. */
export type Recipient = { memberId: number; locale?: Locale } | { address: ChatAddress; locale: Locale };

export interface NotifyOptions {
  /** Unique per logical message, e.g. `remind:meeting:42:member:7:T-1d`: queuing it twice sends once. */
  key: string;
  lane?: OutboxLane;
  topic?: string;
  notBefore?: number;
}

/**
 * Queues a message in the outbox. Call it inside the transaction of the change that causes it,
 * so the change and the message commit (or vanish) together. Returns false for a duplicate key.
 */
export function notify(
  deps: { db: Db; i18n: I18n; clock: { now(): number } },
  to: Recipient,
  render: Render,
  opts: NotifyOptions,
): boolean {
  let locale: Locale = DEFAULT_LOCALE;
  let memberId: number | null = null;
  let address: string | null = null;
  if ('memberId' in to) {
    memberId = to.memberId;
    locale = to.locale ?? getMember(deps.db, to.memberId)?.locale ?? DEFAULT_LOCALE;
  } else {
    address = to.address;
    locale = to.locale;
  }
  const message = render(deps.i18n.t(locale), locale);
  const now = deps.clock.now();
  return enqueueRow(deps.db, {
    idempotencyKey: opts.key,
    lane: opts.lane ?? 'bulk',
    memberId,
    address,
    message: serialize(message),
    topic: opts.topic ?? null,
    notBefore: opts.notBefore ?? now,
    createdAt: now,
  });
}

/**
 * The same message to many members, each in their own language: rendered once per language and
 * queued with one statement per language (enqueueForMembers). Each row's key is `keyPrefix` and
 * the member's id. Returns how many rows were new.
 */
export function notifyMembers(
  deps: { db: Db; i18n: I18n; clock: { now(): number } },
  members: readonly { id: number; locale: Locale }[],
  render: Render,
  opts: Omit<NotifyOptions, 'key'> & { keyPrefix: string },
): number {
  const byLocale = new Map<Locale, number[]>();
  for (const m of members) {
    const ids = byLocale.get(m.locale);
    if (ids) ids.push(m.id);
    else byLocale.set(m.locale, [m.id]);
  }
  const now = deps.clock.now();
  let queued = 0;
  for (const [locale, memberIds] of byLocale) {
    queued += enqueueForMembers(deps.db, {
      keyPrefix: opts.keyPrefix,
      memberIds,
      lane: opts.lane ?? 'bulk',
      message: serialize(render(deps.i18n.t(locale), locale)),
      topic: opts.topic ?? null,
      notBefore: opts.notBefore ?? now,
      createdAt: now,
    });
  }
  return queued;
}

/**
 * A message as stored. A frozen one is a remembered message shared by many recipients (a
 * meeting's invitation, with its calendar file): its JSON is made once.
 */
function serialize(message: OutgoingMessage): string {
  if (!Object.isFrozen(message)) return JSON.stringify(message);
  let json = serialized.get(message);
  if (json === undefined) serialized.set(message, (json = JSON.stringify(message)));
  return json;
}

const serialized = new WeakMap<OutgoingMessage, string>();
