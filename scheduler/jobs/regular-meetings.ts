import { activeMembersOf, meetingsOfBodyBetween } from '../../db/queries/meetings.js';
import { MEETING_BODIES } from '../../db/schema/meetings.js';
import { notify } from '../../src/core/notifier.js';
import { committeeSettings } from '../../src/domain/committees.js';
import { periodOf } from '../../src/domain/meeting-rules.js';
import { quietUntil } from '../../src/domain/reminders.js';
import { describeSetting } from '../../src/domain/presets/index.js';
import { sweepCommittees } from '../sweep.js';
import type { Job } from '../tick.js';

const DAY = 86_400_000;
/** How long before a period ends the secretariat is told its regular meeting is still missing. */
const WARN_BEFORE_END = { monthly: 10 * DAY, quarterly: 30 * DAY, semiannual: 45 * DAY, yearly: 60 * DAY } as const;

/**
 * A regulation that says "the committee meets quarterly" (Bắc Giang Đ.10.1 …) is kept only if a
 * meeting is scheduled each quarter. When a period nears its end with none, the secretariat is
 * told once, citing the article. What this finds changes with the date and with the committee's
 * meetings and members, so each committee is looked at once a local day (after its quiet hours)
 * and when it changes, not every minute.
 */
export function regularMeetingsJob(): Job {
  return {
    name: 'regular-meetings',
    run(deps, now) {
      let warned = 0;
      const { more } = sweepCommittees(deps, 'regular-meetings', now, (committee) => {
        const settings = committeeSettings(committee);
        // Not at midnight: the key is per period, so the first look after quiet hours sends it.
        const quiet = quietUntil(now, settings.quietHours.value);
        if (quiet !== undefined) return quiet;
        for (const body of MEETING_BODIES) {
          const rule = settings.meetings[body];
          const f = rule.value;
          if (!settings.bodies[body].exists || (f !== 'monthly' && f !== 'quarterly' && f !== 'semiannual' && f !== 'yearly')) continue;
          const period = periodOf(f, now);
          if (period.end - now > WARN_BEFORE_END[f]) continue;
          if (meetingsOfBodyBetween(deps.db, committee.id, body, period.start, period.end).length > 0) continue;
          for (const m of activeMembersOf(deps.db, committee.id, ['secretariat_lead', 'secretary', 'standing_member'])) {
            const queued = notify(
              deps,
              { memberId: m.id },
              (t, locale) => ({
                text: t('meeting.missing_regular', {
                  body: locale === 'vi' ? settings.bodies[body].nameVi : settings.bodies[body].nameEn,
                  frequency: t(`frequency.${f}`),
                  period: period.label,
                  rule: describeSetting(rule, locale),
                }),
              }),
              { key: `missing-meeting:${committee.id}:${body}:${period.label}:m${m.id}`, topic: `committee:${committee.id}` },
            );
            if (queued) warned++;
          }
        }
        return undefined;
      });
      return { warned, ...(more ? { more: 1 } : {}) };
    },
  };
}
