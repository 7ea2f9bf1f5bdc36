import { afterEach, describe, expect, it } from 'vitest';
import { insertAccount } from '../../db/queries/members.js';
import type { Sender } from '../../src/core/channel.js';
import { TELEGRAM_PACING, compressTime } from '../../src/core/pacing.js';
import { createCommittee } from '../../src/domain/committees.js';
import { createInvite, redeemInvite } from '../../src/domain/invites.js';
import { addMember } from '../../src/domain/members.js';
import { noticeStatus, parseAudience, sendNotice } from '../../src/domain/notices.js';
import { fakeClock } from '../support/fake-clock.js';
import { memoryChannel } from '../support/memory-channel.js';
import { startTelegramBot, type TelegramHarness } from '../support/telegram-harness.js';

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const tgSender = (id: number): Sender => ({ address: `telegram:${id}`, platform: 'telegram', userId: String(id) });

/** A committee with a secretary and `n` members, each bound to a Telegram user 10001…; returns ids. */
function committee(t: TelegramHarness, n: number, opts: { bind?: boolean } = {}) {
  const deps = t.app.deps;
  const c = createCommittee(deps, { name: 'BCĐ thử tải', presetId: 'bac-giang-2021' }, 'test');
  const secretary = addMember(deps, c.id, { name: 'Bùi Thị Lan', role: 'secretary' }, 'test');
  t.tg.user(9000);
  redeemInvite(deps, tgSender(9000), createInvite(deps, secretary.id, 'test').code);
  const members = Array.from({ length: n }, (_, i) => {
    const m = addMember(deps, c.id, { name: `Thành viên ${i + 1}`, role: 'member', phone: `09${String(10_000_000 + i).padStart(8, '0')}` }, 'test');
    if (opts.bind !== false) {
      t.tg.user(10_001 + i);
      const r = redeemInvite(deps, tgSender(10_001 + i), createInvite(deps, m.id, 'test').code);
      expect(r.ok).toBe(true);
    }
    return m;
  });
  return { committeeId: c.id, secretaryId: secretary.id, members };
}

async function until(pred: () => boolean, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The bot behind a fake Bot API enforcing Telegram's limits, time-compressed tenfold on both
 * sides: 300 msg/s overall, 10/s per chat.
 */
function rateLimitedBot(): Promise<TelegramHarness> {
  const scale = 10;
  return startTelegramBot('polling', {
    fake: { limits: { globalPerSecond: 30, perChatPerSecond: 1 }, timeScale: scale },
    pacing: compressTime(TELEGRAM_PACING, scale),
    progressMs: 200,
    // Retries after a 429 are timed on the wire: time must flow.
    clock: fakeClock('2026-03-02T09:00:00', { live: true }),
  });
}

describe('notices through the Telegram Bot API', () => {
  it('when a notice goes to 300 members through a rate-limited Bot API, then each gets it once, with no 429, and the report ends at 300/300', async () => {
    h = await rateLimitedBot();
    const { committeeId, secretaryId, members } = committee(h, 300);
    const { notice, recipients } = sendNotice(h.app.deps, { committeeId, authorId: secretaryId, audience: parseAudience('all'), text: 'Kính gửi các thành viên: lịch họp quý I đã được cập nhật.' }, 'test');
    expect(recipients).toBe(300);
    h.app.dispatcher!.kick();

    const got = () => members.filter((_, i) => h!.tg.sent(10_001 + i).some((m) => m.plain.includes('lịch họp quý I'))).length;
    await until(() => got() === 300, 15_000);
    await until(() => (h!.tg.sent(9000).at(-1)?.plain ?? '').includes('300/300'));

    const copies = members.map((_, i) => h!.tg.sent(10_001 + i).filter((m) => m.plain.includes('lịch họp quý I')).length);
    expect(copies.every((n) => n === 1)).toBe(true);
    expect(h.tg.calls.filter((c) => c.status === 429)).toHaveLength(0);
    // The report is one message edited as it goes, not 300 messages.
    const reports = h.tg.sent(9000).filter((m) => m.plain.includes(`Thông báo số ${notice.id}`));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.plain).toContain('đã gửi 300/300');
    expect(noticeStatus(h.app.deps, notice.id)).toMatchObject({ sent: 300, pending: 0, unreachable: 0, failed: 0 });
  });

  /** A notice of three Telegram messages (4,000 characters each at most): 9 paragraphs of ~1,300. */
  const longNotice = (tag: string) =>
    Array.from({ length: 9 }, (_, i) => `Mục ${i + 1} (${tag}). ${'Nội dung triển khai nhiệm vụ trọng tâm của quý, đề nghị các thành viên nghiên cứu. '.repeat(15)}`).join('\n\n');

  it('when a notice too long for one message goes to 40 members through a rate-limited Bot API, then each gets every part once, in order, with no 429', async () => {
    h = await rateLimitedBot();
    const { committeeId, secretaryId, members } = committee(h, 40);
    const text = longNotice('dài');
    expect(text.length).toBeGreaterThan(8_000);
    sendNotice(h.app.deps, { committeeId, authorId: secretaryId, audience: parseAudience('all'), text }, 'test');
    h.app.dispatcher!.kick();

    const partsTo = (i: number) => h!.tg.sent(10_001 + i).filter((m) => m.plain.includes('(dài)'));
    await until(() => members.every((_, i) => partsTo(i).length >= 3), 15_000);
    // Each part was a message on Telegram's limits: paced one by one, none refused.
    expect(h.tg.calls.filter((c) => c.status === 429)).toHaveLength(0);
    // Every paragraph once, in order, three to a message.
    const paragraphs = (m: { plain: string }) => [...m.plain.matchAll(/Mục (\d) \(dài\)/g)].map((x) => Number(x[1]));
    for (const [i] of members.entries()) expect(partsTo(i).map(paragraphs)).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    // While a member's next part waits its second, other members' messages go: the first ten
    // parts to arrive went to ten members (holding a worker per message, they went to three or four).
    const arrivals = h.tg.calls.filter((c) => c.method === 'sendMessage' && c.status === 200 && Number((c.payload as { chat_id?: unknown }).chat_id) > 10_000);
    expect(new Set(arrivals.slice(0, 10).map((c) => String((c.payload as { chat_id?: unknown }).chat_id))).size).toBe(10);
  });

  it('when the second part of a long notice fails transiently, then the retry sends the parts that are left, not the first again', async () => {
    h = await startTelegramBot('polling', { clock: fakeClock('2026-03-02T09:00:00', { live: true }) });
    const { committeeId, secretaryId } = committee(h, 1);
    h.tg.failNext('sendMessage', { code: 502, description: 'Bad Gateway', chatId: 10_001, after: 1 });
    const { notice } = sendNotice(h.app.deps, { committeeId, authorId: secretaryId, audience: parseAudience('all'), text: longNotice('lỗi') }, 'test');
    h.app.dispatcher!.kick();
    await until(() => h!.tg.calls.some((c) => c.status === 502));
    // The retry waits its backoff (1 s with jitter) on the committee's clock.
    h.clock.advance(2_000);
    h.app.dispatcher!.kick();
    await until(() => noticeStatus(h!.app.deps, notice.id).sent === 1);
    const parts = h.tg.sent(10_001).filter((m) => m.plain.includes('(lỗi)')).map((m) => /Mục (\d) \(lỗi\)/.exec(m.plain)?.[1]);
    expect(parts).toEqual(['1', '4', '7']);
  });

  it('when the second part of a long notice is refused with a 429, then after the pause only the parts left are sent', async () => {
    h = await startTelegramBot('polling', { clock: fakeClock('2026-03-02T09:00:00', { live: true }) });
    const { committeeId, secretaryId } = committee(h, 1);
    h.tg.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1, chatId: 10_001, after: 1 });
    const { notice } = sendNotice(h.app.deps, { committeeId, authorId: secretaryId, audience: parseAudience('all'), text: longNotice('chờ') }, 'test');
    h.app.dispatcher!.kick();
    await until(() => noticeStatus(h!.app.deps, notice.id).sent === 1);
    const parts = h.tg.sent(10_001).filter((m) => m.plain.includes('(chờ)')).map((m) => /Mục (\d) \(chờ\)/.exec(m.plain)?.[1]);
    expect(parts).toEqual(['1', '4', '7']);
    expect(h.tg.calls.filter((c) => c.status === 429)).toHaveLength(1);
  });

  it('when the bot restarts after the first part of a long notice went, then only the parts left are sent', async () => {
    h = await startTelegramBot('polling', { clock: fakeClock('2026-03-02T09:00:00', { live: true }) });
    const { committeeId, secretaryId } = committee(h, 1);
    const { notice } = sendNotice(h.app.deps, { committeeId, authorId: secretaryId, audience: parseAudience('all'), text: longNotice('nối') }, 'test');
    // As a crash leaves it (no await in between, so the dispatcher has not claimed it yet): part 1
    // recorded as taken by Telegram, the row pending again.
    h.db.$client.prepare(`UPDATE outbox SET parts_sent = 1, sent_address = 'telegram:10001' WHERE topic = ?`).run(`notice:${notice.id}`);
    h.app.dispatcher!.kick();
    await until(() => noticeStatus(h!.app.deps, notice.id).sent === 1);
    const parts = h.tg.sent(10_001).filter((m) => m.plain.includes('(nối)')).map((m) => /Mục (\d) \(nối\)/.exec(m.plain)?.[1]);
    expect(parts).toEqual(['4', '7']);
  });

  it('when a member blocked the bot and has another channel, then the notice reaches them there; who could not be reached is named with the reason', async () => {
    const zalo = memoryChannel('zalo_bot');
    h = await startTelegramBot('polling', { extraChannels: [zalo], progressMs: 100 });
    const { committeeId, secretaryId, members } = committee(h, 3);
    const never = addMember(h.app.deps, committeeId, { name: 'Người chưa liên kết', role: 'member' }, 'test');
    // Member 1 also has a Zalo account, tried after Telegram.
    insertAccount(h.db, { memberId: members[0]!.id, platform: 'zalo_bot', userId: 'z1', address: 'zalo_bot:z1', priority: 5, boundAt: h.clock.now() });
    h.tg.block(10_001);
    h.tg.block(10_002);

    const { notice } = sendNotice(h.app.deps, { committeeId, authorId: secretaryId, audience: parseAudience('all'), text: 'Thông báo khẩn: đổi phòng họp.' }, 'test');
    h.app.dispatcher!.kick();
    await until(() => noticeStatus(h!.app.deps, notice.id).pending === 0);
    await until(() => (h!.tg.sent(9000).at(-1)?.plain ?? '').includes('Chưa gửi được tới 2 người'));

    expect(zalo.textsTo('zalo_bot:z1').some((t) => t.includes('đổi phòng họp'))).toBe(true);
    expect(h.tg.sent(10_003).some((m) => m.plain.includes('đổi phòng họp'))).toBe(true);
    const s = noticeStatus(h.app.deps, notice.id);
    expect(s).toMatchObject({ recipients: 4, sent: 2, unreachable: 2 });
    expect(s.unreached).toEqual(
      expect.arrayContaining([
        { memberId: members[1]!.id, name: 'Thành viên 2', reason: 'blocked' },
        { memberId: never.id, name: 'Người chưa liên kết', reason: 'never_bound' },
      ]),
    );
    const report = h.tg.sent(9000).at(-1)!.plain;
    expect(report).toContain('Thành viên 2 – đã chặn bot hoặc chưa bắt đầu trò chuyện');
    expect(report).toContain('Người chưa liên kết – chưa liên kết tài khoản');
  });

  it('when the secretary uses /notice, then the preview counts recipients, members can acknowledge, and bad input is refused', async () => {
    // Time moves, as in production: "now" read twice is not the same instant.
    h = await startTelegramBot('polling', { progressMs: 100, clock: fakeClock('2026-03-02T09:00:00', { live: true }) });
    const { secretaryId, members } = committee(h, 3);
    expect(secretaryId).toBeGreaterThan(0);
    const sec = h.tg.user(9000);
    const waitFor = (chat: number, text: string) => h!.tg.waitForSent(chat, (m) => m.plain.includes(text));

    h.tg.user(10_001).sendCommand('notice');
    await waitFor(10_001, 'không được dùng lệnh /notice');

    sec.sendCommand('notice');
    const audience = await waitFor(9000, 'Gửi thông báo tới ai');
    sec.sendText('agency:Sở Không Tồn Tại');
    await waitFor(9000, 'Không có ai trong nhóm người nhận này');
    sec.press(audience, audience.reply_markup!.inline_keyboard[0][0].callback_data);
    await waitFor(9000, 'sẽ gửi tới 3 người');
    sec.sendText('   ');
    await waitFor(9000, 'không được để trống');
    sec.sendText('Mời các đồng chí dự hội nghị trực tuyến <b>ngày mai</b> & chuẩn bị ý kiến.');
    const file = await waitFor(9000, 'Gửi kèm tệp');
    sec.press(file, file.reply_markup!.inline_keyboard[0][0].callback_data);
    const ack = await waitFor(9000, 'bấm xác nhận');
    sec.press(ack, ack.reply_markup!.inline_keyboard[0][0].callback_data);
    const preview = await waitFor(9000, 'Xem trước thông báo');
    expect(preview.plain).toContain('gửi tới 3 người');
    sec.press(preview, preview.reply_markup!.inline_keyboard[0][0].callback_data);

    const got = await h.tg.waitForSent(10_002, (m) => m.plain.includes('hội nghị trực tuyến'));
    // "Send" pressed again: told it went, not that the session expired (which invites a resend).
    sec.press(preview, preview.reply_markup!.inline_keyboard[0][0].callback_data);
    await waitFor(9000, 'đã được gửi tới 3 người; bấm lại không gửi thêm lần nữa');
    expect(h.db.$client.prepare('SELECT count(*) FROM notices').pluck().get()).toBe(1);
    // The author's markup-looking text arrives exactly as typed.
    expect(got.plain).toContain('<b>ngày mai</b> & chuẩn bị');
    h.tg.user(10_002).press(got, got.reply_markup!.inline_keyboard[0][0].callback_data);
    await waitFor(10_002, 'đã nhận thông báo');
    await h.tg.waitForSent(9000, (m) => m.plain.includes('Đã xác nhận nhận: 1/3'));
    // Sent now, so the author is never told it is "scheduled".
    expect(h.tg.sent(9000).some((m) => m.plain.includes('sẽ được gửi tới'))).toBe(false);
    expect(members).toHaveLength(3);
  });
});
