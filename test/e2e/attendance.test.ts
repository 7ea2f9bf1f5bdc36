import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { createInvite } from '../../src/domain/invites.js';
import { scheduleMeeting } from '../../src/domain/meetings.js';
import type { FakeUser, SentMessage } from '../support/fake-telegram.js';
import { seedCommittee } from '../support/test-app.js';
import { startTelegramBot, type TelegramHarness } from '../support/telegram-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TITLE = 'Họp Ban Chỉ đạo quý II/2026';
/** Telegram user ids of the seeded members, in seedCommittee's order. */
const CHAT = { chair: 2001, standingVice: 2002, vice: 2003, member: 2004, secretary: 2005 } as const;

function button(message: SentMessage, label: string): string {
  const buttons = (message.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[];
  const b = buttons.find((x) => x.text.includes(label));
  if (!b) throw new Error(`no button "${label}" on ${JSON.stringify(message.plain)}`);
  return b.callback_data;
}

/** Runs the real command line against the bot's database file, as the secretariat would. */
function cli(dbPath: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: dbPath, DEFAULT_LOCALE: 'vi' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('Telegram: attendance', () => {
  let h: TelegramHarness;
  let db: Db;
  let dir: string;
  let ids: number[];
  let committeeId: number;
  const users: Record<number, FakeUser> = {};

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attendance-e2e-'));
    db = openDb(join(dir, 'committee.db'));
    h = await startTelegramBot('polling', { db });
    ({ memberIds: ids, committeeId } = seedCommittee(h, 'bac-giang-2021'));
    for (const [i, chat] of Object.values(CHAT).entries()) {
      users[chat] = h.tg.user(chat, { languageCode: 'vi' });
      users[chat].sendCommand('start', createInvite(h.app.deps, ids[i]!, 'test').code);
      await h.tg.waitForSent(chat, (m) => m.plain.includes('Đã liên kết'));
    }
  });
  afterEach(async () => {
    await h.close();
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  });

  async function say(chat: number, act: (u: FakeUser) => unknown, expected: string): Promise<SentMessage> {
    const last = h.tg.sent(chat).at(-1)?.message_id ?? 0;
    act(users[chat]!);
    return h.tg.waitForSent(chat, (m) => m.message_id > last && m.plain.includes(expected));
  }

  it('when one member confirms from the notice and another is excused by the chair, then /attendance, the CLI and the Excel export all show both', async () => {
    const startsAt = DateTime.fromISO('2026-03-25T14:00', { zone: 'Asia/Ho_Chi_Minh' }).toMillis();
    const meeting = scheduleMeeting(h.app.deps, { committeeId, title: TITLE, startsAt, location: 'Phòng họp số 2' }, 'test');

    // The member: one tap on the notice.
    const notice = await h.tg.waitForSent(CHAT.member, (m) => m.plain.includes('GIẤY MỜI HỌP'));
    await say(CHAT.member, (u) => u.press(notice, button(notice, '✅ Tôi sẽ tham dự')), 'Đã ghi nhận anh/chị sẽ tham dự');

    // The vice chair asks to be excused from the notice; the chair approves on the card.
    const viceNotice = await h.tg.waitForSent(CHAT.vice, (m) => m.plain.includes('GIẤY MỜI HỌP'));
    await say(CHAT.vice, (u) => u.press(viceNotice, button(viceNotice, 'Xin vắng')), 'lý do');
    const confirm = await say(CHAT.vice, (u) => u.sendText('Đi công tác tại Bộ Thông tin và Truyền thông'), 'Gửi đề nghị vắng mặt');
    await say(CHAT.vice, (u) => u.press(confirm, button(confirm, 'Gửi đề nghị')), 'Đã gửi đề nghị');
    const card = await h.tg.waitForSent(CHAT.chair, (m) => m.plain.includes('ĐỀ NGHỊ VẮNG MẶT'));
    const first = (card.reply_markup!.inline_keyboard as { text: string; callback_data: string }[][])[0]![0]!;
    expect(first.text).toBe('✅ Đồng ý');
    // Answered by a toast and the card itself, edited into the resolved card.
    users[CHAT.chair]!.press(card, first.callback_data);
    await h.tg.waitForSent(CHAT.chair, (m) => m.message_id === card.message_id && m.plain.includes('ĐÃ ĐỒNG Ý'));

    const view = await say(CHAT.chair, (u) => u.sendCommand('attendance', String(meeting.id)), 'TÌNH HÌNH THAM DỰ');
    expect(view.plain).toContain(TITLE);
    expect(view.plain).toContain('Sẽ tham dự (1): Hoàng Văn Em');
    expect(view.plain).toContain('Được miễn dự (1): Lê Văn Cường');
    expect(view.plain).toContain('Chưa trả lời (3): Nguyễn Văn An, Trần Thị Bình, Bùi Thị Lan');
    expect(view.plain).toContain('có thể có mặt 4/5, chắc chắn có mặt 1/5; cần tối thiểu 3: quá nửa số đại biểu được mời (mặc định của hệ thống)');
    expect(view.plain).toContain('Chưa chắc đủ số lượng');

    // A plain member who does not preside is refused.
    await say(CHAT.member, (u) => u.sendCommand('attendance', String(meeting.id)), `Chỉ người chủ trì cuộc họp số ${meeting.id}`);

    const xlsx = join(dir, 'diem-danh.xlsx');
    const run = await cli(join(dir, 'committee.db'), ['attendance', '--meeting', String(meeting.id), '--json', '--xlsx', xlsx]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      members: { memberId: number; name: string; status: string; substitute: unknown; request: { kind: string; status: string; decidedBy: string; reason: string } | null }[];
      counts: Record<string, number>;
      quorum: Record<string, unknown>;
    };
    expect(out.members.map((m) => [m.memberId, m.status])).toEqual([
      [ids[0], 'no_answer'],
      [ids[1], 'no_answer'],
      [ids[2], 'excused'],
      [ids[3], 'confirmed'],
      [ids[4], 'no_answer'],
    ]);
    expect(out.members.every((m) => 'substitute' in m && m.substitute === null)).toBe(true);
    expect(out.members[2]!.request).toMatchObject({ kind: 'absence', status: 'approved', decidedBy: 'Nguyễn Văn An', reason: 'Đi công tác tại Bộ Thông tin và Truyền thông' });
    expect(out.counts).toEqual({ total: 5, confirmed: 1, substitute: 0, excused: 1, noAnswer: 3, pending: 0 });
    expect(out.quorum).toMatchObject({ total: 5, expected: 4, confirmed: 1, needed: 3, belowQuorum: false, atRisk: true });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const people = wb.getWorksheet('Đại biểu')!;
    const requests = wb.getWorksheet('Đề nghị vắng, dự thay')!;
    expect(people.getRow(1).values).toEqual(expect.arrayContaining(['STT', 'Họ và tên', 'Tình trạng', 'Người dự thay']));
    const rows = people.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[2], r[6]])).toEqual([
      ['Nguyễn Văn An', 'Chưa trả lời'],
      ['Trần Thị Bình', 'Chưa trả lời'],
      ['Lê Văn Cường', 'Được miễn dự'],
      ['Hoàng Văn Em', 'Sẽ tham dự'],
      ['Bùi Thị Lan', 'Chưa trả lời'],
    ]);
    expect(requests.getRow(1).values).toEqual(expect.arrayContaining(['Người đề nghị', 'Lý do', 'Người quyết định', 'Thời điểm quyết định']));
    expect(requests.rowCount).toBe(2);
    const r = requests.getRow(2);
    expect([r.getCell(2).value, r.getCell(3).value, r.getCell(4).value, r.getCell(7).value, r.getCell(8).value]).toEqual([
      'Lê Văn Cường',
      'vắng mặt',
      'Đi công tác tại Bộ Thông tin và Truyền thông',
      'đồng ý',
      'Nguyễn Văn An',
    ]);
    // The fake clock stands at 09h00 Monday 02/02/2026 throughout.
    expect(r.getCell(9).value).toBe('09h00 thứ Hai, 02/02/2026');
  }, 30_000);
});
