import { dueEscalations, pendingOfStartedMeetings } from '../../db/queries/requests.js';
import { escalateRequest, expireRequest } from '../../src/domain/requests.js';
import type { Job } from '../tick.js';

/** Absence and substitute requests: expire at the meeting's start, escalate when the window passes. */
export function requestsJob(): Job {
  return {
    name: 'requests',
    run(deps, now) {
      const clocked = { ...deps, clock: { now: () => now } };
      let expired = 0;
      let escalated = 0;
      let reminded = 0;
      for (const r of pendingOfStartedMeetings(deps.db, now)) if (expireRequest(clocked, r)) expired++;
      for (const r of dueEscalations(deps.db, now)) {
        if (escalateRequest(clocked, r) === 'escalated') escalated++;
        else reminded++;
      }
      return { expired, escalated, reminded };
    },
  };
}
