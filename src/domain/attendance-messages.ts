import { encodeAction } from '../core/actions.js';
import type { OutgoingMessage } from '../core/channel.js';
import { formatDateTime, raw, type Locale, type Translate } from '../core/i18n.js';
import { escapeHtml } from '../core/markup.js';
import type { Render } from '../core/notifier.js';
import { ATTENDANCE_VIEW_STATUSES, type Attendance, type AttendeeView, type QuorumForecast } from './attendance.js';
import { describeSetting, type Cited, type Quorum } from './presets/index.js';

/** 0.66 → "66", 2/3 → "66.67". */
const percent = (fraction: number) => String(Math.round(fraction * 10_000) / 100);

/**
 * The quorum rule in words, with where it comes from: "quá nửa số đại biểu được mời (mặc định của
 * hệ thống)", "ít nhất 66% số đại biểu được mời (theo cấu hình riêng của Ban Chỉ đạo)".
 */
export function quorumRule(setting: Cited<Quorum>, t: Translate, locale: Locale): string {
  const { fraction, strict } = setting.value;
  const rule =
    strict && fraction === 0.5
      ? t('attendance.rule.more_than_half')
      : t(strict ? 'attendance.rule.more_than' : 'attendance.rule.at_least', { percent: percent(fraction) });
  return t('attendance.rule.cited', { rule, source: describeSetting(setting, locale) });
}

/** "Hoàng Văn Em (đang chờ duyệt đề nghị vắng mặt số 3)", as HTML-lite (the name escaped). */
function nameWithNote(a: AttendeeView, t: Translate): string {
  if (a.request?.status !== 'pending') return escapeHtml(a.name);
  return t('attendance.pending_note', { name: a.name, kind: t(`request.kind.${a.request.kind}`), id: a.request.id });
}

function substituteEntry(a: AttendeeView, t: Translate): string {
  const s = a.substitute;
  if (!s) return t('attendance.substitute.unknown', { member: a.name });
  const details = [s.title, s.agency, s.contact].filter(Boolean).join(', ');
  return t('attendance.substitute.entry', {
    member: a.name,
    name: s.name,
    details: details ? ` (${details})` : '',
    link: s.bound ? '' : ` ${t('attendance.substitute.not_bound')}`,
  });
}

/** One line per status that has anyone in it: "✅ Sẽ tham dự (2): Nguyễn Văn An, Hoàng Văn Em". */
export function attendanceGroups(att: Attendance, t: Translate): string[] {
  const lines: string[] = [];
  for (const status of ATTENDANCE_VIEW_STATUSES) {
    const who = att.attendees.filter((a) => a.status === status);
    if (who.length === 0) continue;
    const names = who.map((a) => (status === 'substitute' ? substituteEntry(a, t) : nameWithNote(a, t)));
    lines.push(t(`attendance.group.${status}`, { n: who.length, names: raw(names.join(status === 'substitute' ? '; ' : ', ')) }));
  }
  return lines;
}

/** The forecast and its verdict, citing the quorum rule. */
export function forecastLines(q: QuorumForecast, setting: Cited<Quorum>, t: Translate, locale: Locale): string[] {
  const params = { expected: q.expected, confirmed: q.confirmed, total: q.total, needed: q.needed };
  return [
    t('attendance.forecast', { ...params, rule: quorumRule(setting, t, locale) }),
    t(q.belowQuorum ? 'attendance.verdict.below' : q.atRisk ? 'attendance.verdict.at_risk' : 'attendance.verdict.ok', params),
  ];
}

/** What `/attendance <id>` shows the presider or the secretariat. */
export function renderAttendance(att: Attendance, t: Translate, locale: Locale): string {
  const m = att.meeting;
  const lines = [
    t('attendance.title', { id: m.id, title: m.title }),
    t('meeting.fact.time', { time: formatDateTime(m.startsAt, locale) }),
    t('meeting.fact.presider', { name: att.presiderName }),
    m.status === 'cancelled' ? t('attendance.cancelled') : '',
    '',
    ...attendanceGroups(att, t),
    '',
    ...forecastLines(att.quorum, att.quorumSetting, t, locale),
  ];
  return lines.filter((l, i) => l !== '' || (i > 0 && lines[i - 1] !== '')).join('\n');
}

export const viewButton = (meetingId: number, t: Translate) => ({ label: t('attendance.button.view'), action: encodeAction('attv', meetingId) });

/**
 * The presider's alert two working days before the meeting when the forecast falls short: which
 * case (below quorum, or not yet enough confirmed), the counts, and who has not answered.
 */
export function renderQuorumAlert(att: Attendance): Render {
  return (t, locale): OutgoingMessage => {
    const m = att.meeting;
    const silent = att.attendees.filter((a) => a.status === 'no_answer');
    const lines = [
      t(att.quorum.belowQuorum ? 'attendance.alert.title_below' : 'attendance.alert.title_at_risk', {
        id: m.id,
        title: m.title,
        time: formatDateTime(m.startsAt, locale),
      }),
      ...forecastLines(att.quorum, att.quorumSetting, t, locale),
      t('attendance.alert.counts', {
        confirmed: att.counts.confirmed,
        substitute: att.counts.substitute,
        excused: att.counts.excused,
        no_answer: att.counts.noAnswer,
        pending: att.counts.pending,
      }),
      silent.length ? t('attendance.group.no_answer', { n: silent.length, names: raw(silent.map((a) => nameWithNote(a, t)).join(', ')) }) : '',
      t('attendance.alert.footer', { id: m.id }),
    ];
    return { text: lines.filter(Boolean).join('\n'), buttons: [[viewButton(m.id, t)]] };
  };
}

