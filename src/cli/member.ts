import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { addMember, importMembers, listMembers } from '../domain/members.js';
import { requireCommittee } from '../domain/committees.js';
import { CliError, requireInt, requireText, UsageError, type CliContext } from './context.js';

export function memberAdd(ctx: CliContext, flags: Record<string, string | undefined>): void {
  const committeeId = requireInt(flags.committee, 'committee');
  const m = addMember(
    ctx.deps,
    committeeId,
    {
      name: requireText(flags.name, 'name'),
      role: requireText(flags.role, 'role'),
      title: flags.title,
      agency: flags.agency,
      phone: flags.phone,
      email: flags.email,
      agencyEmail: flags['agency-email'],
      locale: flags.language === 'en' ? 'en' : flags.language === undefined ? undefined : 'vi',
    },
    'cli',
  );
  ctx.out(`Đã thêm thành viên #${m.id} ${m.name} (${ctx.t(`role.${m.role}`)}).`, { id: m.id, name: m.name, role: m.role });
}

export function memberImport(ctx: CliContext, flags: Record<string, string | undefined>, files: string[]): void {
  const committeeId = requireInt(flags.committee, 'committee');
  const file = files[0];
  if (!file) throw new UsageError('missing FILE.csv');
  requireCommittee(ctx.deps, committeeId);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, ''); // Excel writes a BOM
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let records: Record<string, string>[];
  let lines: number[];
  try {
    // `info` gives each record's line in the file, so errors point at the line the user sees.
    const parsed = parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false, info: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (e) {
    throw new CliError(`${file} is not a valid CSV: ${(e as Error).message}`, { added: 0, errors: [{ row: 0, field: '', problem: 'csv_syntax' }] });
  }
  const r = importMembers(ctx.deps, committeeId, records, 'cli', lines);
  if (r.errors.length) {
    const lines = r.errors.map((e) => `  dòng ${e.row}: ${e.field ? `${e.field}: ` : ''}${describeProblem(ctx, e.problem)}`);
    throw new CliError(`Không thêm ai: ${r.errors.length} lỗi (nothing added):\n${lines.join('\n')}`, { added: 0, errors: r.errors });
  }
  ctx.out(`Đã thêm ${r.added} thành viên.`, { added: r.added, errors: [], ids: r.members.map((m) => m.id) });
}

export function memberList(ctx: CliContext, flags: Record<string, string | undefined>): void {
  const committeeId = requireInt(flags.committee, 'committee');
  requireCommittee(ctx.deps, committeeId);
  const list = listMembers(ctx.deps, committeeId);
  const human = list
    .map((m) => {
      const acc = m.accounts.map((a) => `${a.platform}${a.reachable ? '' : ' (không liên lạc được)'}`).join(', ') || 'chưa liên kết';
      return `#${m.id}\t${m.name}\t${ctx.t(`role.${m.role}`)}\t${m.title ?? ''}\t${m.agency ?? ''}\t${acc}`;
    })
    .join('\n');
  ctx.out(human || '(chưa có thành viên)', {
    members: list.map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role,
      title: m.title,
      agency: m.agency,
      phone: m.phone,
      email: m.email,
      agencyEmail: m.agencyEmail,
      active: m.active,
      accounts: m.accounts.map((a) => ({ platform: a.platform, userId: a.userId, reachable: a.reachable })),
    })),
  });
}

/** "bad_role" → "Vai trò không hợp lệ." when the catalogue has it; the code otherwise. */
function describeProblem(ctx: CliContext, problem: string): string {
  const dup = /^duplicate_phone_row_(\d+)$/.exec(problem);
  if (dup) return `trùng số điện thoại với dòng ${dup[1]}`;
  if (problem === 'duplicate_phone_existing') return 'số điện thoại đã có trong Ban Chỉ đạo';
  if (problem === 'empty_file') return 'tệp không có dòng dữ liệu nào';
  const key = `error.member_${problem}`;
  const text = ctx.t(key);
  return text === key ? problem : text;
}
