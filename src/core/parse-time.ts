import { DateTime } from 'luxon';
import { VN_ZONE } from './clock.js';

/**
 * Reads a date and time the way a Vietnamese secretariat types it, in Vietnam's zone:
 * "14h00 25/03/2026", "14h 25/3/2026", "25/03/2026 14:30", "14:30 25-03-2026", or ISO
 * "2026-03-25T14:00" (an ISO string with an offset keeps its offset). Undefined if not a date.
 */
export function parseLocalDateTime(input: string): number | undefined {
  const s = input.trim().replace(/\s+/g, ' ');
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const d = DateTime.fromISO(s, { zone: VN_ZONE, setZone: false });
    return d.isValid ? d.toMillis() : undefined;
  }
  const time = /(\d{1,2})\s*(?:h|:|giờ)\s*(\d{2})?/i.exec(s);
  const date = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(s);
  if (!time || !date) return undefined;
  const d = DateTime.fromObject(
    { year: Number(date[3]), month: Number(date[2]), day: Number(date[1]), hour: Number(time[1]), minute: Number(time[2] ?? 0) },
    { zone: VN_ZONE },
  );
  return d.isValid ? d.toMillis() : undefined;
}
