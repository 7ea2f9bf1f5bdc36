import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { getCommittee } from '../../db/queries/committees.js';
import { getMeta, setMeta } from '../../db/queries/meta.js';
import { planReminder } from '../../db/queries/reminders.js';
import { committeeMembers, submissionsFor } from '../../db/queries/reports.js';
import { VN_ZONE } from '../core/clock.js';
import type { AppDeps } from '../core/command.js';
import type { Committee } from './committees.js';
import type { Deps } from './deps.js';
import type { RegulationSettings } from './presets/index.js';
import type { ReminderKind, ReminderRow } from './reminders.js';
import { renderReportReminder } from './report-messages.js';
import { committeeObligations, duePeriodOf, ownersOf, reportRules, reportSettings, type Obligation, type Owner } from './report-obligations.js';

export const REPORT_DUE_KIND = 'report.due';

/** How many due dates ahead of each rule are planned: the current period's and the next. */
const PERIODS_AHEAD = 2;

interface ReportReminderData {
  ruleId: string;
  period: string;
  dueAt: number;
  days: number;
}

/**
 * The moments to remind of an obligation: N working days before its due day (the preset's
 * `reportReminderWorkingDays`, e.g. 14, 3 and 0), at the committee's reminder time of day.
 * Moments already past, or after the deadline itself, are left out.
 */
export function reportReminderTimes(deps: Deps, settingsDays: readonly number[], atLocalTime: string, dueAt: number, now: number): { days: number; at: number }[] {
  const [hh, mm] = atLocalTime.split(':').map(Number) as [number, number];
  const dueDay = DateTime.fromMillis(dueAt, { zone: VN_ZONE }).set({ hour: hh, minute: mm, second: 0, millisecond: 0 });
  const out: { days: number; at: number }[] = [];
  for (const days of [...settingsDays].sort((a, b) => b - a)) {
    const at = deps.calendar.subtractWorkingDays(dueDay, days).toMillis();
    if (at > now && at < dueAt && !out.some((o) => o.at === at)) out.push({ days, at });
  }
  return out;
}

/**
 * Plans the reminders of a committee's next report deadlines (each rule's next two), one row per
 * member to remind. Idempotent: rows have unique keys, and a fingerprint of what was planned is
 * kept in `meta`, so a tick that finds nothing changed costs a few reads.
 */
export function planReportReminders(deps: AppDeps, committee: Committee, now: number): number {
  const settings = reportSettings(committee);
  const obligations = committeeObligations(deps, committee, settings, { upcoming: PERIODS_AHEAD }, now);
  const days = settings.reportReminderWorkingDays.value;
  const at = settings.reminders.value.atLocalTime;
  const fingerprint = createHash('sha1')
    .update(JSON.stringify([days, at, obligations.map((o) => [o.rule.id, o.period, o.dueAt, o.owner.remindIds])]))
    .digest('hex');
  const metaKey = `report-reminders:c${committee.id}`;
  if (getMeta(deps.db, metaKey) === fingerprint) return 0;
  let planned = 0;
  for (const o of obligations) {
    for (const t of reportReminderTimes(deps, days, at, o.dueAt, now)) {
      for (const memberId of o.owner.remindIds) {
        const data: ReportReminderData = { ruleId: o.rule.id, period: o.period, dueAt: o.dueAt, days: t.days };
        const inserted = planReminder(deps.db, {
          // The due instant is part of the key: when a meeting moves, its new deadline gets new rows.
          key: `report:c${committee.id}:${o.rule.id}:${o.period}:d${o.dueAt}:m${memberId}:T-${t.days}wd`,
          committeeId: committee.id,
          kind: REPORT_DUE_KIND,
          subject: reportSubject(committee.id, o.rule.id, o.period),
          memberId,
          dueAt: t.at,
          expiresAt: o.dueAt,
          data: { ...data },
          createdAt: now,
        });
        if (inserted) planned++;
      }
    }
  }
  setMeta(deps.db, metaKey, fingerprint);
  return planned;
}

export const reportSubject = (committeeId: number, ruleId: string, period: string) => `report:c${committeeId}:${ruleId}:${period}`;

/** The obligation a reminder is about, as the regulation says now; undefined if it changed or went. */
function currentObligation(deps: AppDeps, r: ReminderRow, memberId: number): (Pick<Obligation, 'rule' | 'list' | 'period' | 'dueAt' | 'meetingStartsAt'> & { owner: Owner; settings: RegulationSettings }) | undefined {
  const data = r.data as Partial<ReportReminderData> | null;
  const committee = getCommittee(deps.db, r.committeeId);
  if (!committee || !data?.ruleId || !data.period) return undefined;
  const settings = reportSettings(committee);
  const entry = reportRules(settings).find((e) => e.rule.id === data.ruleId);
  if (!entry) return undefined;
  const due = duePeriodOf(deps, committee, settings, entry.rule, data.period);
  if (!due || due.dueAt !== data.dueAt) return undefined; // the meeting moved or the setting changed
  const owner = ownersOf(entry.rule, committeeMembers(deps.db, committee.id)).find((o) => o.remindIds.includes(memberId));
  if (!owner) return undefined;
  return { rule: entry.rule, list: entry.list, period: data.period, dueAt: due.dueAt, meetingStartsAt: due.meetingStartsAt, owner, settings };
}

/** Report deadlines: nobody is reminded of a report they (or their agency) already handed in. */
export const reportDueKind: ReminderKind = {
  kind: REPORT_DUE_KIND,
  skipReason(deps, r, memberId) {
    const o = currentObligation(deps, r, memberId);
    if (!o) return undefined; // render drops it
    const done = submissionsFor(deps.db, r.committeeId, o.rule.id, o.period).some((s) => o.owner.countIds.includes(s.memberId));
    return done ? 'already submitted' : undefined;
  },
  render(deps, r, memberId) {
    const o = currentObligation(deps, r, memberId);
    return o && renderReportReminder(o.settings, o, Number((r.data as Partial<ReportReminderData> | null)?.days ?? 0));
  },
};
