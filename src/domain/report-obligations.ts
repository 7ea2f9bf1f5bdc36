/**
 * Who owes which periodic report, for which period, by when — derived from the committee's
 * regulation (`memberReports`, `secretariatReports`, each rule citing its article) and, for
 * reports due before each meeting, from the meetings scheduled. Nothing here is stored: an
 * obligation is recomputed whenever it is needed, so a changed setting or a moved meeting is
 * reflected at once.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { getMeeting, meetingsOfBodyBetween } from '../../db/queries/meetings.js';
import type { MemberRow } from '../../db/queries/members.js';
import { committeeMembers } from '../../db/queries/reports.js';
import { VN_ZONE } from '../core/clock.js';
import { DomainError } from '../core/errors.js';
import { committeeSettings, type Committee } from './committees.js';
import type { Deps } from './deps.js';
import type { RegulationSettings, ReportRule } from './presets/index.js';
import { closesAt, isPeriodicRule, parsePeriod, periodicDue, periodsOfYear } from './report-periods.js';

/** The secretariat receives the members' reports; it does not owe them (DOMAIN.md roles). */
export const SECRETARIAT_ROLES: readonly string[] = ['secretariat_lead', 'secretary'];

export type RuleList = 'memberReports' | 'secretariatReports';

/** Who answers for one obligation: a member, an agency (any of its members), or the secretariat. */
export interface Owner {
  /** `m7`, `a<hash of the agency name>`, `secretariat` */
  key: string;
  kind: 'member' | 'agency' | 'secretariat';
  agency: string | null;
  /** Shown on the status board until someone submits. */
  responsibleId: number;
  /** Reminded before the due date. */
  remindIds: number[];
  /** May submit for the owner (active members). */
  submitIds: number[];
  /** Whose submission satisfies the obligation (inactive members too: what they sent still counts). */
  countIds: number[];
  /** When the first of its members joined: nobody owes a report that fell due before they joined. */
  joinedAt: number;
}

/** One report due from one owner for one period. */
export interface Obligation {
  committeeId: number;
  rule: ReportRule;
  list: RuleList;
  /** `2026-Q1`, `2026-H1`, `2026`, `meeting:12` */
  period: string;
  /** The calendar year the period belongs to (for `--period 2026`). */
  year: number;
  dueAt: number;
  /** Submissions are taken from the period's start … */
  opensAt: number;
  /** … until one full period after the due date (late, but accepted); then it is closed. */
  closesAt: number;
  meetingId?: number;
  meetingStartsAt?: number;
  owner: Owner;
}

export type DuePeriod = Omit<Obligation, 'owner' | 'committeeId' | 'rule' | 'list'>;

const settingsCache = new Map<string, RegulationSettings>();

/**
 * The committee's settings, validated once per distinct preset and overrides: the scheduler reads
 * them for every committee every minute. Shared: treat as read-only.
 */
export function reportSettings(committee: Committee): RegulationSettings {
  const key = `${committee.presetId}|${JSON.stringify(committee.settingsOverrides)}`;
  let settings = settingsCache.get(key);
  if (!settings) {
    if (settingsCache.size > 1000) settingsCache.clear();
    settingsCache.set(key, (settings = committeeSettings(committee)));
  }
  return settings;
}

export function reportRules(settings: RegulationSettings): { rule: ReportRule; list: RuleList }[] {
  return [
    ...settings.memberReports.value.map((rule) => ({ rule, list: 'memberReports' as const })),
    ...settings.secretariatReports.value.map((rule) => ({ rule, list: 'secretariatReports' as const })),
  ];
}

const agencyKey = (agency: string) => `a${createHash('sha1').update(agency.normalize('NFC').trim().toLowerCase()).digest('hex').slice(0, 12)}`;

/**
 * The owners of a rule among a committee's members. Members and agencies report to the
 * secretariat (or to the role the rule names), so those receivers owe nothing; a member with no
 * agency on file answers for themself.
 */
export function ownersOf(rule: ReportRule, members: MemberRow[]): Owner[] {
  const active = members.filter((m) => m.active);
  if (rule.from === 'secretariat') {
    const leads = active.filter((m) => m.role === 'secretariat_lead');
    const team = active.filter((m) => SECRETARIAT_ROLES.includes(m.role));
    const remind = leads.length ? leads : team;
    if (!remind.length) return [];
    return [{
      key: 'secretariat', kind: 'secretariat', agency: remind[0]!.agency, responsibleId: remind[0]!.id,
      remindIds: remind.map((m) => m.id), submitIds: team.map((m) => m.id),
      countIds: members.filter((m) => SECRETARIAT_ROLES.includes(m.role)).map((m) => m.id),
      joinedAt: Math.min(...remind.map((m) => m.createdAt)),
    }];
  }
  const owes = (m: MemberRow) => !SECRETARIAT_ROLES.includes(m.role) && m.role !== rule.to;
  if (rule.from === 'member') {
    return active.filter(owes).map((m) => ({
      key: `m${m.id}`, kind: 'member', agency: m.agency, responsibleId: m.id, remindIds: [m.id], submitIds: [m.id], countIds: [m.id], joinedAt: m.createdAt,
    }));
  }
  const groups = new Map<string, { agency: string | null; all: MemberRow[] }>();
  for (const m of members.filter(owes)) {
    const key = m.agency?.trim() ? agencyKey(m.agency) : `m${m.id}`;
    const g = groups.get(key) ?? { agency: m.agency?.trim() || null, all: [] };
    g.all.push(m);
    groups.set(key, g);
  }
  const owners: Owner[] = [];
  for (const [key, g] of groups) {
    const live = g.all.filter((m) => m.active);
    if (!live.length) continue;
    const ids = live.map((m) => m.id);
    owners.push({
      key, kind: key.startsWith('a') ? 'agency' : 'member', agency: g.agency, responsibleId: ids[0]!,
      remindIds: ids, submitIds: ids, countIds: g.all.map((m) => m.id), joinedAt: Math.min(...live.map((m) => m.createdAt)),
    });
  }
  return owners;
}

const MONTH = 31 * 86_400_000;

/** The due periods of a rule whose due date falls in [from, to]; none for reports on request. */
export function duePeriods(deps: Deps, committee: Committee, settings: RegulationSettings, rule: ReportRule, from: number, to: number): DuePeriod[] {
  const full = settings.meetings.full.value;
  const out: DuePeriod[] = [];
  if (isPeriodicRule(rule)) {
    const y0 = DateTime.fromMillis(from, { zone: VN_ZONE }).year - 1;
    const y1 = DateTime.fromMillis(to, { zone: VN_ZONE }).year + 1;
    for (let year = y0; year <= y1; year++) {
      for (const d of periodicDuesOfYear(rule, year, full)) if (d.dueAt >= from && d.dueAt <= to) out.push(d);
    }
  } else if (rule.due.kind === 'beforeMeeting') {
    const n = rule.due.workingDays;
    // A meeting starts after its due date: look a little past `to` for meetings due inside it.
    for (const m of meetingsOfBodyBetween(deps.db, committee.id, 'full', from, to + 3 * MONTH)) {
      const due = meetingDue(deps, m.startsAt, n);
      if (due < from || due > to) continue;
      out.push({
        period: `meeting:${m.id}`, year: DateTime.fromMillis(m.startsAt, { zone: VN_ZONE }).year, dueAt: due,
        opensAt: m.createdAt, closesAt: closesAt(rule, due, full), meetingId: m.id, meetingStartsAt: m.startsAt,
      });
    }
  }
  return out.sort((a, b) => a.dueAt - b.dueAt);
}

/**
 * Zoned date arithmetic is the expensive part of a scheduler tick (luxon + Intl), and a periodic
 * rule's dates for a year never change: computed once per rule shape and year, then shared
 * (frozen).
 */
const yearCache = new Map<string, readonly DuePeriod[]>();

function periodicDuesOfYear(rule: ReportRule & { period: 'quarterly' | 'semiannual' | 'yearly' }, year: number, full: RegulationSettings['meetings']['full']['value']): readonly DuePeriod[] {
  const key = `${rule.period}|${JSON.stringify(rule.due)}|${year}`;
  let dues = yearCache.get(key);
  if (!dues) {
    const list: DuePeriod[] = [];
    for (const span of periodsOfYear(rule.period, year)) {
      const dueAt = periodicDue(rule.due, span);
      if (dueAt !== undefined) list.push(Object.freeze({ period: span.label, year: span.year, dueAt, opensAt: span.start.toMillis(), closesAt: closesAt(rule, dueAt, full) }));
    }
    if (yearCache.size > 10_000) yearCache.clear();
    yearCache.set(key, (dues = Object.freeze(list)));
  }
  return dues;
}

/** N working days before the meeting, at the meeting's time of day (calendar.subtractWorkingDays). */
function meetingDue(deps: Deps, startsAt: number, workingDays: number): number {
  return deps.calendar.subtractWorkingDays(DateTime.fromMillis(startsAt, { zone: VN_ZONE }), workingDays).toMillis();
}

/** The due period of a rule for one period label, or undefined when the rule has none. */
export function duePeriodOf(deps: Deps, committee: Committee, settings: RegulationSettings, rule: ReportRule, period: string): DuePeriod | undefined {
  const p = parsePeriod(period);
  if (!p) return undefined;
  if (p.kind === 'meeting') {
    if (rule.due.kind !== 'beforeMeeting') return undefined;
    const m = getMeeting(deps.db, p.meetingId);
    if (!m || m.committeeId !== committee.id || m.body !== 'full' || m.status !== 'scheduled') return undefined;
    const due = meetingDue(deps, m.startsAt, rule.due.workingDays);
    return {
      period, year: DateTime.fromMillis(m.startsAt, { zone: VN_ZONE }).year, dueAt: due,
      opensAt: m.createdAt, closesAt: closesAt(rule, due, settings.meetings.full.value), meetingId: m.id, meetingStartsAt: m.startsAt,
    };
  }
  // A bare year is the label of a yearly period.
  const kind = p.kind === 'year-filter' ? 'yearly' : p.kind;
  return kind === rule.period ? findIn(deps, committee, settings, rule, period, p.year) : undefined;
}

function findIn(deps: Deps, committee: Committee, settings: RegulationSettings, rule: ReportRule, period: string, year: number): DuePeriod | undefined {
  const from = DateTime.fromObject({ year: year - 1 }, { zone: VN_ZONE }).toMillis();
  const to = DateTime.fromObject({ year: year + 2 }, { zone: VN_ZONE }).toMillis();
  return duePeriods(deps, committee, settings, rule, from, to).find((d) => d.period === period);
}

/**
 * Which obligations to list:
 *   - `open`: not yet closed, and either already due or the next one due (what /reports shows);
 *   - `upcoming`: the next `n` due dates of each rule (what reminders are planned for);
 *   - `period`: every obligation of one period, or of every period of a year (`2026`).
 */
export type Selection = { open: true } | { upcoming: number } | { period: string };

export function committeeObligations(deps: Deps, committee: Committee, settings: RegulationSettings, select: Selection, now: number): Obligation[] {
  const members = committeeMembers(deps.db, committee.id);
  let filter: { year: number; label?: string } | undefined;
  let from = now - 14 * MONTH;
  let to = now + 26 * MONTH;
  if ('period' in select) {
    const p = parsePeriod(select.period);
    if (!p) throw new DomainError('report.bad_period', 'report.error.period', { period: select.period.slice(0, 40) });
    const year = p.kind === 'meeting' ? undefined : p.year;
    if (p.kind === 'meeting') {
      const m = getMeeting(deps.db, p.meetingId);
      filter = { year: 0, label: select.period };
      from = (m?.startsAt ?? now) - 3 * MONTH;
      to = (m?.startsAt ?? now) + MONTH;
    } else {
      filter = { year: year!, ...(p.kind === 'year-filter' ? {} : { label: select.period }) };
      from = DateTime.fromObject({ year: year! - 1 }, { zone: VN_ZONE }).toMillis();
      to = DateTime.fromObject({ year: year! + 3 }, { zone: VN_ZONE }).toMillis();
    }
  }
  const out: Obligation[] = [];
  for (const { rule, list } of reportRules(settings)) {
    let periods = duePeriods(deps, committee, settings, rule, from, to);
    if (filter) periods = periods.filter((d) => (filter.label ? d.period === filter.label : d.year === filter.year));
    else if ('open' in select) {
      const next = periods.find((d) => d.dueAt > now);
      periods = periods.filter((d) => d.closesAt >= now && (d.dueAt <= now || d === next));
    } else if ('upcoming' in select) periods = periods.filter((d) => d.dueAt > now).slice(0, select.upcoming);
    if (!periods.length) continue;
    const owners = ownersOf(rule, members);
    for (const d of periods) {
      for (const owner of owners) if (owner.joinedAt <= d.dueAt) out.push({ committeeId: committee.id, rule, list, ...d, owner });
    }
  }
  return out.sort((a, b) => a.dueAt - b.dueAt || a.rule.id.localeCompare(b.rule.id) || a.owner.responsibleId - b.owner.responsibleId);
}
