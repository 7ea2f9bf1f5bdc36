/**
 * Periodic reports (issue 3 part 5): what each member or agency owes under the regulation, what
 * it handed in, and the status board the secretariat works from.
 *
 *   obligationsFor(deps, memberId, now)          what I owe and what I (or my agency) sent
 *   submitReport(deps, { memberId, ruleId, period, text | file }, actor)  → receipt BC-2026-000123
 *   reportStatusBoard(deps, committeeId, period?) → submitted | late | pending | overdue
 */
import { atomic } from '../../db/client.js';
import { DateTime } from 'luxon';
import type { MemberRow } from '../../db/queries/members.js';
import { committeeMembers, insertSubmission, submissionsFor, submissionsOfCommittee, type SubmissionRow } from '../../db/queries/reports.js';
import { VN_ZONE } from '../core/clock.js';
import { DomainError } from '../core/errors.js';
import { audit } from './audit.js';
import { requireCommittee, type Committee } from './committees.js';
import type { Actor, Deps } from './deps.js';
import { requireMember } from './members.js';
import type { RegulationSettings, ReportRule } from './presets/index.js';
import { checkReportFile, type ReportFile } from './report-files.js';
import { committeeObligations, duePeriodOf, ownersOf, reportRules, reportSettings, type Obligation, type RuleList, type Selection } from './report-obligations.js';

export { committeeObligations, reportRules, type Obligation, type Owner, type Selection } from './report-obligations.js';
export type Submission = SubmissionRow;

export const REPORT_STATUSES = ['submitted', 'late', 'pending', 'overdue'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ObligationState extends Obligation {
  status: ReportStatus;
  submission?: Submission;
  /** Working days past the due date: of the late submission, or so far for an overdue one. */
  lateWorkingDays: number;
}

const MAX_TEXT = 4000;

function workingDaysLate(deps: Deps, dueAt: number, at: number): number {
  if (at <= dueAt) return 0;
  const zone = { zone: VN_ZONE };
  return Math.max(0, deps.calendar.workingDaysBetween(DateTime.fromMillis(dueAt, zone), DateTime.fromMillis(at, zone)));
}

/** Attaches to each obligation the submission that satisfies it, and its status as of `now`. */
export function withStatus(deps: Deps, obligations: Obligation[], now: number): ObligationState[] {
  const byKey = new Map<string, Submission[]>();
  const committees = new Set(obligations.map((o) => o.committeeId));
  for (const committeeId of committees) {
    const periods = [...new Set(obligations.filter((o) => o.committeeId === committeeId).map((o) => o.period))];
    for (const s of submissionsOfCommittee(deps.db, committeeId, periods)) {
      const key = `${s.committeeId}|${s.ruleId}|${s.period}`;
      byKey.set(key, [...(byKey.get(key) ?? []), s]);
    }
  }
  return obligations.map((o) => {
    const submission = byKey.get(`${o.committeeId}|${o.rule.id}|${o.period}`)?.find((s) => o.owner.countIds.includes(s.memberId));
    if (submission) {
      return { ...o, submission, status: submission.late ? 'late' : 'submitted', lateWorkingDays: submission.late ? workingDaysLate(deps, o.dueAt, submission.submittedAt) : 0 };
    }
    const overdue = now > o.dueAt;
    return { ...o, status: overdue ? 'overdue' : 'pending', lateWorkingDays: overdue ? workingDaysLate(deps, o.dueAt, now) : 0 };
  });
}

export interface MemberReports {
  member: MemberRow;
  committee: Committee;
  settings: RegulationSettings;
  /** Open obligations the member answers for (alone, for their agency or for the secretariat). */
  owed: ObligationState[];
  /** Reports the regulation asks for only on request: no date, listed for information. */
  onRequest: { rule: ReportRule; list: RuleList }[];
}

/** What a member owes and has sent, as of `now`. */
export function obligationsFor(deps: Deps, memberId: number, now: number): MemberReports {
  const member = requireMember(deps, memberId);
  const committee = requireCommittee(deps, member.committeeId);
  const settings = reportSettings(committee);
  const mine = (o: Obligation) => o.owner.submitIds.includes(memberId) || o.owner.remindIds.includes(memberId);
  const owed = withStatus(deps, committeeObligations(deps, committee, settings, { open: true }, now).filter(mine), now);
  const members = committeeMembers(deps.db, committee.id);
  const onRequest = reportRules(settings)
    .filter(({ rule }) => rule.due.kind === 'onRequest' && ownersOf(rule, members).some((o) => o.submitIds.includes(memberId)));
  return { member, committee, settings, owed, onRequest };
}

export interface SubmitInput {
  memberId: number;
  ruleId: string;
  period: string;
  text?: string;
  file?: ReportFile;
}

export interface SubmitResult {
  submission: Submission;
  obligation: Obligation;
  lateWorkingDays: number;
}

const stamp = (ms: number) => DateTime.fromMillis(ms, { zone: VN_ZONE }).toFormat('HH:mm dd/MM/yyyy');

export interface SubmissionCheck {
  member: MemberRow;
  obligation: Obligation;
  settings: RegulationSettings;
}

/**
 * Whether `memberId` may hand in `ruleId` for `period` now; throws the reason why not (unknown
 * report, on request only, not theirs, not open yet, closed, already handed in by them or by a
 * colleague of their agency).
 */
export function checkSubmission(deps: Deps, memberId: number, ruleId: string, period: string, now: number): SubmissionCheck {
  const member = requireMember(deps, memberId);
  if (!member.active) throw new DomainError('report.not_owed', 'report.error.not_owed');
  const committee = requireCommittee(deps, member.committeeId);
  const settings = reportSettings(committee);
  const entry = reportRules(settings).find((r) => r.rule.id === ruleId);
  if (!entry) throw new DomainError('report.unknown_rule', 'report.error.unknown_rule', { rule: ruleId.slice(0, 60) });
  const { rule, list } = entry;
  if (rule.due.kind === 'onRequest') throw new DomainError('report.on_request', 'report.error.on_request');
  const due = duePeriodOf(deps, committee, settings, rule, period);
  if (!due) throw new DomainError('report.bad_period', 'report.error.period', { period: period.slice(0, 40) });
  const owner = ownersOf(rule, committeeMembers(deps.db, committee.id)).find((o) => o.submitIds.includes(member.id));
  if (!owner || owner.joinedAt > due.dueAt) throw new DomainError('report.not_owed', 'report.error.not_owed');
  if (now < due.opensAt) throw new DomainError('report.not_open', 'report.error.not_open', { period, opens: stamp(due.opensAt) });
  if (now > due.closesAt) throw new DomainError('report.closed', 'report.error.closed', { period, due: stamp(due.dueAt), closed: stamp(due.closesAt) });
  const existing = submissionsFor(deps.db, committee.id, rule.id, period).find((s) => owner.countIds.includes(s.memberId));
  if (existing) {
    const by = existing.memberId === member.id ? member.name : requireMember(deps, existing.memberId).name;
    throw new DomainError('report.duplicate', 'report.error.duplicate', { receipt: existing.receipt, time: stamp(existing.submittedAt), name: by });
  }
  return { member, settings, obligation: { committeeId: committee.id, rule, list, ...due, owner } };
}

/**
 * Hands in a report for one obligation: once per member (or agency, or secretariat), rule and
 * period. Late is accepted and marked; after the period closed (one full period past the due
 * date) it is refused. The receipt number is `BC-<year>-<id>`.
 */
export function submitReport(deps: Deps, input: SubmitInput, actor: Actor): SubmitResult {
  const now = deps.clock.now();
  const text = input.text?.trim() || undefined;
  return atomic(deps.db, () => {
    // Checked inside the write transaction: two members of one agency cannot both get through.
    const { member, obligation } = checkSubmission(deps, input.memberId, input.ruleId, input.period, now);
    if (text && text.length > MAX_TEXT) throw new DomainError('report.too_long', 'report.error.too_long', { max: MAX_TEXT });
    if (!text && !input.file) throw new DomainError('report.empty', 'report.error.empty');
    if (input.file) checkReportFile(input.file);
    const late = now > obligation.dueAt;
    const submission = insertSubmission(
      deps.db,
      {
        committeeId: obligation.committeeId,
        ruleId: obligation.rule.id,
        period: input.period,
        memberId: member.id,
        text: text ?? null,
        fileName: input.file?.name.slice(0, 255) ?? null,
        fileId: input.file?.fileId ?? null,
        platform: input.file?.platform ?? null,
        dueAt: obligation.dueAt,
        submittedAt: now,
        late,
      },
      (id) => `BC-${DateTime.fromMillis(now, { zone: VN_ZONE }).year}-${String(id).padStart(6, '0')}`,
    );
    audit(deps, actor, 'report.submit', 'report_submission', submission.id, null, { ...submission, owner: obligation.owner.key });
    return { submission, obligation, lateWorkingDays: late ? workingDaysLate(deps, obligation.dueAt, now) : 0 };
  });
}

export interface BoardItem {
  memberId: number;
  name: string;
  agency: string | null;
  owner: 'member' | 'agency' | 'secretariat';
  /** `m7`, `a<hash>` for an agency, `secretariat` */
  ownerKey: string;
  /** Everyone who answers for the obligation (an agency's members). */
  ownerMemberIds: number[];
  ruleId: string;
  ruleNameVi: string;
  ruleNameEn: string;
  article: string | null;
  period: string;
  dueAt: number;
  status: ReportStatus;
  lateWorkingDays: number;
  submittedAt: number | null;
  receipt: string | null;
  closesAt: number;
}

/**
 * The secretariat's picture of who has not done what: one item per obligation (per member, per
 * agency, or for the secretariat), soonest due first. Without a period: the open obligations.
 */
export function reportStatusBoard(deps: Deps, committeeId: number, period?: string, now = deps.clock.now()): BoardItem[] {
  const committee = requireCommittee(deps, committeeId);
  const settings = reportSettings(committee);
  const select: Selection = period ? { period } : { open: true };
  const states = withStatus(deps, committeeObligations(deps, committee, settings, select, now), now);
  const members = new Map(committeeMembers(deps.db, committeeId).map((m) => [m.id, m]));
  return states.map((s) => {
    const memberId = s.submission?.memberId ?? s.owner.responsibleId;
    return {
      memberId,
      name: members.get(memberId)?.name ?? '',
      agency: s.owner.agency ?? members.get(memberId)?.agency ?? null,
      owner: s.owner.kind,
      ownerKey: s.owner.key,
      ownerMemberIds: s.owner.countIds,
      ruleId: s.rule.id,
      ruleNameVi: s.rule.nameVi,
      ruleNameEn: s.rule.nameEn,
      article: s.rule.article,
      period: s.period,
      dueAt: s.dueAt,
      status: s.status,
      lateWorkingDays: s.lateWorkingDays,
      submittedAt: s.submission?.submittedAt ?? null,
      receipt: s.submission?.receipt ?? null,
      closesAt: s.closesAt,
    };
  });
}
