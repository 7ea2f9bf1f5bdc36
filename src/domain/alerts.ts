import { atomic } from '../../db/client.js';
import { listCommittees } from '../../db/queries/committees.js';
import { activeMembersOf } from '../../db/queries/meetings.js';
import { accountsOf } from '../../db/queries/members.js';
import type { Platform } from '../core/channel.js';
import type { AppDeps } from '../core/command.js';
import { local } from '../core/clock.js';
import { notify, type Render } from '../core/notifier.js';

/**
 * Tells the secretariat of every committee something they must act on (a platform token that
 * expired, an absurd rate limit): once per `key` per day. With `avoid`, the platform that is
 * failing is skipped: each secretary gets it on every other account they have (and through the
 * usual route only if they have no other).
 */
export function alertSecretariat(deps: AppDeps, key: string, render: Render, opts: { avoid?: Platform } = {}): number {
  const day = local(deps.clock.now()).toFormat('yyyy-MM-dd');
  let n = 0;
  atomic(deps.db, () => {
    for (const c of listCommittees(deps.db)) {
      for (const m of activeMembersOf(deps.db, c.id, ['secretariat_lead', 'secretary', 'standing_member'])) {
        const base = `alert:${key}:${day}:m${m.id}`;
        const elsewhere = opts.avoid ? accountsOf(deps.db, m.id).filter((a) => a.reachable && a.platform !== opts.avoid) : [];
        if (elsewhere.length === 0) {
          if (notify(deps, { memberId: m.id }, render, { key: base, lane: 'interactive' })) n++;
          continue;
        }
        for (const a of elsewhere) {
          if (notify(deps, { address: a.address, locale: m.locale }, render, { key: `${base}:${a.platform}`, lane: 'interactive' })) n++;
        }
      }
    }
  });
  return n;
}
