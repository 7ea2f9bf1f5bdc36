import { atomic } from '../../db/client.js';
import { z } from 'zod';
import {
  accountsOf,
  accountsOfMany,
  getMember,
  insertMember,
  listMembersOf,
  phonesOf,
  setMemberLocale,
  type ChatAccountRow,
  type MemberRow,
} from '../../db/queries/members.js';
import { MEMBER_ROLES, type MemberRole } from '../../db/schema/members.js';
import { DomainError } from '../core/errors.js';
import type { Locale } from '../core/i18n.js';
import { audit } from './audit.js';
import { requireCommittee } from './committees.js';
import type { Actor, Deps } from './deps.js';

export type Member = MemberRow;
export type ChatAccount = ChatAccountRow;
export { MEMBER_ROLES, type MemberRole };

/** Vietnamese role names as a secretariat writes them in a spreadsheet, mapped to role codes. */
const ROLE_ALIASES: Record<string, MemberRole> = {
  'trưởng ban': 'chair',
  'phó trưởng ban thường trực': 'standing_vice_chair',
  'phó trưởng ban': 'vice_chair',
  'ủy viên thường trực': 'standing_member',
  'uỷ viên thường trực': 'standing_member',
  'ủy viên': 'member',
  'uỷ viên': 'member',
  'tổ trưởng tổ thư ký': 'secretariat_lead',
  'tổ trưởng tổ công tác': 'secretariat_lead',
  'tổ trưởng': 'secretariat_lead',
  'thư ký': 'secretary',
  'tổ viên': 'secretary',
  'tổ viên tổ thư ký': 'secretary',
};

export function parseRole(s: string): MemberRole | undefined {
  const key = s.trim().toLowerCase().normalize('NFC');
  if ((MEMBER_ROLES as readonly string[]).includes(key)) return key as MemberRole;
  return ROLE_ALIASES[key];
}

/** Normalises a Vietnamese phone number to 0xxxxxxxxx; undefined when it is not one. */
export function normalizePhone(s: string): string | undefined {
  const digits = s.replace(/[\s.\-()]/g, '');
  const local = digits.replace(/^\+?84/, '0');
  return /^0\d{9,10}$/.test(local) ? local : undefined;
}

const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((s) => (s ? s : undefined));

export const memberInputSchema = z.object({
  name: z.string({ error: 'name_required' }).trim().min(1, 'name_required').max(200, 'name_too_long'),
  role: z.string({ error: 'bad_role' }).transform((s, ctx) => {
    const r = parseRole(s);
    if (!r) ctx.addIssue({ code: 'custom', message: 'bad_role' });
    return r as MemberRole;
  }),
  title: optionalText(300, 'title_too_long'),
  agency: optionalText(300, 'agency_too_long'),
  phone: z
    .string({ error: 'bad_phone' })
    .optional()
    .transform((s, ctx) => {
      if (!s || !s.trim()) return undefined;
      const p = normalizePhone(s);
      if (!p) ctx.addIssue({ code: 'custom', message: 'bad_phone' });
      return p;
    }),
  email: z.union([z.literal('').transform(() => undefined), z.email('bad_email')], { error: 'bad_email' }).optional(),
  agencyEmail: z.union([z.literal('').transform(() => undefined), z.email('bad_agency_email')], { error: 'bad_agency_email' }).optional(),
  locale: z.enum(['vi', 'en'], { error: 'bad_locale' }).optional(),
});
export type MemberInput = z.input<typeof memberInputSchema>;

export interface FieldProblem {
  field: string;
  problem: string;
}

function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: String(i.path[0] ?? ''), problem: i.message }));
}

export function addMember(deps: Deps, committeeId: number, input: MemberInput, actor: Actor): Member {
  requireCommittee(deps, committeeId);
  const parsed = memberInputSchema.safeParse(input);
  if (!parsed.success) {
    const p = problemsOf(parsed.error)[0]!;
    throw new DomainError('member.invalid', `error.member_${p.problem}`, { field: p.field });
  }
  const v = parsed.data;
  return atomic(deps.db, () => {
    if (v.phone && phonesOf(deps.db, committeeId).has(v.phone)) {
      throw new DomainError('member.duplicate_phone', 'error.member_duplicate_phone', { phone: v.phone });
    }
    const row = insertMember(deps.db, { committeeId, ...v, locale: v.locale ?? 'vi', createdAt: deps.clock.now() });
    audit(deps, actor, 'member.add', 'member', row.id, null, row);
    return row;
  });
}

export interface ImportError {
  row: number;
  field: string;
  problem: string;
}

/** CSV header names (English codes and the Vietnamese a secretariat would type) → input fields. */
const HEADERS: Record<string, keyof MemberInput> = {
  name: 'name', 'họ tên': 'name', 'họ và tên': 'name',
  role: 'role', 'vai trò': 'role', 'chức danh': 'role',
  title: 'title', 'chức vụ': 'title',
  agency: 'agency', 'cơ quan': 'agency', 'đơn vị': 'agency',
  phone: 'phone', 'điện thoại': 'phone', 'số điện thoại': 'phone',
  email: 'email',
  agency_email: 'agencyEmail', 'email cơ quan': 'agencyEmail',
  language: 'locale', 'ngôn ngữ': 'locale',
};

/**
 * Adds every row of a CSV, or none: any bad row (bad role, missing name, duplicate phone in the
 * file or already in the committee) is reported with its line number and nothing is saved.
 */
export function importMembers(
  deps: Deps,
  committeeId: number,
  records: Record<string, string>[],
  actor: Actor,
  /** The file line of each record (blank lines make them differ from index + 2). */
  lines?: number[],
): { added: number; errors: ImportError[]; members: Member[] } {
  requireCommittee(deps, committeeId);
  const errors: ImportError[] = [];
  const valid: { row: number; value: z.output<typeof memberInputSchema> }[] = [];
  const existing = phonesOf(deps.db, committeeId);
  const seen = new Map<string, number>();
  records.forEach((rec, i) => {
    const row = lines?.[i] ?? i + 2; // line 1 is the header
    const input: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec)) {
      const field = HEADERS[k.trim().toLowerCase().normalize('NFC')];
      if (field) input[field] = v;
    }
    const parsed = memberInputSchema.safeParse(input);
    if (!parsed.success) {
      for (const p of problemsOf(parsed.error)) errors.push({ row, ...p });
      return;
    }
    const phone = parsed.data.phone;
    if (phone && existing.has(phone)) errors.push({ row, field: 'phone', problem: 'duplicate_phone_existing' });
    else if (phone && seen.has(phone)) errors.push({ row, field: 'phone', problem: `duplicate_phone_row_${seen.get(phone)}` });
    else {
      if (phone) seen.set(phone, row);
      valid.push({ row, value: parsed.data });
    }
  });
  if (records.length === 0) errors.push({ row: 1, field: '', problem: 'empty_file' });
  if (errors.length) return { added: 0, errors, members: [] };
  const added = atomic(deps.db, () =>
    valid.map(({ value }) => {
      const m = insertMember(deps.db, { committeeId, ...value, locale: value.locale ?? 'vi', createdAt: deps.clock.now() });
      audit(deps, actor, 'member.import', 'member', m.id, null, m);
      return m;
    }),
  );
  return { added: added.length, errors: [], members: added };
}

export function requireMember(deps: Pick<Deps, 'db'>, id: number): Member {
  const m = getMember(deps.db, id);
  if (!m) throw new DomainError('member.not_found', 'error.member_not_found', { id });
  return m;
}

export function listMembers(deps: Pick<Deps, 'db'>, committeeId: number): (Member & { accounts: ChatAccount[] })[] {
  const list = listMembersOf(deps.db, committeeId);
  const accounts = accountsOfMany(
    deps.db,
    list.map((m) => m.id),
  );
  return list.map((m) => ({ ...m, accounts: accounts.filter((a) => a.memberId === m.id) }));
}

export function memberAccounts(deps: Pick<Deps, 'db'>, memberId: number): ChatAccount[] {
  return accountsOf(deps.db, memberId);
}

export function changeLanguage(deps: Deps, member: Member, locale: Locale, actor: Actor): void {
  setMemberLocale(deps.db, member.id, locale);
  audit(deps, actor, 'member.language', 'member', member.id, { locale: member.locale }, { locale });
}
