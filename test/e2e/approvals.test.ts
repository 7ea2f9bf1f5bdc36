import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditOf } from '../../db/queries/audit.js';
import { attendee, setAttendance } from '../../db/queries/meetings.js';
import { getRequest } from '../../db/queries/requests.js';
import { DomainError } from '../../src/core/errors.js';
import { cancelMeeting, scheduleMeeting, type Meeting } from '../../src/domain/meetings.js';
import type { PresetId } from '../../src/domain/presets/index.js';
import { requestAbsence } from '../../src/domain/requests.js';
import { fakeClock } from '../support/fake-clock.js';
import type { SentMessage } from '../support/fake-telegram.js';
import { seedCommittee } from '../support/test-app.js';
import { startTelegramBot, type TelegramHarness } from '../support/telegram-harness.js';
import {
  after, answerOf, at, bindMembers, button, cardIn, cardsIn, edited, handled, keyboardOf, labelsOf, quiet, type Seat,
} from '../support/approvals-helpers.js';

const TITLE = 'Họp Ban Chỉ đạo quý I/2026';
/** Thursday 05/03/2026 14:00; the clock starts on Monday 02/03/2026 09:00, a working day. */
const MEETING_AT = '2026-03-05T14:00:00';
const MEETING_TIME = '14h00 thứ Năm, 05/03/2026';
const NOW_TEXT = '09h00 thứ Hai, 02/03/2026';
const REASON = 'Đi công tác Hà Nội theo lịch của Bộ';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Title (Ý kiến bằng văn bản) >> endobj\n%%EOF\n');
const APPROVE = '✅ Đồng ý';
const REJECT_WITH_REASON = 'Không đồng ý, nêu lý do';

describe.each(['polling', 'webhook'] as const)('Telegram (%s): absence and substitute requests', (mode) => {
  let h: TelegramHarness;
  let committeeId: number;
  /** Seats in seedCommittee's order: chair, standing vice chair, vice chair, member, secretary. */
  let chair: Seat, standingVice: Seat, vice: Seat, member: Seat;

  async function start(preset: PresetId = 'binh-dinh-2019') {
    h = await startTelegramBot(mode, { clock: fakeClock('2026-03-02T09:00:00') });
    const seeded = seedCommittee(h, preset);
    committeeId = seeded.committeeId;
    [chair, standingVice, vice, member] = (await bindMembers(h, seeded.memberIds)) as [Seat, Seat, Seat, Seat];
  }
  afterEach(async () => h?.close());

  function meeting(startsAt = MEETING_AT, title = TITLE): Meeting {
    return scheduleMeeting(h.app.deps, { committeeId, title, startsAt: at(startsAt), location: 'Phòng họp số 1, UBND tỉnh' }, 'test');
  }

  /** `/absent <meeting> <reason>` in one line; resolves with the requester's receipt. */
  const askAbsence = (who: Seat, m: Meeting, reason = REASON) =>
    after(h, who, (u) => u.sendCommand('absent', `${m.id} ${reason}`), (x) => x.plain.includes('Đã gửi đề nghị vắng mặt'));

  /** Presses a button and resolves with the callback answer. */
  async function press(who: Seat, message: SentMessage, data: string) {
    return answerOf(h, who.user.press(message, data));
  }

  describe('the presider\u2019s card', () => {
    beforeEach(() => start());

    it('when a member asks in one line and the chair approves from the card, then the card turns resolved, the member is told, the attendance and audit show it', async () => {
      const m = meeting();
      const receipt = await askAbsence(member, m);
      expect(receipt.plain).toBe('📨 Đã gửi đề nghị vắng mặt số 1 tới Nguyễn Văn An. Anh/chị sẽ được báo kết quả.');
      expect(labelsOf(receipt)).toEqual([['↩️ Rút đề nghị']]);

      const card = await cardIn(h, chair.chat, 1);
      expect(card.plain).toBe(
        [
          '📝 ĐỀ NGHỊ VẮNG MẶT số 1',
          'Người đề nghị: Hoàng Văn Em – Ủy viên – Giám đốc Sở Tài chính',
          `Cuộc họp: số ${m.id} – ${TITLE}, ${MEETING_TIME}`,
          `Lý do: ${REASON}`,
          'Căn cứ: cần sự đồng ý của người chủ trì cuộc họp (theo Điều 6.4 Quy chế).',
          'Xin quyết định trước 09h00 thứ Ba, 03/03/2026.',
        ].join('\n'),
      );
      expect(labelsOf(card)).toEqual([['✅ Đồng ý', '❌ Không đồng ý'], ['✍️ Không đồng ý, nêu lý do']]);
      const data = keyboardOf(card).flat().map((b) => b.callback_data);
      expect(data[0]).toMatch(/^rq:1:a:[A-Za-z0-9_-]{8}$/);
      expect(data[1]).toMatch(/^rq:1:r:[A-Za-z0-9_-]{8}$/);
      expect(data[2]).toMatch(/^rq:1:rr:[A-Za-z0-9_-]{8}$/);
      // Only the presider is asked.
      for (const other of [standingVice, vice, member]) expect(cardsIn(h, other.chat, 1)).toEqual([]);

      const answer = await press(chair, card, button(card, APPROVE));
      expect(answer.text).toBe('✅ Đã đồng ý đề nghị số 1.');
      await edited(h, card);
      expect(card.edits).toHaveLength(1);
      expect(card.reply_markup).toBeUndefined();
      expect(card.plain).toBe(
        [
          '✅ ĐÃ ĐỒNG Ý',
          '📝 ĐỀ NGHỊ VẮNG MẶT số 1',
          'Người đề nghị: Hoàng Văn Em – Ủy viên – Giám đốc Sở Tài chính',
          `Cuộc họp: số ${m.id} – ${TITLE}, ${MEETING_TIME}`,
          `Lý do: ${REASON}`,
          'Căn cứ: cần sự đồng ý của người chủ trì cuộc họp (theo Điều 6.4 Quy chế).',
          `Người quyết định: Nguyễn Văn An, lúc ${NOW_TEXT}`,
        ].join('\n'),
      );
      // One card, edited in place: no second copy in the chair's chat.
      expect(cardsIn(h, chair.chat, 1)).toEqual([card]);

      const outcome = await h.tg.waitForSent(member.chat, (x) => x.plain.includes('đã được đồng ý'));
      expect(outcome.plain).toBe(
        `✅ Đề nghị vắng mặt số 1 (cuộc họp ${TITLE}, ${MEETING_TIME}) đã được đồng ý.\nNgười quyết định: Nguyễn Văn An, lúc ${NOW_TEXT}`,
      );
      expect(attendee(h.db, m.id, member.id)!.status).toBe('excused');
      const log = auditOf(h.db, 'request', '1');
      expect(log.map((a) => [a.action, a.actor])).toEqual([
        ['request.absence', `member:${member.id}`],
        ['request.approved', `member:${chair.id}`],
      ]);
      expect(log.every((a) => a.at === h.clock.now())).toBe(true);
    });

    it('when the chair rejects with a reason, then the chair is asked for it, the member is told it, and may ask again', async () => {
      const m = meeting();
      await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);

      const asked = await after(h, chair, (u) => u.press(card, button(card, REJECT_WITH_REASON)), (x) => x.plain.includes('lý do không đồng ý'));
      expect(asked.plain).toBe('Xin nhập lý do không đồng ý đề nghị số 1:');
      // Asking for the reason decides nothing yet.
      expect(getRequest(h.db, 1)!.status).toBe('pending');
      expect(card.reply_markup).toBeDefined();

      const note = 'Cuộc họp cần Giám đốc Sở trực tiếp báo cáo';
      const done = await after(h, chair, (u) => u.sendText(note), (x) => x.plain.includes('Đã không đồng ý'));
      expect(done.plain).toBe('❌ Đã không đồng ý đề nghị số 1.');
      await edited(h, card);
      expect(card.reply_markup).toBeUndefined();
      expect(card.plain.split('\n')[0]).toBe('❌ KHÔNG ĐỒNG Ý');
      expect(card.plain).toContain(`Người quyết định: Nguyễn Văn An, lúc ${NOW_TEXT}\nLý do: ${note}`);

      const outcome = await h.tg.waitForSent(member.chat, (x) => x.plain.includes('không được đồng ý'));
      expect(outcome.plain).toBe(
        [
          `❌ Đề nghị vắng mặt số 1 (cuộc họp ${TITLE}, ${MEETING_TIME}) không được đồng ý.`,
          `Người quyết định: Nguyễn Văn An, lúc ${NOW_TEXT}`,
          `Lý do: ${note}`,
          'Xin anh/chị bố trí tham dự, hoặc gửi đề nghị mới nếu cần.',
        ].join('\n'),
      );
      expect(getRequest(h.db, 1)).toMatchObject({ status: 'rejected', decidedBy: chair.id, decisionNote: note });
      expect(attendee(h.db, m.id, member.id)!.status).not.toBe('excused');

      // A rejection does not close the door: a new request goes to the chair as card number 2.
      const again = await askAbsence(member, m, 'Có lịch tiếp đoàn công tác của Bộ');
      expect(again.plain).toContain('số 2 tới Nguyễn Văn An');
      const second = await cardIn(h, chair.chat, 2);
      expect(second.plain).toContain('Lý do: Có lịch tiếp đoàn công tác của Bộ');
      expect(labelsOf(second)).toEqual([['✅ Đồng ý', '❌ Không đồng ý'], ['✍️ Không đồng ý, nêu lý do']]);
    });

    it('when the approve button is tapped twice and the update is redelivered, then there is one decision and every press is answered', async () => {
      const m = meeting();
      await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);
      const approve = button(card, APPROVE);

      const first = chair.user.press(card, approve);
      const second = chair.user.press(card, approve);
      const answers = [(await answerOf(h, first)).text, (await answerOf(h, second)).text];
      // Which of the two wins is up to the transport; exactly one decides.
      expect(answers).toEqual(expect.arrayContaining(['✅ Đã đồng ý đề nghị số 1.', `Đề nghị số 1 đã được Nguyễn Văn An xử lý (đồng ý) lúc ${NOW_TEXT}.`]));
      const alreadyAnswer = [h.tg.callbackAnswer(first)!, h.tg.callbackAnswer(second)!].find((a) => a.text!.includes('xử lý (đồng ý)'))!;
      expect(alreadyAnswer.show_alert).toBe(true);
      // In webhook mode the answers ride on the webhook responses: no separate Bot API request.
      const answerCalls = h.tg.calls.filter((c) => c.method === 'answerCallbackQuery');
      expect(answerCalls.map((c) => c.via)).toEqual(answerCalls.map(() => (mode === 'webhook' ? 'webhook-reply' : 'http')));

      const answersSoFar = h.tg.calls.filter((c) => c.method === 'answerCallbackQuery').length;
      h.tg.redeliver(first);
      // The redelivered press is acknowledged too (Telegram refuses a second answer to the same query).
      await h.tg.waitFor(() => h.tg.calls.filter((c) => c.method === 'answerCallbackQuery').length > answersSoFar);
      await edited(h, card);
      await quiet(h);

      expect(card.edits).toHaveLength(1);
      expect(auditOf(h.db, 'request', '1').filter((a) => a.action === 'request.approved')).toHaveLength(1);
      expect(h.tg.sent(member.chat).filter((x) => x.plain.includes('đã được đồng ý'))).toHaveLength(1);
      // The chair's answer is the toast and the edited card: no chat message besides.
      expect(h.tg.sent(chair.chat).filter((x) => x.plain.includes('Đã đồng ý đề nghị'))).toEqual([]);
    });

    it('when a press carries a wrong nonce, or comes from someone who is not the approver, then it is refused and nothing changes', async () => {
      const m = meeting();
      await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);
      const approve = button(card, APPROVE);

      const forged = await press(chair, card, 'rq:1:a:XXXXXXXX');
      expect(forged).toMatchObject({ text: '⛔ Nút không hợp lệ.', show_alert: true });

      // The requester, the vice chair and a stranger replay the real payload from their own chats.
      const stranger = { id: 0, chat: 4242, user: h.tg.user(4242) };
      await after(h, stranger, (u) => u.sendCommand('start'), () => true);
      const ownChat = (s: Seat | typeof stranger) => h.tg.sent(s.chat).at(-1)!;
      expect(await press(member, ownChat(member), approve)).toMatchObject({ text: '⛔ Anh/chị không phải người quyết định đề nghị này.', show_alert: true });
      expect(await press(vice, ownChat(vice), approve)).toMatchObject({ text: '⛔ Anh/chị không phải người quyết định đề nghị này.', show_alert: true });
      expect(await press(stranger, ownChat(stranger), approve)).toMatchObject({ text: 'Anh/chị chưa được đăng ký.', show_alert: true });

      await quiet(h);
      expect(getRequest(h.db, 1)).toMatchObject({ status: 'pending', decidedBy: null });
      expect(attendee(h.db, m.id, member.id)!.status).not.toBe('excused');
      expect(card.edits).toEqual([]);
      expect(labelsOf(card)).toHaveLength(2);
      expect(auditOf(h.db, 'request', '1').map((a) => a.action)).toEqual(['request.absence']);
    });

    it('when someone else presses the button on the chair\u2019s own card message, then the presser (callback_query.from) is checked, not the chat, and nothing changes', async () => {
      const m = meeting();
      await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);
      const approve = button(card, APPROVE);

      expect.soft(await press(vice, card, approve)).toMatchObject({ text: '⛔ Anh/chị không phải người quyết định đề nghị này.', show_alert: true });
      const stranger = { id: 0, chat: 4242, user: h.tg.user(4242) };
      expect.soft(await press(stranger, card, approve)).toMatchObject({ text: 'Anh/chị chưa được đăng ký.', show_alert: true });

      await quiet(h);
      expect(getRequest(h.db, 1)).toMatchObject({ status: 'pending', decidedBy: null });
      expect(attendee(h.db, m.id, member.id)!.status).not.toBe('excused');
      expect(card.edits).toEqual([]);
    });

    it('when the meeting is cancelled, then a press on the card is refused and decides nothing', async () => {
      const m = meeting();
      await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);
      cancelMeeting(h.app.deps, m.id, 'Lùi sang quý II', 'test');

      const refused = await press(chair, card, button(card, APPROVE));
      expect(refused).toMatchObject({ text: `Cuộc họp số ${m.id} đã bị hủy.`, show_alert: true });
      await quiet(h);
      expect(getRequest(h.db, 1)!.status).not.toBe('approved');
      expect(attendee(h.db, m.id, member.id)!.status).not.toBe('excused');
      expect(auditOf(h.db, 'request', '1').map((a) => a.action)).not.toContain('request.approved');

      // The next scheduler pass closes the request; nobody is told the meeting "started".
      h.app.tick(h.clock.now());
      await edited(h, card);
      expect(card.reply_markup).toBeUndefined();
      expect(getRequest(h.db, 1)!.status).toBe('expired');
      const told = await h.tg.waitForSent(member.chat, (x) => x.plain.includes('Đề nghị vắng mặt số 1'));
      expect.soft(told.plain, 'the meeting was cancelled, not started').not.toContain('đã bắt đầu');
      expect.soft(card.plain, 'the meeting was cancelled, not started').not.toContain('đã bắt đầu');
    });

    it('when the requester withdraws, then the card turns resolved as withdrawn and a later approve decides nothing', async () => {
      const m = meeting();
      const receipt = await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);
      const approve = button(card, APPROVE);

      const withdrawn = await press(member, receipt, button(receipt, 'Rút đề nghị'));
      expect(withdrawn.text).toBe('Đã rút đề nghị số 1.');
      await edited(h, card);
      expect(card.reply_markup).toBeUndefined();
      expect(card.plain.split('\n')[0]).toBe('↩️ NGƯỜI ĐỀ NGHỊ ĐÃ RÚT LẠI');
      expect(card.plain).toContain(`Lúc ${NOW_TEXT}`);
      await h.tg.waitForSent(member.chat, (x) => x.plain.includes('Anh/chị đã rút đề nghị vắng mặt số 1'));

      const late = await press(chair, card, approve);
      expect(late.text).toContain('Đề nghị số 1 đã được xử lý (rút lại) lúc ');
      expect(late.show_alert).toBe(true);
      await quiet(h);
      expect(getRequest(h.db, 1)).toMatchObject({ status: 'withdrawn', decidedBy: null });
      expect(attendee(h.db, m.id, member.id)!.status).not.toBe('excused');
      expect(auditOf(h.db, 'request', '1').map((a) => a.action)).toEqual(['request.absence', 'request.withdraw']);
      expect(card.edits).toHaveLength(1);
    });

    it('when the requester withdraws while the chair is typing a reason, then the chair\u2019s reason is answered, not swallowed', async () => {
      const m = meeting();
      const receipt = await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);
      await after(h, chair, (u) => u.press(card, button(card, REJECT_WITH_REASON)), (x) => x.plain.includes('lý do không đồng ý'));
      await press(member, receipt, button(receipt, 'Rút đề nghị'));
      await edited(h, card);

      const before = h.tg.sent(chair.chat).length;
      await handled(h, chair.user.sendText('Không có lý do chính đáng'));
      await quiet(h);
      const replies = h.tg.sent(chair.chat).slice(before);
      expect(replies.map((x) => x.plain).join('\n'), 'the chair gets no answer at all').toContain('Đề nghị số 1');
      expect(getRequest(h.db, 1)).toMatchObject({ status: 'withdrawn', decisionNote: null });
    });
  });

  describe('when the chair cannot decide (Bắc Giang: the standing vice chair acts for the chair, Điều 4.1)', () => {
    beforeEach(() => start('bac-giang-2021'));

    it('when the chair asks to be excused, then the standing vice chair decides; once the chair is excused, members\u2019 requests go there too', async () => {
      const m = meeting();
      const own = await askAbsence(chair, m, 'Dự hội nghị của Chính phủ');
      expect(own.plain).toContain('số 1 tới Trần Thị Bình');
      const chairsCard = await cardIn(h, standingVice.chat, 1);
      expect(chairsCard.plain).toContain('Người đề nghị: Nguyễn Văn An – Trưởng ban – Phó Chủ tịch UBND tỉnh');
      expect(cardsIn(h, chair.chat, 1)).toEqual([]);
      await press(standingVice, chairsCard, button(chairsCard, APPROVE));
      await edited(h, chairsCard);
      expect(attendee(h.db, m.id, chair.id)!.status).toBe('excused');

      const receipt = await askAbsence(member, m);
      expect(receipt.plain).toContain('số 2 tới Trần Thị Bình');
      const card = await cardIn(h, standingVice.chat, 2);
      expect(getRequest(h.db, 2)!.approverId).toBe(standingVice.id);
      const answer = await press(standingVice, card, button(card, APPROVE));
      expect(answer.text).toBe('✅ Đã đồng ý đề nghị số 2.');
      await edited(h, card);
      expect(card.plain).toContain(`Người quyết định: Trần Thị Bình, lúc ${NOW_TEXT}`);
      expect(attendee(h.db, m.id, member.id)!.status).toBe('excused');
      await quiet(h);
      expect(cardsIn(h, chair.chat, 2)).toEqual([]);
      expect(cardsIn(h, vice.chat, 2)).toEqual([]);
    });

    it('when the chair was marked excused directly, then a member\u2019s request goes to the standing vice chair, not the vice chair', async () => {
      const m = meeting();
      setAttendance(h.db, m.id, chair.id, 'excused', h.clock.now());
      await askAbsence(member, m);
      await cardIn(h, standingVice.chat, 1);
      await quiet(h);
      expect(getRequest(h.db, 1)).toMatchObject({ approverId: standingVice.id, approverChain: [standingVice.id] });
      expect(cardsIn(h, chair.chat, 1)).toEqual([]);
      expect(cardsIn(h, vice.chat, 1)).toEqual([]);
    });
  });

  describe('when time passes (Bình Định: one working day to decide, by default)', () => {
    beforeEach(() => start());

    it('when the chair does nothing for a working day, then the chair is reminded once and the vice chair gets the card; the vice chair approves and both cards turn resolved', async () => {
      const m = meeting();
      await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);
      expect(card.plain).toContain('Xin quyết định trước 09h00 thứ Ba, 03/03/2026.');
      const approve = button(card, APPROVE);

      h.clock.set('2026-03-02T17:00:00');
      expect(h.app.tick(h.clock.now()).jobs.requests).toMatchObject({ escalated: 0, reminded: 0 });
      h.clock.set('2026-03-03T09:01:00');
      expect(h.app.tick(h.clock.now()).jobs.requests).toMatchObject({ escalated: 1, reminded: 0, expired: 0 });

      const reminder = await h.tg.waitForSent(chair.chat, (x) => x.plain.includes('Đề nghị số 1 đang chờ'));
      expect(reminder.plain).toContain('Đề nghị số 1 đang chờ anh/chị quyết định');
      const escalated = await cardIn(h, vice.chat, 1);
      expect(escalated.plain.split('\n')[0]).toBe('⏫ Chuyển tới anh/chị do người chủ trì chưa quyết định kịp thời.');
      expect(escalated.plain).toContain(`Cuộc họp: số ${m.id} – ${TITLE}, ${MEETING_TIME}`);
      expect(escalated.plain).toContain('Xin quyết định trước 09h01 thứ Tư, 04/03/2026.');
      expect(labelsOf(escalated)).toEqual([['✅ Đồng ý', '❌ Không đồng ý'], ['✍️ Không đồng ý, nêu lý do']]);
      // Bình Định Đ.4: the vice chair acts for the chair, not the standing vice chair.
      expect(cardsIn(h, standingVice.chat, 1)).toEqual([]);

      const answer = await press(vice, escalated, button(escalated, APPROVE));
      expect(answer.text).toBe('✅ Đã đồng ý đề nghị số 1.');
      const decided = 'Người quyết định: Lê Văn Cường, lúc 09h01 thứ Ba, 03/03/2026';
      for (const c of [await edited(h, card), await edited(h, escalated)]) {
        expect(c.reply_markup).toBeUndefined();
        expect(c.plain.split('\n')[0]).toBe('✅ ĐÃ ĐỒNG Ý');
        expect(c.plain).toContain(decided);
      }
      await h.tg.waitForSent(member.chat, (x) => x.plain.includes('đã được đồng ý') && x.plain.includes(decided));

      // The chair's late tap on the first card is answered and changes nothing.
      const late = await press(chair, card, approve);
      expect(late.text).toContain('Đề nghị số 1 đã được Lê Văn Cường xử lý (đồng ý) lúc 09h01 thứ Ba, 03/03/2026.');
      expect(getRequest(h.db, 1)).toMatchObject({ status: 'approved', decidedBy: vice.id });
      expect(auditOf(h.db, 'request', '1').map((a) => a.action)).toEqual(['request.absence', 'request.escalate', 'request.approved']);

      // Reminded once: a later tick sends the chair nothing more.
      h.clock.set('2026-03-04T10:00:00');
      h.app.tick(h.clock.now());
      await quiet(h);
      expect(h.tg.sent(chair.chat).filter((x) => x.plain.includes('Đề nghị số 1 đang chờ'))).toHaveLength(1);
    });

    it('when nobody decides before the meeting starts, then the request expires and both sides are told', async () => {
      // Monday 14:00, the same day: the window is capped two hours before the meeting.
      const m = meeting('2026-03-02T14:00:00');
      await askAbsence(member, m);
      const card = await cardIn(h, chair.chat, 1);
      expect(card.plain).toContain('Xin quyết định trước 12h00 thứ Hai, 02/03/2026.');
      const approve = button(card, APPROVE);

      h.clock.set('2026-03-02T14:00:00');
      expect(h.app.tick(h.clock.now()).jobs.requests).toMatchObject({ expired: 1 });
      await edited(h, card);
      expect(card.reply_markup).toBeUndefined();
      expect(card.plain.split('\n')[0]).toBe('⌛ HẾT HẠN (cuộc họp đã bắt đầu mà chưa có quyết định)');
      expect(card.plain).toContain('Lúc 14h00 thứ Hai, 02/03/2026');
      const told = await h.tg.waitForSent(member.chat, (x) => x.plain.startsWith('⌛'));
      expect(told.plain).toContain(`Đề nghị vắng mặt số 1 (cuộc họp ${TITLE}) hết hạn vì cuộc họp đã bắt đầu mà chưa có quyết định.`);

      const late = await press(chair, card, approve);
      expect(late.text).toContain('Đề nghị số 1 đã được xử lý (hết hạn) lúc ');
      expect(getRequest(h.db, 1)!.status).toBe('expired');
      expect(attendee(h.db, m.id, member.id)!.status).not.toBe('excused');
      expect(auditOf(h.db, 'request', '1').map((a) => [a.action, a.actor])).toEqual([
        ['request.absence', `member:${member.id}`],
        ['request.expire', 'system'],
      ]);
    });
  });

  describe('when a member sends a substitute (Bắc Giang: a written opinion is required, Điều 6.4)', () => {
    beforeEach(() => start('bac-giang-2021'));

    /** `/delegate <meeting>` through the substitute's details, up to the question for the written opinion. */
    async function delegateUpToOpinion(m: Meeting): Promise<SentMessage> {
      await after(h, member, (u) => u.sendCommand('delegate', String(m.id)), (x) => x.plain.includes('họ tên người dự thay'));
      await after(h, member, (u) => u.sendText('Phạm Thị Hoa'), (x) => x.plain.includes('Chức vụ'));
      await after(h, member, (u) => u.sendText('Phó Giám đốc Sở Tài chính'), (x) => x.plain.includes('Cơ quan, đơn vị'));
      await after(h, member, (u) => u.sendText('Sở Tài chính'), (x) => x.plain.includes('Số điện thoại'));
      return after(h, member, (u) => u.sendText('0912000099'), (x) => x.plain.includes('ý kiến bằng văn bản'));
    }

    it('when the member attaches the opinion as a PDF and the chair approves, then the substitute\u2019s one-time link admits one new chat to that meeting only', async () => {
      const m = meeting();
      const ask = await delegateUpToOpinion(m);
      expect(ask.plain).toContain('Quy chế yêu cầu ý kiến bằng văn bản của anh/chị (theo Điều 6.4 Quy chế)');

      const upload = member.user.sendDocument({ name: 'y-kien.pdf', mime: 'application/pdf', size: PDF.length, content: PDF });
      const fileId = h.tg.update(upload)!.message.document.file_id as string;
      const confirm = await h.tg.waitForSent(member.chat, (x) => x.plain.includes('Gửi đề nghị cử người dự thay'));
      expect(confirm.plain).toContain('Người dự thay: Phạm Thị Hoa Phó Giám đốc Sở Tài chính, Sở Tài chính, 0912000099');
      expect(confirm.plain).toContain('Ý kiến bằng văn bản: 📎 y-kien.pdf');
      const receipt = await after(h, member, (u) => u.press(confirm, button(confirm, 'Gửi đề nghị')), (x) => x.plain.includes('Đã gửi đề nghị'));
      expect(receipt.plain).toContain('Đã gửi đề nghị cử người dự thay số 1 tới Nguyễn Văn An');

      const card = await cardIn(h, chair.chat, 1);
      expect(card.method).toBe('sendDocument');
      expect(card.document).toMatchObject({ file_id: fileId, file_name: 'y-kien.pdf' });
      expect(card.plain).toBe(
        [
          '📝 ĐỀ NGHỊ CỬ NGƯỜI DỰ THAY số 1',
          'Người đề nghị: Hoàng Văn Em – Ủy viên – Giám đốc Sở Tài chính',
          `Cuộc họp: số ${m.id} – ${TITLE}, ${MEETING_TIME}`,
          'Người dự thay: Phạm Thị Hoa Phó Giám đốc Sở Tài chính, Sở Tài chính, 0912000099',
          'Ý kiến bằng văn bản: 📎 y-kien.pdf',
          'Căn cứ: cần sự đồng ý của người chủ trì cuộc họp (theo Điều 6.4 Quy chế).',
          'Xin quyết định trước 09h00 thứ Ba, 03/03/2026.',
        ].join('\n'),
      );
      expect(labelsOf(card)).toEqual([['✅ Đồng ý', '❌ Không đồng ý'], ['✍️ Không đồng ý, nêu lý do']]);

      const answer = await press(chair, card, button(card, APPROVE));
      expect(answer.text).toBe('✅ Đã đồng ý đề nghị số 1.');
      const outcome = await h.tg.waitForSent(member.chat, (x) => x.plain.includes('đã được đồng ý'));
      const link = /https:\/\/t\.me\/committee_test_bot\?start=([A-Za-z0-9_-]+)/.exec(outcome.plain);
      expect(link, outcome.plain).not.toBeNull();
      expect(outcome.plain).toContain('Xin gửi đường link này cho Phạm Thị Hoa');
      expect(attendee(h.db, m.id, member.id)!.status).toBe('substitute');

      // The chair sees the decision, and the document card no longer offers buttons.
      await h.tg.waitForSent(chair.chat, (x) => x.plain.includes('ĐÃ ĐỒNG Ý') && x.plain.includes('ĐỀ NGHỊ CỬ NGƯỜI DỰ THAY số 1'));
      await quiet(h);
      expect.soft(card.reply_markup, 'the chair\u2019s document card still carries live buttons after the decision').toBeUndefined();

      const substitute = { chat: 2001, user: h.tg.user(2001, { firstName: 'Hoa', languageCode: 'vi' }) };
      const welcome = await after(h, substitute, (u) => u.sendCommand('start', link![1]!), (x) => x.plain.includes('Xin chào'));
      expect(welcome.plain).toBe(
        `Xin chào Phạm Thị Hoa. Anh/chị được đồng ý dự họp thay Hoàng Văn Em tại cuộc họp ${TITLE}. Anh/chị sẽ nhận giấy mời, tài liệu và lời nhắc của riêng cuộc họp này.`,
      );
      const notice = await h.tg.waitForSent(substitute.chat, (x) => x.plain.includes('GIẤY MỜI HỌP'));
      expect(notice.plain).toContain(TITLE);
      expect(notice.plain).toContain(MEETING_TIME);
      expect(keyboardOf(notice)).toEqual([]);
      // A substitute is told why they get it, and is not asked to confirm what they cannot.
      expect(notice.plain).toContain('Anh/chị dự họp thay theo sự đồng ý của người chủ trì');
      expect(notice.plain).not.toContain('Xin anh/chị xác nhận tham dự');

      const intruder = { chat: 2002, user: h.tg.user(2002) };
      const refused = await after(h, intruder, (u) => u.sendCommand('start', link![1]!), () => true);
      expect(refused.plain).toContain('đã được sử dụng');
      expect(h.tg.sent(intruder.chat).some((x) => x.plain.includes('GIẤY MỜI HỌP'))).toBe(false);

      // That meeting only: another meeting's notice does not reach the substitute, nor do member commands work.
      const other = meeting('2026-03-12T09:00:00', 'Họp Tổ Thư ký tháng 3');
      await h.tg.waitForSent(member.chat, (x) => x.plain.includes('Họp Tổ Thư ký tháng 3'));
      const notMember = await after(h, substitute, (u) => u.sendCommand('meetings'), () => true);
      expect(notMember.plain).toContain('chưa được đăng ký');
      await quiet(h);
      expect(h.tg.sent(substitute.chat).some((x) => x.plain.includes(other.title))).toBe(false);
    });

    it('when the member gives no written opinion, then the request is refused citing the article', async () => {
      const m = meeting();
      await delegateUpToOpinion(m);
      // "-" skips the optional steps; it is not a written opinion.
      const reply = await after(h, member, (u) => u.sendText('-'), () => true);
      expect.soft(reply.plain).not.toContain('Gửi đề nghị cử người dự thay');
      expect.soft(reply.plain).toContain('Điều 6.4');

      // The domain refuses too, whatever the channel.
      let error: unknown;
      try {
        requestAbsence(h.app.deps, member.id, { meetingId: m.id, kind: 'substitute', substitute: { name: 'Phạm Thị Hoa' } });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'request.no_opinion', params: { article: 'Điều 6.4' } });
      await quiet(h);
      expect(getRequest(h.db, 1)).toBeUndefined();
      expect(cardsIn(h, chair.chat, 1)).toEqual([]);
    });
  });
});
