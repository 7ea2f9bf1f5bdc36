import { getCommittee } from '../../db/queries/committees.js';
import { delayReminder, dueReminders, dueRemindersOf, settleReminder, type ReminderRow } from '../../db/queries/reminders.js';
import type { AppDeps } from '../core/command.js';
import { local } from '../core/clock.js';
import type { OutgoingMessage } from '../core/channel.js';
import { notify, type Render } from '../core/notifier.js';
import type { Locale } from '../core/i18n.js';
import { committeeSettings } from './committees.js';
import type { RegulationSettings } from './presets/index.js';

export type { ReminderRow };

/**
 * One kind of reminder (meeting notice, documents warning, report due …). The engine below is
 * the same for all: it finds due rows, drops the stale, delays the non-urgent in quiet hours,
 * skips what the member already did, and queues the rest in the outbox, once.
 */
export interface ReminderKind {
  kind: string;
  /** Members to tell; default: the reminder's own member. */
  recipients?(deps: AppDeps, r: ReminderRow): number[];
  /** Why this member need not be reminded (already done, excused …), or undefined to send. */
  skipReason?(deps: AppDeps, r: ReminderRow, memberId: number): string | undefined;
  /** The message, or undefined when the subject is gone (the reminder is then dropped). */
  render(deps: AppDeps, r: ReminderRow, memberId: number): Render | undefined;
  /**
   * The message depends on the reminder's subject and data only, not on the member: rendered
   * once per language for all the members of one run (a meeting's 40 notices, not 40 renders).
   */
  sameForEveryone?: boolean;
  /** For reminders to someone who is not a member (a substitute): their chat and message. */
  toAddress?(deps: AppDeps, r: ReminderRow): { address: string; locale: Locale; render: Render } | undefined;
}

export interface ReminderRunStats {
  queued: number;
  skipped: number;
  dropped: number;
  delayed: number;
}

/** Whether `now` falls in the committee's quiet hours (e.g. 21:00–07:00, wrapping midnight). */
export function quietUntil(now: number, quiet: { start: string; end: string }): number | undefined {
  const t = local(now);
  const minutes = t.hour * 60 + t.minute;
  const [sh, sm] = quiet.start.split(':').map(Number) as [number, number];
  const [eh, em] = quiet.end.split(':').map(Number) as [number, number];
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  const inside = start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return undefined;
  let until = t.set({ hour: eh, minute: em, second: 0, millisecond: 0 });
  if (until <= t) until = until.plus({ days: 1 });
  return until.toMillis();
}

const BATCH = 500;

/** A render whose message depends only on the language: computed once per language. */
function oncePerLocale(render: Render): Render {
  const done = new Map<Locale, OutgoingMessage>();
  return (t, locale) => {
    let message = done.get(locale);
    if (!message) done.set(locale, (message = render(t, locale)));
    return message;
  };
}

/**
 * Sends every reminder due by `now` (or only those of `subject`, e.g. a meeting just scheduled,
 * so its notices leave at once rather than at the next tick). Synchronous: runs inside the
 * caller's transaction.
 */
export function sendDueReminders(deps: AppDeps, kinds: ReadonlyMap<string, ReminderKind>, now: number, subject?: string): ReminderRunStats {
  const stats: ReminderRunStats = { queued: 0, skipped: 0, dropped: 0, delayed: 0 };
  const settings = new Map<number, RegulationSettings | undefined>();
  const settingsOf = (committeeId: number) => {
    if (!settings.has(committeeId)) {
      const c = getCommittee(deps.db, committeeId);
      settings.set(committeeId, c ? committeeSettings(c) : undefined);
    }
    return settings.get(committeeId);
  };
  const shared = new Map<string, Render | undefined>();
  const renderFor = (kind: ReminderKind, r: ReminderRow, memberId: number): Render | undefined => {
    if (!kind.sameForEveryone) return kind.render(deps, r, memberId);
    const key = `${r.kind}|${r.subject}|${JSON.stringify(r.data)}`;
    if (!shared.has(key)) {
      const render = kind.render(deps, r, memberId);
      shared.set(key, render && oncePerLocale(render));
    }
    return shared.get(key);
  };
  if (subject !== undefined) {
    for (const r of dueRemindersOf(deps.db, subject, now)) handle(r);
    return stats;
  }
  for (;;) {
    const rows = dueReminders(deps.db, now, BATCH);
    for (const r of rows) handle(r);
    if (rows.length < BATCH) break;
  }
  return stats;

  function drop(r: ReminderRow, note: string) {
    if (settleReminder(deps.db, r.id, 'dropped', now, note)) {
      stats.dropped++;
      deps.log.info({ reminder: r.key, note }, 'reminder dropped');
    }
  }

  function handle(r: ReminderRow): void {
    const kind = kinds.get(r.kind);
    if (!kind) return drop(r, `unknown kind ${r.kind}`);
    if (r.expiresAt != null && r.expiresAt <= now) return drop(r, 'its moment has passed');
    const s = settingsOf(r.committeeId);
    if (!s) return drop(r, 'committee gone');
    if (!r.urgent) {
      const until = quietUntil(now, s.quietHours.value);
      if (until !== undefined) {
        // Delay, not drop: the same row becomes due when quiet hours end (unless it expires first).
        delayReminder(deps.db, r.id, until);
        stats.delayed++;
        return;
      }
    }
    if (kind.toAddress) {
      const to = kind.toAddress(deps, r);
      if (!to) return drop(r, 'subject gone');
      notify(deps, { address: to.address, locale: to.locale }, to.render, { key: r.key, lane: 'bulk', topic: r.subject });
      if (settleReminder(deps.db, r.id, 'queued', now)) stats.queued++;
      return;
    }
    const targets = kind.recipients ? kind.recipients(deps, r) : r.memberId != null ? [r.memberId] : [];
    let sent = 0;
    const skipped: string[] = [];
    for (const memberId of targets) {
      const reason = kind.skipReason?.(deps, r, memberId);
      if (reason) {
        skipped.push(reason);
        continue;
      }
      const render = renderFor(kind, r, memberId);
      if (!render) continue;
      notify(deps, { memberId }, render, { key: targets.length === 1 && r.memberId === memberId ? r.key : `${r.key}:m${memberId}`, lane: 'bulk', topic: r.subject });
      sent++;
    }
    if (sent > 0) {
      if (settleReminder(deps.db, r.id, 'queued', now)) stats.queued++;
    } else if (skipped.length > 0) {
      if (settleReminder(deps.db, r.id, 'skipped', now, skipped[0]!)) stats.skipped++;
    } else {
      drop(r, 'nobody to tell');
    }
  }
}
