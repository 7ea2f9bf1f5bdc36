import { getMeta, setMeta } from '../../db/queries/meta.js';
import { activeMembersOf } from '../../db/queries/meetings.js';
import { local } from '../../src/core/clock.js';
import { notify } from '../../src/core/notifier.js';
import { quietUntil } from '../../src/domain/reminders.js';
import { renderEscalation, renderOverdueList } from '../../src/domain/report-messages.js';
import { reportSettings } from '../../src/domain/report-obligations.js';
import { reportRules, reportStatusBoard } from '../../src/domain/reports.js';
import { sweepCommittees } from '../sweep.js';
import type { Job } from '../tick.js';

/**
 * Overdue reports (issue 3.5):
 *   - every Monday, from the committee's reminder time of day, the secretariat gets the list of
 *     overdue reports (who, which, due when, how many working days late), once that Monday;
 *   - an obligation overdue by more than `overdueEscalationWorkingDays` (default 5) is reported
 *     once to the standing member, or to the chair where there is none (or where the standing
 *     member is the one late), citing the article.
 * Each committee is looked at once a local day, at Monday's reminder time, and when it changes.
 */
export function reportOverdueJob(): Job {
  return {
    name: 'report-overdue',
    run(deps, now) {
      let listed = 0;
      let escalated = 0;
      const today = local(now);
      const date = today.toISODate()!;
      const { more } = sweepCommittees(deps, 'report-overdue', now, (committee) => {
        const settings = reportSettings(committee);
        const [hh, mm] = settings.reminders.value.atLocalTime.split(':').map(Number) as [number, number];
        const monday = today.weekday === 1 && today.hour * 60 + today.minute >= hh * 60 + mm;
        // Monday before the reminder time: look again when the list falls due.
        const wake = today.weekday === 1 && !monday ? today.set({ hour: hh, minute: mm, second: 0, millisecond: 0 }).toMillis() : undefined;
        // Lateness counts whole working days, so what this job would send changes only when the
        // local date changes or Monday's list falls due: look once per such state, not every minute.
        const state = `${date}${monday ? '|monday' : ''}`;
        const stateKey = `report-overdue:c${committee.id}`;
        if (getMeta(deps.db, stateKey) === state) return wake;
        setMeta(deps.db, stateKey, state);
        const overdue = reportStatusBoard(deps, committee.id, undefined, now).filter((i) => i.status === 'overdue');
        if (!overdue.length) return wake;
        const notBefore = quietUntil(now, settings.quietHours.value) ?? now;
        const topic = `committee:${committee.id}`;

        if (monday) {
          for (const m of activeMembersOf(deps.db, committee.id, ['secretariat_lead', 'secretary'])) {
            const key = `report-overdue:c${committee.id}:${date}:m${m.id}`;
            if (notify(deps, { memberId: m.id }, renderOverdueList(overdue, now), { key, topic, notBefore })) listed++;
          }
        }

        const limit = settings.overdueEscalationWorkingDays.value;
        const beyond = overdue.filter((i) => i.lateWorkingDays > limit);
        if (!beyond.length) return wake;
        const standing = activeMembersOf(deps.db, committee.id, ['standing_member']);
        const chairs = activeMembersOf(deps.db, committee.id, ['chair']);
        const rules = new Map(reportRules(settings).map((e) => [e.rule.id, e]));
        for (const item of beyond) {
          const entry = rules.get(item.ruleId);
          if (!entry) continue;
          // Nobody is asked to chase their own report: a late standing member goes to the chair.
          const others = (list: typeof standing) => list.filter((m) => !item.ownerMemberIds.includes(m.id));
          const to = others(standing).length ? others(standing) : others(chairs);
          for (const m of to) {
            const key = `report-escalate:c${committee.id}:${item.ruleId}:${item.period}:${item.ownerKey}:m${m.id}`;
            if (notify(deps, { memberId: m.id }, renderEscalation(settings, item, entry.list, entry.rule), { key, topic, notBefore })) escalated++;
          }
        }
        return wake;
      });
      return { listed, escalated, ...(more ? { more: 1 } : {}) };
    },
  };
}
