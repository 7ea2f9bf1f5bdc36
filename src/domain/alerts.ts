import { listCommittees } from '../../db/queries/committees.js';
import { activeMembersOf } from '../../db/queries/meetings.js';
import type { AppDeps } from '../core/command.js';
import { local } from '../core/clock.js';
import { notify, type Render } from '../core/notifier.js';

/**
 * Tells the secretariat of every committee something they must act on (a platform token that
 * expired, an absurd rate limit): once per `key` per day, on whatever channel reaches them.
 */
export function alertSecretariat(deps: AppDeps, key: string, render: Render): number {
  const day = local(deps.clock.now()).toFormat('yyyy-MM-dd');
  let n = 0;
  deps.db.transaction(() => {
    for (const c of listCommittees(deps.db)) {
      for (const m of activeMembersOf(deps.db, c.id, ['secretariat_lead', 'secretary', 'standing_member'])) {
        if (notify(deps, { memberId: m.id }, render, { key: `alert:${key}:${day}:m${m.id}`, lane: 'interactive' })) n++;
      }
    }
  });
  return n;
}
