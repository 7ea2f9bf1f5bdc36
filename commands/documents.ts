import { documentsOf } from '../db/queries/documents.js';
import { upcomingOfCommittee } from '../db/queries/meetings.js';
import { encodeAction } from '../src/core/actions.js';
import type { Button } from '../src/core/channel.js';
import type { Command, Ctx, DialogState } from '../src/core/command.js';
import { DomainError } from '../src/core/errors.js';
import { formatDate, formatDateTime, raw } from '../src/core/i18n.js';
import { allowedTypesText, MAX_DOCUMENT_BYTES } from '../src/domain/document-files.js';
import { boardText, documentItem, documentLine, documentsSummary, documentsRuleText, lateNote } from '../src/domain/document-messages.js';
import {
  addFileDocument,
  addLinkDocument,
  confirmDocumentsReceived,
  documentsBoard,
  documentsForMember,
  keepLocalCopy,
  publishDocuments,
  publishedDocuments,
  removeDocument,
  requireOpenForDocuments,
  type MeetingDocument,
} from '../src/domain/documents.js';
import { upcomingMeetingsOf, type Meeting } from '../src/domain/meetings.js';
import { can } from '../src/domain/permissions.js';

const COMMAND = 'documents';
const MAX_CHOICES = 10;

const isManager = (ctx: Ctx) => can(ctx.member!.role, 'meetings.manage');

function parseId(s: string | undefined): number {
  const n = Number(s);
  if (!s || !Number.isInteger(n) || n <= 0) throw new DomainError('documents.bad_id', 'meeting.error.not_found', { id: String(s ?? '') });
  return n;
}

const publishButton = (ctx: Ctx, meetingId: number): Button => ({ label: ctx.t('documents.button.publish'), action: encodeAction('docpub', meetingId) });

function meetingButtons(ctx: Ctx, meetings: Meeting[], verb: string): Button[][] {
  return meetings.slice(0, MAX_CHOICES).map((m) => [{ label: `#${m.id} ${m.title.slice(0, 40)} – ${formatDate(m.startsAt, ctx.locale)}`, action: encodeAction(verb, m.id) }]);
}

/** Drafts not sent yet, for the prompts. */
function draftCount(ctx: Ctx, meetingId: number): number {
  const sent = new Set(publishedDocuments(ctx.deps, meetingId).map((d) => d.id));
  return documentsOf(ctx.deps.db, meetingId).filter((d) => !sent.has(d.id)).length;
}

/** Opens the upload dialog for a meeting: files and links are then taken one by one. */
function collect(ctx: Ctx, meetingId: number): void {
  const meeting = requireOpenForDocuments(ctx.deps, ctx.member!, meetingId);
  ctx.dialog.set('collect', { meetingId: meeting.id });
  const due = meeting.documentsDueAt
    ? ctx.t('documents.board.due', { time: formatDateTime(meeting.documentsDueAt, ctx.locale), rule: documentsRuleText(ctx.deps, meeting, ctx.t, ctx.locale) })
    : ctx.t('documents.board.no_due', { rule: documentsRuleText(ctx.deps, meeting, ctx.t, ctx.locale) });
  const n = draftCount(ctx, meeting.id);
  ctx.reply({
    text: ctx.t('documents.dialog.collect', { title: meeting.title, id: meeting.id, due: raw(due), types: allowedTypesText(), max: MAX_DOCUMENT_BYTES / 1024 / 1024, n }),
    ...(n > 0 ? { buttons: [[publishButton(ctx, meeting.id)]] } : {}),
  });
}

function added(ctx: Ctx, doc: MeetingDocument, state: DialogState): void {
  ctx.dialog.set('collect', state.data); // a new file keeps the session alive
  ctx.reply({
    text: ctx.t('documents.dialog.added', { doc: doc.id, line: raw(documentLine(doc, ctx.locale)), n: draftCount(ctx, doc.meetingId) }),
    buttons: [[publishButton(ctx, doc.meetingId), { label: ctx.t('documents.button.remove', { id: doc.id }), action: encodeAction('docrm', doc.id) }]],
  });
}

function publish(ctx: Ctx, meetingId: number): void {
  const r = publishDocuments(ctx.deps, ctx.member!, meetingId);
  if (ctx.dialog.current()?.command === COMMAND) ctx.dialog.end();
  const lines = [ctx.t('documents.published', { docs: r.documents, title: r.meeting.title, members: r.recipients, id: r.meeting.id })];
  if (r.late) lines.push(lateNote(ctx.deps, r.meeting, ctx.t, ctx.locale));
  ctx.reply(lines.join('\n'));
}

function board(ctx: Ctx, meetingId: number): void {
  const view = documentsBoard(ctx.deps, ctx.member!, meetingId);
  const m = view.meeting;
  const open = m.status === 'scheduled' && m.startsAt > ctx.now;
  const drafts = view.documents.filter((d) => !d.published);
  const buttons: Button[][] = [];
  if (open && drafts.length) buttons.push([publishButton(ctx, m.id)]);
  if (open) buttons.push(drafts.slice(0, 3).map((d) => ({ label: ctx.t('documents.button.remove', { id: d.id }), action: encodeAction('docrm', d.id) })));
  // The board's buttons may be pressed later: "add" needs a dialog this command owns.
  if (open) ctx.dialog.set('board', { meetingId: m.id });
  ctx.reply({ text: boardText(ctx.deps, view, ctx.t, ctx.locale), buttons: buttons.filter((row) => row.length) });
}

/** A member's own copy again, on demand: each document, then the summary with the button. */
function resend(ctx: Ctx, meetingId: number): void {
  const { meeting, documents, receivedAt } = documentsForMember(ctx.deps, ctx.member!, meetingId);
  const late = meeting.documentsDueAt != null && meeting.documentsPublishedAt! > meeting.documentsDueAt;
  if (documents.length > 1) documents.forEach((d, i) => ctx.reply(documentItem(ctx.deps, meeting, d, i + 1, documents.length, ctx.t, ctx.locale)));
  const only = documents.length === 1 && documents[0]!.fileId ? documents[0] : undefined;
  ctx.reply(documentsSummary(ctx.deps, meeting, documents, { late, supplement: false, receivedAt, ...(only ? { attach: only } : {}) }, ctx.t, ctx.locale));
}

/**
 * `/documents` — for the secretariat: choose a meeting, send files and links one by one, press
 * "Send documents"; `/documents <id>` shows who has received them. For every other member:
 * the documents of a meeting they attend, again. Who may do what is re-checked in the domain.
 */
export const documentsCommand: Command = {
  name: COMMAND,
  descriptionKey: 'cmd.documents.description',
  access: 'meetings.view',
  run(ctx, args) {
    const [sub, arg, ...rest] = args.split(/\s+/).filter(Boolean);
    const manager = isManager(ctx);
    if (!sub) {
      const list = manager ? upcomingOfCommittee(ctx.deps.db, ctx.member!.committeeId, ctx.now) : upcomingMeetingsOf(ctx.deps, ctx.member!.id).filter((m) => m.documentsPublishedAt);
      if (list.length === 0) return ctx.reply(ctx.t(manager ? 'documents.no_meetings' : 'documents.member_none'));
      if (manager) ctx.dialog.set('choose', {});
      return ctx.reply({ text: ctx.t(manager ? 'documents.choose' : 'documents.member_choose'), buttons: meetingButtons(ctx, list, manager ? 'docm' : 'docget') });
    }
    if (manager && rest.length === 0 && (sub === 'add' || sub === 'remove' || sub === 'publish')) {
      if (sub === 'add') return collect(ctx, parseId(arg));
      if (sub === 'publish') return publish(ctx, parseId(arg));
      const doc = removeDocument(ctx.deps, ctx.member!, parseId(arg));
      return ctx.reply(ctx.t('documents.removed', { id: doc.id, name: doc.name }));
    }
    if (arg !== undefined || !/^\d+$/.test(sub)) return ctx.reply(ctx.t(manager ? 'documents.usage' : 'documents.usage_member'));
    return manager ? board(ctx, parseId(sub)) : resend(ctx, parseId(sub));
  },
  onFile(ctx, file, state) {
    if (state.step !== 'collect') return ctx.reply(ctx.t('documents.dialog.choose_first'));
    const doc = addFileDocument(ctx.deps, ctx.member!, Number(state.data.meetingId), { ...file, platform: ctx.sender.platform });
    const deps = ctx.deps;
    ctx.afterCommit(() => keepLocalCopy(deps, doc.id));
    added(ctx, doc, state);
  },
  onText(ctx, text, state) {
    if (state.step !== 'collect') return ctx.reply(ctx.t('documents.dialog.choose_first'));
    added(ctx, addLinkDocument(ctx.deps, ctx.member!, Number(state.data.meetingId), text), state);
  },
  actions: {
    docm(ctx, [id]) {
      const state = ctx.dialog.current();
      if (!isManager(ctx)) throw new DomainError('documents.forbidden', 'documents.error.forbidden');
      if (state?.command !== COMMAND) {
        ctx.toast(ctx.t('documents.dialog.expired'), true);
        return ctx.reply(ctx.t('documents.dialog.expired'));
      }
      collect(ctx, parseId(id));
    },
    docpub: (ctx, [id]) => publish(ctx, parseId(id)),
    docrm(ctx, [id]) {
      const doc = removeDocument(ctx.deps, ctx.member!, parseId(id));
      ctx.reply(ctx.t('documents.removed', { id: doc.id, name: doc.name }));
    },
    docrcv(ctx, [id]) {
      const r = confirmDocumentsReceived(ctx.deps, parseId(id), ctx.member!.id);
      if (!r.first) return ctx.toast(ctx.t('documents.received.already', { time: formatDateTime(r.at, ctx.locale) }));
      ctx.toast(ctx.t('documents.received.toast'));
      ctx.reply(ctx.t('documents.received.done', { title: r.meeting.title }));
    },
    docget: (ctx, [id]) => resend(ctx, parseId(id)),
  },
};
