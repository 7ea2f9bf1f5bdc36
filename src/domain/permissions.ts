import type { MemberRole } from '../../db/schema/members.js';

/**
 * Who may do what, as data (not `if`s scattered in commands). Sources: DOMAIN.md "People and
 * roles" — the chair and those acting for the chair preside and decide; the secretariat
 * (Tổ thư ký / cơ quan thường trực) prepares meetings, sends documents and broadcasts; every
 * member attends, reports and may ask to be excused.
 */
const LEADERS: MemberRole[] = ['chair', 'standing_vice_chair', 'vice_chair'];
const SECRETARIAT: MemberRole[] = ['secretariat_lead', 'secretary', 'standing_member'];
const EVERYONE: MemberRole[] = ['chair', 'standing_vice_chair', 'vice_chair', 'standing_member', 'member', 'secretariat_lead', 'secretary'];

export const PERMISSIONS = {
  'meetings.view': EVERYONE,
  'absence.request': EVERYONE,
  'reports.submit': EVERYONE,
  'requests.decide': LEADERS,
  'attendance.view': [...LEADERS, ...SECRETARIAT],
  'meetings.manage': [...SECRETARIAT, 'chair'],
  'notices.send': SECRETARIAT,
  'reports.review': [...LEADERS, ...SECRETARIAT],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: MemberRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly MemberRole[]).includes(role);
}
