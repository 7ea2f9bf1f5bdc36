import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/client.js';
import { attendeesOf, getMeeting } from '../../db/queries/meetings.js';
import { forgetRows } from '../../db/queries/row-cache.js';
import { allOutbox } from '../../db/queries/outbox.js';
import { remindersOf } from '../../db/queries/reminders.js';
import { committees, meetings, members, reminders } from '../../db/schema/index.js';
import { consoleAddress } from '../../src/channels/console/index.js';
import { DomainError } from '../../src/core/errors.js';
import { loadCatalog } from '../../src/core/i18n.js';
import { bindConsoleSeat } from '../../src/domain/invites.js';
import { renderMeetingNotice } from '../../src/domain/meeting-messages.js';
import { cancelMeeting, rescheduleMeeting, scheduleMeeting, type ScheduleInput } from '../../src/domain/meetings.js';
import type { MemberInput } from '../../src/domain/members.js';
import type { PresetId } from '../../src/domain/presets/index.js';
import { memoryChannel, type MemoryChannel } from '../support/memory-channel.js';
import { seedCommittee, startTestApp, type TestApp } from '../support/test-app.js';
import { outboxIdle } from '../support/unit-helpers.js';
import { fakeClock } from '../support/fake-clock.js';

const ZONE = 'Asia/Ho_Chi_Minh';
/** A local Vietnam time as an instant. */
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
/** An instant as a local Vietnam time, for readable failures. */
const local = (ms: number | null | undefined) => (ms == null ? null : DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm"));
const vi = loadCatalog('vi');
/** Unique, so that messages about this meeting can be told from other jobs' messages. */
const TITLE = 'Họp quý I về chuyển đổi số';
const MEETING_KINDS = ['meeting.notice', 'meeting.before'];

/** Every role once, so each body's default attendee list can be told apart. */
const ALL_ROLES: MemberInput[] = [
  { name: 'Nguyễn Văn An', role: 'chair' },
  { name: 'Trần Thị Bình', role: 'standing_vice_chair' },
  { name: 'Lê Văn Cường', role: 'vice_chair' },
  { name: 'Phạm Thị Dung', role: 'standing_member' },
  { name: 'Hoàng Văn Em', role: 'member' },
  { name: 'Đỗ Văn Giang', role: 'secretariat_lead' },
  { name: 'Bùi Thị Lan', role: 'secretary' },
  { name: 'Vũ Văn Hải', role: 'member' },
];

let channel: MemoryChannel;
let t: TestApp;

beforeEach(async () => {
  channel = memoryChannel('console', { buttons: true });
  t = await startTestApp([channel]);
});
afterEach(() => t.close());

function schedule(committeeId: number, startsAt: string, extra: Partial<ScheduleInput> = {}) {
  return scheduleMeeting(t.app.deps, { committeeId, title: TITLE, startsAt: at(startsAt), ...extra }, 'test');
}

/** Gives every member a console account, so the memory channel receives what they are sent. */
function bindAll(ids: number[]) {
  for (const id of ids) bindConsoleSeat(t.app.deps, id, consoleAddress(id));
}

/** The meeting's own reminders (other features plan theirs on the same subject). */
const meetingReminders = (meetingId: number) => remindersOf(t.db, `meeting:${meetingId}`).filter((r) => MEETING_KINDS.includes(r.kind));
/** What one member was sent about the meeting. */
const aboutMeeting = (memberId: number) => channel.textsTo(consoleAddress(memberId)).filter((text) => text.includes(TITLE));

const tables = () => ({
  meetings: t.db.select().from(meetings).all().length,
  reminders: t.db.select().from(reminders).all().length,
  outbox: allOutbox(t.db).length,
});

describe('documents deadline (documentsDueAt) per preset', () => {
  it.each<[string, PresetId, string, string | null, string | null, string]>([
    ['Thanh Hóa 5 working days across Tết 2026 (14–22/02 off)', 'thanh-hoa-2014', '2026-02-25T14:00', '2026-02-11T14:00', 'Điều 9.4', '5wd'],
    ['Bắc Giang 2 working days across Tết 2026', 'bac-giang-2021', '2026-02-24T09:00', '2026-02-13T09:00', 'Điều 10.4', '2wd'],
    ["Bắc Giang across Hùng Kings' day (Sun 26/04/2026) and its compensatory Mon 27/04", 'bac-giang-2021', '2026-04-28T09:00', '2026-04-23T09:00', 'Điều 10.4', '2wd'],
    ['Bắc Giang across 30/04–01/05/2026', 'bac-giang-2021', '2026-05-04T09:00', '2026-04-28T09:00', 'Điều 10.4', '2wd'],
    ["Thanh Hóa across Hùng Kings' day, its compensatory day and 30/04–01/05/2026", 'thanh-hoa-2014', '2026-05-04T14:00', '2026-04-22T14:00', 'Điều 9.4', '5wd'],
    ['Bắc Giang across 01/05/2027, a Saturday, and its compensatory Mon 03/05/2027', 'bac-giang-2021', '2027-05-04T09:00', '2027-04-28T09:00', 'Điều 10.4', '2wd'],
    ['Bình Định 48 hours, calendar hours even over Tết', 'binh-dinh-2019', '2026-02-23T09:00', '2026-02-21T09:00', 'Điều 11.1.c', '48h'],
    ['Hải Phòng: the regulation sets none', 'hai-phong-2020', '2026-03-12T14:00', null, null, 'none'],
    ['Bộ KH&CN: the regulation sets none', 'bo-khcn-2018', '2026-03-12T14:00', null, null, 'none'],
  ])('when a meeting is scheduled under %s, then documentsDueAt is right and cites its article', (_what, preset, startsAt, due, article, rule) => {
    const { committeeId } = seedCommittee(t, preset);
    const m = schedule(committeeId, startsAt);
    expect(local(m.documentsDueAt)).toBe(due);
    expect(JSON.parse(m.documentsRule!)).toEqual({ dueAt: due === null ? null : at(due), rule, article });
    expect(local(getMeeting(t.db, m.id)!.documentsDueAt)).toBe(due);
  });
});

describe('scheduleMeeting: bad input', () => {
  function refusal(run: () => unknown): DomainError {
    try {
      run();
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
    throw new Error('the meeting was accepted');
  }

  it.each<[string, PresetId, (c: { committeeId: number; memberIds: number[]; otherMember: number }) => Partial<ScheduleInput>, string, string]>([
    ['a time in the past', 'bac-giang-2021', () => ({ startsAt: at('2026-02-02T08:59') }), 'meeting.in_past', 'meeting.error.in_past'],
    ['a time that is not a time', 'bac-giang-2021', () => ({ startsAt: Number.NaN }), 'meeting.bad_time', 'meeting.error.time'],
    ['a blank title', 'bac-giang-2021', () => ({ title: '   ' }), 'meeting.bad_title', 'meeting.error.title'],
    ['a presider who is nobody', 'bac-giang-2021', () => ({ presiderId: 999 }), 'meeting.bad_presider', 'meeting.error.presider'],
    ['a presider from another committee', 'bac-giang-2021', (c) => ({ presiderId: c.otherMember }), 'meeting.bad_presider', 'meeting.error.presider'],
    ['attendees naming strangers', 'bac-giang-2021', (c) => ({ attendeeIds: [c.memberIds[3]!, 999, c.otherMember] }), 'meeting.strangers', 'meeting.error.strangers'],
    ['a link that is not http(s)', 'bac-giang-2021', () => ({ onlineLink: 'zoom.us/j/123' }), 'meeting.bad_link', 'meeting.error.link'],
    ['a javascript: link', 'bac-giang-2021', () => ({ onlineLink: 'javascript:alert(1)' }), 'meeting.bad_link', 'meeting.error.link'],
    ['a body the regulation lacks (Bình Định has no standing body)', 'binh-dinh-2019', () => ({ body: 'standing' }), 'meeting.no_body', 'meeting.error.no_body'],
  ])('when given %s, then a DomainError with its code and nothing is saved', (_what, preset, input, code, key) => {
    const other = seedCommittee(t, 'hai-phong-2020');
    const c = { ...seedCommittee(t, preset), otherMember: other.memberIds[0]! };
    const before = tables();
    const e = refusal(() => schedule(c.committeeId, '2026-03-12T14:00', input(c)));
    expect(e.code).toBe(code);
    expect(e.messageKey).toBe(key);
    expect(vi[e.messageKey]).toBeTruthy();
    expect(tables()).toEqual(before);
  });

  it('when attendees name strangers, then the message lists exactly the strangers', () => {
    const other = seedCommittee(t, 'hai-phong-2020');
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    const e = refusal(() => schedule(committeeId, '2026-03-12T14:00', { attendeeIds: [memberIds[1]!, 999, other.memberIds[2]!] }));
    expect(e.params).toEqual({ ids: `999, ${other.memberIds[2]}` });
  });
});

describe('scheduleMeeting: default attendees', () => {
  function seedAll() {
    const c = seedCommittee(t, 'thanh-hoa-2014', ALL_ROLES);
    const [chair, svc, vc, standingMember, member, lead, secretary, retired] = c.memberIds as [number, number, number, number, number, number, number, number];
    // No product path retires a member: written here on the bot's own connection, outside
    // db/queries, so the cached rows are dropped by hand (row-cache.ts).
    t.db.update(members).set({ active: false }).where(eq(members.id, retired)).run();
    forgetRows(t.db);
    return { committeeId: c.committeeId, chair, svc, vc, standingMember, member, lead, secretary, retired };
  }
  const attendeeIds = (meetingId: number) => attendeesOf(t.db, meetingId).map((a) => a.memberId);

  it('when the full committee meets, then every active member attends and the chair presides', () => {
    const c = seedAll();
    const m = schedule(c.committeeId, '2026-03-12T14:00', { body: 'full' });
    expect(m.presiderId).toBe(c.chair);
    expect(attendeeIds(m.id)).toEqual([c.chair, c.svc, c.vc, c.standingMember, c.member, c.lead, c.secretary]);
    expect(attendeeStatuses(m.id)).toEqual(['invited']);
  });

  it('when the standing body meets, then the chair, vice chairs and standing members attend', () => {
    const c = seedAll();
    const m = schedule(c.committeeId, '2026-03-12T14:00', { body: 'standing' });
    expect(attendeeIds(m.id)).toEqual([c.chair, c.svc, c.vc, c.standingMember]);
  });

  it('when the secretariat meets, then its members attend and the presiding chair is added', () => {
    const c = seedAll();
    const m = schedule(c.committeeId, '2026-03-12T14:00', { body: 'secretariat' });
    expect(attendeeIds(m.id)).toEqual([c.chair, c.standingMember, c.lead, c.secretary]);
  });

  it('when the attendee list leaves out the presider, then the presider is still included', () => {
    const c = seedAll();
    const m = schedule(c.committeeId, '2026-03-12T14:00', { presiderId: c.svc, attendeeIds: [c.member, c.member] });
    expect(m.presiderId).toBe(c.svc);
    expect(attendeeIds(m.id)).toEqual([c.svc, c.member]);
  });

  function attendeeStatuses(meetingId: number) {
    return [...new Set(attendeesOf(t.db, meetingId).map((a) => a.status))];
  }
});

describe('scheduleMeeting: reminder plan', () => {
  /** member id → [kind/label, local due time], in due order. */
  function plan(meetingId: number) {
    const byMember = new Map<number, string[]>();
    for (const r of meetingReminders(meetingId)) {
      const label = r.kind === 'meeting.notice' ? 'notice' : String(r.data?.label);
      byMember.set(r.memberId!, [...(byMember.get(r.memberId!) ?? []), `${label}@${local(r.dueAt)}`]);
    }
    return byMember;
  }

  it('when a meeting is 10 days ahead, then each attendee gets: the notice now, 7 days before at 08:00, the working day before at 08:00, 2 hours before', () => {
    t.clock.set('2026-03-02T09:00');
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    const m = schedule(committeeId, '2026-03-12T14:00');
    const expected = ['notice@2026-03-02T09:00', '7d@2026-03-05T08:00', '1wd@2026-03-11T08:00', '2h@2026-03-12T12:00'];
    const p = plan(m.id);
    expect([...p.keys()].sort((a, b) => a - b)).toEqual(memberIds);
    for (const id of memberIds) expect(p.get(id)).toEqual(expected);
    const rows = meetingReminders(m.id);
    expect(rows.every((r) => r.expiresAt === m.startsAt && !r.urgent)).toBe(true);
    expect(rows.filter((r) => r.kind === 'meeting.before').every((r) => r.status === 'planned')).toBe(true);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('when a meeting is on the Monday after Tết, then "the working day before" is the Friday before the break, and the 7-day reminder (a Tết holiday) moves there too and is sent once', () => {
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    const m = schedule(committeeId, '2026-02-23T14:00');
    expect(plan(m.id).get(memberIds[0]!)).toEqual(['notice@2026-02-02T09:00', '7d@2026-02-13T08:00', '2h@2026-02-23T12:00']);
  });

  it('when "7 days before" falls on a weekend, then that reminder comes on the Friday before', () => {
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    // Thu 19/03/2026 − 7 days = Thu 12/03 (working): unchanged. Sat 21/03 − 7 = Sat 14/03 → Fri 13/03.
    const m = schedule(committeeId, '2026-03-21T09:00');
    expect(plan(m.id).get(memberIds[0]!)).toContain('7d@2026-03-13T08:00');
  });

  it('when a meeting is tomorrow, then only the moments still ahead are planned', () => {
    t.clock.set('2026-03-02T09:00');
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    const m = schedule(committeeId, '2026-03-03T14:00');
    for (const id of memberIds) expect(plan(m.id).get(id)).toEqual(['notice@2026-03-02T09:00', '2h@2026-03-03T12:00']);
  });

  it('when a meeting starts within 2 hours, then only the notice is planned', () => {
    t.clock.set('2026-03-02T09:00');
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    const m = schedule(committeeId, '2026-03-02T10:30');
    expect(plan(m.id).get(memberIds[0]!)).toEqual(['notice@2026-03-02T09:00']);
  });
});

describe('rescheduleMeeting and cancelMeeting', () => {
  async function sentMeeting() {
    t.clock.set('2026-03-02T09:00');
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    bindAll(memberIds);
    const m = schedule(committeeId, '2026-03-12T14:00', { location: 'Phòng họp số 2' });
    t.app.tick(t.clock.now());
    await outboxIdle(t.db);
    for (const id of memberIds) expect(aboutMeeting(id)).toEqual([expect.stringContaining('GIẤY MỜI HỌP')]);
    return { m, memberIds };
  }

  it('when a meeting is moved, then the old planned reminders are cancelled, the new ones planned for the new time, and attendees told', async () => {
    const { m, memberIds } = await sentMeeting();
    t.clock.set('2026-03-03T10:00');
    const moved = rescheduleMeeting(t.app.deps, m.id, at('2026-03-19T14:00'), 'member:5');
    expect(moved).toMatchObject({ version: 2, startsAt: at('2026-03-19T14:00') });
    expect(local(moved.documentsDueAt)).toBe('2026-03-17T14:00');

    const rows = meetingReminders(m.id);
    const v1 = rows.filter((r) => r.data?.version === 1);
    const v2 = rows.filter((r) => r.data?.version === 2);
    expect(v1.filter((r) => r.kind === 'meeting.notice').every((r) => r.status === 'queued')).toBe(true);
    const oldBefore = v1.filter((r) => r.kind === 'meeting.before');
    expect(oldBefore).toHaveLength(3 * memberIds.length);
    expect(oldBefore.every((r) => r.status === 'cancelled' && r.note === 'meeting moved')).toBe(true);
    expect(new Set(v2.map((r) => `${r.data?.label}@${local(r.dueAt)}`))).toEqual(new Set(['7d@2026-03-12T08:00', '1wd@2026-03-18T08:00', '2h@2026-03-19T12:00']));
    expect(v2).toHaveLength(3 * memberIds.length);
    expect(v2.every((r) => r.status === 'planned' && r.expiresAt === moved.startsAt)).toBe(true);

    await outboxIdle(t.db);
    for (const id of memberIds) {
      const texts = aboutMeeting(id);
      expect(texts).toHaveLength(2);
      expect(texts[1]).toContain('DỜI LỊCH HỌP');
      expect(texts[1]).toContain('14h00 thứ Năm, 19/03/2026');
      expect(texts[1]).toContain('trước đây: 14h00 thứ Năm, 12/03/2026');
    }

    // The old moments pass quietly; the new ones remind.
    t.clock.set('2026-03-05T08:00');
    t.app.tick(t.clock.now());
    await outboxIdle(t.db);
    for (const id of memberIds) expect(aboutMeeting(id)).toHaveLength(2);
    t.clock.set('2026-03-12T08:00');
    t.app.tick(t.clock.now());
    await outboxIdle(t.db);
    for (const id of memberIds) expect(aboutMeeting(id)[2]).toContain('còn 7 ngày');
    expect(meetingReminders(m.id).filter((r) => r.status === 'queued' && r.data?.label === '7d').map((r) => r.data?.version)).toEqual(memberIds.map(() => 2));
  });

  it('when a meeting is moved before its notice went out (quiet hours), then attendees still get an invitation for the new time with the calendar file and the attend button', async () => {
    t.clock.set('2026-03-02T22:00');
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    bindAll(memberIds);
    const m = schedule(committeeId, '2026-03-12T14:00');
    t.app.tick(t.clock.now());
    t.clock.set('2026-03-02T22:30');
    rescheduleMeeting(t.app.deps, m.id, at('2026-03-19T14:00'), 'member:5');
    t.clock.set('2026-03-03T07:00');
    t.app.tick(t.clock.now());
    await outboxIdle(t.db);
    for (const id of memberIds) {
      const messages = channel.sent.filter((d) => d.to === consoleAddress(id) && d.message.text.includes(TITLE)).map((d) => d.message);
      const invitation = messages.find((msg) => msg.attachment?.name.endsWith('.ics'));
      expect(invitation, `member ${id} got: ${messages.map((msg) => msg.text.split('\n')[0]).join(' | ')}`).toBeDefined();
      expect(invitation!.text).toContain('14h00 thứ Năm, 19/03/2026');
      expect(invitation!.buttons?.flat().map((b) => b.label)).toContain('✅ Tôi sẽ tham dự');
    }
  });

  it('when a meeting is moved, then its calendar file keeps the UID, raises SEQUENCE and carries the new time, the same bytes for every attendee', async () => {
    const { committeeId, memberIds } = seedCommittee(t, 'bac-giang-2021');
    bindAll(memberIds);
    const m = schedule(committeeId, '2026-03-12T14:00');
    rescheduleMeeting(t.app.deps, m.id, at('2026-03-19T14:00'), 'member:5');
    t.app.tick(t.clock.now());
    await outboxIdle(t.db);
    const files = (version: string) =>
      memberIds.map((id) => {
        const ics = channel.sent
          .filter((d) => d.to === consoleAddress(id) && d.message.attachment?.content)
          .map((d) => Buffer.from(d.message.attachment!.content!, 'base64').toString('utf8'))
          .find((text) => text.includes(`SEQUENCE:${version}`));
        expect(ics, `member ${id}, SEQUENCE ${version}`).toBeDefined();
        return ics!;
      });
    const first = files('1');
    const moved = files('2');
    expect(moved[0]).toContain(`UID:meeting-${m.id}@committee-bot`);
    expect(first[0]).toContain(`UID:meeting-${m.id}@committee-bot`);
    expect(first[0]).toContain('DTSTART:20260312T070000Z');
    expect(moved[0]).toContain('DTSTART:20260319T070000Z');
    expect(new Set(moved).size).toBe(1);
    expect(new Set(first).size).toBe(1);
  });

  it('when the presider or the committee is renamed, then the next invitation of the same meeting says so (rendered invitations are remembered, never stale)', async () => {
    // The product renames nothing: another program on the same database file does it (an
    // administrator's SQLite shell), which is also what the bot's row cache must notice.
    const dir = mkdtempSync(join(tmpdir(), 'rename-'));
    const own = await startTestApp([], { db: openDb(join(dir, 'c.db')) });
    const admin = openDb(join(dir, 'c.db'));
    try {
      const { committeeId } = seedCommittee(own, 'bac-giang-2021');
      const m = scheduleMeeting(own.app.deps, { committeeId, title: TITLE, startsAt: at('2026-03-12T14:00') }, 'test');
      const render = renderMeetingNotice(own.app.deps, m);
      const first = render(own.app.deps.i18n.t('vi'), 'vi');
      expect(render(own.app.deps.i18n.t('vi'), 'vi')).toBe(first);
      admin.update(members).set({ name: 'Trần Văn Mới' }).where(eq(members.id, m.presiderId)).run();
      const renamed = render(own.app.deps.i18n.t('vi'), 'vi');
      expect(renamed.text).toContain('Trần Văn Mới');
      admin.update(committees).set({ name: 'Ban Chỉ đạo đổi tên' }).where(eq(committees.id, committeeId)).run();
      const ics = Buffer.from(render(own.app.deps.i18n.t('vi'), 'vi').attachment!.content!, 'base64').toString('utf8');
      expect(ics).toContain('Ban Chỉ đạo đổi tên');
      expect(render(own.app.deps.i18n.t('en'), 'en').text).not.toBe(renamed.text);
    } finally {
      closeDb(admin);
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a meeting is moved into the past or was cancelled, then it is refused and nothing changes', async () => {
    const { m } = await sentMeeting();
    expect(() => rescheduleMeeting(t.app.deps, m.id, at('2026-03-01T14:00'), 'test')).toThrow(expect.objectContaining({ code: 'meeting.in_past' }));
    expect(getMeeting(t.db, m.id)).toMatchObject({ version: 1, startsAt: m.startsAt });
    cancelMeeting(t.app.deps, m.id, 'trùng lịch', 'test');
    expect(() => rescheduleMeeting(t.app.deps, m.id, at('2026-03-20T14:00'), 'test')).toThrow(expect.objectContaining({ code: 'meeting.cancelled' }));
    expect(() => cancelMeeting(t.app.deps, m.id, 'lần nữa', 'test')).toThrow(expect.objectContaining({ code: 'meeting.cancelled' }));
  });

  it('when a meeting is cancelled, then every planned reminder is cancelled, attendees are told why, and nothing more is sent', async () => {
    const { m, memberIds } = await sentMeeting();
    cancelMeeting(t.app.deps, m.id, 'Trưởng ban đi công tác', 'member:5');
    expect(getMeeting(t.db, m.id)!.status).toBe('cancelled');
    const rows = meetingReminders(m.id);
    expect(rows.filter((r) => r.status === 'planned')).toEqual([]);
    expect(rows.filter((r) => r.kind === 'meeting.before').every((r) => r.status === 'cancelled' && r.note === 'meeting cancelled')).toBe(true);

    await outboxIdle(t.db);
    for (const id of memberIds) {
      const last = aboutMeeting(id).at(-1)!;
      expect(last).toContain('HỦY CUỘC HỌP');
      expect(last).toContain('14h00 thứ Năm, 12/03/2026');
      expect(last).toContain('Lý do: Trưởng ban đi công tác');
    }
    const count = memberIds.map((id) => aboutMeeting(id).length);
    for (const when of ['2026-03-05T08:00', '2026-03-11T08:00', '2026-03-12T12:00']) {
      t.clock.set(when);
      t.app.tick(t.clock.now());
    }
    await outboxIdle(t.db);
    expect(memberIds.map((id) => aboutMeeting(id).length)).toEqual(count);
  });
});

describe('a clock that moves while a meeting is scheduled', () => {
  it('when every read of the clock is a little later (a real clock), then the notices are still queued at once, not at the next tick', async () => {
    await t.close();
    // Each read is 1 ms after the last, as a real clock would be across a transaction.
    const base = fakeClock('2026-03-02T09:00:00');
    const moving = { ...base, now: () => (base.advance(1), base.now()) };
    channel = memoryChannel('console', { buttons: true });
    t = await startTestApp([channel], { clock: moving });
    const { committeeId } = seedCommittee(t, 'bac-giang-2021');
    const m = scheduleMeeting(t.app.deps, { committeeId, title: 'Họp thử đồng hồ', startsAt: Date.parse('2026-03-10T07:00:00Z') }, 'test');
    const attendees = attendeesOf(t.db, m.id).length;
    const notices = allOutbox(t.db).filter((r) => r.idempotencyKey.startsWith(`meeting:${m.id}:v1:notice:m`));
    expect(attendees).toBeGreaterThan(0);
    expect(notices).toHaveLength(attendees);
  });
});
