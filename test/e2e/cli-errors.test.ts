import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/client.js';
import { runCli } from '../../src/cli/run.js';
import { addMember } from '../../src/domain/members.js';
import { fakeClock } from '../support/fake-clock.js';
import { domainDeps, newCommittee } from '../support/unit-helpers.js';
import { spawnCli, spawnEntry, type CliRun } from '../support/cli-process.js';


type Run = CliRun;


/** The same command line run in this process (a process costs ~1–2 s of CPU): what it writes and returns. */
async function cli(dbPath: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { DATABASE_PATH: dbPath, ...env }, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

let dir: string;
let dbPath: string;
let committee: string;

/** Every row of every table: what "nothing was written" is checked against. */
function snapshot(): string {
  const db = openDb(dbPath);
  try {
    const tables = db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
    return JSON.stringify(tables.map(({ name }) => [name, db.$client.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
  } finally {
    closeDb(db);
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-errors-'));
  dbPath = join(dir, 'committee.db');
  const db = openDb(dbPath);
  const deps = domainDeps(db, fakeClock());
  const id = newCommittee(deps);
  addMember(deps, id, { name: 'Nguyễn Văn An', role: 'chair' }, 'test');
  committee = String(id);
  closeDb(db);
  writeFileSync(join(dir, 'thieu-cot.csv'), 'name,role,title\nTrần Bình,member\n');
  writeFileSync(join(dir, 'sai-vai-tro.csv'), 'name,role\nTrần Bình,member\n"Lê ""Cường""",boss\n');
  writeFileSync(join(dir, 'ngoac-kep.csv'), 'name,role\nTrần Bình,member\nLê "Cường",member\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stack trace or a raw exception, which a user must never see. */
const RAW = /\n\s+at |\bError:|\.ts:\d+/;

describe('CLI: bad input is answered in Vietnamese, with a non-zero exit, and writes nothing', () => {
  it('when the real command line is given an option left out, an empty --text or an unknown subcommand, then it answers in Vietnamese, exits 2 and writes nothing', { timeout: 60_000 }, async () => {
    const before = snapshot();
    const runs = await Promise.all([
      spawnCli(dbPath, ['notice', 'send', '--text', 'Họp Ban Chỉ đạo']),
      spawnCli(dbPath, ['notice', 'send', '--committee', committee, '--text', '']),
      spawnCli(dbPath, ['notice', 'gui', '--committee', committee, '--text', 'Họp']),
    ]);
    expect(runs.map((r) => r.stderr.split('\n')[0])).toEqual([
      'Thiếu --committee.',
      '--text không được để trống.',
      'Lệnh "notice" không có "gui"; chọn một trong: send, status.',
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs.map((r) => r.stdout)).toEqual(['', '', '']);
    expect(snapshot()).toBe(before);
  });

  const C = () => committee;
  it.each([
    ['an option left out', () => ['notice', 'send', '--text', 'Họp'], 2, /^Thiếu --committee\.\nCách dùng: npm run cli -- notice send --committee C --text T /],
    ['an empty --text', () => ['notice', 'send', '--committee', C(), '--text', ''], 2, /^--text không được để trống\.\nCách dùng: npm run cli -- notice send /],
    ['a blank --text', () => ['notice', 'send', '--committee', C(), '--text', '   '], 2, /^--text không được để trống\./],
    ['--text with no value at all', () => ['notice', 'send', '--committee', C(), '--text'], 2, /^Tùy chọn --text cần một giá trị\.\nCách dùng: npm run cli -- notice send /],
    ['--text followed by another option', () => ['notice', 'send', '--text', '--committee', C()], 2, /^Tùy chọn --text cần một giá trị, nhưng theo sau là "--committee"\./],
    [
      'an unknown subcommand',
      () => ['notice', 'gui'],
      2,
      /^Lệnh "notice" không có "gui"; chọn một trong: send, status\.\nCách dùng: npm run cli -- <lệnh> \[--json\]\nCác lệnh:\n {2}notice send [^\n]*\n {2}notice status --id N\n$/,
    ],
    ['a group without its subcommand', () => ['member'], 2, /^Lệnh "member" cần thêm một trong: add, import, list\./],
    ['an unknown command', () => ['thong-bao', '--committee', C()], 2, /^Không có lệnh "thong-bao"\.\nCách dùng: npm run cli -- <lệnh> \[--json\]\nCác lệnh:\n {2}committee create /],
    ['no command', () => [], 2, /^Chưa nhập lệnh\.\n/],
    ['an unknown option', () => ['notice', 'send', '--committee', C(), '--txt', 'Họp'], 2, /^Không có tùy chọn --txt\.\nCách dùng: npm run cli -- notice send /],
    ['a value given to --json', () => ['member', 'list', '--committee', C(), '--json=yes'], 2, /^Tùy chọn --json không nhận giá trị\./],
    ['an option the command does not take', () => ['member', 'list', '--committee', C(), '--role', 'chair'], 2, /^Lệnh "member list" không dùng tùy chọn --role\./],
    ['a text with spaces left unquoted', () => ['notice', 'send', '--committee', C(), '--text', 'Họp', 'chiều', 'nay'], 2, /^Thừa "chiều": lệnh này không nhận thêm tham số\./],
    ['a committee that is not a number', () => ['notice', 'send', '--committee', 'một', '--text', 'Họp'], 2, /^--committee phải là số nguyên dương, không phải "một"\./],
    ['a send time that is not a time', () => ['notice', 'send', '--committee', C(), '--text', 'Họp', '--at', 'mai'], 2, /^--at không phải ngày giờ: "mai" \(ví dụ 2026-03-25T14:00/],
    ['a meeting body that does not exist', () => ['meeting', 'create', '--committee', C(), '--title', 'Họp', '--starts-at', '2030-03-14T14:00', '--body', 'all'], 2, /^--body phải là một trong: full, standing, secretariat \(không phải "all"\)\./],
    ['a language that is not vi or en', () => ['member', 'add', '--committee', C(), '--name', 'Trần Bình', '--role', 'member', '--language', 'fr'], 2, /^--language phải là một trong: vi, en \(không phải "fr"\)\./],
    ['both --member and --committee', () => ['invite', 'create', '--member', '1', '--committee', C()], 2, /^Chỉ dùng một trong hai: --member hoặc --committee\./],
    ['no CSV file', () => ['member', 'import', '--committee', C()], 2, /^Thiếu tên tệp CSV\./],
    ['a CSV file that does not exist', () => ['member', 'import', '--committee', C(), join(dir, 'khong-co.csv')], 1, /^Không đọc được tệp .*khong-co\.csv: không có tệp hoặc thư mục này\.\n$/],
    ['a CSV row with a column missing', () => ['member', 'import', '--committee', C(), join(dir, 'thieu-cot.csv')], 1, /^Tệp .*thieu-cot\.csv không phải CSV hợp lệ \(dòng 2\): số cột khác với dòng tiêu đề\.\n$/],
    [
      'a CSV with a quote inside an unquoted field',
      () => ['member', 'import', '--committee', C(), join(dir, 'ngoac-kep.csv')],
      1,
      /^Tệp .*ngoac-kep\.csv không phải CSV hợp lệ \(dòng 3\): có dấu ngoặc kép giữa ô ở cột "name"; ô có dấu ngoặc kép phải được đặt trong ngoặc kép, mỗi dấu ngoặc kép bên trong viết hai lần \(""\)\.\n$/,
    ],
    ['a CSV with a role that does not exist', () => ['member', 'import', '--committee', C(), join(dir, 'sai-vai-tro.csv')], 1, /^Không thêm ai: 1 lỗi\.\n {2}dòng 3: role: Vai trò không hợp lệ\.\n$/],
    ['an Excel file in a folder that does not exist', () => ['reports', '--committee', C(), '--xlsx', join(dir, 'khong-co', 'bao-cao.xlsx')], 1, /^Không ghi được tệp .*bao-cao\.xlsx: không có tệp hoặc thư mục này\.\n$/],
    ['a committee that does not exist', () => ['notice', 'send', '--committee', '999', '--text', 'Họp'], 1, /^Không tìm thấy Ban Chỉ đạo số 999\.\n$/],
  ] as const)('when given %s, then it says so in Vietnamese and exits non-zero', async (_what, args, code, message) => {
    const before = snapshot();
    const run = await cli(dbPath, [...args()]);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(RAW);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(snapshot()).toBe(before);
  });
});

describe('CLI: the language and the form of an error', () => {
  it('when --json is given, then the error is one JSON object on stderr, in Vietnamese', async () => {
    const run = await cli(dbPath, ['notice', 'send', '--committee', committee, '--text', '', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({ error: expect.stringMatching(/^--text không được để trống\.\nCách dùng: npm run cli -- notice send /) as unknown });
  });

  it('when DEFAULT_LOCALE is en, then the same mistakes are answered in English', async () => {
    const [missing, unknown] = await Promise.all([
      cli(dbPath, ['notice', 'send', '--text', 'Meeting'], { DEFAULT_LOCALE: 'en' }),
      cli(dbPath, ['notice', 'gui'], { DEFAULT_LOCALE: 'en' }),
    ]);
    expect(missing.stderr).toMatch(/^Missing --committee\.\nUsage: npm run cli -- notice send /);
    expect(missing.code).toBe(2);
    expect(unknown.stderr).toMatch(/^"notice" has no "gui"; use one of: send, status\.\nUsage: npm run cli -- <command> \[--json\]\nCommands:\n/);
    expect(unknown.code).toBe(2);
  });

  it('when DEFAULT_LOCALE is not a language the bot has, then that is said in Vietnamese and nothing runs', async () => {
    const run = await cli(dbPath, ['member', 'list', '--committee', committee], { DEFAULT_LOCALE: 'fr' });
    expect(run.stderr).toMatch(/^Cấu hình \(biến môi trường\) không hợp lệ:\n {2}- DEFAULT_LOCALE: /);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });

  it("when a variable is wrong, then its problem is said in the CLI's language, and --json keeps the problems as the configuration wrote them", async () => {
    const env = { HTTP_PORT: '99999', CONSOLE: 'maybe' };
    const [vi, en, json] = await Promise.all([
      cli(dbPath, ['member', 'list', '--committee', committee], env),
      cli(dbPath, ['member', 'list', '--committee', committee], { ...env, DEFAULT_LOCALE: 'en' }),
      cli(dbPath, ['member', 'list', '--committee', committee, '--json'], env),
    ]);
    expect(vi.stderr).toBe('Cấu hình (biến môi trường) không hợp lệ:\n  - HTTP_PORT: phải là số cổng từ 1 đến 65535\n  - CONSOLE: phải là true hoặc false\n');
    expect(en.stderr).toBe('Invalid configuration (environment variables):\n  - HTTP_PORT: must be a port number 1–65535\n  - CONSOLE: must be true or false\n');
    expect(JSON.parse(json.stderr)).toEqual({
      error: 'Cấu hình (biến môi trường) không hợp lệ:\n  - HTTP_PORT: phải là số cổng từ 1 đến 65535\n  - CONSOLE: phải là true hoặc false',
      problems: ['HTTP_PORT: must be a port number 1–65535', 'CONSOLE: must be true or false'],
    });
    expect([vi, en, json].map((r) => [r.code, r.stdout])).toEqual([[2, ''], [2, ''], [2, '']]);
  });

  it('when DEFAULT_LOCALE is en, then a CSV mistake is explained in English', async () => {
    const run = await cli(dbPath, ['member', 'import', '--committee', committee, join(dir, 'ngoac-kep.csv')], { DEFAULT_LOCALE: 'en' });
    expect(run.stderr).toMatch(/^.*ngoac-kep\.csv is not a valid CSV \(line 3\): a quote inside the field in column "name"; a field with quotes must itself be quoted, each quote inside written twice \(""\)\.\n$/);
    expect(run.code).toBe(1);
  });

  it('when the arguments are wrong, then the database file is not even created', async () => {
    const fresh = join(dir, 'moi', 'committee.db');
    const runs = await Promise.all([
      cli(fresh, ['notice', 'send', '--text', '']),
      cli(fresh, ['notice', 'send', '--committee', '1', '--text', '']),
      cli(fresh, ['notice', 'gui']),
      cli(fresh, ['reports', '--committee', '1', '--now', 'hôm qua']),
      cli(fresh, ['invite', 'create']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(existsSync(fresh)).toBe(false);
  });

  it('when the bot (npm start) meets a bad variable, then it says so in Vietnamese, or in English with DEFAULT_LOCALE=en, and exits 2', async () => {
    const fresh = join(dir, 'never-started.db');
    const [vi, en] = await Promise.all([
      spawnEntry('src/main.ts', fresh, [], { HTTP_PORT: '99999' }),
      spawnEntry('src/main.ts', fresh, [], { HTTP_PORT: '99999', DEFAULT_LOCALE: 'en' }),
    ]);
    expect(vi).toMatchObject({ code: 2, stderr: 'Cấu hình (biến môi trường) không hợp lệ:\n  - HTTP_PORT: phải là số cổng từ 1 đến 65535\n' });
    expect(en).toMatchObject({ code: 2, stderr: 'Invalid configuration (environment variables):\n  - HTTP_PORT: must be a port number 1–65535\n' });
    expect(existsSync(fresh)).toBe(false);
  });
});
