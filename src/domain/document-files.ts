import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { getDocument, setDocumentLocalPath, type DocumentRow } from '../../db/queries/documents.js';
import type { AppDeps } from '../core/command.js';
import type { IncomingFile, Platform } from '../core/channel.js';
import { DomainError } from '../core/errors.js';
import { writeFileWhole } from './file-store.js';

/** Telegram's getFile serves at most 20 MB (Bot API), and the committee needs no more. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** Office documents and archives a committee circulates; anything else is refused. */
export const ALLOWED_EXTENSIONS = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'zip'] as const;
type Extension = (typeof ALLOWED_EXTENSIONS)[number];

const MAX_NAME = 200;

/** What a file of each type starts with: PDF, ZIP containers (OOXML, ODF, zip), OLE2 (legacy Office). */
const PDF = Buffer.from('%PDF-');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const MAGIC: Record<Extension, Buffer[]> = {
  pdf: [PDF],
  doc: [OLE],
  xls: [OLE],
  ppt: [OLE],
  docx: [ZIP],
  xlsx: [ZIP],
  pptx: [ZIP],
  odt: [ZIP],
  ods: [ZIP],
  zip: [ZIP, EMPTY_ZIP],
};

export function extensionOf(name: string): Extension | undefined {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase();
  return (ALLOWED_EXTENSIONS as readonly string[]).includes(ext ?? '') ? (ext as Extension) : undefined;
}

export const allowedTypesText = () => ALLOWED_EXTENSIONS.map((e) => e.toUpperCase()).join(', ');

/** A file name safe to show and to keep: no control characters, no path, bounded. */
export function cleanFileName(name: string): string {
  const base = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop()!.trim();
  if (base.length <= MAX_NAME) return base;
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(base)?.[0] ?? '';
  return base.slice(0, MAX_NAME - ext.length) + ext;
}

/** Refuses a file by its declared size and type before anything is saved. */
export function checkUpload(file: IncomingFile): { name: string; ext: Extension } {
  const name = cleanFileName(file.name);
  const ext = extensionOf(name);
  if (!ext) throw new DomainError('documents.bad_type', 'documents.error.type', { name: name || '?', types: allowedTypesText() });
  if (file.size !== undefined && file.size > MAX_DOCUMENT_BYTES) {
    throw new DomainError('documents.too_large', 'documents.error.too_large', { name, max: MAX_DOCUMENT_BYTES / 1024 / 1024 });
  }
  if (file.size === 0) throw new DomainError('documents.empty', 'documents.error.empty', { name });
  return { name, ext };
}

/** Whether the bytes look like what the name says (a renamed .exe is not a PDF). */
export function contentMatchesType(data: Buffer, name: string): boolean {
  const ext = extensionOf(name);
  return !!ext && MAGIC[ext].some((m) => data.subarray(0, m.length).equals(m));
}

/** Where a document's local copy lives: `<filesDir>/meetings/<meeting>/<document>-<name>`. */
export function localPathFor(filesDir: string, doc: Pick<DocumentRow, 'id' | 'meetingId' | 'name'>): string {
  // ASCII only, so every file system and backup tool takes it: "Báo cáo đợt 1.pdf" → "Bao_cao_dot_1.pdf".
  const ascii = doc.name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  const safe = ascii.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(-120) || 'file';
  return join(filesDir, 'meetings', String(doc.meetingId), `${doc.id}-${safe}`);
}

export type LocalCopyResult = 'stored' | 'mismatch' | 'gone';

/**
 * Downloads a document from its platform and keeps a copy beside the database. Runs after the
 * commit (network is never inside a transaction); losing it on a crash loses only the copy, the
 * platform file id still serves every re-send. Writes to a temporary name and renames, so a
 * half-written file is never taken for the copy. A file whose bytes are not of its declared type
 * is not kept and the result says so.
 */
export async function storeLocalCopy(deps: AppDeps, documentId: number): Promise<LocalCopyResult> {
  const doc = getDocument(deps.db, documentId);
  if (!doc?.platform || !doc.fileId || doc.removedAt) return 'gone';
  const data = await deps.fetchFile(doc.platform as Platform, doc.fileId, MAX_DOCUMENT_BYTES);
  if (data.length > MAX_DOCUMENT_BYTES) throw new Error(`document ${documentId}: ${data.length} bytes is over the limit`);
  if (!contentMatchesType(data, doc.name)) return 'mismatch';
  const path = localPathFor(deps.filesDir, doc);
  await mkdir(join(deps.filesDir, 'meetings', String(doc.meetingId)), { recursive: true });
  await writeFileWhole(deps.filesDir, path, data);
  setDocumentLocalPath(deps.db, doc.id, path);
  return 'stored';
}
