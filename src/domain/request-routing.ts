import { DateTime } from 'luxon';
import { getMember } from '../../db/queries/members.js';
import { activeMembersOf, approverState } from '../../db/queries/meetings.js';
import type { MeetingRow } from '../../db/queries/meetings.js';
import type { AppDeps } from '../core/command.js';
import { VN_ZONE } from '../core/clock.js';
import type { RegulationSettings } from './presets/index.js';

const TWO_HOURS = 2 * 3600_000;

/**
 * Who decides, in order: the person presiding the meeting, then the chair, then whoever acts for
 * the chair under the regulation (`actingChairOrder`: standing vice chair first in Bắc Giang
 * Đ.4.1 and Hải Phòng Đ.4.1; vice chair in Bình Định Đ.4, Bộ KH&CN Đ.4.1, Thanh Hóa Đ.4.1).
 * Someone is passed over when they are the requester, are excused from (or send a substitute
 * to) that meeting, have no reachable chat account, or already had their turn.
 */
export function approverCandidates(deps: AppDeps, meeting: MeetingRow, settings: RegulationSettings): number[] {
  // Only the leadership is read, not the whole committee: this runs on every /absent.
  const leaders = activeMembersOf(deps.db, meeting.committeeId, ['chair', ...settings.actingChairOrder.value]);
  const presider = getMember(deps.db, meeting.presiderId);
  const order: number[] = presider?.active && presider.committeeId === meeting.committeeId ? [presider.id] : [];
  const chair = leaders.find((m) => m.role === 'chair');
  if (chair) order.push(chair.id);
  for (const role of settings.actingChairOrder.value) for (const m of leaders) if (m.role === role) order.push(m.id);
  return [...new Set(order)];
}

export function canDecideNow(deps: AppDeps, meetingId: number, memberId: number, requesterId: number): boolean {
  if (memberId === requesterId) return false;
  const { attendance, reachable } = approverState(deps.db, meetingId, memberId);
  return reachable && attendance !== 'excused' && attendance !== 'substitute';
}

export function nextApprover(deps: AppDeps, meeting: MeetingRow, settings: RegulationSettings, requesterId: number, had: number[]): number | undefined {
  const eligible = (id: number) => !had.includes(id) && canDecideNow(deps, meeting.id, id, requesterId);
  // Nearly always the presider, who heads the list: the rest of it is read only when they cannot decide.
  const presider = getMember(deps.db, meeting.presiderId);
  if (presider?.active && presider.committeeId === meeting.committeeId && eligible(presider.id)) return presider.id;
  return approverCandidates(deps, meeting, settings).find(eligible);
}

/**
 * When an undecided request moves on: after the preset's window of working days (default 1),
 * never later than 2 hours before the meeting; null when that moment has already passed (the
 * request then simply expires when the meeting starts).
 */
export function escalationTime(deps: AppDeps, settings: RegulationSettings, meeting: MeetingRow, now: number): number | null {
  const window = settings.approvalWindowWorkingDays.value;
  const byWindow = deps.calendar.addWorkingDays(DateTime.fromMillis(now, { zone: VN_ZONE }), window).toMillis();
  const at = Math.min(byWindow, meeting.startsAt - TWO_HOURS);
  return at > now ? at : null;
}
