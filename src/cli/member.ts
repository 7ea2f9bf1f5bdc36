import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { addMember, importMembers, listMembers } from '../domain/members.js';
import { requireCommittee } from '../domain/committees.js';
import { LOCALES } from '../core/i18n.js';
import { CliError, fileProblem, plain, requireInt, requireOneOf, requireText, UsageError, type CliContext } from './context.js';

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
      locale: flags.language === undefined ? undefined : requireOneOf(flags.language.trim().toLowerCase(), 'language', LOCALES),
    },
    'cli',
  );
  ctx.out(ctx.plain('cli.member.added', { id: m.id, name: m.name, role: ctx.t(`role.${m.role}`) }), { id: m.id, name: m.name, role: m.role });
}

export function memberImport(ctx: CliContext, flags: Record<string, string | undefined>, files: string[]): void {
  const committeeId = requireInt(flags.committee, 'committee');
  const file = files[0];
  if (!file) throw new UsageError('cli.error.missing_file');
  requireCommittee(ctx.deps, committeeId);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, ''); // Excel writes a BOM
  } catch (e) {
    throw new CliError('cli.error.cannot_read', { file, reason: fileProblem(ctx.t, e) });
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
    const { code, lines: line } = e as { code?: string; lines?: number };
    throw new CliError('cli.error.bad_csv', { file, line: line ?? '?', reason: csvProblem(ctx, code, e) }, { added: 0, errors: [{ row: 0, field: '', problem: 'csv_syntax' }] });
  }
  const r = importMembers(ctx.deps, committeeId, records, 'cli', lines);
  if (r.errors.length) {
    const rows = r.errors.map((e) => `\n  ${plain(ctx.t, 'cli.import.row', { row: e.row, problem: `${e.field ? `${e.field}: ` : ''}${describeProblem(ctx, e.problem)}` })}`);
    throw new CliError('cli.import.failed', { count: r.errors.length, rows: rows.join('') }, { added: 0, errors: r.errors });
  }
  ctx.out(ctx.plain('cli.member.imported', { count: r.added }), { added: r.added, errors: [], ids: r.members.map((m) => m.id) });
}

export function memberList(ctx: CliContext, flags: Record<string, string | undefined>): void {
  const committeeId = requireInt(flags.committee, 'committee');
  requireCommittee(ctx.deps, committeeId);
  const list = listMembers(ctx.deps, committeeId);
  const human = list
    .map((m) => {
      const acc = m.accounts.map((a) => (a.reachable ? a.platform : ctx.plain('cli.member.unreachable', { platform: a.platform }))).join(', ') || ctx.plain('cli.member.not_linked');
      return `#${m.id}\t${m.name}\t${ctx.t(`role.${m.role}`)}\t${m.title ?? ''}\t${m.agency ?? ''}\t${acc}`;
    })
    .join('\n');
  ctx.out(human || ctx.plain('cli.member.none'), {
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

/** csv-parse's error in the user's words for the mistakes a spreadsheet makes; its code otherwise. */
function csvProblem(ctx: CliContext, code: string | undefined, e: unknown): string {
  if (code === 'CSV_RECORD_INCONSISTENT_COLUMNS' || code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') return ctx.plain('cli.csv.columns');
  if (code === 'CSV_QUOTE_NOT_CLOSED' || code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') return ctx.plain('cli.csv.quote');
  // `Nguyễn "An"` unquoted: csv-parse names the column (its header) in `column`.
  if (code === 'INVALID_OPENING_QUOTE') return ctx.plain('cli.csv.opening_quote', { column: String((e as { column?: unknown }).column ?? '?') });
  // The rest come from options this parser does not set (record size, delimiters …): the code, for whoever debugs it.
  return code ? ctx.plain('cli.csv.other', { code }) : (e as Error).message;
}

/** "bad_role" → "Vai trò không hợp lệ." (plain text) when the catalogue has it; the code otherwise. */
function describeProblem(ctx: CliContext, problem: string): string {
  const dup = /^duplicate_phone_row_(\d+)$/.exec(problem);
  if (dup) return plain(ctx.t, 'cli.import.duplicate_phone_row', { row: dup[1] });
  if (problem === 'duplicate_phone_existing') return plain(ctx.t, 'cli.import.duplicate_phone_existing');
  if (problem === 'empty_file') return plain(ctx.t, 'cli.import.empty_file');
  const key = `error.member_${problem}`;
  const text = plain(ctx.t, key);
  return text === key ? problem : text;
}
