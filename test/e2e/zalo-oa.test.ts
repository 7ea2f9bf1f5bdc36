import { afterEach, describe, expect, it } from 'vitest';
import { accountByAddress } from '../../db/queries/members.js';
import { attendee } from '../../db/queries/meetings.js';
import { getRequest } from '../../db/queries/requests.js';
import { createInvite } from '../../src/domain/invites.js';
import { scheduleMeeting, type Meeting } from '../../src/domain/meetings.js';
import { listMembers, addMember } from '../../src/domain/members.js';
import { noticeStatus, parseAudience, sendNotice } from '../../src/domain/notices.js';
import { createCommittee } from '../../src/domain/committees.js';
import { at, button } from '../support/approvals-helpers.js';
import { fakeClock } from '../support/fake-clock.js';
import type { FakeOaMessage } from '../support/fake-zalo-oa.js';
import { afterOa, bindOaMember, startOaBot, type OaHarness } from '../support/fake-zalo-oa/harness.js';
import { seedCommittee } from '../support/test-app.js';

const TITLE = 'Họp Ban Chỉ đạo quý I/2026';
const REASON = 'Đi công tác Hà Nội theo lịch của Bộ';
const has = (s: string) => (m: FakeOaMessage) => (m.text ?? '').includes(s);

let h: OaHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function until(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function meeting(oa: OaHarness, committeeId: number): Meeting {
  return scheduleMeeting(oa.app.deps, { committeeId, title: TITLE, startsAt: at('2026-03-05T14:00:00'), location: 'Phòng họp số 1, UBND tỉnh' }, 'test');
}

describe('Zalo OA: registration', () => {
  it('when members send /start CODE or the bare code to the OA, then their Zalo account is bound, and a wrong code is refused', async () => {
    h = await startOaBot();
    const { memberIds, committeeId } = seedCommittee(h);
    const chair = h.oa.user('900000000000000001');
    const reply = await afterOa(h, chair.id, () => chair.sendCommand('start', createInvite(h!.app.deps, memberIds[0]!, 'test').code), has('Đã liên kết'));
    expect(reply.text).toContain('Nguyễn Văn An');
    // Zalo shows no markup: the text is plain.
    expect(reply.text).not.toContain('<b>');

    const member = h.oa.user('900000000000000004');
    await afterOa(h, member.id, () => member.sendText(createInvite(h!.app.deps, memberIds[3]!, 'test').code), has('Đã liên kết'));
    const stranger = h.oa.user('900000000000000099');
    await afterOa(h, stranger.id, () => stranger.sendCommand('start', 'A'.repeat(32)), has('Mã mời không hợp lệ'));
    await afterOa(h, stranger.id, () => stranger.sendCommand('help'), has('chưa được đăng ký'));

    const accounts = listMembers(h.app.deps, committeeId).flatMap((m) => m.accounts.map((a) => [m.id, a.platform, a.userId, a.address]));
    expect(accounts).toEqual([
      [memberIds[0], 'zalo_oa', '900000000000000001', 'zalo_oa:900000000000000001'],
      [memberIds[3], 'zalo_oa', '900000000000000004', 'zalo_oa:900000000000000004'],
    ]);
    await afterOa(h, chair.id, () => chair.sendCommand('help'), has('Các lệnh anh/chị được dùng'));
  });
});

describe('Zalo OA: meeting notice', () => {
  it('when a meeting is scheduled, then members get the notice with an "✅ Tôi sẽ tham dự" button, and pressing it confirms; a hand-typed payload does nothing', async () => {
    h = await startOaBot({ clock: fakeClock('2026-03-02T09:00:00') });
    const { memberIds, committeeId } = seedCommittee(h);
    const seat = await bindOaMember(h, memberIds[3]!, '7004');
    await bindOaMember(h, memberIds[0]!, '7001');
    const m = meeting(h, committeeId);

    const notice = await h.oa.waitForSent('7004', has('GIẤY MỜI HỌP'));
    expect(notice.text).toContain(TITLE);
    expect(notice.text).toContain('14h00 thứ Năm, 05/03/2026');
    // The calendar file is a type Zalo OA will not carry: the notice says so instead.
    expect(notice.text).toContain(`📎 hop-${m.id}.ics – Zalo OA chỉ nhận tệp PDF, DOC, DOCX`);
    expect(notice.buttons!.map((b) => [b.title, b.type])).toEqual([
      ['✅ Tôi sẽ tham dự', 'oa.query.hide'],
      [expect.any(String), 'oa.query.hide'],
    ]);
    expect(notice.buttons![0]!.payload).toMatch(/^#b:/);

    const forged = await afterOa(h, '7004', () => seat.user.typePayload(`#b:attend-${m.id}`), () => true);
    expect(forged.text).toBe('Nút này không còn hiệu lực.');
    expect(attendee(h.db, m.id, memberIds[3]!)!.status).not.toBe('confirmed');

    const done = await afterOa(h, '7004', () => seat.user.pressButton(notice, '✅ Tôi sẽ tham dự'), has('Đã ghi nhận'));
    expect(done.text).toContain('Đã ghi nhận anh/chị sẽ tham dự');
    expect(attendee(h.db, m.id, memberIds[3]!)!.status).toBe('confirmed');
  });
});

/** A seat on either platform, so the same approval story runs both ways. */
interface Seat {
  id: number;
  command(name: string, args: string): Promise<unknown>;
  waitFor(text: string): Promise<{ text: string; press(label: string): Promise<unknown> }>;
}

async function telegramSeat(x: OaHarness, memberId: number, chat: number): Promise<Seat> {
  const tg = x.tg!;
  const user = tg.user(chat, { firstName: `U${chat}`, languageCode: 'vi' });
  user.sendCommand('start', createInvite(x.app.deps, memberId, 'test').code);
  await tg.waitForSent(chat, (m) => m.plain.includes('Đã liên kết'));
  return {
    id: memberId,
    command: async (name, args) => user.sendCommand(name, args),
    waitFor: async (text) => {
      const m = await tg.waitForSent(chat, (s) => s.plain.includes(text));
      return { text: m.plain, press: async (label) => user.press(m, button(m, label)) };
    },
  };
}

async function oaSeat(x: OaHarness, memberId: number, userId: string): Promise<Seat> {
  const { user } = await bindOaMember(x, memberId, userId);
  return {
    id: memberId,
    command: (name, args) => user.sendCommand(name, args),
    waitFor: async (text) => {
      const m = await x.oa.waitForSent(userId, has(text));
      return { text: m.text ?? '', press: (label) => user.pressButton(m, label) };
    },
  };
}

describe.each([
  ['Telegram', 'Zalo OA'],
  ['Zalo OA', 'Telegram'],
] as const)('cross-channel: a member on %s asks, the chair on %s decides', (memberOn, chairOn) => {
  it('when the member asks to be absent and the chair approves from the card, then the member is told on their own platform', async () => {
    h = await startOaBot({ clock: fakeClock('2026-03-02T09:00:00'), telegram: true });
    const { memberIds, committeeId } = seedCommittee(h);
    const seat = (platform: string, id: number, n: number) => (platform === 'Telegram' ? telegramSeat(h!, id, 1000 + n) : oaSeat(h!, id, String(7000 + n)));
    const chair = await seat(chairOn, memberIds[0]!, 1);
    const member = await seat(memberOn, memberIds[3]!, 4);
    const m = meeting(h, committeeId);

    await member.command('absent', `${m.id} ${REASON}`);
    await member.waitFor('Đã gửi đề nghị vắng mặt số 1');
    const card = await chair.waitFor('ĐỀ NGHỊ VẮNG MẶT số 1');
    expect(card.text).toContain(`Lý do: ${REASON}`);
    await card.press('✅ Đồng ý');
    // The press is answered by the resolved card: the card edited on Telegram, a new message on Zalo OA (below).
    await chair.waitFor('ĐÃ ĐỒNG Ý');
    const outcome = await member.waitFor('đã được đồng ý');
    expect(outcome.text).toContain(`Đề nghị vắng mặt số 1 (cuộc họp ${TITLE}`);
    expect(getRequest(h.db, 1)).toMatchObject({ status: 'approved', decidedBy: memberIds[0] });
    expect(attendee(h.db, m.id, memberIds[3]!)!.status).toBe('excused');
    if (chairOn === 'Zalo OA') {
      // Zalo OA cannot edit the card: the resolved card arrives as a new message, without buttons.
      const resolved = await h.oa.waitForSent('7001', (x) => (x.text ?? '').startsWith('✅ ĐÃ ĐỒNG Ý'));
      expect(resolved.buttons).toBeUndefined();
      // A second press of the old card is answered in the chat, not lost.
      await card.press('✅ Đồng ý');
      await chair.waitFor('ⓘ Đề nghị số 1 đã được Nguyễn Văn An xử lý (đồng ý)');
    }
  });
});

describe('Zalo OA: notices and the messaging window', () => {
  it('when a member\u2019s Zalo window is closed (-230), then the notice reaches them on Telegram, and one with no other account is reported as outside Zalo\u2019s window', async () => {
    h = await startOaBot({ clock: fakeClock('2026-03-02T09:00:00'), telegram: true, progressMs: 100 });
    const deps = h.app.deps;
    const c = createCommittee(deps, { name: 'BCĐ thử', presetId: 'bac-giang-2021' }, 'test');
    const secretary = addMember(deps, c.id, { name: 'Bùi Thị Lan', role: 'secretary' }, 'test');
    const members = [1, 2, 3].map((i) => addMember(deps, c.id, { name: `Thành viên ${i}`, role: 'member' }, 'test'));
    await bindOaMember(h, secretary.id, '8000');
    for (const [i, m] of members.entries()) await bindOaMember(h, m.id, `800${i + 1}`);
    // Member 1 also has Telegram; Zalo accounts come first, Telegram is the fallback.
    const tgUser = h.tg!.user(4001);
    tgUser.sendCommand('start', createInvite(deps, members[0]!.id, 'test').code);
    await h.tg!.waitForSent(4001, (m) => m.plain.includes('Đã liên kết'));
    h.oa.windowClosed('8001');
    h.oa.windowClosed('8002');

    const { notice } = sendNotice(deps, { committeeId: c.id, authorId: secretary.id, audience: parseAudience('all'), text: 'Thông báo khẩn: đổi phòng họp sang Phòng 2.' }, 'test');
    h.app.dispatcher!.kick();
    await until(() => noticeStatus(h!.app.deps, notice.id).pending === 0);

    expect(h.tg!.sent(4001).some((m) => m.plain.includes('đổi phòng họp'))).toBe(true);
    expect(h.oa.sent('8001').some(has('đổi phòng họp'))).toBe(false);
    expect(h.oa.sent('8003').some(has('đổi phòng họp'))).toBe(true);
    expect(noticeStatus(deps, notice.id)).toMatchObject({ recipients: 3, sent: 2, unreachable: 1 });
    expect(noticeStatus(deps, notice.id).unreached).toEqual([{ memberId: members[1]!.id, name: 'Thành viên 2', reason: 'window_closed' }]);
    const report = await h.oa.waitForSent('8000', has('Chưa gửi được tới 1 người'));
    expect(report.text).toContain('Thành viên 2 – ngoài thời hạn nhắn tin của Zalo');
    expect(accountByAddress(h.db, 'zalo_oa:8001')).toMatchObject({ reachable: false, unreachableReason: 'window_closed' });

    // Writing to the OA reopens the window: the account is reachable on Zalo again.
    await afterOa(h, '8001', () => h!.oa.user('8001').sendCommand('help'), has('Các lệnh'));
    expect(accountByAddress(h.db, 'zalo_oa:8001')).toMatchObject({ reachable: true, unreachableReason: null });
  });
});
