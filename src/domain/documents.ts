import { atomic } from '../../db/client.js';
import {
  countDocuments,
  deliveredDocumentIds,
  documentKeys,
  documentsOf,
  getDocument,
  insertDocument,
  markDocumentRemoved,
  type DocumentRow,
} from '../../db/queries/documents.js';
import { guestsOfMeeting } from '../../db/queries/requests.js';
import { guestView } from './guests.js';
import { attendee, attendeesOf, markDocumentsReceived, updateMeeting } from '../../db/queries/meetings.js';
import { getMember } from '../../db/queries/members.js';
import type { IncomingFile, Platform } from '../core/channel.js';
import type { AppDeps } from '../core/command.js';
import { DomainError } from '../core/errors.js';
import { notify } from '../core/notifier.js';
import { audit } from './audit.js';
import { checkUpload, storeLocalCopy } from './document-files.js';
import { renderItem, renderSummary, type BoardView } from './document-messages.js';
import type { Actor } from './deps.js';
import { requireMeeting, type Meeting } from './meetings.js';
import type { Member } from './members.js';
import { can } from './permissions.js';

export type MeetingDocument = DocumentRow;

/** Enough for any agenda; a bound keeps a runaway upload loop from filling the disk. */
export const MAX_DOCUMENTS_PER_MEETING = 30;
const MAX_URL = 2000;
const MAX_LINK_NAME = 200;

const actorOf = (m: Member): Actor => `member:${m.id}`;

/** The meeting, when `by` may manage its documents: the secretariat (or chair) of its own committee. */
export function requireManagedMeeting(deps: AppDeps, by: Member, meetingId: number): Meeting {
  const meeting = requireMeeting(deps, meetingId);
  if (meeting.committeeId !== by.committeeId) throw new DomainError('meeting.not_found', 'meeting.error.not_found', { id: String(meetingId) });
  if (!can(by.role, 'meetings.manage')) throw new DomainError('documents.forbidden', 'documents.error.forbidden');
  return meeting;
}

/** Documents are added and sent before the meeting starts, never to a cancelled one. */
export function requireOpenForDocuments(deps: AppDeps, by: Member, meetingId: number): Meeting {
  const meeting = requireManagedMeeting(deps, by, meetingId);
  if (meeting.status === 'cancelled') throw new DomainError('meeting.cancelled', 'meeting.error.cancelled', { id: meeting.id });
  if (meeting.startsAt <= deps.clock.now()) throw new DomainError('meeting.started', 'meeting.error.started', { id: meeting.id });
  return meeting;
}

function requireRoom(deps: AppDeps, meeting: Meeting): void {
  if (countDocuments(deps.db, meeting.id) >= MAX_DOCUMENTS_PER_MEETING) {
    throw new DomainError('documents.too_many', 'documents.error.too_many', { max: MAX_DOCUMENTS_PER_MEETING });
  }
}

/**
 * Adds a file a secretary sent on a platform (its file id is kept for re-sending). Refuses a
 * forbidden type or a file over 20 MB before anything is saved. The local copy is made after
 * the commit: pass the returned document to `keepLocalCopy` via `ctx.afterCommit`.
 */
export function addFileDocument(deps: AppDeps, by: Member, meetingId: number, file: IncomingFile & { platform: Platform }): MeetingDocument {
  const meeting = requireOpenForDocuments(deps, by, meetingId);
  const { name } = checkUpload(file);
  requireRoom(deps, meeting);
  return atomic(deps.db, () => {
    const doc = insertDocument(deps.db, {
      meetingId: meeting.id,
      name,
      mime: file.mime?.slice(0, 200) ?? null,
      size: file.size ?? null,
      platform: file.platform,
      fileId: file.fileId,
      uploadedBy: actorOf(by),
      uploadedAt: deps.clock.now(),
    });
    audit(deps, actorOf(by), 'documents.add', 'document', doc.id, null, doc);
    return doc;
  });
}

/** Adds a link ("Dự thảo kế hoạch https://…" or a bare URL); http and https only. */
export function addLinkDocument(deps: AppDeps, by: Member, meetingId: number, text: string): MeetingDocument {
  const meeting = requireOpenForDocuments(deps, by, meetingId);
  const { url, name } = parseLink(text);
  requireRoom(deps, meeting);
  return atomic(deps.db, () => {
    const doc = insertDocument(deps.db, { meetingId: meeting.id, name, url, uploadedBy: actorOf(by), uploadedAt: deps.clock.now() });
    audit(deps, actorOf(by), 'documents.add', 'document', doc.id, null, doc);
    return doc;
  });
}

/** "name https://…" → the normalised URL and a name (the address itself when none is given). */
export function parseLink(text: string): { url: string; name: string } {
  const m = /^(.*?)\s*(\S+)$/s.exec(text.trim());
  const candidate = m?.[2] ?? '';
  let url: URL | undefined;
  try {
    url = new URL(candidate);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || candidate.length > MAX_URL) {
    throw new DomainError('documents.bad_link', 'documents.error.link');
  }
  const given = (m?.[1] ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  const name = (given || `${url.hostname}${url.pathname === '/' ? '' : url.pathname}`).slice(0, MAX_LINK_NAME);
  return { url: url.href, name };
}

/** Removes a document that has not been sent yet (one already sent is in members' hands). */
export function removeDocument(deps: AppDeps, by: Member, documentId: number): MeetingDocument {
  const doc = Number.isInteger(documentId) ? getDocument(deps.db, documentId) : undefined;
  if (!doc || doc.removedAt) throw new DomainError('documents.not_found', 'documents.error.not_found', { id: String(documentId) });
  requireManagedMeeting(deps, by, doc.meetingId);
  if (deliveredDocumentIds(deps.db, doc.meetingId).has(doc.id)) {
    throw new DomainError('documents.already_sent', 'documents.error.already_sent', { id: doc.id, name: doc.name });
  }
  return atomic(deps.db, () => {
    markDocumentRemoved(deps.db, doc.id, deps.clock.now());
    audit(deps, actorOf(by), 'documents.remove', 'document', doc.id, { removedAt: null }, { removedAt: deps.clock.now() });
    return { ...doc, removedAt: deps.clock.now() };
  });
}

/**
 * Makes the local copy after the commit. A file whose bytes do not match its type (a renamed
 * program) is removed if not yet sent and its uploader is told; download failures are logged.
 */
export async function keepLocalCopy(deps: AppDeps, documentId: number): Promise<void> {
  const result = await storeLocalCopy(deps, documentId);
  if (result !== 'mismatch') return;
  atomic(deps.db, () => {
    const doc = getDocument(deps.db, documentId);
    if (!doc || doc.removedAt) return;
    if (deliveredDocumentIds(deps.db, doc.meetingId).has(doc.id)) {
      deps.log.warn({ document: doc.id }, 'sent document does not match its declared type');
      return;
    }
    markDocumentRemoved(deps.db, doc.id, deps.clock.now());
    audit(deps, 'system', 'documents.remove', 'document', doc.id, { removedAt: null }, { removedAt: deps.clock.now(), reason: 'content does not match type' });
    const uploader = /^member:(\d+)$/.exec(doc.uploadedBy)?.[1];
    if (uploader) {
      notify(deps, { memberId: Number(uploader) }, (t) => ({ text: t('documents.error.content', { name: doc.name, id: doc.meetingId }) }), {
        key: `docs-mismatch:${doc.id}`,
        lane: 'interactive',
      });
    }
  }, 'immediate'); // outside the router: take the write lock up front, as it does
}

/** Attendees who get the documents: not those excused or represented by a substitute. */
function recipientsOf(deps: AppDeps, meetingId: number): number[] {
  return attendeesOf(deps.db, meetingId)
    .filter((a) => a.status !== 'excused' && a.status !== 'substitute')
    .map((a) => a.memberId);
}

/** The documents of a meeting that have gone out (to anyone), oldest first. */
export function publishedDocuments(deps: AppDeps, meetingId: number): MeetingDocument[] {
  const sent = deliveredDocumentIds(deps.db, meetingId);
  return documentsOf(deps.db, meetingId).filter((d) => sent.has(d.id));
}

/**
 * Queues, to one member, each of `docs` they have not had yet: one message per document plus
 * a summary with the "received" button, or a single message when only one is new. The outbox
 * key per document and member makes a second publication send only what is new. Returns
 * the ids of the documents queued. Call it inside a transaction.
 */
function deliver(deps: AppDeps, meeting: Meeting, docs: MeetingDocument[], memberId: number, late: boolean): number[] {
  const had = deliveredDocumentIds(deps.db, meeting.id, memberId);
  const fresh = docs.filter((d) => !had.has(d.id));
  if (fresh.length === 0) return [];
  const topic = `meeting:${meeting.id}`;
  const supplement = had.size > 0;
  const only = fresh.length === 1 ? fresh[0]! : undefined;
  if (only) {
    notify(deps, { memberId }, renderSummary(deps, meeting, fresh, { late, supplement, ...(only.fileId ? { attach: only } : {}) }), {
      key: documentKeys.document(meeting.id, memberId, only.id),
      topic,
    });
    return [only.id];
  }
  fresh.forEach((d, i) => notify(deps, { memberId }, renderItem(deps, meeting, d, i + 1, fresh.length), { key: documentKeys.document(meeting.id, memberId, d.id), topic }));
  notify(deps, { memberId }, renderSummary(deps, meeting, fresh, { late, supplement }), {
    key: documentKeys.summary(meeting.id, memberId, fresh.at(-1)!.id),
    topic,
  });
  return fresh.map((d) => d.id);
}

export function isLate(meeting: Meeting, at: number): boolean {
  return meeting.documentsDueAt != null && at > meeting.documentsDueAt;
}

export interface PublishResult {
  meeting: Meeting;
  /** Documents sent for the first time by this publication. */
  documents: number;
  recipients: number;
  /** After the regulation's deadline (`documentsDueAt`). */
  late: boolean;
}

/**
 * Publishes: every unsent document goes to every attendee (not the excused), marked late past
 * `documentsDueAt` with the article. The first publication sets `documentsPublishedAt` (what the
 * deadline judges); publishing again after adding documents sends only the new ones.
 */
export function publishDocuments(deps: AppDeps, by: Member, meetingId: number): PublishResult {
  const meeting = requireOpenForDocuments(deps, by, meetingId);
  const docs = documentsOf(deps.db, meeting.id);
  if (docs.length === 0) throw new DomainError('documents.none', 'documents.error.none', { id: meeting.id });
  const recipients = recipientsOf(deps, meeting.id);
  if (recipients.length === 0) throw new DomainError('documents.no_recipients', 'documents.error.no_recipients', { id: meeting.id });
  const now = deps.clock.now();
  const late = isLate(meeting, now);
  return atomic(deps.db, () => {
    const current = meeting.documentsPublishedAt ? meeting : updateMeeting(deps.db, meeting.id, { documentsPublishedAt: now, updatedAt: now });
    // Also catches up an attendee added since the last publication.
    const sent = new Set<number>();
    let reached = 0;
    for (const memberId of recipients) {
      const ids = deliver(deps, current, docs, memberId, late);
      if (ids.length) reached++;
      for (const id of ids) sent.add(id);
    }
    for (const g of guestsOfMeeting(deps.db, meeting.id)) sendDocumentsToGuest(deps, current, g);
    // Throwing here also rolls back the publication time set above.
    if (sent.size === 0) throw new DomainError('documents.nothing_new', 'documents.error.nothing_new', { id: meeting.id });
    audit(deps, actorOf(by), 'documents.publish', 'meeting', meeting.id, { documentsPublishedAt: meeting.documentsPublishedAt }, {
      documentsPublishedAt: current.documentsPublishedAt,
      documentIds: [...sent],
      recipients,
      late,
    });
    return { meeting: current, documents: sent.size, recipients: reached, late };
  });
}

/**
 * Sends the documents already published to one more person: the approvals flow calls this when
 * a substitute is approved (the substitute must be an attendee of the meeting to press
 * "received"). Sends nothing before publication or what they already had; returns the count.
 * Call it inside the transaction that records the approval.
 */
export function sendPublishedDocumentsTo(deps: AppDeps, meetingId: number, memberId: number): number {
  const meeting = requireMeeting(deps, meetingId);
  if (!meeting.documentsPublishedAt || meeting.status === 'cancelled' || meeting.startsAt <= deps.clock.now()) return 0;
  const docs = publishedDocuments(deps, meeting.id);
  return deliver(deps, meeting, docs, memberId, isLate(meeting, meeting.documentsPublishedAt)).length;
}

/** The "received" button: sets `documentsReceivedAt` once; a second tap changes nothing. */
export function confirmDocumentsReceived(deps: AppDeps, meetingId: number, memberId: number): { first: boolean; at: number; meeting: Meeting } {
  const meeting = requireMeeting(deps, meetingId);
  const a = attendee(deps.db, meeting.id, memberId);
  if (!a) throw new DomainError('meeting.not_invited', 'meeting.error.not_invited', { id: meetingId });
  if (a.documentsReceivedAt) return { first: false, at: a.documentsReceivedAt, meeting };
  if (!meeting.documentsPublishedAt) throw new DomainError('documents.not_published', 'documents.error.not_published', { id: meetingId });
  const now = deps.clock.now();
  return atomic(deps.db, () => {
    if (!markDocumentsReceived(deps.db, meeting.id, memberId, now)) return { first: false, at: attendee(deps.db, meeting.id, memberId)!.documentsReceivedAt!, meeting };
    audit(deps, `member:${memberId}`, 'documents.received', 'meeting', meeting.id, { documentsReceivedAt: null }, { documentsReceivedAt: now, memberId });
    return { first: true, at: now, meeting };
  });
}

/** What a member may ask for again: the published documents of a meeting they attend. */
export function documentsForMember(deps: AppDeps, member: Member, meetingId: number): { meeting: Meeting; documents: MeetingDocument[]; receivedAt: number | null } {
  const meeting = requireMeeting(deps, meetingId);
  const a = meeting.committeeId === member.committeeId ? attendee(deps.db, meeting.id, member.id) : undefined;
  if (!a) throw new DomainError('meeting.not_invited', 'meeting.error.not_invited', { id: meetingId });
  if (a.status === 'excused' || a.status === 'substitute') throw new DomainError('meeting.already_excused', 'meeting.error.already_excused', { id: meetingId });
  const documents = publishedDocuments(deps, meeting.id);
  if (!meeting.documentsPublishedAt || documents.length === 0) throw new DomainError('documents.not_published', 'documents.error.not_published', { id: meetingId });
  return { meeting, documents, receivedAt: a.documentsReceivedAt };
}

/** The receipts board: documents (sent or draft), who has received them and who has not. */
export function documentsBoard(deps: AppDeps, by: Member, meetingId: number): BoardView {
  const meeting = requireManagedMeeting(deps, by, meetingId);
  const sent = deliveredDocumentIds(deps.db, meeting.id);
  const view: BoardView = { meeting, documents: documentsOf(deps.db, meeting.id).map((d) => ({ ...d, published: sent.has(d.id) })), received: [], pending: [], excused: [] };
  for (const a of attendeesOf(deps.db, meeting.id)) {
    const name = getMember(deps.db, a.memberId)?.name ?? `#${a.memberId}`;
    if (a.status === 'excused' || a.status === 'substitute') view.excused.push(name);
    else if (a.documentsReceivedAt) view.received.push({ name, at: a.documentsReceivedAt });
    else view.pending.push(name);
  }
  return view;
}

/**
 * The published documents, to an approved substitute's chat (a guest of this one meeting): each
 * document once (the key per guest and document), with no "received" button, as guests are not
 * attendees. Called when a guest binds and on every later publication.
 */
export function sendDocumentsToGuest(deps: AppDeps, meeting: Meeting, guest: { id: number; address: string | null; locale: string }): number {
  if (!guest.address || !meeting.documentsPublishedAt || meeting.status === 'cancelled') return 0;
  const to = { address: guest.address, locale: guest.locale === 'en' ? ('en' as const) : ('vi' as const) };
  let n = 0;
  const docs = publishedDocuments(deps, meeting.id);
  docs.forEach((d, i) => {
    if (notify(deps, to, guestView(renderItem(deps, meeting, d, i + 1, docs.length)), { key: `guestdocs:${meeting.id}:g${guest.id}:d${d.id}`, topic: `meeting:${meeting.id}` })) n++;
  });
  return n;
}
