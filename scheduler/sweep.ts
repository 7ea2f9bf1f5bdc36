import { committeesChangedSince, lastAuditId } from '../db/queries/audit.js';
import { committeesAfter, getCommittee } from '../db/queries/committees.js';
import { getMeta, setMeta } from '../db/queries/meta.js';
import { local } from '../src/core/clock.js';
import type { AppDeps } from '../src/core/command.js';
import type { Committee } from '../src/domain/committees.js';

/** Looks at one committee; returns when it wants to be looked at again (e.g. after quiet hours), if sooner than tomorrow. */
export type Visit = (committee: Committee) => number | undefined;

interface SweepState {
  /** Local date of the last finished pass over every committee. */
  date: string;
  /** The last audit row taken into account. */
  audit: number;
  /** A pass in progress: the last committee id done. */
  cursor: number | null;
  /** The date the pass in progress counts for. */
  passDate: string;
  /** Earliest wake-up asked for during the last finished pass, and during the one in progress. */
  wakeAt: number | null;
  nextWake: number | null;
}

/** Changed committees looked at directly; more than this starts a pass over all of them. */
const FEW = 4;
/** A chunk stops once this much work is done (at least one committee), leaving the rest to the next. */
const CHUNK_BUDGET_MS = 10;
const PAGE = 50;

/**
 * Which committees a per-committee job looks at. Its answer for a committee only changes when the
 * local date changes, when the committee changes (its record, members or meetings: each change
 * leaves an audit row), or at a moment the job asked for (the end of quiet hours, Monday's
 * reminder time). So a tick looks at the committees that changed since the last one, and once
 * per local day (or at a wake-up) at every committee, in chunks of 10–30 ms; a steady tick costs two
 * indexed reads whatever the number of committees. The state is a row in `meta`, shared by the
 * bot and a CLI `tick`. (`performance.now()` only measures the work done, never domain time.)
 *
 * Returns whether a pass is still in progress (the caller reports `more`, and the tick runner
 * calls the job again after yielding to the event loop).
 */
export function sweepCommittees(deps: Pick<AppDeps, 'db'>, job: string, now: number, visit: Visit): { visited: number; more: boolean } {
  const started = performance.now();
  const key = `sweep:${job}`;
  const raw = getMeta(deps.db, key);
  const st: SweepState = raw ? (JSON.parse(raw) as SweepState) : { date: '', audit: 0, cursor: null, passDate: '', wakeAt: null, nextWake: null };
  const today = local(now).toISODate()!;
  const mark = lastAuditId(deps.db);
  const changed = mark > st.audit ? committeesChangedSince(deps.db, st.audit) : [];
  st.audit = mark;
  const due = st.date !== today || (st.wakeAt !== null && now >= st.wakeAt);
  // Many changes at once (an import, a restore): a fresh pass is cheaper than a long list.
  const fresh = (st.cursor === null && due) || changed.length > FEW;
  if (fresh) {
    st.cursor = 0;
    st.passDate = today;
    st.nextWake = null;
  }
  let visited = 0;
  const wake = (at: number | undefined, field: 'wakeAt' | 'nextWake') => {
    if (at !== undefined && (st[field] === null || at < st[field])) st[field] = at;
  };
  // A committee the pass has yet to reach is left to it.
  if (!fresh) {
    for (const id of changed.filter((c) => st.cursor === null || c <= st.cursor)) {
      const c = getCommittee(deps.db, id);
      if (!c) continue;
      const at = visit(c);
      wake(at, 'wakeAt');
      if (st.cursor !== null) wake(at, 'nextWake');
      visited++;
    }
  }
  if (st.cursor !== null) {
    for (;;) {
      const page = committeesAfter(deps.db, st.cursor, PAGE);
      for (const c of page) {
        if (visited > 0 && performance.now() - started > CHUNK_BUDGET_MS) {
          setMeta(deps.db, key, JSON.stringify(st));
          return { visited, more: true };
        }
        wake(visit(c), 'nextWake');
        st.cursor = c.id;
        visited++;
      }
      if (page.length < PAGE) break;
    }
    st.cursor = null;
    st.date = st.passDate;
    st.wakeAt = st.nextWake;
    st.nextWake = null;
  }
  setMeta(deps.db, key, JSON.stringify(st));
  return { visited, more: false };
}
