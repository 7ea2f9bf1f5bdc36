import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { submissionsOfCommittee } from '../../db/queries/reports.js';
import { createInvite } from '../../src/domain/invites.js';
import { seedCommittee } from '../support/test-app.js';
import { startTelegramBot, type TelegramHarness } from '../support/telegram-harness.js';
import type { FakeUser, SentMessage } from '../support/fake-telegram/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

interface CliItem {
  memberId: number;
  name: string;
  ruleId: string;
  period: string;
  dueAt: string;
  status: string;
  receipt: string | null;
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Telegram: periodic reports (Bình Định preset)', () => {
  let h: TelegramHarness;
  let db: Db;
  let dir: string;
  let ids: number[];
  let committeeId: number;
  let em: FakeUser;

  beforeEach(async () => {
    // A database file, so that the command line (another process) reads what the bot wrote.
    dir = mkdtempSync(join(tmpdir(), 'reports-e2e-'));
    db = openDb(join(dir, 'committee.db'));
    h = await startTelegramBot('polling', { db });
    ({ memberIds: ids, committeeId } = seedCommittee(h, 'binh-dinh-2019'));
    // Hoàng Văn Em (Ủy viên, Sở Tài chính) binds his Telegram account.
    em = h.tg.user(4001, { languageCode: 'vi' });
    em.sendCommand('start', createInvite(h.app.deps, ids[3]!, 'test').code);
    await h.tg.waitForSent(4001, (m) => m.plain.includes('Đã liên kết'));
  });

  afterEach(async () => {
    await h.close();
    closeDb(db);
  });

  const buttons = (m: SentMessage) => (m.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[];

  it('when a member runs /reports, then he sees what he owes, due in Vietnamese style, with the article', async () => {
    em.sendCommand('reports');
    const list = await h.tg.waitForSent(4001, (m) => m.plain.includes('Báo cáo định kỳ của anh/chị'));
    expect(list.plain).toContain('Báo cáo định kỳ 06 tháng kết quả thực hiện nhiệm vụ được phân công');
    expect(list.plain).toContain('6 tháng đầu năm 2026');
    expect(list.plain).toContain('Hạn: 23h59 thứ Hai, 29/06/2026 (theo Điều 11.2.a Quy chế)');
    expect(list.plain).toContain('chưa nộp');
    expect(list.plain).toContain('Báo cáo theo yêu cầu');
    expect(list.plain).not.toContain('Tổng hợp của Ban Chỉ đạo'); // a member does not review the board

    // The secretary owes the quarterly report and also sees the board in brief.
    const lan = h.tg.user(4005, { languageCode: 'vi' });
    lan.sendCommand('start', createInvite(h.app.deps, ids[4]!, 'test').code);
    await h.tg.waitForSent(4005, (m) => m.plain.includes('Đã liên kết'));
    lan.sendCommand('reports');
    const board = await h.tg.waitForSent(4005, (m) => m.plain.includes('Tổng hợp của Ban Chỉ đạo'));
    expect(board.plain).toContain('quý I/2026');
    expect(board.plain).toContain('Hạn: 23h59 thứ Tư, 15/04/2026 (theo Điều 8.4 Quy chế)');
    expect(board.plain).toContain('5 nghĩa vụ báo cáo: 0 đã nộp, 0 nộp muộn, 5 chưa đến hạn, 0 quá hạn.');
  });

  it('when a member submits a PDF through /submit, then he gets a receipt, the file is kept, and a second submission and an .exe are refused', async () => {
    em.sendCommand('submit');
    const card = await h.tg.waitForSent(4001, (m) => m.plain.includes('Chọn báo cáo muốn nộp'));
    const choices = buttons(card);
    expect(choices.map((b) => b.text)).toEqual([expect.stringContaining('6 tháng đầu năm 2026')]);
    for (const b of choices) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    em.press(card, choices[0]!.callback_data);
    await h.tg.waitForSent(4001, (m) => m.plain.includes('Xin gửi tệp báo cáo'));

    em.sendDocument({ name: 'baocao.exe', mime: 'application/x-msdownload', size: 2048, content: Buffer.from('MZ not a report') });
    await h.tg.waitForSent(4001, (m) => m.plain.includes('Không nhận tệp "baocao.exe"'));
    expect(submissionsOfCommittee(db, committeeId)).toEqual([]);

    const pdf = Buffer.from('%PDF-1.4\n% Báo cáo 6 tháng đầu năm 2026 – Sở Tài chính\n%%EOF\n');
    em.sendDocument({ name: 'Báo cáo 6 tháng.pdf', mime: 'application/pdf', size: pdf.length, content: pdf });
    const receipt = await h.tg.waitForSent(4001, (m) => m.plain.includes('Số biên nhận'));
    const number = /BC-2026-\d{6}/.exec(receipt.plain)?.[0];
    expect(number).toBeDefined();
    expect(receipt.plain).toContain('Tệp: Báo cáo 6 tháng.pdf');

    const folder = join(h.app.deps.filesDir, 'reports', `c${committeeId}`);
    await until(() => existsSync(folder) && readdirSync(folder).length === 1, 'the local copy');
    const [file] = readdirSync(folder);
    expect(file).toBe(`${number}-Bao_cao_6_thang.pdf`);
    expect(readFileSync(join(folder, file!))).toEqual(pdf);
    await until(() => submissionsOfCommittee(db, committeeId)[0]?.localPath === join(folder, file!), 'the recorded path');

    em.sendCommand('submit', 'member-semiannual-report 2026-H1');
    const refused = await h.tg.waitForSent(4001, (m) => m.plain.includes('đã được nộp'));
    expect(refused.plain).toContain(number!);
    em.sendCommand('submit');
    await h.tg.waitForSent(4001, (m) => m.plain.includes('không có báo cáo định kỳ nào đang chờ nộp'));
    expect(submissionsOfCommittee(db, committeeId)).toHaveLength(1);

    em.sendCommand('reports');
    const after = await h.tg.waitForSent(4001, (m) => m.plain.includes('Đã nộp:'));
    expect(after.plain).toContain(number!);
  });

  it('when the secretariat runs the CLI, then `reports --json` lists every obligation with its status and `--xlsx` writes one row per obligation', async () => {
    h.clock.set('2026-03-02T10:00');
    em.sendCommand('submit');
    const card = await h.tg.waitForSent(4001, (m) => m.plain.includes('Chọn báo cáo muốn nộp'));
    em.press(card, buttons(card)[0]!.callback_data);
    await h.tg.waitForSent(4001, (m) => m.plain.includes('Xin gửi tệp báo cáo'));
    em.sendText('Sở Tài chính: hoàn thành 12/12 nhiệm vụ chuyển đổi số 6 tháng đầu năm.');
    await h.tg.waitForSent(4001, (m) => m.plain.includes('Số biên nhận'));

    const xlsx = join(dir, 'bang-theo-doi.xlsx');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'reports', '--committee', String(committeeId), '--now', '2026-07-01T09:00', '--xlsx', xlsx, '--json'],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: join(dir, 'committee.db') } },
    );
    const { items } = JSON.parse(stdout) as { items: CliItem[] };
    const status = (memberId: number, ruleId: string, period: string) => items.find((i) => i.memberId === memberId && i.ruleId === ruleId && i.period === period)?.status;
    const [chair, , , member, secretary] = ids;
    expect(status(member!, 'member-semiannual-report', '2026-H1')).toBe('submitted');
    expect(status(chair!, 'member-semiannual-report', '2026-H1')).toBe('overdue');
    expect(status(member!, 'member-semiannual-report', '2026-H2')).toBe('pending');
    expect(status(secretary!, 'secretariat-quarterly-report', '2026-Q1')).toBe('overdue');
    expect(status(secretary!, 'secretariat-quarterly-report', '2026-Q2')).toBe('pending');
    expect(items.find((i) => i.memberId === member && i.period === '2026-H1')!.dueAt).toBe('2026-06-29T23:59:59.999+07:00');
    expect(items.filter((i) => i.memberId === secretary && i.ruleId === 'member-semiannual-report'), 'the secretariat receives, it does not owe').toEqual([]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(2).value).toBe('Thành viên');
    expect(ws.getRow(1).getCell(8).value).toBe('Tình trạng');
    expect(ws.actualRowCount).toBe(items.length + 1);
    const rows = Array.from({ length: items.length }, (_, i) => ws.getRow(i + 2));
    const emRow = rows.find((r) => r.getCell(2).value === 'Hoàng Văn Em' && r.getCell(6).value === '2026-H1')!;
    expect(emRow.getCell(8).value).toBe('Đã nộp');
    expect(emRow.getCell(7).value).toEqual(new Date(Date.UTC(2026, 5, 29, 23, 59, 59)));
    const overdue = rows.find((r) => r.getCell(8).value === 'Quá hạn')!;
    expect((overdue.getCell(8).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFC7CE');
  });
});
