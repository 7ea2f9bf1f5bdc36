import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import type { AppDeps } from '../../src/core/command.js';
import { DomainError } from '../../src/core/errors.js';
import { createCommittee } from '../../src/domain/committees.js';
import { scheduleMeeting } from '../../src/domain/meetings.js';
import { addMember, type MemberInput } from '../../src/domain/members.js';
import type { PresetId } from '../../src/domain/presets/index.js';
import { obligationsFor, reportStatusBoard, submitReport, type SubmitInput } from '../../src/domain/reports.js';
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

const local = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Ho_Chi_Minh' }).toFormat('yyyy-MM-dd HH:mm:ss.SSS');
const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Ho_Chi_Minh' }).toMillis();

const PEOPLE: MemberInput[] = [
  { name: 'Nguyễn Văn An', role: 'chair' },
  { name: 'Hoàng Văn Em', role: 'member', agency: 'Sở Tài chính' },
  { name: 'Phạm Thị Hoa', role: 'member', agency: 'Sở Tài chính' },
  { name: 'Đỗ Văn Khoa', role: 'member', agency: 'Sở Y tế' },
  { name: 'Bùi Thị Lan', role: 'secretariat_lead' },
];

function committee(presetId: PresetId, people = PEOPLE) {
  const c = createCommittee(deps, { name: `BCĐ ${presetId}`, presetId }, 'test');
  const ids = people.map((p) => addMember(deps, c.id, p, 'test').id);
  return { id: c.id, chair: ids[0]!, em: ids[1]!, hoa: ids[2]!, khoa: ids[3]!, lan: ids[4]!, ids };
}

/** The due instants of one rule and period on the board, as local times, one per owner. */
function dues(committeeId: number, ruleId: string, period: string): string[] {
  return [...new Set(reportStatusBoard(deps, committeeId, period).filter((i) => i.ruleId === ruleId).map((i) => local(i.dueAt)))];
}

function refusal(input: SubmitInput): DomainError {
  try {
    submitReport(deps, input, 'test');
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('the submission was accepted');
}

describe('due dates of each preset rule', () => {
  it('when Bình Định members report "before 30 June and 30 December", then the halves are due at the end of 29/06 and 29/12 local', () => {
    const c = committee('binh-dinh-2019');
    expect(dues(c.id, 'member-semiannual-report', '2026-H1')).toEqual(['2026-06-29 23:59:59.999']);
    expect(dues(c.id, 'member-semiannual-report', '2026-H2')).toEqual(['2026-12-29 23:59:59.999']);
    expect(reportStatusBoard(deps, c.id, '2026-H1').find((i) => i.ruleId === 'member-semiannual-report')!.dueAt).toBe(Date.parse('2026-06-29T16:59:59.999Z'));
    expect(dues(c.id, 'secretariat-quarterly-report', '2026-Q1')).toEqual(['2026-04-15 23:59:59.999']);
  });

  it('when Bắc Giang members report quarterly, then each quarter is due 7 days after it ends, across the new year too', () => {
    const c = committee('bac-giang-2021');
    expect(dues(c.id, 'member-quarterly-report', '2026-Q1')).toEqual(['2026-04-07 23:59:59.999']);
    expect(dues(c.id, 'member-quarterly-report', '2026-Q2')).toEqual(['2026-07-07 23:59:59.999']);
    expect(dues(c.id, 'member-quarterly-report', '2026-Q4')).toEqual(['2027-01-07 23:59:59.999']);
    expect(dues(c.id, 'secretariat-quarterly-report', '2026-Q3')).toEqual(['2026-10-15 23:59:59.999']);
  });

  it('when Thanh Hóa agencies report "before 25 June" and yearly "before 25 November", then they are due 24/06 and 24/11, the standing agency on 15/07 and 15/12', () => {
    const c = committee('thanh-hoa-2014');
    expect(dues(c.id, 'agency-semiannual-report', '2026-H1')).toEqual(['2026-06-24 23:59:59.999']);
    expect(dues(c.id, 'agency-semiannual-report', '2026-H2'), 'the second half is the yearly report').toEqual([]);
    expect(dues(c.id, 'agency-yearly-report', '2026')).toEqual(['2026-11-24 23:59:59.999']);
    expect(dues(c.id, 'standing-agency-semiannual-report', '2026-H1')).toEqual(['2026-07-15 23:59:59.999']);
    expect(dues(c.id, 'standing-agency-yearly-report', '2026')).toEqual(['2026-12-15 23:59:59.999']);
    // One obligation per agency, not per member: Sở Tài chính's two members owe one report.
    const agencies = reportStatusBoard(deps, c.id, '2026-H1').filter((i) => i.ruleId === 'agency-semiannual-report');
    expect(agencies.map((i) => i.agency)).toEqual([null, 'Sở Tài chính', 'Sở Y tế']);
  });

  it('when a Thanh Hóa meeting is on 3 March 2026, then the members report 7 working days before, counted back over Tết (13/02 14:00)', () => {
    const c = committee('thanh-hoa-2014');
    const m = scheduleMeeting(deps, { committeeId: c.id, title: 'Họp Thường trực', startsAt: at('2026-03-03T14:00'), body: 'full' }, 'test');
    expect(dues(c.id, 'member-meeting-report', `meeting:${m.id}`)).toEqual(['2026-02-13 14:00:00.000']);
  });

  it('when a Bộ KH&CN meeting is on 11 May 2026, then reports are due 5 working days before, skipping 30/4 and 1/5 (04/05 09:00); ad hoc ones are on request', () => {
    const c = committee('bo-khcn-2018');
    const m = scheduleMeeting(deps, { committeeId: c.id, title: 'Họp quý II', startsAt: at('2026-05-11T09:00'), body: 'full' }, 'test');
    expect(dues(c.id, 'member-meeting-report', `meeting:${m.id}`)).toEqual(['2026-05-04 09:00:00.000']);
    const mine = obligationsFor(deps, c.em, at('2026-04-20T09:00'));
    expect(mine.owed.map((o) => [o.rule.id, o.period, o.status])).toEqual([['member-meeting-report', `meeting:${m.id}`, 'pending']]);
    expect(mine.onRequest.map((r) => r.rule.id)).toEqual(['member-ad-hoc-report', 'agency-report-on-request']);
  });

  it('when Hải Phòng members report only on request, then they owe nothing periodic and see the on-request reports; the working group owes 15/04', () => {
    const c = committee('hai-phong-2020');
    const mine = obligationsFor(deps, c.em, clock.now());
    expect(mine.owed).toEqual([]);
    expect(mine.onRequest.map((r) => [r.rule.id, r.rule.article])).toEqual([
      ['member-task-result-report', 'Điều 8.3'],
      ['agency-report-on-request', 'Điều 10.3'],
    ]);
    expect(dues(c.id, 'secretariat-quarterly-report', '2026-Q1')).toEqual(['2026-04-15 23:59:59.999']);
    expect(obligationsFor(deps, c.lan, clock.now()).owed.map((o) => o.period)).toEqual(['2026-Q1']);
  });
});

describe('submitting a report', () => {
  it('when a member submits on time, then they get a receipt BC-2026-…, the board says submitted and a second submission is refused', () => {
    const c = committee('bac-giang-2021');
    clock.set('2026-04-03T10:00');
    const r = submitReport(deps, { memberId: c.em, ruleId: 'member-quarterly-report', period: '2026-Q1', text: 'Kết quả quý I' }, `member:${c.em}`);
    expect(r.submission.receipt).toMatch(/^BC-2026-\d{6}$/);
    expect(r.submission.late).toBe(false);
    const item = reportStatusBoard(deps, c.id, '2026-Q1').find((i) => i.memberId === c.em && i.ruleId === 'member-quarterly-report')!;
    expect(item).toMatchObject({ status: 'submitted', receipt: r.submission.receipt });

    const again = refusal({ memberId: c.em, ruleId: 'member-quarterly-report', period: '2026-Q1', text: 'lần hai' });
    expect(again.code).toBe('report.duplicate');
    expect(again.params.receipt).toBe(r.submission.receipt);
  });

  it('when a member submits after the due date, then it is accepted and marked late with the working days', () => {
    const c = committee('bac-giang-2021');
    clock.set('2026-04-10T09:00'); // due Tue 07/04: 08, 09, 10 April are 3 working days late
    const r = submitReport(deps, { memberId: c.em, ruleId: 'member-quarterly-report', period: '2026-Q1', text: 'muộn' }, 'test');
    expect(r.submission.late).toBe(true);
    expect(r.lateWorkingDays).toBe(3);
    const item = reportStatusBoard(deps, c.id, '2026-Q1').find((i) => i.memberId === c.em && i.ruleId === 'member-quarterly-report')!;
    expect(item).toMatchObject({ status: 'late', lateWorkingDays: 3 });
  });

  it('when more than one full period has passed since the due date, then the period is closed and the submission refused', () => {
    const c = committee('bac-giang-2021');
    clock.set('2026-07-07T23:00'); // due 07/04 + one quarter: still open
    expect(submitReport(deps, { memberId: c.em, ruleId: 'member-quarterly-report', period: '2026-Q1', text: 'rất muộn' }, 'test').submission.late).toBe(true);
    clock.set('2026-07-08T00:00');
    expect(refusal({ memberId: c.khoa, ruleId: 'member-quarterly-report', period: '2026-Q1', text: 'quá muộn' }).code).toBe('report.closed');
  });

  it('when one member of an agency submits, then the agency obligation is satisfied and a colleague is refused with the name of who did', () => {
    const c = committee('thanh-hoa-2014');
    clock.set('2026-06-10T09:00');
    const r = submitReport(deps, { memberId: c.hoa, ruleId: 'agency-semiannual-report', period: '2026-H1', text: 'Báo cáo Sở Tài chính' }, 'test');
    const board = reportStatusBoard(deps, c.id, '2026-H1').filter((i) => i.ruleId === 'agency-semiannual-report');
    expect(board.find((i) => i.agency === 'Sở Tài chính')).toMatchObject({ status: 'submitted', memberId: c.hoa, receipt: r.submission.receipt });
    expect(board.find((i) => i.agency === 'Sở Y tế')).toMatchObject({ status: 'pending', memberId: c.khoa });
    expect(obligationsFor(deps, c.em, clock.now()).owed.find((o) => o.rule.id === 'agency-semiannual-report')!.status).toBe('submitted');
    const colleague = refusal({ memberId: c.em, ruleId: 'agency-semiannual-report', period: '2026-H1', text: 'trùng' });
    expect(colleague.code).toBe('report.duplicate');
    expect(colleague.params.name).toBe('Phạm Thị Hoa');
  });

  it('when the input is wrong (unknown report, on request, not owed, future period, nothing sent, .exe, 25 MB), then each is refused with its reason', () => {
    const c = committee('bac-giang-2021');
    const base = { memberId: c.em, period: '2026-Q1', text: 'x' };
    expect(refusal({ ...base, ruleId: 'no-such-report' }).code).toBe('report.unknown_rule');
    expect(refusal({ ...base, ruleId: 'member-ad-hoc-report' }).code).toBe('report.on_request');
    expect(refusal({ ...base, ruleId: 'member-quarterly-report', period: '2026-Q5' }).code).toBe('report.bad_period');
    expect(refusal({ ...base, memberId: c.em, ruleId: 'secretariat-quarterly-report' }).code).toBe('report.not_owed');
    expect(refusal({ ...base, ruleId: 'member-quarterly-report', period: '2026-Q3' }).code).toBe('report.not_open');
    expect(refusal({ memberId: c.em, ruleId: 'member-quarterly-report', period: '2026-Q1', text: '   ' }).code).toBe('report.empty');
    const file = { platform: 'telegram' as const, fileId: 'f1', name: 'baocao.exe', size: 1000 };
    expect(refusal({ ...base, ruleId: 'member-quarterly-report', text: undefined, file }).code).toBe('report.file_type');
    expect(refusal({ ...base, ruleId: 'member-quarterly-report', text: undefined, file: { ...file, name: 'baocao.pdf', size: 25 * 1024 * 1024 } }).code).toBe('report.file_size');
    expect(reportStatusBoard(deps, c.id, '2026-Q1').every((i) => i.status === 'pending')).toBe(true);
  });
});
