import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attendee } from '../../db/queries/meetings.js';
import { getRequest } from '../../db/queries/requests.js';
import { createInvite } from '../../src/domain/invites.js';
import { scheduleMeeting, type Meeting } from '../../src/domain/meetings.js';
import { listMembers } from '../../src/domain/members.js';
import { noticeStatus, parseAudience, sendNotice } from '../../src/domain/notices.js';
import { at } from '../support/approvals-helpers.js';
import { fakeClock } from '../support/fake-clock.js';
import { startZaloBotBot, ZALO_BOT_WEBHOOK_SECRET, type FakeZaloUser, type ZaloBotHarness, type ZaloBotSent } from '../support/fake-zalo-bot.js';
import { seedCommittee } from '../support/test-app.js';

const DAY = 86_400_000;
const TITLE = 'Họp Ban Chỉ đạo quý I/2026';
const REASON = 'Đi công tác Hà Nội theo lịch của Bộ';
/** Zalo chat ids are opaque 20-character hex strings. */
const chatOf = (n: number) => `f0e1d2c3b4a5${String(n).padStart(8, '0')}`;

describe.each(['polling', 'webhook'] as const)('Zalo Bot Platform (%s)', (mode) => {
  let h: ZaloBotHarness;
  /** Member ids in seedCommittee's order: chair, standing vice chair, vice chair, member, secretary. */
  let ids: number[];
  let committeeId: number;

  beforeEach(async () => {
    // Monday 02/03/2026 09:00, a working day.
    h = await startZaloBotBot(mode, { clock: fakeClock('2026-03-02T09:00:00'), progressMs: 100 });
    ({ memberIds: ids, committeeId } = seedCommittee(h));
  });
  afterEach(async () => h.close());

  /** Does something as `user` and waits for the first later message to them that matches. */
  async function after(user: FakeZaloUser, act: (u: FakeZaloUser) => unknown, pred: (m: ZaloBotSent) => boolean): Promise<ZaloBotSent> {
    const seen = h.zalo.sent(user.chatId).length;
    act(user);
    return h.zalo.waitFor(() => h.zalo.sent(user.chatId).slice(seen).find(pred));
  }
  const says = (text: string) => (m: ZaloBotSent) => m.text.includes(text);

  /** Binds member `memberId` to Zalo chat `n` the way a member does: `/start CODE`. */
  async function bind(memberId: number, n: number): Promise<FakeZaloUser> {
    const user = h.zalo.user(chatOf(n), { displayName: `Thành viên ${n}` });
    await after(user, (u) => u.sendText(`/start ${createInvite(h.app.deps, memberId, 'test').code}`), says('Đã liên kết'));
    return user;
  }

  const meeting = (): Meeting => scheduleMeeting(h.app.deps, { committeeId, title: TITLE, startsAt: at('2026-03-05T14:00:00'), location: 'Phòng họp số 1, UBND tỉnh' }, 'test');

  /** The number shown beside `label` in a numbered-choice message. */
  function choice(m: ZaloBotSent, label: string): string {
    const line = m.text.split('\n').find((l) => /^\d+ – /.test(l) && l.includes(label));
    if (!line) throw new Error(`no choice "${label}" in ${JSON.stringify(m.text)}`);
    return line.split(' – ')[0]!;
  }

  it('when a member sends /start CODE, then their Zalo account is bound and they are greeted by name in plain text', async () => {
    const invite = createInvite(h.app.deps, ids[0]!, 'test');
    const an = h.zalo.user(chatOf(1), { displayName: 'An' });
    await after(an, (u) => u.sendText('/help'), says('chưa được đăng ký'));
    const reply = await after(an, (u) => u.sendText(`/start ${invite.code}`), says('Đã liên kết'));
    expect(reply.text).toBe('✅ Đã liên kết tài khoản.\nXin chào Nguyễn Văn An – Trưởng ban, Ban Chỉ đạo thử nghiệm.\nGõ /help để xem các việc anh/chị có thể làm.');
    const chair = listMembers(h.app.deps, committeeId).find((m) => m.id === ids[0])!;
    expect(chair.accounts).toMatchObject([{ platform: 'zalo_bot', userId: chatOf(1), address: `zalo_bot:${chatOf(1)}`, displayName: 'An', reachable: true }]);
    const help = await after(an, (u) => u.sendText('/help'), says('/language'));
    expect(help.text).not.toMatch(/<\/?b>/);
  });

  it('when a member sends the bare invite code, then it binds too', async () => {
    const invite = createInvite(h.app.deps, ids[3]!, 'test');
    const em = h.zalo.user(chatOf(4));
    await after(em, (u) => u.sendText(`  ${invite.code} `), says('Xin chào Hoàng Văn Em'));
    expect(listMembers(h.app.deps, committeeId).find((m) => m.id === ids[3])!.accounts[0]).toMatchObject({ platform: 'zalo_bot', address: `zalo_bot:${chatOf(4)}` });
  });

  it('when a code is wrong, malformed, reused or expired, then it is refused with the reason and nothing else is bound', async () => {
    const invite = createInvite(h.app.deps, ids[0]!, 'test');
    const stranger = h.zalo.user(chatOf(50));
    await after(stranger, (u) => u.sendText(`/start ${'A'.repeat(32)}`), says('Mã mời không hợp lệ'));
    await after(stranger, (u) => u.sendText('/start not-a-code!'), says('không đúng định dạng'));
    await after(stranger, (u) => u.sendText('B'.repeat(32)), says('Mã mời không hợp lệ'));

    await after(h.zalo.user(chatOf(51)), (u) => u.sendText(`/start ${invite.code}`), says('Đã liên kết'));
    await after(h.zalo.user(chatOf(52)), (u) => u.sendText(invite.code), says('đã được sử dụng'));

    const late = createInvite(h.app.deps, ids[3]!, 'test');
    h.clock.advance(14 * DAY);
    await after(h.zalo.user(chatOf(53)), (u) => u.sendText(`/start ${late.code}`), says('hết hạn'));

    expect(listMembers(h.app.deps, committeeId).flatMap((m) => m.accounts.map((a) => a.userId))).toEqual([chatOf(51)]);
  });

  it('when a meeting is called, then the notice arrives with numbered choices and replying "1" confirms attendance', async () => {
    const em = await bind(ids[3]!, 4);
    const m = meeting();
    const notice = await h.zalo.waitForSent(em.chatId, says('GIẤY MỜI HỌP'));
    expect(notice.text).toContain(TITLE);
    // The calendar file cannot travel on the Bot Platform: its name stays, above the choices.
    expect(notice.text).toMatch(/\n\n📎 hop-\d+\.ics\n\n1 – ✅ Tôi sẽ tham dự\n2 – 🙏 Xin vắng$/);
    expect(notice.text).not.toMatch(/<\/?[bi]>|&amp;/);

    const done = await after(em, (u) => u.sendText('1'), says('Đã ghi nhận anh/chị sẽ tham dự'));
    expect(done.text).toContain(TITLE);
    expect(attendee(h.db, m.id, ids[3]!)!.status).toBe('confirmed');
    const list = await after(em, (u) => u.sendText('/meetings'), says('Các cuộc họp sắp tới'));
    expect(list.text).toContain(`#${m.id} ${TITLE}`);
    expect(list.text).toContain('Tình trạng của anh/chị: sẽ tham dự');
  });

  it('when a member asks to be excused and the chair is on Zalo, then the card comes as numbered choices, the chair\u2019s number decides and the member is told', async () => {
    const chair = await bind(ids[0]!, 1);
    const em = await bind(ids[3]!, 4);
    const m = meeting();
    await h.zalo.waitForSent(em.chatId, says('GIẤY MỜI HỌP'));

    const receipt = await after(em, (u) => u.sendText(`/absent ${m.id} ${REASON}`), says('Đã gửi đề nghị vắng mặt'));
    expect(receipt.text).toContain('📨 Đã gửi đề nghị vắng mặt số 1 tới Nguyễn Văn An.');

    const card = await h.zalo.waitForSent(chair.chatId, says('ĐỀ NGHỊ VẮNG MẶT số 1'));
    expect(card.text).toContain(`Lý do: ${REASON}`);
    // Numbers continue across the cards open in a chat (the chair's meeting notice holds the first ones).
    const n = Number(choice(card, '✅ Đồng ý'));
    expect(card.text.endsWith(`\n\n${n} – ✅ Đồng ý\n${n + 1} – ❌ Không đồng ý\n${n + 2} – ✍️ Không đồng ý, nêu lý do`)).toBe(true);

    // Zalo cannot edit: the answer to the number is the resolved card, a new message without choices.
    const resolved = await after(chair, (u) => u.sendText(String(n)), says('ĐÃ ĐỒNG Ý'));
    expect(resolved.text).toContain('Người quyết định: Nguyễn Văn An');
    expect(resolved.text).not.toMatch(/^\d+ – /m);
    const outcome = await h.zalo.waitForSent(em.chatId, says('đã được đồng ý'));
    expect(outcome.text).toContain(`Đề nghị vắng mặt số 1 (cuộc họp ${TITLE}`);
    expect(outcome.text).toContain('Người quyết định: Nguyễn Văn An');
    expect(getRequest(h.db, 1)).toMatchObject({ status: 'approved', decidedBy: ids[0] });
    expect(attendee(h.db, m.id, ids[3]!)!.status).toBe('excused');

    // The same number again decides nothing more, and says so.
    await after(chair, (u) => u.sendText(String(n + 1)), says('đã được Nguyễn Văn An xử lý (đồng ý)'));
    expect(getRequest(h.db, 1)!.status).toBe('approved');
  });

  it('when a long notice is sent, then every member gets all of it in parts under 2000 characters', async () => {
    const members = [await bind(ids[0]!, 1), await bind(ids[1]!, 2), await bind(ids[3]!, 4)];
    await bind(ids[4]!, 5);
    const paragraphs = Array.from({ length: 9 }, (_, i) => `${i + 1}. Kính gửi các thành viên Ban Chỉ đạo: ${'nội dung triển khai nhiệm vụ trọng tâm, '.repeat(11)}hết đoạn.`);
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(4000);
    const { notice } = sendNotice(h.app.deps, { committeeId, authorId: ids[4]!, audience: parseAudience('all'), text }, 'test');
    h.app.dispatcher!.kick();
    for (const u of members) {
      await h.zalo.waitFor(() => h.zalo.sent(u.chatId).some((s) => s.text.includes(paragraphs[8]!)));
      const parts = h.zalo.sent(u.chatId).filter((s) => paragraphs.some((p) => s.text.includes(p.slice(0, 40))));
      expect(parts.length).toBeGreaterThanOrEqual(3);
      for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(2000);
      const whole = parts.map((p) => p.text).join('\n\n');
      for (const p of paragraphs) expect(whole).toContain(p);
    }
    await h.zalo.waitFor(() => noticeStatus(h.app.deps, notice.id).pending === 0);
    expect(noticeStatus(h.app.deps, notice.id)).toMatchObject({ recipients: 4, sent: 3, unreachable: 1 });
  });

  it('when a member blocked the bot on Zalo, then the notice reports them unreachable and their account is marked so', async () => {
    const an = await bind(ids[0]!, 1);
    const em = await bind(ids[3]!, 4);
    h.zalo.block(em.chatId);
    const { notice } = sendNotice(h.app.deps, { committeeId, authorId: null, audience: parseAudience('all'), text: 'Thông báo khẩn: đổi phòng họp.' }, 'test');
    h.app.dispatcher!.kick();
    await h.zalo.waitForSent(an.chatId, says('đổi phòng họp'));
    await h.zalo.waitFor(() => noticeStatus(h.app.deps, notice.id).pending === 0);
    const s = noticeStatus(h.app.deps, notice.id);
    expect(s).toMatchObject({ recipients: 5, sent: 1, unreachable: 4 });
    expect(s.unreached).toContainEqual({ memberId: ids[3], name: 'Hoàng Văn Em', reason: 'blocked' });
    const account = listMembers(h.app.deps, committeeId).find((m) => m.id === ids[3])!.accounts[0]!;
    expect(account).toMatchObject({ reachable: false, unreachableReason: 'blocked' });
    expect(h.zalo.sent(em.chatId).some((m) => m.text.includes('đổi phòng họp'))).toBe(false);
  });

  it('when a member sends a sticker, an image or something else, then each gets a clear answer and the bot keeps going', async () => {
    const em = await bind(ids[3]!, 4);
    await after(em, (u) => u.sendSticker(), says('chỉ đọc được tin nhắn chữ'));
    await after(em, (u) => u.sendImage('ảnh biên bản'), says('chưa xử lý ảnh'));
    await after(em, (u) => u.sendUnsupported(), says('chưa xử lý loại tin nhắn này'));
    await after(em, (u) => u.sendText('/help'), says('/language'));
  });

  it('when Zalo delivers the same message twice, then it is handled once', async () => {
    const invite = createInvite(h.app.deps, ids[0]!, 'test');
    const an = h.zalo.user(chatOf(1));
    const messageId = an.sendText(`/start ${invite.code}`);
    await h.zalo.waitForSent(an.chatId, says('Đã liên kết'));
    h.zalo.redeliver(messageId);
    await after(an, (u) => u.sendText('/help'), says('/language'));
    expect(h.zalo.sent(an.chatId).map((m) => m.text).filter((t) => t.includes('liên kết'))).toHaveLength(1);
    expect(h.zalo.sent(an.chatId)).toHaveLength(2);
  });

  if (mode === 'webhook') {
    it('when a call comes without the secret, with a wrong one or on another path, then it is refused and nothing is processed', async () => {
      expect(h.zalo.webhook).toEqual({ url: h.webhookUrl, secretToken: ZALO_BOT_WEBHOOK_SECRET, updatedAt: expect.any(Number) });
      const user = h.zalo.user(chatOf(77));
      const body = JSON.stringify({
        event_name: 'message.text.received',
        message: { message_id: 'forged-1', date: Date.now(), text: '/help', chat: { id: user.chatId, chat_type: 'PRIVATE' }, from: { id: user.chatId, display_name: 'X' } },
      });
      const post = (url: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect((await post(h.webhookUrl!, {})).status).toBe(403);
      expect((await post(h.webhookUrl!, { 'x-bot-api-secret-token': 'zalo-bot-test-secret_43' })).status).toBe(403);
      expect((await post(`${h.webhookUrl!}/x`, { 'x-bot-api-secret-token': ZALO_BOT_WEBHOOK_SECRET })).status).toBe(404);
      await new Promise((r) => setTimeout(r, 100));
      expect(h.zalo.sent(user.chatId)).toEqual([]);
      expect((await post(h.webhookUrl!, { 'x-bot-api-secret-token': ZALO_BOT_WEBHOOK_SECRET })).status).toBe(200);
      await h.zalo.waitForSent(user.chatId, says('chưa được đăng ký'));
      expect(h.zalo.sent(user.chatId)).toHaveLength(1);
    });
  }
});
