import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attendeesOf, getMeeting } from '../../db/queries/meetings.js';
import { meetings } from '../../db/schema/index.js';
import { createInvite } from '../../src/domain/invites.js';
import { scheduleMeeting } from '../../src/domain/meetings.js';
import type { FakeUser, SentMessage } from '../support/fake-telegram.js';
import { seedCommittee } from '../support/test-app.js';
import { startTelegramBot, type TelegramHarness } from '../support/telegram-harness.js';

const TITLE = 'Họp Ban Chỉ đạo quý I/2026';
/** Telegram user ids of the seeded members, in seedCommittee's order. */
const CHAT = { chair: 1001, standingVice: 1002, vice: 1003, member: 1004, secretary: 1005 } as const;
const CHATS = Object.values(CHAT);

/** The callback data of the button whose label contains `label`. */
function button(message: SentMessage, label: string): string {
  const buttons = (message.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[];
  const b = buttons.find((x) => x.text.includes(label));
  if (!b) throw new Error(`no button "${label}" on ${JSON.stringify(message.plain)}: ${buttons.map((x) => x.text).join(' | ')}`);
  return b.callback_data;
}

describe('Telegram: meetings', () => {
  let h: TelegramHarness;
  let memberIds: number[];
  let committeeId: number;
  const users: Record<number, FakeUser> = {};

  beforeEach(async () => {
    h = await startTelegramBot('polling');
    ({ memberIds, committeeId } = seedCommittee(h, 'bac-giang-2021'));
    for (const [i, chat] of CHATS.entries()) {
      users[chat] = h.tg.user(chat, { languageCode: 'vi' });
      users[chat].sendCommand('start', createInvite(h.app.deps, memberIds[i]!, 'test').code);
      await h.tg.waitForSent(chat, (m) => m.plain.includes('Đã liên kết'));
    }
  });
  afterEach(async () => h.close());

  /** Sends something as `chat` and waits for the first later message there that matches. */
  async function say(chat: number, act: (u: FakeUser) => unknown, pred: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage> {
    const last = h.tg.sent(chat).at(-1)?.message_id ?? 0;
    act(users[chat]!);
    return h.tg.waitForSent(chat, (m) => m.message_id > last && pred(m), timeoutMs);
  }
  const text = (chat: number, s: string, expected: string) => say(chat, (u) => u.sendText(s), (m) => m.plain.includes(expected));
  const command = (chat: number, name: string, args: string, expected: string) => say(chat, (u) => u.sendCommand(name, args), (m) => m.plain.includes(expected));
  const press = (chat: number, card: SentMessage, label: string, expected: string) => say(chat, (u) => u.press(card, button(card, label)), (m) => m.plain.includes(expected));
  const sentAbout = (chat: number, what: string) => h.tg.sent(chat).filter((m) => m.plain.includes(what) && m.plain.includes(TITLE));

  it('when the secretary creates a meeting through the dialog, then every attendee gets the notice with a calendar file and an attend button, and attending shows in /meetings', async () => {
    const s = CHAT.secretary;
    await command(s, 'meeting', '', 'tên cuộc họp');
    await text(s, TITLE, 'thời gian họp');
    const bodies = await text(s, '14h00 25/03/2026', 'Thành phần cuộc họp');
    expect((bodies.reply_markup!.inline_keyboard as { text: string }[][]).flat().map((b) => b.text)).toEqual([
      'Ban Chỉ đạo Chuyển đổi số tỉnh Bắc Giang',
      'Tổ Thư ký giúp việc Ban Chỉ đạo',
    ]);
    await press(s, bodies, 'Ban Chỉ đạo Chuyển đổi số', 'địa điểm');
    const confirm = await text(s, 'Phòng họp số 2, UBND tỉnh', 'Xin xác nhận tạo cuộc họp');
    expect(confirm.plain).toContain('14h00 thứ Tư, 25/03/2026');
    expect(confirm.plain).toContain('Phòng họp số 2, UBND tỉnh');
    const created = await press(s, confirm, 'Tạo cuộc họp', 'Đã tạo cuộc họp số');
    expect(created.plain).toContain('5 đại biểu');
    const meetingId = Number(/số (\d+)/.exec(created.plain)![1]);
    expect(getMeeting(h.db, meetingId)).toMatchObject({ title: TITLE, body: 'full', location: 'Phòng họp số 2, UBND tỉnh', presiderId: memberIds[0] });

    // Creating the meeting sends the notices at once (the reply says they are on their way).
    for (const chat of CHATS) {
      const notice = await h.tg.waitForSent(chat, (m) => m.plain.includes('GIẤY MỜI HỌP'));
      expect(notice.method).toBe('sendDocument');
      expect(notice.document).toMatchObject({ file_name: `hop-${meetingId}.ics` });
      expect(notice.plain).toContain(TITLE);
      expect(notice.plain).toContain('14h00 thứ Tư, 25/03/2026');
      expect(notice.plain).toContain('Phòng họp số 2, UBND tỉnh');
      expect(notice.plain).toContain('Chủ trì: Nguyễn Văn An');
      // Bắc Giang Đ.10.4: two working days before Wed 25/03 14:00.
      expect(notice.plain).toContain('14h00 thứ Hai, 23/03/2026');
      expect(notice.plain).toContain('theo Điều 10.4 Quy chế');
      button(notice, 'Tôi sẽ tham dự');
    }

    const m = CHAT.member;
    const notice = sentAbout(m, 'GIẤY MỜI HỌP')[0]!;
    const pressId = users[m]!.press(notice, button(notice, 'Tôi sẽ tham dự'));
    await h.tg.waitForSent(m, (x) => x.plain.includes('Đã ghi nhận anh/chị sẽ tham dự'));
    await h.tg.waitFor(() => h.tg.callbackAnswer(pressId) !== undefined);
    expect(h.tg.callbackAnswer(pressId)!.text).toBe('Đã ghi nhận tham dự');
    expect(attendeesOf(h.db, meetingId).find((a) => a.memberId === memberIds[3])!.status).toBe('confirmed');

    const mine = await command(m, 'meetings', '', 'Các cuộc họp sắp tới');
    expect(mine.plain).toContain(TITLE);
    expect(mine.plain).toContain('Tình trạng của anh/chị: sẽ tham dự');
    const chairs = await command(CHAT.chair, 'meetings', '', 'Các cuộc họp sắp tới');
    expect(chairs.plain).toContain('Tình trạng của anh/chị: chưa xác nhận');
    for (const chat of CHATS) expect(sentAbout(chat, 'GIẤY MỜI HỌP')).toHaveLength(1);

    // The calendar file as uploaded: 14:00 in Vietnam, whichever way DTSTART is written.
    const upload = h.tg.calls.find((c) => c.method === 'sendDocument' && c.payload.chat_id === m)!.payload.document as { content: Buffer; filename: string };
    expect(upload.filename).toBe(`hop-${meetingId}.ics`);
    const ics = upload.content.toString('utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toMatch(/^DTSTART(;TZID=Asia\/Ho_Chi_Minh:20260325T140000|:20260325T070000Z)\r?$/m);
  });

  it('when the time typed in the dialog is not a date or is past, then the secretary is told and the dialog goes on', async () => {
    const s = CHAT.secretary;
    await command(s, 'meeting', '', 'tên cuộc họp');
    await text(s, TITLE, 'thời gian họp');
    const notDate = await text(s, 'hôm nay', 'Thời gian không hợp lệ');
    expect(notDate.plain).toContain('14h00 25/03/2026');
    await text(s, '14h00 20/01/2026', 'Thời gian họp đã qua');
    await text(s, '25/03/2026', 'Thời gian không hợp lệ');
    await text(s, '14h00 31/02/2026', 'Thời gian không hợp lệ');
    // Still asking for the time: a good one moves on to the body.
    await text(s, '9h30 26/03/2026', 'Thành phần cuộc họp');
    expect(h.db.select().from(meetings).all()).toEqual([]);
  });

  it('when a plain member sends /meeting, then it is refused and no dialog starts', async () => {
    const refused = await command(CHAT.member, 'meeting', '', 'không được dùng lệnh /meeting');
    expect(refused.plain).toContain('Vai trò của anh/chị');
    // No dialog was opened: the next text is not taken for a meeting title.
    await text(CHAT.member, TITLE, 'Tôi chưa hiểu tin nhắn này');
    await command(CHAT.member, 'meeting', 'cancel 1 không thích', 'không được dùng lệnh /meeting');
  });

  it('when the secretary moves and then cancels a meeting, then every attendee is told each time', async () => {
    const meeting = scheduleMeeting(
      h.app.deps,
      { committeeId, title: TITLE, startsAt: DateTime.fromISO('2026-03-25T14:00', { zone: 'Asia/Ho_Chi_Minh' }).toMillis(), location: 'Phòng họp số 2' },
      'test',
    );
    const s = CHAT.secretary;
    await command(s, 'meeting', `move ${meeting.id} hôm nay`, 'Thời gian không hợp lệ');
    await command(s, 'meeting', `move 999 14h00 26/03/2026`, 'Không tìm thấy cuộc họp số 999');
    await command(s, 'meeting', `move ${meeting.id} 14h00 01/02/2026`, 'Thời gian họp đã qua');
    const moved = await command(s, 'meeting', `move ${meeting.id} 9h00 27/03/2026`, `Đã dời cuộc họp số ${meeting.id}`);
    expect(moved.plain).toContain('09h00 thứ Sáu, 27/03/2026');
    for (const chat of CHATS) {
      const msg = await h.tg.waitForSent(chat, (m) => m.plain.includes('DỜI LỊCH HỌP'));
      expect(msg.plain).toContain(TITLE);
      expect(msg.plain).toContain('09h00 thứ Sáu, 27/03/2026');
      expect(msg.plain).toContain('trước đây: 14h00 thứ Tư, 25/03/2026');
    }
    await command(s, 'meeting', `cancel ${meeting.id} Trưởng ban đi công tác đột xuất`, `Đã hủy cuộc họp số ${meeting.id}`);
    for (const chat of CHATS) {
      const msg = await h.tg.waitForSent(chat, (m) => m.plain.includes('HỦY CUỘC HỌP'));
      expect(msg.plain).toContain(TITLE);
      expect(msg.plain).toContain('09h00 thứ Sáu, 27/03/2026');
      expect(msg.plain).toContain('Lý do: Trưởng ban đi công tác đột xuất');
    }
    expect(getMeeting(h.db, meeting.id)!.status).toBe('cancelled');
    await command(s, 'meeting', `cancel ${meeting.id} lần nữa`, `Cuộc họp số ${meeting.id} đã bị hủy`);
    for (const chat of CHATS) {
      expect(sentAbout(chat, 'DỜI LỊCH HỌP')).toHaveLength(1);
      expect(sentAbout(chat, 'HỦY CUỘC HỌP')).toHaveLength(1);
    }
  });
});
