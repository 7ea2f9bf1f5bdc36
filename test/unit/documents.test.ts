import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { auditOf } from '../../db/queries/audit.js';
import { documentsOf } from '../../db/queries/documents.js';
import { attendee, getMeeting, setAttendance } from '../../db/queries/meetings.js';
import { allOutbox, type OutboxRow } from '../../db/queries/outbox.js';
import { remindersOf } from '../../db/queries/reminders.js';
import { createApp, type App } from '../../src/app.js';
import { encodeAction } from '../../src/core/actions.js';
import type { IncomingEvent, OutgoingMessage } from '../../src/core/channel.js';
import { silentLogger } from '../../src/core/logger.js';
import { DOCUMENTS_WARN } from '../../src/domain/document-warning.js';
import { addFileDocument, addLinkDocument, publishDocuments, removeDocument, sendPublishedDocumentsTo } from '../../src/domain/documents.js';
import { bindConsoleSeat } from '../../src/domain/invites.js';
import { cancelMeeting, rescheduleMeeting, scheduleMeeting } from '../../src/domain/meetings.js';
import { requireMember } from '../../src/domain/members.js';
import type { PresetId } from '../../src/domain/presets/index.js';
import { reminderKinds } from '../../src/domain/reminder-kinds.js';
import { sendDueReminders } from '../../src/domain/reminders.js';
import { fakeClock, type FakeClock } from '../support/fake-clock.js';
import { seedCommittee } from '../support/test-app.js';
import { events, senderOf } from '../support/unit-helpers.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Ho_Chi_Minh' }).toMillis();
const PDF = Buffer.from('%PDF-1.4\n% biên bản\n');
const SEC = 'console:secretary';
const MEMBER = 'console:member';

let db: Db;
let app: App;
let clock: FakeClock;
let ids: { chair: number; standingVice: number; vice: number; member: number; secretary: number };

function setup(preset: PresetId) {
  db = openDb(':memory:');
  clock = fakeClock('2026-02-02T09:00:00');
  app = createApp({ db, clock, log: silentLogger, filesDir: mkdtempSync(join(tmpdir(), 'docs-test-')) });
  const { memberIds, committeeId } = seedCommittee({ app }, preset);
  const [chair, standingVice, vice, member, secretary] = memberIds as [number, number, number, number, number];
  ids = { chair, standingVice, vice, member, secretary };
  bindConsoleSeat(app.deps, secretary, SEC);
  bindConsoleSeat(app.deps, member, MEMBER);
  return committeeId;
}

afterEach(() => closeDb(db));

function meeting(committeeId: number, startsAt = '2026-02-24T09:00') {
  return scheduleMeeting(app.deps, { committeeId, title: 'Họp Ban Chỉ đạo quý I', startsAt: at(startsAt), location: 'Phòng họp số 1' }, 'test');
}

const secretary = () => requireMember(app.deps, ids.secretary);
const addPdf = (meetingId: number, name = 'bao-cao.pdf') =>
  addFileDocument(app.deps, secretary(), meetingId, { fileId: `file-${name}`, name, mime: 'application/pdf', size: PDF.length, platform: 'console' });

const messages = (rows: OutboxRow[]) => rows.map((r) => JSON.parse(r.message) as OutgoingMessage);
const toMember = (memberId: number) => allOutbox(db).filter((r) => r.memberId === memberId && r.idempotencyKey.startsWith('docs:'));
const repliesTo = (address: string) => messages(allOutbox(db).filter((r) => r.address === address)).map((m) => m.text);
const fileEvent = (name: string, size: number, mime = 'application/octet-stream'): IncomingEvent => ({
  kind: 'file', sender: senderOf(SEC), file: { fileId: `f-${name}`, name, mime, size }, dedupeKey: { source: 'test', id: `file-${name}-${size}` },
});

async function until(pred: () => boolean) {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(pred()).toBe(true);
}

describe('late marking follows the preset deadline', () => {
  it.each([
    { preset: 'bac-giang-2021', due: '2026-02-13T09:00', rule: '2 ngày làm việc trước cuộc họp theo Điều 10.4 Quy chế' },
    { preset: 'thanh-hoa-2014', due: '2026-02-10T09:00', rule: '5 ngày làm việc trước cuộc họp theo Điều 9.4 Quy chế' },
    { preset: 'binh-dinh-2019', due: '2026-02-22T09:00', rule: '48 giờ trước cuộc họp theo Điều 11.1.c Quy chế' },
  ] as const)('when $preset documents for Tue 24/02/2026 09:00 go out before and after $due, then only the later is marked late, citing the article', async ({ preset, due, rule }) => {
    const committeeId = setup(preset);
    const onTime = meeting(committeeId);
    const late = meeting(committeeId);
    expect(onTime.documentsDueAt).toBe(at(due));
    for (const m of [onTime, late]) addPdf(m.id);

    clock.set(at(due));
    await app.router.handle(events.action(SEC, encodeAction('docpub', onTime.id)));
    clock.set(at(due) + 60_000);
    await app.router.handle(events.action(SEC, encodeAction('docpub', late.id)));

    const [first, second] = repliesTo(SEC);
    expect(first).toContain('Đã gửi 1 tài liệu');
    expect(first).not.toContain('chậm so với');
    expect(second).toContain(`chậm so với quy định: ${rule}`);
    const [memberOnTime, memberLate] = messages(toMember(ids.member));
    expect(memberOnTime!.text).not.toContain('chậm so với');
    expect(memberLate!.text).toContain(`chậm so với quy định: ${rule}`);
    expect(memberLate!.text).toContain('Phòng họp số 1'); // the meeting's facts travel with the documents
    expect(getMeeting(db, late.id)!.documentsPublishedAt).toBe(at(due) + 60_000);
  });
});

describe('the secretariat is warned one working day before the deadline', () => {
  it('when nothing is published, then the secretariat (not the members) is warned at 09:00 on Thu 12/02, citing the article', () => {
    const m = meeting(setup('bac-giang-2021'));
    const [warn] = remindersOf(db, `meeting:${m.id}`).filter((r) => r.kind === DOCUMENTS_WARN);
    expect(warn).toMatchObject({ dueAt: at('2026-02-12T09:00'), expiresAt: at('2026-02-13T09:00'), status: 'planned' });

    const warned = () => allOutbox(db).filter((r) => r.idempotencyKey.includes('documents.warn'));
    sendDueReminders(app.deps, reminderKinds(), at('2026-02-12T08:59'));
    expect(warned()).toEqual([]);
    sendDueReminders(app.deps, reminderKinds(), at('2026-02-12T09:00'));
    expect(warned().map((r) => r.memberId)).toEqual([ids.secretary]);
    expect(messages(warned())[0]!.text).toContain('chưa được gửi');
    expect(messages(warned())[0]!.text).toContain('Điều 10.4');
  });

  it('when the documents were already published, then the warning is skipped', () => {
    const m = meeting(setup('bac-giang-2021'));
    addPdf(m.id);
    publishDocuments(app.deps, secretary(), m.id);
    sendDueReminders(app.deps, reminderKinds(), at('2026-02-12T09:00'));
    expect(remindersOf(db, `meeting:${m.id}`).find((r) => r.kind === DOCUMENTS_WARN)).toMatchObject({ status: 'skipped', note: 'documents already published' });
    expect(allOutbox(db).filter((r) => r.idempotencyKey.includes('documents.warn'))).toEqual([]);
  });

  it('when the meeting is cancelled, then the warning is dropped and never sent', () => {
    const m = meeting(setup('bac-giang-2021'));
    cancelMeeting(app.deps, m.id, 'Lãnh đạo bận', 'test');
    sendDueReminders(app.deps, reminderKinds(), at('2026-02-12T09:00'));
    expect(remindersOf(db, `meeting:${m.id}`).find((r) => r.kind === DOCUMENTS_WARN)!.status).toBe('cancelled');
    expect(allOutbox(db).filter((r) => r.idempotencyKey.includes('documents.warn'))).toEqual([]);
  });

  it('when the meeting is moved, then the warning follows the new deadline and the old one is skipped', () => {
    const m = meeting(setup('bac-giang-2021'));
    rescheduleMeeting(app.deps, m.id, at('2026-03-10T09:00'), 'test'); // Tue → due Fri 06/03, warn Thu 05/03
    const warns = remindersOf(db, `meeting:${m.id}`).filter((r) => r.kind === DOCUMENTS_WARN);
    expect(warns.map((w) => w.dueAt)).toEqual([at('2026-02-12T09:00'), at('2026-03-05T09:00')]);
    sendDueReminders(app.deps, reminderKinds(), at('2026-02-12T09:00'));
    expect(remindersOf(db, `meeting:${m.id}`).find((r) => r.kind === DOCUMENTS_WARN)!.status).toBe('skipped');
    expect(allOutbox(db).filter((r) => r.idempotencyKey.includes('documents.warn'))).toEqual([]);
  });
});

describe('publication and receipts', () => {
  it('when a member taps "received" twice, then the receipt is set once, at the first tap', async () => {
    const m = meeting(setup('bac-giang-2021'));
    addPdf(m.id);
    publishDocuments(app.deps, secretary(), m.id);
    const [message] = messages(toMember(ids.member));
    const button = message!.buttons![0]![0]!;
    expect(button.label).toBe('✅ Đã nhận tài liệu');
    expect(Buffer.byteLength(button.action)).toBeLessThanOrEqual(64);

    const first = await app.router.handle(events.action(MEMBER, button.action));
    clock.advanceMinutes(5);
    const second = await app.router.handle(events.action(MEMBER, button.action));
    expect(first.text).toBe('Đã ghi nhận đã nhận tài liệu');
    expect(second.text).toContain('Đã ghi nhận từ trước');
    expect(attendee(db, m.id, ids.member)!.documentsReceivedAt).toBe(at('2026-02-02T09:00'));
    expect(auditOf(db, 'meeting', String(m.id)).filter((a) => a.action === 'documents.received')).toHaveLength(1);

    // Asked again later, the member gets the file again, and no button to press a third time.
    await app.router.handle(events.command(MEMBER, 'documents', String(m.id)));
    const [again] = messages(allOutbox(db).filter((r) => r.address === MEMBER && r.message.includes('TÀI LIỆU CUỘC HỌP')));
    expect(again!.attachment).toMatchObject({ fileId: 'file-bao-cao.pdf', name: 'bao-cao.pdf' });
    expect(again!.text).toContain('đã xác nhận nhận tài liệu lúc 09h00 thứ Hai, 02/02/2026');
    expect(again!.buttons).toBeUndefined();
  });

  it('when an attendee is excused, then they get nothing, and the board lists them apart', async () => {
    const m = meeting(setup('bac-giang-2021'));
    setAttendance(db, m.id, ids.vice, 'excused', clock.now());
    addPdf(m.id);
    const r = publishDocuments(app.deps, secretary(), m.id);
    expect(r.recipients).toBe(4);
    expect(toMember(ids.vice)).toEqual([]);
    expect(toMember(ids.chair)).toHaveLength(1);
    await app.router.handle(events.command(SEC, 'documents', String(m.id)));
    const board = repliesTo(SEC).at(-1)!;
    expect(board).toContain('Vắng hoặc cử người dự thay (không gửi): Lê Văn Cường');
    expect(board).toContain('Chưa nhận (4)');
    expect(board).toContain('Điều 10.4');
  });

  it('when documents are added after publication and published again, then only the new ones go out, and a sent one cannot be removed', () => {
    const m = meeting(setup('bac-giang-2021'));
    const first = addPdf(m.id, 'du-thao.pdf');
    publishDocuments(app.deps, secretary(), m.id);
    expect(toMember(ids.member)).toHaveLength(1);
    expect(messages(toMember(ids.member))[0]!.attachment).toMatchObject({ fileId: 'file-du-thao.pdf', name: 'du-thao.pdf' });

    addPdf(m.id, 'phu-luc.pdf');
    addLinkDocument(app.deps, secretary(), m.id, 'Kế hoạch chuyển đổi số https://example.gov.vn/ke-hoach?a=1&b=2');
    const again = publishDocuments(app.deps, secretary(), m.id);
    expect(again.documents).toBe(2);
    const sent = messages(toMember(ids.member));
    expect(sent).toHaveLength(4); // 1 earlier + 2 documents + 1 summary
    expect(sent.filter((s) => s.attachment).map((s) => s.attachment!.fileId)).toEqual(['file-du-thao.pdf', 'file-phu-luc.pdf']);
    expect(sent[3]!.text).toContain('TÀI LIỆU BỔ SUNG');
    expect(sent[3]!.text).toContain('<a href="https://example.gov.vn/ke-hoach?a=1&amp;b=2">Kế hoạch chuyển đổi số</a>');
    expect(sent[3]!.buttons).toBeDefined();
    expect(() => publishDocuments(app.deps, secretary(), m.id)).toThrow(/nothing_new/);
    expect(() => removeDocument(app.deps, secretary(), first.id)).toThrow(expect.objectContaining({ messageKey: 'documents.error.already_sent' }));
  });

  it('when a draft is removed and an attendee is added after publication, then publishing again sends only what each one lacks', () => {
    const m = meeting(setup('bac-giang-2021'));
    setAttendance(db, m.id, ids.vice, 'excused', clock.now());
    addPdf(m.id, 'chuong-trinh.pdf');
    const draft = addPdf(m.id, 'nham.pdf');
    removeDocument(app.deps, secretary(), draft.id);
    publishDocuments(app.deps, secretary(), m.id);
    expect(messages(toMember(ids.member)).map((x) => x.attachment?.name)).toEqual(['chuong-trinh.pdf']);

    setAttendance(db, m.id, ids.vice, 'invited', clock.now()); // back on the list
    const r = publishDocuments(app.deps, secretary(), m.id);
    expect(r).toMatchObject({ documents: 1, recipients: 1 });
    expect(toMember(ids.vice)).toHaveLength(1);
    expect(toMember(ids.member)).toHaveLength(1);
  });

  it('when a substitute is approved later, then the function for the approvals flow sends them the published documents once', () => {
    const committeeId = setup('bac-giang-2021');
    const m = meeting(committeeId);
    addPdf(m.id);
    expect(sendPublishedDocumentsTo(app.deps, m.id, ids.vice)).toBe(0); // nothing published yet
    setAttendance(db, m.id, ids.vice, 'excused', clock.now());
    publishDocuments(app.deps, secretary(), m.id);
    expect(toMember(ids.vice)).toEqual([]);
    expect(sendPublishedDocumentsTo(app.deps, m.id, ids.vice)).toBe(1);
    expect(sendPublishedDocumentsTo(app.deps, m.id, ids.vice)).toBe(0);
    expect(toMember(ids.vice)).toHaveLength(1);
  });
});

describe('uploads', () => {
  async function openUpload(meetingId: number) {
    await app.router.handle(events.command(SEC, 'documents', `add ${meetingId}`));
  }

  it('when a file is of a forbidden type or over 20 MB, then it is refused with the reason and nothing is saved or downloaded', async () => {
    const m = meeting(setup('bac-giang-2021'));
    const fetchFile = vi.fn(async () => PDF);
    app.deps.fetchFile = fetchFile;
    await openUpload(m.id);
    await app.router.handle(fileEvent('cai-dat.exe', 1000));
    await app.router.handle(fileEvent('bien-ban.pdf', 20 * 1024 * 1024 + 1, 'application/pdf'));
    await app.router.handle(events.text(SEC, 'ftp://example.gov.vn/tai-lieu.pdf'));
    const [, type, size, link] = repliesTo(SEC);
    expect(type).toContain('Không nhận tệp "cai-dat.exe"');
    expect(type).toContain('PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ZIP');
    expect(size).toContain('quá lớn');
    expect(size).toContain('20 MB');
    expect(link).toContain('http:// hoặc https://');
    expect(documentsOf(db, m.id)).toEqual([]);
    expect(fetchFile).not.toHaveBeenCalled();
  });

  it('when an allowed file is sent, then it is kept with its platform file id and a local copy under the files folder', async () => {
    const m = meeting(setup('bac-giang-2021'));
    app.deps.fetchFile = vi.fn(async () => PDF);
    await openUpload(m.id);
    await app.router.handle(fileEvent('Báo cáo quý I.PDF', PDF.length, 'application/pdf'));
    expect(repliesTo(SEC).at(-1)).toContain('Đã thêm');
    await until(() => documentsOf(db, m.id)[0]?.localPath != null);
    const [doc] = documentsOf(db, m.id);
    expect(doc).toMatchObject({ platform: 'console', fileId: 'f-Báo cáo quý I.PDF', name: 'Báo cáo quý I.PDF', size: PDF.length });
    expect(app.deps.fetchFile).toHaveBeenCalledWith('console', 'f-Báo cáo quý I.PDF', 20 * 1024 * 1024);
    expect(readdirSync(join(app.deps.filesDir, 'meetings', String(m.id)))).toEqual([`${doc!.id}-Bao_cao_quy_I.PDF`]);
  });

  it('when a file named .pdf holds something else, then it is removed and the uploader told', async () => {
    const m = meeting(setup('bac-giang-2021'));
    app.deps.fetchFile = vi.fn(async () => Buffer.from('MZ\x90\x00 not a pdf'));
    await openUpload(m.id);
    await app.router.handle(fileEvent('giay-moi.pdf', 20, 'application/pdf'));
    await until(() => documentsOf(db, m.id).length === 0);
    await until(() => messages(allOutbox(db).filter((r) => r.memberId === ids.secretary)).some((x) => x.text.includes('không đúng loại tệp')));
    expect(readdirSync(app.deps.filesDir)).toEqual([]);
  });
});
