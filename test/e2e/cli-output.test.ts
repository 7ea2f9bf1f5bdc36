import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';

/** 09:00 on Saturday 2 March 2030 in Hà Nội: what the commands take as "now". */
const NOW = Date.parse('2030-03-02T02:00:00Z');

/**
 * The secretariat's day on a fresh database, one command line at a time: a committee, its
 * members, a meeting, a notice, a scheduler pass, invites and the report board.
 */
const SCRIPT: string[][] = [
  ['committee', 'create', '--name', 'Ban Chỉ đạo Chuyển đổi số', '--preset', 'bac-giang-2021'],
  ['member', 'list', '--committee', '1'],
  ['member', 'add', '--committee', '1', '--name', 'Nguyễn Văn An', '--role', 'chair', '--title', 'Chủ tịch UBND tỉnh'],
  ['member', 'add', '--committee', '1', '--name', 'Trần Bình', '--role', 'member', '--agency', 'Sở TT&TT'],
  ['member', 'list', '--committee', '1'],
  ['meeting', 'create', '--committee', '1', '--title', 'Họp quý I', '--starts-at', '2030-03-14T14:00'],
  ['notice', 'send', '--committee', '1', '--text', 'Họp chiều nay', '--at', '2030-03-02T15:30'],
  ['notice', 'status', '--id', '1'],
  ['tick', '--now', '2030-03-02T15:31'],
  ['invite', 'create', '--committee', '1'],
  ['reports', '--committee', '1', '--period', '2030-Q1', '--now', '2030-03-02T09:00'],
];

type Step = 'committee' | 'emptyList' | 'addAn' | 'addBinh' | 'list' | 'meeting' | 'notice' | 'status' | 'tick' | 'invites' | 'reports';
const STEPS: Step[] = ['committee', 'emptyList', 'addAn', 'addBinh', 'list', 'meeting', 'notice', 'status', 'tick', 'invites', 'reports'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;

/** SCRIPT on a database of its own, with `env` (and `--json` on every line when asked). */
async function day(name: string, env: Record<string, string>, json = false): Promise<Record<Step, Run>> {
  const out = {} as Record<Step, Run>;
  for (const [i, args] of SCRIPT.entries()) {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
    const code = await runCli(json ? [...args, '--json'] : args, { DATABASE_PATH: join(dir, `${name}.db`), ...env }, io);
    out[STEPS[i]!] = { code, stdout, stderr };
  }
  return out;
}

let vietnamese: Record<Step, Run>;
let english: Record<Step, Run>;
let jsonVi: Record<Step, Run>;
let jsonEn: Record<Step, Run>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-output-'));
  // Only Date: the scheduler pass and the dispatcher still run on real timers.
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  try {
    vietnamese = await day('vi', {});
    english = await day('en', { DEFAULT_LOCALE: 'en' });
    jsonVi = await day('json-vi', {}, true);
    jsonEn = await day('json-en', { DEFAULT_LOCALE: 'en' }, true);
  } finally {
    vi.useRealTimers();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An invite code is random: the same day twice differs only there. */
const withoutCodes = (s: string) => s.replace(/"code":"[^"]+"/g, '"code":"…"');

describe('CLI: what a command prints is in DEFAULT_LOCALE', () => {
  it('when every command succeeds, then it exits 0 and writes nothing on stderr', () => {
    for (const run of [vietnamese, english, jsonVi, jsonEn]) {
      for (const step of STEPS) expect({ step, ...run[step] }).toMatchObject({ step, code: 0, stderr: '' });
    }
  });

  it('when DEFAULT_LOCALE is not set, then it answers in Vietnamese, with dates as "14h00 thứ Năm, 14/03/2030"', () => {
    const v = vietnamese;
    expect(v.committee.stdout).toBe('Đã tạo Ban Chỉ đạo #1 "Ban Chỉ đạo Chuyển đổi số" theo quy chế bac-giang-2021.\n');
    expect(v.emptyList.stdout).toBe('(chưa có thành viên)\n');
    expect(v.addAn.stdout).toBe('Đã thêm thành viên #1 Nguyễn Văn An (Trưởng ban).\n');
    expect(v.addBinh.stdout).toBe('Đã thêm thành viên #2 Trần Bình (Ủy viên).\n');
    expect(v.list.stdout).toBe('#1\tNguyễn Văn An\tTrưởng ban\tChủ tịch UBND tỉnh\t\tchưa liên kết\n#2\tTrần Bình\tỦy viên\t\tSở TT&TT\tchưa liên kết\n');
    expect(v.meeting.stdout).toBe('Đã tạo cuộc họp #1 "Họp quý I" lúc 14h00 thứ Năm, 14/03/2030, 2 đại biểu.\nTài liệu phải tới đại biểu trước: 14h00 thứ Ba, 12/03/2030 (Điều 10.4)\n');
    expect(v.notice.stdout).toBe('Đã xếp thông báo số 1 tới 2 người, gửi lúc 15h30 thứ Bảy, 02/03/2030. Bot đang chạy sẽ gửi trong vài giây.\n');
    expect(v.status.stdout).toBe('Đã gửi 0/2, lỗi 0, không liên lạc được 0, còn chờ 2, đã xác nhận 0.\n');
    const t = JSON.parse(jsonVi.tick.stdout) as { sent: number; failed: number; unreachable: number; pending: number };
    expect(v.tick.stdout).toMatch(/^Đã chạy lượt nhắc việc lúc 2030-03-02T08:31:00\.000Z\n( {2}[\w-]+: .+\n)+/);
    expect(v.tick.stdout.endsWith(`\nĐã gửi ${t.sent}, lỗi ${t.failed}, không liên lạc được ${t.unreachable}, còn chờ ${t.pending}.\n`)).toBe(true);
    expect(v.invites.stdout).toMatch(/^#1\tNguyễn Văn An\t\S+\t\n#2\tTrần Bình\t\S+\t\n\(chưa biết tên bot Telegram: chạy bot một lần với TELEGRAM_BOT_TOKEN để có đường link\)\n$/);
    expect(v.reports.stdout).toMatch(/^#1 Nguyễn Văn An — Báo cáo định kỳ hằng quý việc thực hiện nhiệm vụ được phân công — 2030-Q1 — hạn 23h59 Chủ nhật, 07\/04\/2030 — Chưa đến hạn\n/);
  });

  it('when DEFAULT_LOCALE is en, then the same day is told in English, with dates as "Thu 14 Mar 2030, 14:00"', () => {
    const e = english;
    expect(e.committee.stdout).toBe('Created steering committee #1 "Ban Chỉ đạo Chuyển đổi số" under regulation bac-giang-2021.\n');
    expect(e.emptyList.stdout).toBe('(no members yet)\n');
    expect(e.addAn.stdout).toBe('Added member #1 Nguyễn Văn An (Chair).\n');
    expect(e.list.stdout).toBe('#1\tNguyễn Văn An\tChair\tChủ tịch UBND tỉnh\t\tno chat account\n#2\tTrần Bình\tMember\t\tSở TT&TT\tno chat account\n');
    expect(e.meeting.stdout).toBe('Created meeting #1 "Họp quý I" for Thu 14 Mar 2030, 14:00; attendees: 2.\nDocuments must reach the attendees by Tue 12 Mar 2030, 14:00 (under Art. 10.4 of the regulation)\n');
    expect(e.notice.stdout).toBe('Queued notice 1 to go out at Sat 2 Mar 2030, 15:30; recipients: 2. A running bot sends it within seconds.\n');
    expect(e.status.stdout).toBe('Sent 0/2, failed 0, unreachable 0, waiting 2, acknowledged 0.\n');
    const t = JSON.parse(jsonEn.tick.stdout) as { sent: number; failed: number; unreachable: number; pending: number };
    expect(e.tick.stdout).toMatch(/^Ran the reminder pass as of 2030-03-02T08:31:00\.000Z\n( {2}[\w-]+: .+\n)+/);
    expect(e.tick.stdout.endsWith(`\nSent ${t.sent}, failed ${t.failed}, unreachable ${t.unreachable}, waiting ${t.pending}.\n`)).toBe(true);
    expect(e.invites.stdout).toMatch(/\n\(the Telegram bot's name is not known yet: run the bot once with TELEGRAM_BOT_TOKEN to get the link\)\n$/);
    expect(e.reports.stdout).toMatch(/^#1 Nguyễn Văn An — Quarterly report on assigned tasks — 2030-Q1 — due Sun 7 Apr 2030, 23:59 — Not yet due\n/);
  });

  it('when DEFAULT_LOCALE is en, then no line of the day is left in Vietnamese but the names the secretariat typed', () => {
    const typed = /Ban Chỉ đạo Chuyển đổi số|Nguyễn Văn An|Trần Bình|Chủ tịch UBND tỉnh|Họp quý I|Sở TT&TT/g;
    const all = STEPS.map((s) => english[s].stdout.replace(typed, '')).join('');
    expect(all).not.toMatch(/[ăâđêôơưĂÂĐÊÔƠƯ]|[À-ỹ]/);
  });

  it('when --json is given, then the output is the same object in either language', () => {
    for (const step of STEPS) {
      expect(() => JSON.parse(jsonVi[step].stdout) as unknown, step).not.toThrow();
      expect(withoutCodes(jsonEn[step].stdout), step).toBe(withoutCodes(jsonVi[step].stdout));
    }
    expect(JSON.parse(jsonVi.committee.stdout)).toEqual({ id: 1, name: 'Ban Chỉ đạo Chuyển đổi số', preset: 'bac-giang-2021' });
    expect(JSON.parse(jsonVi.notice.stdout)).toEqual({ id: 1, recipients: 2, sendAt: '2030-03-02T15:30:00.000+07:00' });
    expect(JSON.parse(jsonVi.status.stdout)).toMatchObject({ sent: 0, failed: 0, unreachable: 0, pending: 2 });
  });
});
