import { pruneProcessed } from '../../db/queries/updates.js';
import type { Job } from '../tick.js';

/**
 * Platforms redeliver an update for at most a day (Telegram keeps them 24 h); the record that one
 * was handled is kept a week, then forgotten, a few thousand rows per run (`more` while full).
 */
export const PROCESSED_KEPT_MS = 7 * 86_400_000;
const CHUNK = 5_000;

export function housekeepingJob(): Job {
  return {
    name: 'housekeeping',
    run: (deps, now) => {
      const pruned = pruneProcessed(deps.db, now - PROCESSED_KEPT_MS, CHUNK);
      return { pruned, more: pruned === CHUNK ? 1 : 0 };
    },
  };
}
