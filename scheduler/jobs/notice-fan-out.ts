import { fanOutNotices } from '../../src/domain/notices.js';
import type { Job } from '../tick.js';

/**
 * Queues the copies of large notices that sendNotice left for later, a chunk per run (`more`
 * until none is left); it also finishes, after a restart, a fan-out a crash cut short.
 */
export function noticeFanOutJob(): Job {
  return { name: 'notice-fan-out', run: (deps) => fanOutNotices(deps) };
}
