import { scheduledMeetingsStartingBetween } from '../../db/queries/attendance.js';
import { getCommittee } from '../../db/queries/committees.js';
import { outboxByKey } from '../../db/queries/outbox.js';
import { local } from '../../src/core/clock.js';
import { notify } from '../../src/core/notifier.js';
import { attendanceOf } from '../../src/domain/attendance.js';
import { renderQuorumAlert } from '../../src/domain/attendance-messages.js';
import { committeeSettings } from '../../src/domain/committees.js';
import { quietUntil } from '../../src/domain/reminders.js';
import type { Job } from '../tick.js';

/** Two working days before, per issue 4.4. */
export const QUORUM_ALERT_WORKING_DAYS = 2;
/**
 * Two working days back never spans more than ~3 weeks (Tết is the longest break: nine days off
 * in 2026), so only meetings starting that soon are looked at.
 */
const LOOKAHEAD_MS = 21 * 86_400_000;

export const quorumAlertKey = (meetingId: number, version: number) => `quorum:${meetingId}:v${version}`;

/**
 * From two working days before a scheduled meeting (same time of day, `subtractWorkingDays`)
 * until it starts, the presider is told once — per version of the meeting, so a moved meeting is
 * looked at again — when the forecast falls below quorum or those confirmed are not yet enough.
 * A meeting that is safe now is looked at again on later ticks, so an absence approved after the
 * alert moment still raises it.
 */
export function quorumAlertJob(): Job {
  return {
    name: 'quorum-alert',
    run(deps, now) {
      const clocked = { ...deps, clock: { now: () => now } };
      let alerted = 0;
      for (const meeting of scheduledMeetingsStartingBetween(deps.db, now, now + LOOKAHEAD_MS)) {
        const from = deps.calendar.subtractWorkingDays(local(meeting.startsAt), QUORUM_ALERT_WORKING_DAYS).toMillis();
        if (now < from) continue;
        const key = quorumAlertKey(meeting.id, meeting.version);
        if (outboxByKey(deps.db, key)) continue;
        const att = attendanceOf(deps, meeting.id);
        if (!att.quorum.belowQuorum && !att.quorum.atRisk) continue;
        const committee = getCommittee(deps.db, meeting.committeeId);
        const quiet = committee ? quietUntil(now, committeeSettings(committee).quietHours.value) : undefined;
        // Past quiet hours, but never after the meeting has started.
        const notBefore = Math.min(quiet ?? now, meeting.startsAt - 60_000);
        const queued = notify(clocked, { memberId: meeting.presiderId }, renderQuorumAlert(att), {
          key,
          topic: `meeting:${meeting.id}`,
          notBefore: Math.max(now, notBefore),
        });
        if (queued) alerted++;
      }
      return { alerted };
    },
  };
}
