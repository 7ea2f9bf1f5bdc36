import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { allOutbox } from '../../db/queries/outbox.js';
import { reminderByKey, remindersOf } from '../../db/queries/reminders.js';
import type { AppDeps } from '../../src/core/command.js';
import { createCommittee } from '../../src/domain/committees.js';
import { addMember, type MemberInput } from '../../src/domain/members.js';
import type { PresetId } from '../../src/domain/presets/index.js';
import { reportReminderTimes, reportSubject } from '../../src/domain/report-reminders.js';
import { submitReport } from '../../src/domain/reports.js';
import { reportOverdueJob } from '../../scheduler/jobs/report-overdue.js';
import { reportRemindersJob } from '../../scheduler/jobs/report-reminders.js';
import { sendRemindersJob } from '../../scheduler/jobs/send-reminders.js';
import { createTick } from '../../scheduler/tick.js';
import { fakeClock, type FakeClock } from '../support/fake-clock.js';
import { appDeps } from '../support/unit-helpers.js';

let db: Db;
let clock: FakeClock;
let deps: AppDeps;

beforeEach(() => {
  db = openDb(':memory:');
  clock = fakeClock('2026-02-02T09:00:00');
  deps = appDeps(db, clock);
});
afterEach(() => closeDb(db));

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Ho_Chi_Minh' }).toMillis();
const local = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Ho_Chi_Minh' }).toFormat('ccc yyyy-MM-dd HH:mm');

function committee(presetId: PresetId, people: MemberInput[]) {
  const c = createCommittee(deps, { name: `BCĐ ${presetId}`, presetId }, 'test');
  return { id: c.id, ids: people.map((p) => addMember(deps, c.id, p, 'test').id) };
}

const BAC_GIANG: MemberInput[] = [
  { name: 'Nguyễn Văn An', role: 'chair' },
  { name: 'Hoàng Văn Em', role: 'member', agency: 'Sở Tài chính' },
  { name: 'Đỗ Văn Khoa', role: 'member', agency: 'Sở Y tế' },
  { name: 'Bùi Thị Lan', role: 'secretary' },
  { name: 'Trịnh Văn Minh', role: 'standing_member', agency: 'Sở TT&TT' },
];

/** One scheduler pass at `iso` with the report jobs and the reminder sender, as the bot runs them. */
function tickAt(iso: string) {
  clock.set(iso);
  return createTick(deps, [reportRemindersJob(), sendRemindersJob(), reportOverdueJob()])(clock.now()).jobs;
}

const outboxKeys = (prefix: string) => allOutbox(db).map((r) => r.idempotencyKey).filter((k) => k.startsWith(prefix)).sort();

describe('report reminders', () => {
  it('when a report is due on Mon 04/05/2026, then 3 working days before skips 30/4, 1/5 and the Hùng Kings compensatory 27/4, and 14 falls on 09/04', () => {
    const times = reportReminderTimes(deps, [14, 3, 0], '08:00', at('2026-05-04T09:00'), at('2026-03-01T00:00'));
    expect(times.map((t) => [t.days, local(t.at)])).toEqual([
      [14, 'Thu 2026-04-09 08:00'],
      [3, 'Fri 2026-04-24 08:00'],
      [0, 'Mon 2026-05-04 08:00'],
    ]);
  });

  it('when a report is due on Fri 13/02/2026, the eve of Tết, then the reminders fall on 26/01, 10/02 and 13/02, and moments already past are not planned', () => {
    const due = at('2026-02-13T14:00');
    expect(reportReminderTimes(deps, [14, 3, 0], '08:00', due, at('2026-01-01T00:00')).map((t) => local(t.at))).toEqual([
      'Mon 2026-01-26 08:00',
      'Tue 2026-02-10 08:00',
      'Fri 2026-02-13 08:00',
    ]);
    expect(reportReminderTimes(deps, [14, 3, 0], '08:00', due, at('2026-02-11T00:00')).map((t) => t.days)).toEqual([0]);
  });

  it('when the scheduler plans Bắc Giang quarterly reports, then each member gets 14/3/0 working-day reminders at 08:00, planned once', () => {
    const c = committee('bac-giang-2021', BAC_GIANG);
    const [chair, em] = c.ids;
    const first = tickAt('2026-03-01T10:00');
    expect(first['report-reminders']).toMatchObject({ planned: expect.any(Number) });
    const mine = remindersOf(db, reportSubject(c.id, 'member-quarterly-report', '2026-Q1')).filter((r) => r.memberId === em);
    expect(mine.map((r) => local(r.dueAt))).toEqual(['Wed 2026-03-18 08:00', 'Thu 2026-04-02 08:00', 'Tue 2026-04-07 08:00']);
    expect(remindersOf(db, reportSubject(c.id, 'member-quarterly-report', '2026-Q2')).filter((r) => r.memberId === chair)).toHaveLength(3);
    // The secretary receives the members' reports and owes none of them; the secretariat's own report is reminded to her.
    const secretariat = remindersOf(db, reportSubject(c.id, 'secretariat-quarterly-report', '2026-Q1'));
    expect(new Set(secretariat.map((r) => r.memberId))).toEqual(new Set([c.ids[3]]));
    expect(tickAt('2026-03-01T10:01')['report-reminders']).toEqual({ planned: 0 });
  });

  it('when a member already submitted, then their reminder is skipped while a colleague still gets it, once', () => {
    const c = committee('bac-giang-2021', BAC_GIANG);
    const [, em, khoa] = c.ids;
    tickAt('2026-03-01T10:00');
    clock.set('2026-03-20T09:00');
    submitReport(deps, { memberId: em!, ruleId: 'member-quarterly-report', period: '2026-Q1', text: 'Đã xong' }, 'test');
    tickAt('2026-04-02T08:00');
    const key = (m: number) => `report:c${c.id}:member-quarterly-report:2026-Q1:d${at('2026-04-07T23:59:59.999')}:m${m}:T-3wd`;
    expect(reminderByKey(db, key(em!))).toMatchObject({ status: 'skipped', note: 'already submitted' });
    expect(reminderByKey(db, key(khoa!))).toMatchObject({ status: 'queued' });
    const sent = allOutbox(db).filter((r) => r.idempotencyKey === key(khoa!));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toContain('Điều 6.5');
    expect(sent[0]!.message).toContain('23h59 thứ Ba, 07/04/2026');
    tickAt('2026-04-02T08:05');
    expect(allOutbox(db).filter((r) => r.idempotencyKey === key(khoa!))).toHaveLength(1);
  });
});

describe('overdue reports', () => {
  it('when it is Monday 08:00, then the secretariat gets the overdue list once that Monday, and again the next Monday', () => {
    const c = committee('bac-giang-2021', BAC_GIANG);
    const secretary = c.ids[3]!;
    submitReport(deps, { memberId: c.ids[1]!, ruleId: 'member-quarterly-report', period: '2026-Q1', text: 'ok' }, 'test');
    tickAt('2026-04-13T07:30'); // Monday, before the reminder time of day
    expect(outboxKeys('report-overdue:')).toEqual([]);
    expect(tickAt('2026-04-13T08:00')['report-overdue']).toMatchObject({ listed: 1 });
    expect(tickAt('2026-04-13T15:00')['report-overdue']).toMatchObject({ listed: 0 });
    tickAt('2026-04-14T08:00'); // Tuesday
    expect(outboxKeys('report-overdue:')).toEqual([`report-overdue:c${c.id}:2026-04-13:m${secretary}`]);
    const list = allOutbox(db).find((r) => r.idempotencyKey.startsWith('report-overdue:'))!;
    expect(list.memberId).toBe(secretary);
    expect(list.message).toContain('Đỗ Văn Khoa (Sở Y tế)');
    expect(list.message).toContain('trễ 4 ngày làm việc'); // due Tue 07/04: 8, 9, 10, 13 April
    expect(list.message).not.toContain('Hoàng Văn Em');
    tickAt('2026-04-20T09:00');
    expect(outboxKeys('report-overdue:')).toEqual([`report-overdue:c${c.id}:2026-04-13:m${secretary}`, `report-overdue:c${c.id}:2026-04-20:m${secretary}`]);
  });

  it('when a report is overdue by more than 5 working days, then the standing member is told once, citing the article', () => {
    const c = committee('bac-giang-2021', BAC_GIANG);
    const standing = c.ids[4]!;
    tickAt('2026-04-14T10:00'); // 5 working days late: not yet
    expect(outboxKeys('report-escalate:')).toEqual([]);
    // The chair's, Em's and Khoa's reports go to the standing member; his own late report goes to the chair.
    expect(tickAt('2026-04-15T10:00')['report-overdue']).toMatchObject({ escalated: 4 });
    tickAt('2026-04-16T10:00');
    const sent = allOutbox(db).filter((r) => r.idempotencyKey.startsWith('report-escalate:'));
    expect(sent).toHaveLength(4);
    expect(sent.filter((r) => r.memberId === standing)).toHaveLength(3);
    expect(sent.find((r) => r.memberId === c.ids[0])!.message).toContain('Trịnh Văn Minh');
    const khoa = sent.find((r) => r.message.includes('Đỗ Văn Khoa'))!;
    expect(khoa.message).toContain('theo Điều 6.5 Quy chế');
    expect(khoa.message).toContain('trễ 6 ngày làm việc');
  });

  it('when there is no standing member, then the chair is told instead', () => {
    const c = committee('bac-giang-2021', BAC_GIANG.slice(0, 4));
    tickAt('2026-04-15T10:00');
    const sent = allOutbox(db).filter((r) => r.idempotencyKey.startsWith('report-escalate:'));
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((r) => r.memberId))).toEqual(new Set([c.ids[0]]));
  });
});
