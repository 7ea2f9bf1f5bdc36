import { getCommittee } from '../../db/queries/committees.js';
import type { DocumentRow } from '../../db/queries/documents.js';
import type { MeetingRow } from '../../db/queries/meetings.js';
import { encodeAction } from '../core/actions.js';
import type { Attachment, Button, OutgoingMessage, Platform } from '../core/channel.js';
import type { AppDeps } from '../core/command.js';
import { formatDateTime, raw, type Locale, type Translate } from '../core/i18n.js';
import { escapeHtml } from '../core/markup.js';
import type { Render } from '../core/notifier.js';
import { committeeSettings } from './committees.js';
import { meetingFacts } from './meeting-messages.js';
import { describeSetting } from './presets/index.js';

/** What `meetings.documentsRule` holds: the deadline, the rule ('48h', '2wd', 'none') and its article. */
interface StoredRule {
  dueAt: number | null;
  rule: string;
  article: string | null;
}

function storedRule(meeting: MeetingRow): StoredRule | undefined {
  if (!meeting.documentsRule) return undefined;
  try {
    return JSON.parse(meeting.documentsRule) as StoredRule;
  } catch {
    return undefined;
  }
}

/**
 * The rule the deadline came from, as the regulation says it: "2 ngày làm việc trước cuộc họp
 * theo Điều 10.4 Quy chế". Read from what was stored when the meeting was (re)scheduled, so the
 * citation matches the deadline even if the committee's settings changed since.
 */
export function documentsRuleText(deps: AppDeps, meeting: MeetingRow, t: Translate, locale: Locale): string {
  const stored = storedRule(meeting);
  const lead = /^(\d+)(h|wd)$/.exec(stored?.rule ?? '');
  const committee = getCommittee(deps.db, meeting.committeeId);
  const source = committee ? committeeSettings(committee).documentsLeadTime.source : 'preset';
  const cite = describeSetting({ article: stored?.article ?? null, source }, locale);
  if (!lead) return cite;
  const key = lead[2] === 'h' ? 'documents.lead.hours' : 'documents.lead.working_days';
  return `${t(key, { n: Number(lead[1]) })} ${cite}`;
}

/** "⚠️ Tài liệu gửi chậm so với quy định: 2 ngày làm việc trước cuộc họp theo Điều 10.4 Quy chế (hạn …)". */
export function lateNote(deps: AppDeps, meeting: MeetingRow, t: Translate, locale: Locale): string {
  return t('documents.late', {
    rule: documentsRuleText(deps, meeting, t, locale),
    due: meeting.documentsDueAt ? formatDateTime(meeting.documentsDueAt, locale) : '',
  });
}

export function formatSize(bytes: number, locale: Locale): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return `${locale === 'vi' ? mb.replace('.', ',') : mb} MB`;
}

/** A link as HTML-lite; the URL was normalised by WHATWG URL when it was added. */
export function linkHtml(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
}

/** One line per document: "📎 bao-cao.pdf (1,2 MB)" or "🔗 Dự thảo kế hoạch" (a link). */
export function documentLine(doc: DocumentRow, locale: Locale): string {
  if (doc.url) return `🔗 ${linkHtml(doc.url, doc.name)}`;
  return `📎 ${escapeHtml(doc.name)}${doc.size ? ` (${formatSize(doc.size, locale)})` : ''}`;
}

export function fileAttachment(doc: DocumentRow): Attachment | undefined {
  if (!doc.fileId) return undefined;
  return {
    name: doc.name,
    // Re-sent by the platform's file id: no upload, no size limit on the way out. The local
    // copy is there for channels that cannot use that id.
    fileId: doc.fileId,
    ...(doc.platform ? { platform: doc.platform as Platform } : {}),
    ...(doc.localPath ? { path: doc.localPath } : {}),
    ...(doc.mime ? { mime: doc.mime } : {}),
  };
}

export function receivedButton(t: Translate, meetingId: number): Button[][] {
  return [[{ label: t('documents.button.received'), action: encodeAction('docrcv', meetingId) }]];
}

export interface SummaryOptions {
  late: boolean;
  /** The member already had documents of this meeting: these are additional ones. */
  supplement: boolean;
  /** The member confirmed receipt already (an on-demand re-send): no button. */
  receivedAt?: number | null;
  /** The single file this message carries, when there is only one new document. */
  attach?: DocumentRow;
}

/** The message with every fact, the list of documents and the "received" button. */
export function documentsSummary(deps: AppDeps, meeting: MeetingRow, docs: DocumentRow[], o: SummaryOptions, t: Translate, locale: Locale): OutgoingMessage {
  const lines = [
    t(o.supplement ? 'documents.summary.supplement' : 'documents.summary.title', { title: meeting.title }),
    meetingFacts(deps, meeting, t, locale),
    '',
    t('documents.summary.list', { n: docs.length }),
    ...docs.map((d) => documentLine(d, locale)),
  ];
  if (o.late) lines.push('', lateNote(deps, meeting, t, locale));
  lines.push('', o.receivedAt ? t('documents.summary.received_at', { time: formatDateTime(o.receivedAt, locale) }) : t('documents.summary.ask'));
  const attachment = o.attach && fileAttachment(o.attach);
  return {
    text: lines.join('\n'),
    ...(o.receivedAt ? {} : { buttons: receivedButton(t, meeting.id) }),
    ...(attachment ? { attachment } : {}),
  };
}

/** One document of several: the file (or link) with the meeting's facts. */
export function documentItem(deps: AppDeps, meeting: MeetingRow, doc: DocumentRow, index: number, count: number, t: Translate, locale: Locale): OutgoingMessage {
  const head = doc.url ? `🔗 ${linkHtml(doc.url, doc.name)}` : `📎 <b>${escapeHtml(doc.name)}</b>`;
  const attachment = fileAttachment(doc);
  return {
    text: `${head} (${index}/${count})\n${t('documents.item.meeting', { title: meeting.title })}\n${meetingFacts(deps, meeting, t, locale)}`,
    ...(attachment ? { attachment } : {}),
  };
}

export const renderSummary = (deps: AppDeps, meeting: MeetingRow, docs: DocumentRow[], o: SummaryOptions): Render =>
  (t, locale) => documentsSummary(deps, meeting, docs, o, t, locale);

export const renderItem = (deps: AppDeps, meeting: MeetingRow, doc: DocumentRow, index: number, count: number): Render =>
  (t, locale) => documentItem(deps, meeting, doc, index, count, t, locale);

/** To the secretariat, one working day before the deadline, when nothing was sent yet. */
export function renderDocumentsWarning(deps: AppDeps, meeting: MeetingRow): Render {
  return (t, locale) => ({
    text: [
      t('documents.warn.title', { title: meeting.title, id: meeting.id }),
      t('documents.warn.due', {
        due: meeting.documentsDueAt ? formatDateTime(meeting.documentsDueAt, locale) : '',
        rule: documentsRuleText(deps, meeting, t, locale),
      }),
      meetingFacts(deps, meeting, t, locale),
      '',
      t('documents.warn.how', { id: meeting.id }),
    ].join('\n'),
  });
}

export interface BoardView {
  meeting: MeetingRow;
  documents: (DocumentRow & { published: boolean })[];
  received: { name: string; at: number }[];
  pending: string[];
  excused: string[];
}

/** The secretariat's view: the deadline with its article, the documents, who has and has not received them. */
export function boardText(deps: AppDeps, b: BoardView, t: Translate, locale: Locale): string {
  const m = b.meeting;
  const status = !m.documentsPublishedAt
    ? t('documents.board.unpublished')
    : m.documentsDueAt && m.documentsPublishedAt > m.documentsDueAt
      ? t('documents.board.published_late', { time: formatDateTime(m.documentsPublishedAt, locale) })
      : t('documents.board.published', { time: formatDateTime(m.documentsPublishedAt, locale) });
  const due = m.documentsDueAt
    ? t('documents.board.due', { time: formatDateTime(m.documentsDueAt, locale), rule: documentsRuleText(deps, m, t, locale) })
    : t('documents.board.no_due', { rule: documentsRuleText(deps, m, t, locale) });
  const docs = b.documents.length
    ? b.documents.map((d) => `#${d.id} ${documentLine(d, locale)} – ${t(d.published ? 'documents.board.doc_sent' : 'documents.board.doc_draft')}`)
    : [t('documents.board.no_documents')];
  const names = (list: string[]) => (list.length ? list.map(escapeHtml).join(', ') : '—');
  const lines = [
    t('documents.board.title', { id: m.id, title: m.title }),
    t('meeting.fact.time', { time: formatDateTime(m.startsAt, locale) }),
    due,
    status,
    '',
    t('documents.board.documents', { n: b.documents.length }),
    ...docs,
    '',
    t('documents.board.received', { n: b.received.length, total: b.received.length + b.pending.length, names: raw(names(b.received.map((r) => `${r.name} (${formatDateTime(r.at, locale)})`))) }),
    t('documents.board.pending', { n: b.pending.length, names: raw(names(b.pending)) }),
  ];
  if (b.excused.length) lines.push(t('documents.board.excused', { names: raw(names(b.excused)) }));
  return lines.join('\n');
}
