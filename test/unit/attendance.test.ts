import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allOutbox, outboxByKey } from '../../db/queries/outbox.js';
import { consoleAddress } from '../../src/channels/console/index.js';
import type { OutgoingMessage } from '../../src/core/channel.js';
import { createI18n } from '../../src/core/i18n.js';
import { attendanceOf, quorumNeeded } from '../../src/domain/attendance.js';
import { quorumRule, renderAttendance } from '../../src/domain/attendance-messages.js';
import { createCommittee } from '../../src/domain/committees.js';
import { redeemGuestCode } from '../../src/domain/guests.js';
import { bindConsoleSeat } from '../../src/domain/invites.js';
import { cancelMeeting, confirmAttendance, scheduleMeeting } from '../../src/domain/meetings.js';
import { addMember, type MemberInput } from '../../src/domain/members.js';
import type { PresetId } from '../../src/domain/presets/index.js';
import { decideRequest, requestAbsence } from '../../src/domain/requests.js';
import { memoryChannel, type MemoryChannel } from '../support/memory-channel.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { events, senderOf } from '../support/unit-helpers.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Ho_Chi_Minh' }).toMillis();
const vi = createI18n().t('vi');

const PEOPLE: MemberInput[] = [
  { name: 'Nguyễn Văn An', role: 'chair' },
  { name: 'Trần Thị Bình', role: 'standing_vice_chair' },
  { name: 'Lê Văn Cường', role: 'vice_chair' },
  { name: 'Hoàng Văn Em', role: 'member', title: 'Giám đốc Sở Tài chính', agency: 'Sở Tài chính' },
  { name: 'Vũ Văn Hải', role: 'member' },
  { name: 'Bùi Thị Lan', role: 'secretary' },
];

let channel: MemoryChannel;
let t: TestApp;
beforeEach(async () => {
  channel = memoryChannel('console', { buttons: true });
  t = await startTestApp([channel]);
});
afterEach(() => t.close());

/** A committee of `people` with console seats; ids in order. */
function committee(people: MemberInput[], presetId: PresetId = 'binh-dinh-2019', overrides?: Record<string, unknown>) {
  const deps = t.app.deps;
  const c = createCommittee(deps, { name: 'Ban Chỉ đạo thử nghiệm', presetId, ...(overrides ? { overrides } : {}) }, 'test');
  const ids = people.map((p) => addMember(deps, c.id, p, 'test').id);
  for (const id of ids) bindConsoleSeat(deps, id, consoleAddress(id));
  return { committeeId: c.id, ids };
}

function meeting(committeeId: number, startsAt: string, presiderId?: number) {
  return scheduleMeeting(t.app.deps, { committeeId, title: 'Họp quý về chuyển đổi số', startsAt: at(startsAt), ...(presiderId ? { presiderId } : {}) }, 'test');
}

function excuse(meetingId: number, memberId: number, approverId: number) {
  const r = requestAbsence(t.app.deps, memberId, { meetingId, kind: 'absence', reason: 'Đi công tác' });
  return decideRequest(t.app.deps, r.id, approverId, 'approve');
}

describe('attendanceOf: statuses', () => {
  it('when one confirms, one is excused, one sends a substitute and one has a pending request, then each shows as such with the latest request', () => {
    const { committeeId, ids } = committee(PEOPLE);
    const [chair, standingVice, vice, em, hai] = ids as [number, number, number, number, number];
    const m = meeting(committeeId, '2026-03-16T14:00');
    confirmAttendance(t.app.deps, m.id, em);
    excuse(m.id, hai, chair);
    const sub = requestAbsence(t.app.deps, vice, {
      meetingId: m.id,
      kind: 'substitute',
      reason: 'Họp HĐND',
      substitute: { name: 'Phạm Văn Sơn', title: 'Phó Giám đốc', agency: 'Sở TT&TT', contact: '0912000099' },
    });
    const approved = decideRequest(t.app.deps, sub.id, chair, 'approve');
    const pending = requestAbsence(t.app.deps, standingVice, { meetingId: m.id, kind: 'absence', reason: 'Ốm' });

    const att = attendanceOf(t.app.deps, m.id);
    const by = (id: number) => att.attendees.find((a) => a.memberId === id)!;
    expect(by(em)).toMatchObject({ status: 'confirmed', name: 'Hoàng Văn Em', title: 'Giám đốc Sở Tài chính', agency: 'Sở Tài chính', substitute: null, request: null });
    expect(by(hai)).toMatchObject({ status: 'excused', substitute: null, request: { kind: 'absence', status: 'approved', reason: 'Đi công tác', decidedBy: 'Nguyễn Văn An', decidedAt: t.clock.now() } });
    expect(by(vice)).toMatchObject({
      status: 'substitute',
      substitute: { name: 'Phạm Văn Sơn', title: 'Phó Giám đốc', agency: 'Sở TT&TT', contact: '0912000099', bound: false },
      request: { id: sub.id, kind: 'substitute', status: 'approved', decidedBy: 'Nguyễn Văn An' },
    });
    expect(by(standingVice)).toMatchObject({ status: 'no_answer', request: { id: pending.id, status: 'pending', decidedBy: null, decidedAt: null } });
    expect(by(chair)).toMatchObject({ status: 'no_answer', request: null });
    expect(att.counts).toEqual({ total: 6, confirmed: 1, substitute: 1, excused: 1, noAnswer: 3, pending: 1 });
    expect(att.requests.map((r) => [r.memberName, r.status])).toEqual([
      ['Vũ Văn Hải', 'approved'],
      ['Lê Văn Cường', 'approved'],
      ['Trần Thị Bình', 'pending'],
    ]);

    // The substitute opens their one-time link: now marked as bound.
    const code = /([A-Za-z0-9_-]{32})$/.exec(approved.ok ? (approved.guestLink ?? '') : '')![1]!;
    expect(redeemGuestCode(t.app.deps, senderOf('console:guest-1'), code).ok).toBe(true);
    expect(attendanceOf(t.app.deps, m.id).attendees.find((a) => a.memberId === vice)!.substitute!.bound).toBe(true);
  });
  it('when a name or a substitute carries markup, then the view escapes it exactly once', () => {
    const { committeeId, ids } = committee([PEOPLE[0]!, { name: 'Trần <b>Ba</b> & Co', role: 'member' }, { name: 'Đỗ Văn Tư', role: 'member' }]);
    const m = meeting(committeeId, '2026-03-16T14:00');
    const r = requestAbsence(t.app.deps, ids[2]!, { meetingId: m.id, kind: 'substitute', reason: 'Bận', substitute: { name: 'Sơn <i>', agency: 'Sở TT&TT' } });
    decideRequest(t.app.deps, r.id, ids[0]!, 'approve');
    const text = renderAttendance(attendanceOf(t.app.deps, m.id), vi, 'vi');
    expect(text).toContain('Trần &lt;b&gt;Ba&lt;/b&gt; &amp; Co');
    expect(text).toContain('Đỗ Văn Tư → Sơn &lt;i&gt; (Sở TT&amp;TT) [chưa nhận liên kết]');
  });
});

describe('quorum', () => {
  it.each([
    [5, 0.5, true, 3],
    [6, 0.5, true, 4],
    [1, 0.5, true, 1],
    [6, 0.5, false, 3],
    [5, 0.5, false, 3],
    [6, 0.66, false, 4],
    [50, 0.66, false, 33],
    [3, 0.66, false, 2],
    [6, 2 / 3, true, 5],
    [4, 1, true, 4],
  ])('when %i are invited and the rule is %f (strict %s), then %i are needed', (total, fraction, strict, needed) => {
    expect(quorumNeeded(total, { fraction, strict })).toBe(needed);
  });

  it('when two of five are excused, then the default "more than half" holds and an override of at least 66% does not, each citing its source', () => {
    const five = PEOPLE.slice(0, 5);
    const plain = committee(five);
    const strictMeeting = meeting(plain.committeeId, '2026-03-16T14:00');
    const custom = committee(five, 'bac-giang-2021', { quorum: { fraction: 0.66, strict: false } });
    const customMeeting = meeting(custom.committeeId, '2026-03-16T14:00');
    for (const [ids, m] of [[plain.ids, strictMeeting], [custom.ids, customMeeting]] as const) {
      excuse(m.id, ids[3]!, ids[0]!);
      excuse(m.id, ids[4]!, ids[0]!);
    }

    const a = attendanceOf(t.app.deps, strictMeeting.id);
    expect(a.quorum).toMatchObject({ total: 5, expected: 3, confirmed: 0, needed: 3, belowQuorum: false, atRisk: true, fraction: 0.5, strict: true, article: null });
    expect(quorumRule(a.quorumSetting, vi, 'vi')).toBe('quá nửa số đại biểu được mời (mặc định của hệ thống)');

    const b = attendanceOf(t.app.deps, customMeeting.id);
    expect(b.quorum).toMatchObject({ total: 5, expected: 3, needed: 4, belowQuorum: true, atRisk: true, fraction: 0.66, strict: false, source: 'override' });
    expect(quorumRule(b.quorumSetting, vi, 'vi')).toBe('ít nhất 66% số đại biểu được mời (theo cấu hình riêng của Ban Chỉ đạo)');
  });
});

describe('the quorum alert', () => {
  // Mon 04/05/2026 follows 30/04 (Thu) and 01/05 (Fri): two working days before is Tue 28/04.
  const START = '2026-05-04T09:00';
  const tickAt = (iso: string) => {
    t.clock.set(iso);
    return t.app.tick(t.clock.now());
  };
  const alerts = () => allOutbox(t.db).filter((r) => r.idempotencyKey.startsWith('quorum:'));
  const text = (key: string) => (JSON.parse(outboxByKey(t.db, key)!.message) as OutgoingMessage).text;

  function setup() {
    t.clock.set('2026-04-20T10:00');
    const { committeeId, ids } = committee(PEOPLE.slice(0, 5), 'bac-giang-2021');
    return { ids, m: meeting(committeeId, START) };
  }

  it('when two working days before a Monday after the holidays arrive with nobody confirmed, then the presider is told once that quorum is at risk, with who has not answered', () => {
    const { ids, m } = setup();
    confirmAttendance(t.app.deps, m.id, ids[3]!);
    tickAt('2026-04-27T09:00'); // the compensatory day for Hùng Kings' day: still three working days out
    tickAt('2026-04-28T08:59');
    expect(alerts()).toEqual([]);

    const report = tickAt('2026-04-28T09:00');
    expect(report.jobs['quorum-alert']).toEqual({ alerted: 1 });
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]).toMatchObject({ idempotencyKey: `quorum:${m.id}:v1`, memberId: ids[0] });
    const msg = text(`quorum:${m.id}:v1`);
    expect(msg).toContain('CHƯA CHẮC ĐỦ SỐ LƯỢNG');
    expect(msg).toContain('chắc chắn có mặt 1/5; cần tối thiểu 3: quá nửa số đại biểu được mời (mặc định của hệ thống)');
    expect(msg).toContain('Chưa trả lời</b> (4): Nguyễn Văn An, Trần Thị Bình, Lê Văn Cường, Vũ Văn Hải');
    expect(msg).not.toContain('Hoàng Văn Em');

    tickAt('2026-04-29T09:00');
    tickAt('2026-05-04T08:00');
    expect(alerts()).toHaveLength(1);
  });

  it('when three of five are excused, then the alert says the forecast is below quorum', () => {
    const { ids, m } = setup();
    for (const id of ids.slice(2, 5)) excuse(m.id, id, ids[0]!);
    tickAt('2026-04-28T09:00');
    const msg = text(`quorum:${m.id}:v1`);
    expect(msg).toContain('DỰ BÁO KHÔNG ĐỦ SỐ LƯỢNG');
    expect(msg).toContain('chỉ có 2 đại biểu, cần 3');
  });

  it('when enough have confirmed, then no alert goes out', () => {
    const { ids, m } = setup();
    for (const id of ids.slice(0, 3)) confirmAttendance(t.app.deps, m.id, id);
    tickAt('2026-04-28T09:00');
    tickAt('2026-04-30T09:00');
    expect(alerts()).toEqual([]);
  });

  it('when the first tick after downtime comes after the meeting started, then no alert goes out', () => {
    setup();
    const report = tickAt('2026-05-04T09:01');
    expect(report.jobs['quorum-alert']).toEqual({ alerted: 0 });
    expect(alerts()).toEqual([]);
  });

  it('when the meeting was cancelled, then no alert goes out', () => {
    const { m } = setup();
    cancelMeeting(t.app.deps, m.id, 'Trùng lịch', 'test');
    tickAt('2026-04-28T09:00');
    tickAt('2026-04-29T09:30');
    expect(alerts()).toEqual([]);
  });
});

describe('/attendance permissions', () => {
  const ask = async (memberId: number, args: string, expected: string) => {
    await channel.deliver(events.command(consoleAddress(memberId), 'attendance', args));
    return (await channel.waitFor((d) => d.to === consoleAddress(memberId) && d.message.text.includes(expected))).message;
  };

  it('when a plain member who does not preside asks, then they are refused; the presider and the secretariat see it', async () => {
    const { committeeId, ids } = committee(PEOPLE);
    const [chair, , , em, hai, secretary] = ids as [number, number, number, number, number, number];
    const m = meeting(committeeId, '2026-03-16T14:00');
    confirmAttendance(t.app.deps, m.id, em);

    await ask(em, String(m.id), `Chỉ người chủ trì cuộc họp số ${m.id}`);
    await ask(em, '', 'Anh/chị không chủ trì cuộc họp sắp tới nào');

    const seen = await ask(chair, String(m.id), 'TÌNH HÌNH THAM DỰ');
    expect(seen.text).toContain('Sẽ tham dự</b> (1): Hoàng Văn Em');
    expect(seen.text).toContain('Chưa trả lời</b> (5)');
    await ask(secretary, String(m.id), 'TÌNH HÌNH THAM DỰ');

    // A plain member presiding a meeting sees that meeting, and only that one is offered.
    const own = meeting(committeeId, '2026-03-20T09:00', hai);
    const chooser = await ask(hai, '', 'Xem tình hình tham dự cuộc họp nào?');
    expect(chooser.buttons!.flat().map((b) => b.action)).toEqual([`attv:${own.id}`]);
    await ask(hai, String(own.id), `cuộc họp số ${own.id}`);
  });
});
