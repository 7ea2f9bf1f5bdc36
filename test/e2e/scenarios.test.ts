// The committee's everyday stories, the same on every channel (STYLE.md 10; issue 6, "Done
// when"). Each runs the real bot through buildChannels against a platform fake; how a platform
// shows a card or takes a press is the driver's business (test/support/drivers).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditOf } from '../../db/queries/audit.js';
import { attendee } from '../../db/queries/meetings.js';
import { accountsOf } from '../../db/queries/members.js';
import { getRequest } from '../../db/queries/requests.js';
import type { App } from '../../src/app.js';
import { createInvite } from '../../src/domain/invites.js';
import { scheduleMeeting, type Meeting } from '../../src/domain/meetings.js';
import { noticeStatus, parseAudience, sendNotice } from '../../src/domain/notices.js';
import { at } from '../support/approvals-helpers.js';
import { DRIVERS, driverAcross, type ChannelDriver, type MultiChannelDriver, type UserHandle } from '../support/drivers/index.js';
import { fakeClock } from '../support/fake-clock.js';
import { seedCommittee } from '../support/test-app.js';

/** Monday 02/03/2026 09:00: a working day, outside Zalo's 22:00–06:00 quiet hours. */
const MORNING = '2026-03-02T09:00:00';
const TITLE = 'Họp Ban Chỉ đạo quý I/2026';
const PLACE = 'Phòng họp số 1, UBND tỉnh';
/** Thursday 05/03/2026 14:00. */
const MEETING_AT = '2026-03-05T14:00:00';
const MEETING_TIME = '14h00 thứ Năm, 05/03/2026';
/** The working day before the meeting, at the preset's reminder time (08:00). */
const WORKING_DAY_BEFORE = '2026-03-04T08:00:00';
const REASON = 'Đi công tác Hà Nội theo lịch của Bộ';

/** seedCommittee's members: chair, standing vice chair, vice chair, member, secretary. */
interface Seats {
  committeeId: number;
  chair: number;
  member: number;
  secretary: number;
}

function seed(app: App): Seats {
  const { committeeId, memberIds } = seedCommittee({ app });
  return { committeeId, chair: memberIds[0]!, member: memberIds[3]!, secretary: memberIds[4]! };
}

function meeting(app: App, s: Seats): Meeting {
  return scheduleMeeting(app.deps, { committeeId: s.committeeId, title: TITLE, startsAt: at(MEETING_AT), location: PLACE }, 'test');
}

/**
 * The member asks to be excused, the chair approves from the card, the member is told; a second
 * press of the same button decides nothing more. Wherever each of them is.
 */
async function absenceIsApproved(d: { app: App; settled(): Promise<void> }, s: Seats, member: UserHandle, chair: UserHandle): Promise<void> {
  const m = meeting(d.app, s);
  await member.send(`/absent ${m.id} ${REASON}`);
  await member.waitFor('Đã gửi đề nghị vắng mặt số 1 tới Nguyễn Văn An');

  const card = await chair.waitFor('ĐỀ NGHỊ VẮNG MẶT số 1');
  expect(card.text).toContain('Người đề nghị: Hoàng Văn Em');
  expect(card.text).toContain(`Lý do: ${REASON}`);
  await chair.press(card, 'Đồng ý');
  // The card itself becomes the answer: edited in place, or a new message where it cannot be.
  const resolved = await chair.waitFor('ĐÃ ĐỒNG Ý');
  expect(resolved.text).toContain('Người quyết định: Nguyễn Văn An');
  const outcome = await member.waitFor('đã được đồng ý');
  expect(outcome.text).toContain(`Đề nghị vắng mặt số 1 (cuộc họp ${TITLE}, ${MEETING_TIME}) đã được đồng ý`);
  expect(outcome.text).toContain('Người quyết định: Nguyễn Văn An');

  await chair.press(card, 'Đồng ý');
  await chair.waitFor('Đề nghị số 1 đã được Nguyễn Văn An xử lý (đồng ý)');
  await d.settled();
  expect(member.texts().filter((t) => t.includes('đã được đồng ý'))).toHaveLength(1);
  // No chat message on top of the card and the toast (commands/decide.ts).
  expect(chair.texts().filter((t) => t.includes('Đã đồng ý đề nghị số 1'))).toEqual([]);
  expect(getRequest(d.app.deps.db, 1)).toMatchObject({ status: 'approved', decidedBy: s.chair });
  expect(auditOf(d.app.deps.db, 'request', '1').filter((a) => a.action === 'request.approved')).toHaveLength(1);
  expect(attendee(d.app.deps.db, m.id, s.member)!.status).toBe('excused');
}

describe.each(['telegram', 'zalo_bot', 'zalo_oa', 'console'] as const)('on %s', (channel) => {
  let d: ChannelDriver;
  let s: Seats;

  beforeEach(async () => {
    d = DRIVERS[channel]();
    await d.start({ clock: fakeClock(MORNING) });
    s = seed(d.app);
  });
  afterEach(async () => d.close());

  it('registration: when a member sends /start CODE, then they are bound and greeted; a wrong code is refused with the reason; the bare code binds too', async () => {
    const an = await d.user(s.chair);
    await an.send(`/start ${'A'.repeat(32)}`);
    await an.waitFor('⛔ Mã mời không hợp lệ. Xin kiểm tra lại, hoặc đề nghị Tổ thư ký gửi mã mới.');

    await an.send(`/start ${createInvite(d.app.deps, s.chair, 'test').code}`);
    await an.waitFor('Nguyễn Văn An – Trưởng ban, Ban Chỉ đạo thử nghiệm');
    expect(accountsOf(d.app.deps.db, s.chair)).toMatchObject([{ platform: d.platform, address: an.address }]);

    const em = await d.user(s.member);
    await em.send(createInvite(d.app.deps, s.member, 'test').code);
    await em.waitFor('Hoàng Văn Em – Ủy viên, Ban Chỉ đạo thử nghiệm');
    expect(accountsOf(d.app.deps.db, s.member)).toMatchObject([{ platform: d.platform, address: em.address }]);

    await em.send('/help');
    await em.waitFor('Các lệnh anh/chị được dùng');
  });

  it('meeting reminder: when a meeting is called, then the member gets every fact, confirms from the notice, and is reminded the working day before', async () => {
    const member = await d.bind(s.member);
    meeting(d.app, s);

    const notice = await member.waitFor('GIẤY MỜI HỌP');
    for (const fact of [TITLE, MEETING_TIME, PLACE, 'Chủ trì: Nguyễn Văn An']) expect(notice.text).toContain(fact);
    await member.press(notice, 'Tôi sẽ tham dự');
    await member.waitFor(`Đã ghi nhận anh/chị sẽ tham dự: ${TITLE}`);
    await member.send('/meetings');
    await member.waitFor('Tình trạng của anh/chị: sẽ tham dự');
    expect(member.texts().some((t) => t.includes('Nhắc lịch'))).toBe(false);

    d.clock.set(WORKING_DAY_BEFORE);
    d.app.tick(d.clock.now());
    const reminder = await member.waitFor('⏰ Nhắc lịch');
    for (const fact of [TITLE, MEETING_TIME, PLACE, 'Chủ trì: Nguyễn Văn An']) expect(reminder.text).toContain(fact);
    await d.settled();
    expect(member.texts().filter((t) => t.includes('Nhắc lịch'))).toHaveLength(1);
  });

  it('absence approval: when a member asks to be excused, then the chair approves from the card, the member is told, and a second press decides nothing more', async () => {
    const chair = await d.bind(s.chair);
    const member = await d.bind(s.member);
    await absenceIsApproved(d, s, member, chair);
  });

  it('notice: when the secretariat sends a notice to all, then every bound member gets it once, and a long one arrives complete in parts within the channel\u2019s limit', async () => {
    const bound = [await d.bind(s.chair), await d.bind(s.member), await d.bind(s.secretary)];
    const short = sendNotice(d.app.deps, { committeeId: s.committeeId, authorId: null, audience: parseAudience('all'), text: 'Thông báo khẩn: cuộc họp chuyển sang Phòng họp số 2.' }, 'test');
    d.app.dispatcher!.kick();
    for (const u of bound) await u.waitFor('Phòng họp số 2');

    const paragraphs = Array.from({ length: 9 }, (_, i) => `Mục ${i + 1}. Kính gửi các thành viên Ban Chỉ đạo: ${'nội dung triển khai nhiệm vụ trọng tâm của quý, '.repeat(10)}hết mục ${i + 1}.`);
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(4100);
    const long = sendNotice(d.app.deps, { committeeId: s.committeeId, authorId: null, audience: parseAudience('all'), text }, 'test');
    d.app.dispatcher!.kick();
    for (const u of bound) await u.waitFor(`hết mục ${paragraphs.length}.`);
    await d.settled();

    for (const u of bound) {
      expect(u.texts().filter((t) => t.includes('Phòng họp số 2'))).toHaveLength(1);
      const parts = u.texts().filter((t) => t.includes('Mục ') && t.includes('Kính gửi các thành viên'));
      expect(parts.length).toBeGreaterThanOrEqual(Math.ceil(text.length / d.textLimit));
      for (const p of parts) expect(p.length).toBeLessThanOrEqual(d.textLimit);
      // Every paragraph arrives, once, whole.
      for (const p of paragraphs) expect(parts.filter((x) => x.includes(p))).toHaveLength(1);
    }
    // The two members never bound are reported, not lost.
    for (const n of [short.notice, long.notice]) expect(noticeStatus(d.app.deps, n.id)).toMatchObject({ recipients: 5, sent: 3, unreachable: 2, pending: 0 });
  });
});

describe.each([
  ['zalo_bot', 'telegram'],
  ['telegram', 'zalo_oa'],
] as const)('across channels: the member on %s, the chair on %s', (memberOn, chairOn) => {
  let d: MultiChannelDriver;
  let s: Seats;

  beforeEach(async () => {
    d = driverAcross(memberOn, chairOn);
    await d.start({ clock: fakeClock(MORNING) });
    s = seed(d.app);
  });
  afterEach(async () => d.close());

  it('absence approval: when the member asks on their platform, then the chair approves on theirs and the member is told where they asked', async () => {
    const chair = await d.bind(s.chair, chairOn);
    const member = await d.bind(s.member, memberOn);
    expect(member.address.startsWith(`${memberOn}:`) && chair.address.startsWith(`${chairOn}:`)).toBe(true);
    await absenceIsApproved(d, s, member, chair);
  });
});
