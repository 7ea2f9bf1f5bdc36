import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/client.js';
import { setAttendance } from '../../db/queries/meetings.js';
import { allOutbox } from '../../db/queries/outbox.js';
import { remindersOf } from '../../db/queries/reminders.js';
import { createApp } from '../../src/app.js';
import { consoleAddress } from '../../src/channels/console/index.js';
import type { OutgoingMessage } from '../../src/core/channel.js';
import { CONSOLE_PACING } from '../../src/core/pacing.js';
import { bindConsoleSeat, createInvite } from '../../src/domain/invites.js';
import { scheduleMeeting, type ScheduleInput } from '../../src/domain/meetings.js';
import type { PresetId } from '../../src/domain/presets/index.js';
import { fakeClock } from '../support/fake-clock.js';
import { memoryChannel, type MemoryChannel } from '../support/memory-channel.js';
import { seedCommittee, startTestApp, type TestApp } from '../support/test-app.js';
import { captureLogger, events, outboxIdle } from '../support/unit-helpers.js';

const ZONE = 'Asia/Ho_Chi_Minh';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const TITLE = 'Họp Ban Chỉ đạo quý I/2026';
const MEETING_KINDS = ['meeting.notice', 'meeting.before'];

let t: TestApp | undefined;
let channel: MemoryChannel;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(now: string, opts: { log?: ReturnType<typeof captureLogger>['log'] } = {}): Promise<TestApp> {
  channel = memoryChannel('console', { buttons: true });
  const clock = fakeClock(now);
  if (!opts.log) {
    t = await startTestApp([channel], { clock });
    return t;
  }
  // startTestApp logs nowhere; the same wiring with a logger we can read.
  const db = openDb(':memory:');
  const app = createApp({ db, clock, log: opts.log, pollMs: 50, pacing: { console: CONSOLE_PACING } });
  await app.start([channel]);
  t = { app, db, clock, close: async () => (await app.stop(), closeDb(db)) };
  return t;
}

/** A committee whose members all have a console account, except those listed in `unbound`. */
function committee(app: TestApp, preset: PresetId = 'bac-giang-2021', unbound: number[] = []) {
  const c = seedCommittee(app, preset);
  c.memberIds.forEach((id, i) => unbound.includes(i) || bindConsoleSeat(app.app.deps, id, consoleAddress(id)));
  return c;
}

function schedule(app: TestApp, committeeId: number, startsAt: string, extra: Partial<ScheduleInput> = {}) {
  return scheduleMeeting(app.app.deps, { committeeId, title: TITLE, startsAt: at(startsAt), ...extra }, 'test');
}

async function tickAt(app: TestApp, iso: string) {
  app.clock.set(iso);
  const report = app.app.tick(app.clock.now());
  await outboxIdle(app.db);
  return report;
}

/** Messages about the meeting (other jobs — reports, regular meetings — send theirs too). */
const about = (address: string, title = TITLE) => channel.sent.filter((d) => d.to === address && d.message.text.includes(title)).map((d) => d.message);
const notices = (address: string) => about(address).filter((m) => m.text.includes('GIẤY MỜI HỌP'));
const meetingReminders = (app: TestApp, meetingId: number) => remindersOf(app.db, `meeting:${meetingId}`).filter((r) => MEETING_KINDS.includes(r.kind));

/** The DTSTART of the first VEVENT, as an instant (UTC "Z" form or local with TZID). */
function icsStart(message: OutgoingMessage): number {
  const ics = Buffer.from(message.attachment!.content!, 'base64').toString('utf8');
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r?\n/);
  expect(ics).toContain('BEGIN:VEVENT');
  expect(ics).toMatch(/END:VCALENDAR\s*$/);
  const line = /^DTSTART(;TZID=([^:]+))?:(\d{8}T\d{6})(Z?)\s*$/m.exec(ics);
  expect(line, `DTSTART in\n${ics}`).not.toBeNull();
  const [, , tzid, stamp, z] = line!;
  return DateTime.fromFormat(stamp!, "yyyyMMdd'T'HHmmss", { zone: z ? 'UTC' : (tzid ?? 'UTC') }).toMillis();
}

describe('the meeting notice', () => {
  it('when a meeting is scheduled and the scheduler runs, then every attendee gets one notice with every fact and a calendar file', async () => {
    const a = await start('2026-03-02T09:00');
    const { committeeId, memberIds } = committee(a);
    const m = schedule(a, committeeId, '2026-03-12T14:00', { location: 'Phòng họp số 2, UBND tỉnh', onlineLink: 'https://meet.example.vn/bcd-q1' });
    await tickAt(a, '2026-03-02T09:00');

    for (const id of memberIds) {
      const got = notices(consoleAddress(id));
      expect(got).toHaveLength(1);
      const n = got[0]!;
      expect(n.text).toContain(TITLE);
      expect(n.text).toContain('14h00 thứ Năm, 12/03/2026');
      expect(n.text).toContain('Phòng họp số 2, UBND tỉnh');
      expect(n.text).toContain('https://meet.example.vn/bcd-q1');
      expect(n.text).toContain('Chủ trì: Nguyễn Văn An');
      // Bắc Giang Đ.10.4: 2 working days before Thu 12/03 14:00.
      expect(n.text).toContain('Tài liệu gửi đại biểu chậm nhất: 14h00 thứ Ba, 10/03/2026');
      expect(n.text).toContain('theo Điều 10.4 Quy chế');
      expect(n.buttons?.flat().map((b) => b.label)).toContain('✅ Tôi sẽ tham dự');
      expect(n.attachment).toMatchObject({ name: `hop-${m.id}.ics`, mime: 'text/calendar' });
      expect(icsStart(n)).toBe(m.startsAt);
    }
    expect(meetingReminders(a, m.id).filter((r) => r.kind === 'meeting.notice').map((r) => r.status)).toEqual(memberIds.map(() => 'queued'));
  });

  it('when the same tick runs twice, then the second queues nothing', async () => {
    const a = await start('2026-03-02T09:00');
    const { committeeId, memberIds } = committee(a);
    schedule(a, committeeId, '2026-03-12T14:00');
    await tickAt(a, '2026-03-02T09:00');
    for (const id of memberIds) expect(notices(consoleAddress(id))).toHaveLength(1);
    const rows = allOutbox(a.db).length;
    const sent = channel.sent.length;
    const second = await tickAt(a, '2026-03-02T09:00');
    expect(second.jobs.reminders).toMatchObject({ queued: 0, skipped: 0, dropped: 0, delayed: 0 });
    expect(allOutbox(a.db)).toHaveLength(rows);
    expect(channel.sent).toHaveLength(sent);
  });
});

describe('quiet hours', () => {
  it('when a non-urgent reminder falls due at 22:00, then it waits until 07:00', async () => {
    const a = await start('2026-03-02T22:00');
    const { committeeId, memberIds } = committee(a);
    const m = schedule(a, committeeId, '2026-03-12T14:00');

    await tickAt(a, '2026-03-02T22:00');
    expect(memberIds.flatMap((id) => about(consoleAddress(id)))).toEqual([]);
    const notice = meetingReminders(a, m.id).filter((r) => r.kind === 'meeting.notice');
    expect(notice.every((r) => r.status === 'planned' && r.dueAt === at('2026-03-03T07:00'))).toBe(true);

    await tickAt(a, '2026-03-03T06:59');
    expect(memberIds.flatMap((id) => about(consoleAddress(id)))).toEqual([]);

    await tickAt(a, '2026-03-03T07:00');
    for (const id of memberIds) expect(notices(consoleAddress(id))).toHaveLength(1);
    expect(meetingReminders(a, m.id).filter((r) => r.kind === 'meeting.notice').map((r) => r.status)).toEqual(memberIds.map(() => 'queued'));
  });
});

describe('excused attendees', () => {
  it('when an attendee is excused, then they get nothing more and their reminder says skipped', async () => {
    const a = await start('2026-03-02T09:00');
    const { committeeId, memberIds } = committee(a);
    const m = schedule(a, committeeId, '2026-03-12T14:00');
    await tickAt(a, '2026-03-02T09:00');
    const excused = memberIds[3]!;
    setAttendance(a.db, m.id, excused, 'excused', a.clock.now());

    await tickAt(a, '2026-03-05T08:00');
    expect(about(consoleAddress(excused))).toHaveLength(1);
    for (const id of memberIds.filter((x) => x !== excused)) expect(about(consoleAddress(id)).at(-1)!.text).toContain('còn 7 ngày');
    const seven = meetingReminders(a, m.id).filter((r) => r.data?.label === '7d');
    expect(seven.find((r) => r.memberId === excused)).toMatchObject({ status: 'skipped', note: 'excused from the meeting' });
    expect(seven.filter((r) => r.memberId !== excused).every((r) => r.status === 'queued')).toBe(true);

    await tickAt(a, '2026-03-11T08:00');
    await tickAt(a, '2026-03-12T12:00');
    expect(about(consoleAddress(excused))).toHaveLength(1);
    expect(meetingReminders(a, m.id).filter((r) => r.memberId === excused && r.kind === 'meeting.before').map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });
});

describe('after downtime', () => {
  it('when the bot was down across several reminder moments, then one tick sends each due reminder once and drops those of a meeting that has begun', async () => {
    const capture = captureLogger();
    const a = await start('2026-03-02T09:00', { log: capture.log });
    const { committeeId, memberIds } = committee(a);
    const later = schedule(a, committeeId, '2026-03-12T14:00');
    const begun = schedule(a, committeeId, '2026-03-10T10:00', { title: 'Họp Tổ Thư ký tháng 3', body: 'secretariat' });
    const begunAttendees = [memberIds[0]!, memberIds[4]!];
    await tickAt(a, '2026-03-02T09:00');
    for (const id of memberIds) expect(notices(consoleAddress(id))).toHaveLength(1);

    // Down from 02/03 09:01 to 11/03 09:00: no tick at all, then one.
    const report = await tickAt(a, '2026-03-11T09:00');

    // The presider also gets the quorum alert that fell due meanwhile (two working days before: 10/03), once.
    const alert = (id: number) => about(consoleAddress(id)).filter((msg) => msg.text.includes('CẢNH BÁO'));
    expect(memberIds.map((id) => alert(id).length)).toEqual(memberIds.map((id) => (id === later.presiderId ? 1 : 0)));
    for (const id of memberIds) {
      const got = about(consoleAddress(id)).filter((msg) => !msg.text.includes('CẢNH BÁO')).map((msg) => msg.text.split('\n')[0]);
      expect(got).toHaveLength(3);
      expect(got[0]).toContain('GIẤY MỜI HỌP');
      expect(got[1]).toContain('còn 7 ngày');
      expect(got[2]).toContain('ngày làm việc tới');
    }
    for (const id of begunAttendees) expect(about(consoleAddress(id), 'Họp Tổ Thư ký tháng 3').map((msg) => msg.text)).toEqual([expect.stringContaining('GIẤY MỜI HỌP')]);
    const rows = meetingReminders(a, later.id);
    expect(rows.filter((r) => r.status === 'queued')).toHaveLength(3 * memberIds.length);
    expect(rows.filter((r) => r.status === 'planned').map((r) => r.data?.label)).toEqual(memberIds.map(() => '2h'));

    const dropped = meetingReminders(a, begun.id).filter((r) => r.kind === 'meeting.before');
    expect(dropped).toHaveLength(3 * begunAttendees.length);
    expect(dropped.every((r) => r.status === 'dropped' && r.note === 'its moment has passed')).toBe(true);
    expect(report.jobs.reminders).toMatchObject({ queued: 2 * memberIds.length });
    expect((report.jobs.reminders as Record<string, number>).dropped).toBeGreaterThanOrEqual(3 * begunAttendees.length);
    const twoHours = dropped.filter((r) => r.data?.label === '2h');
    expect(twoHours).toHaveLength(begunAttendees.length);
    const logged = capture.entries().filter((e) => e.msg === 'reminder dropped');
    for (const r of twoHours) expect(logged).toContainEqual(expect.objectContaining({ reminder: r.key, note: 'its moment has passed' }));

    // Once each: the next tick finds nothing more, until the 2-hours-before moment.
    const again = await tickAt(a, '2026-03-11T09:01');
    expect(again.jobs.reminders).toMatchObject({ queued: 0, dropped: 0 });
    await tickAt(a, '2026-03-12T12:00');
    for (const id of memberIds) expect(about(consoleAddress(id))).toHaveLength(id === later.presiderId ? 5 : 4);
  });
});

describe('members who bind later', () => {
  it('when a member binds an account after the notice went out, then they get the notice on binding, once', async () => {
    const a = await start('2026-03-02T09:00');
    const { committeeId, memberIds } = committee(a, 'bac-giang-2021', [3]);
    const late = memberIds[3]!;
    const m = schedule(a, committeeId, '2026-03-12T14:00');
    await tickAt(a, '2026-03-02T09:00');
    expect(allOutbox(a.db).find((r) => r.memberId === late && r.idempotencyKey.includes(':notice:'))).toMatchObject({ status: 'unreachable' });

    const invite = createInvite(a.app.deps, late, 'test');
    a.clock.set('2026-03-02T10:00');
    await channel.deliver(events.command('console:phone-em', 'start', invite.code));
    await outboxIdle(a.db);
    const got = notices('console:phone-em');
    expect(got).toHaveLength(1);
    expect(got[0]!.attachment).toMatchObject({ name: `hop-${m.id}.ics` });
    expect(got[0]!.text).toContain('14h00 thứ Năm, 12/03/2026');

    await tickAt(a, '2026-03-02T10:01');
    expect(notices('console:phone-em')).toHaveLength(1);
  });

  it('when a member already excused from a meeting binds later, then that meeting is not sent to them; another one is', async () => {
    const a = await start('2026-03-02T09:00');
    const { committeeId, memberIds } = committee(a, 'bac-giang-2021', [3]);
    const late = memberIds[3]!;
    const excusedFrom = schedule(a, committeeId, '2026-03-12T14:00');
    const other = schedule(a, committeeId, '2026-03-19T14:00');
    await tickAt(a, '2026-03-02T09:00');
    // Excused by the secretariat (e.g. by phone) before the member had any chat account.
    expect(setAttendance(a.db, excusedFrom.id, late, 'excused', a.clock.now())).toBe(true);

    const invite = createInvite(a.app.deps, late, 'test');
    a.clock.set('2026-03-02T10:00');
    await channel.deliver(events.command('console:phone-em', 'start', invite.code));
    await outboxIdle(a.db);
    expect(notices('console:phone-em').map((n) => n.attachment?.name)).toEqual([`hop-${other.id}.ics`]);
  });

  it('when a member binds while the notice still waits out quiet hours, then they get exactly one notice', async () => {
    const a = await start('2026-03-02T22:30');
    const { committeeId, memberIds } = committee(a, 'bac-giang-2021', [3]);
    const late = memberIds[3]!;
    schedule(a, committeeId, '2026-03-12T14:00');
    // 22:30 is quiet hours: the notices wait for 07:00; the member binds in between.
    await tickAt(a, '2026-03-02T22:30');
    const invite = createInvite(a.app.deps, late, 'test');
    a.clock.set('2026-03-02T22:45');
    await channel.deliver(events.command('console:phone-em', 'start', invite.code));
    await outboxIdle(a.db);
    await tickAt(a, '2026-03-03T07:00');
    expect(notices('console:phone-em')).toHaveLength(1);
  });
});

describe('regular meetings (scheduler job)', () => {
  const secretary = (ids: number[]) => consoleAddress(ids[4]!);
  const warnings = (ids: number[]) => channel.sent.filter((d) => d.to === secretary(ids) && d.message.text.includes('chưa có cuộc họp nào')).map((d) => d.message.text);

  it('when a quarter nears its end with no meeting, then the secretariat is warned once, citing the article', async () => {
    const a = await start('2026-02-02T09:00');
    const { memberIds } = committee(a, 'bac-giang-2021');
    await tickAt(a, '2026-02-02T09:00');
    expect(warnings(memberIds)).toEqual([]);

    await tickAt(a, '2026-03-10T09:00');
    await tickAt(a, '2026-03-10T10:00');
    await tickAt(a, '2026-03-20T09:00');
    const got = warnings(memberIds);
    const full = got.filter((x) => x.includes('Điều 10.1'));
    expect(full).toHaveLength(1);
    expect(full[0]).toContain('Ban Chỉ đạo Chuyển đổi số tỉnh Bắc Giang họp hằng quý (theo Điều 10.1 Quy chế)');
    expect(full[0]).toContain('2026-Q1');
    expect(got.filter((x) => x.includes('Điều 10.3'))).toHaveLength(1);
    // Nobody outside the secretariat is told.
    for (const id of memberIds.slice(0, 4)) expect(channel.textsTo(consoleAddress(id)).filter((x) => x.includes('chưa có cuộc họp nào'))).toEqual([]);
  });

  it('when a meeting of the body is scheduled in the quarter, then there is no warning for it', async () => {
    const a = await start('2026-02-02T09:00');
    const { committeeId, memberIds } = committee(a, 'bac-giang-2021');
    schedule(a, committeeId, '2026-03-25T14:00');
    await tickAt(a, '2026-03-10T09:00');
    expect(warnings(memberIds).filter((x) => x.includes('Điều 10.1'))).toEqual([]);
    expect(warnings(memberIds).filter((x) => x.includes('Điều 10.3'))).toHaveLength(1);
  });

  it('when the warning window opens at midnight, then the warning waits for the end of quiet hours', async () => {
    const a = await start('2026-03-01T20:00');
    const { memberIds } = committee(a, 'bac-giang-2021');
    await tickAt(a, '2026-03-01T20:00');
    expect(warnings(memberIds)).toEqual([]);
    // Q1 ends 01/04 00:00; 30 days before is 02/03 00:00, inside quiet hours (21:00–07:00).
    a.clock.set('2026-03-02T00:00');
    a.app.tick(a.clock.now());
    await new Promise((r) => setTimeout(r, 300));
    expect(warnings(memberIds)).toEqual([]);
    await tickAt(a, '2026-03-02T07:00');
    expect(warnings(memberIds).filter((x) => x.includes('Điều 10.1'))).toHaveLength(1);
  });
});
