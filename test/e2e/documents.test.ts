import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentsOf } from '../../db/queries/documents.js';
import { attendee, setAttendance } from '../../db/queries/meetings.js';
import { allOutbox } from '../../db/queries/outbox.js';
import { createInvite } from '../../src/domain/invites.js';
import { scheduleMeeting } from '../../src/domain/meetings.js';
import type { FakeUser, SentMessage } from '../support/fake-telegram.js';
import { seedCommittee } from '../support/test-app.js';
import { startTelegramBot, type TelegramHarness } from '../support/telegram-harness.js';

const CONTENT = Buffer.from('%PDF-1.7\n1 0 obj << /Title (Báo cáo quý I) >> endobj\n%%EOF\n');
type InlineButton = { text: string; callback_data: string };

const buttonsOf = (m: SentMessage): InlineButton[] => (m.reply_markup?.inline_keyboard ?? []).flat() as InlineButton[];
const button = (m: SentMessage, prefix: string) => buttonsOf(m).find((b) => b.callback_data.startsWith(prefix))!;

describe.each(['polling', 'webhook'] as const)('Telegram (%s): meeting documents', (mode) => {
  let h: TelegramHarness;
  let committeeId: number;
  let ids: number[];

  beforeEach(async () => {
    h = await startTelegramBot(mode);
    ({ committeeId, memberIds: ids } = seedCommittee(h, 'bac-giang-2021'));
  });
  afterEach(async () => h.close());

  /** Binds member `ids[i]` to Telegram user 5001 + i through an invite, as a real member would. */
  async function bind(i: number): Promise<FakeUser> {
    const user = h.tg.user(5001 + i, { firstName: `U${i}` });
    user.sendCommand('start', createInvite(h.app.deps, ids[i]!, 'test').code);
    await h.tg.waitForSent(user.id, (m) => m.plain.includes('Đã liên kết'));
    return user;
  }

  it('when the secretary uploads a PDF and a link and publishes, then every attendee gets them with a "received" button, and the board shows who pressed it', async () => {
    const users = [];
    for (let i = 0; i < ids.length; i++) users.push(await bind(i));
    const [chair, standingVice, vice, member, secretary] = users as [FakeUser, FakeUser, FakeUser, FakeUser, FakeUser];
    const meeting = scheduleMeeting(
      h.app.deps,
      { committeeId, title: 'Họp Ban Chỉ đạo quý I', startsAt: DateTime.fromISO('2026-02-24T09:00', { zone: 'Asia/Ho_Chi_Minh' }).toMillis(), location: 'Phòng họp số 1' },
      'test',
    );
    setAttendance(h.db, meeting.id, ids[2]!, 'excused', h.clock.now()); // the vice chair is excused

    secretary.sendCommand('documents');
    const chooser = await h.tg.waitForSent(secretary.id, (m) => m.plain.includes('Chọn cuộc họp'));
    secretary.press(chooser, button(chooser, 'docm:').callback_data);
    await h.tg.waitForSent(secretary.id, (m) => m.plain.includes('Tài liệu cho cuộc họp Họp Ban Chỉ đạo quý I'));

    const upload = secretary.sendDocument({ name: 'bao-cao-quy-1.pdf', mime: 'application/pdf', size: CONTENT.length, content: CONTENT });
    const fileId = h.tg.update(upload)!.message.document.file_id as string;
    await h.tg.waitForSent(secretary.id, (m) => m.plain.includes('Đã thêm') && m.plain.includes('bao-cao-quy-1.pdf'));
    secretary.sendText('Dự thảo kế hoạch https://example.gov.vn/ke-hoach');
    const added = await h.tg.waitForSent(secretary.id, (m) => m.plain.includes('Đã thêm') && m.plain.includes('Dự thảo kế hoạch'));
    expect(added.plain).toContain('Tài liệu chưa gửi: 2');

    secretary.press(added, button(added, 'docpub:').callback_data);
    const confirmation = await h.tg.waitForSent(secretary.id, (m) => m.plain.includes('Đã gửi 2 tài liệu'));
    expect(confirmation.plain).toContain('tới 4 đại biểu');
    expect(confirmation.plain).not.toContain('chậm so với');

    for (const user of [chair, standingVice, member, secretary]) {
      // Re-sent by file_id, not uploaded again.
      const call = await h.tg.waitFor((c) => c.method === 'sendDocument' && String(c.payload.chat_id) === String(user.id) && c.payload.document === fileId);
      expect(call.response.ok).toBe(true);
      const doc = await h.tg.waitForSent(user.id, (m) => m.method === 'sendDocument' && m.document?.file_id === fileId);
      expect(doc.plain).toContain('Phòng họp số 1');
      const summary = await h.tg.waitForSent(user.id, (m) => m.plain.includes('TÀI LIỆU CUỘC HỌP'));
      expect(summary.plain).toContain('Dự thảo kế hoạch');
      expect(summary.plain).toContain('09h00 thứ Ba, 24/02/2026');
      expect(button(summary, 'docrcv:').text).toBe('✅ Đã nhận tài liệu');
    }
    const link = h.tg.sent(member.id).find((m) => m.plain.includes('Dự thảo kế hoạch (2/2)'))!;
    expect(link.entities.find((e) => e.type === 'text_link')?.url).toBe('https://example.gov.vn/ke-hoach');
    expect(h.tg.sent(vice.id).filter((m) => m.document?.file_id === fileId || m.plain.includes('TÀI LIỆU CUỘC HỌP'))).toEqual([]);
    expect(allOutbox(h.db).filter((r) => r.memberId === ids[2] && r.idempotencyKey.startsWith('docs:'))).toEqual([]);

    const summary = h.tg.sent(member.id).find((m) => m.plain.includes('TÀI LIỆU CUỘC HỌP'))!;
    const press = member.press(summary, button(summary, 'docrcv:').callback_data);
    await h.tg.waitFor(() => h.tg.callbackAnswer(press) !== undefined);
    expect(h.tg.callbackAnswer(press)!.text).toBe('Đã ghi nhận đã nhận tài liệu');
    expect(attendee(h.db, meeting.id, ids[3]!)!.documentsReceivedAt).toBe(h.clock.now());

    secretary.sendCommand('documents', String(meeting.id));
    const board = await h.tg.waitForSent(secretary.id, (m) => m.plain.includes(`Tài liệu cuộc họp số ${meeting.id}`));
    expect(board.plain).toContain('Đã nhận (1/4): Hoàng Văn Em');
    expect(board.plain).toMatch(/Chưa nhận \(3\): Nguyễn Văn An, Trần Thị Bình, Bùi Thị Lan/);
    expect(board.plain).toContain('Vắng hoặc cử người dự thay (không gửi): Lê Văn Cường');
    expect(board.plain).toContain('Hạn gửi tài liệu: 09h00 thứ Sáu, 13/02/2026 (2 ngày làm việc trước cuộc họp theo Điều 10.4 Quy chế)');
    expect(board.plain).toContain('đã gửi lúc');

    // The local copy was fetched through getFile after the commit and matches what was sent.
    for (let i = 0; i < 200 && !documentsOf(h.db, meeting.id)[0]?.localPath; i++) await new Promise((r) => setTimeout(r, 10));
    const [pdf] = documentsOf(h.db, meeting.id);
    expect(pdf).toMatchObject({ platform: 'telegram', fileId, name: 'bao-cao-quy-1.pdf', size: CONTENT.length });
    expect(readFileSync(pdf!.localPath!)).toEqual(CONTENT);
  });

  it('when the secretary sends a forbidden file type, then it is refused naming the allowed types and nothing is kept', async () => {
    const secretary = await bind(4);
    const meeting = scheduleMeeting(h.app.deps, { committeeId, title: 'Họp Tổ Thư ký', startsAt: h.clock.now() + 20 * 86_400_000 }, 'test');
    secretary.sendCommand('documents', `add ${meeting.id}`);
    await h.tg.waitForSent(secretary.id, (m) => m.plain.includes('Tài liệu cho cuộc họp'));
    secretary.sendDocument({ name: 'setup.exe', mime: 'application/x-msdownload', size: 4096 });
    const refused = await h.tg.waitForSent(secretary.id, (m) => m.plain.includes('setup.exe'));
    expect(refused.plain).toContain('Chỉ nhận: PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ZIP');
    expect(documentsOf(h.db, meeting.id)).toEqual([]);
    expect(h.tg.calls.some((c) => c.method === 'getFile')).toBe(false);
  });
});
