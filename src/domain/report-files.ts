import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { setSubmissionLocalPath, type SubmissionRow } from '../../db/queries/reports.js';
import type { Platform } from '../core/channel.js';
import type { AppDeps } from '../core/command.js';
import { DomainError } from '../core/errors.js';
import { writeFileWhole } from './file-store.js';

/** Telegram's getFile serves at most 20 MB (Bot API), and a report is a document, not a video. */
export const REPORT_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** What a committee sends as a report: office documents, spreadsheets, scans, an archive. */
export const REPORT_FILE_TYPES = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'jpg', 'jpeg', 'png', 'zip'] as const;

export interface ReportFile {
  platform: Platform;
  /** The platform's file id, kept so the file can be fetched again. */
  fileId: string;
  name: string;
  mime?: string;
  size?: number;
}

/** Refuses a file over 20 MB or of a type a report cannot be, with a message the member understands. */
export function checkReportFile(file: ReportFile): void {
  const ext = extname(file.name).slice(1).toLowerCase();
  if (!(REPORT_FILE_TYPES as readonly string[]).includes(ext)) {
    throw new DomainError('report.file_type', 'report.error.file_type', { name: file.name.slice(0, 100), types: 'pdf, doc, docx, xls, xlsx, odt, ods, jpg, png, zip' });
  }
  if (file.size !== undefined && file.size > REPORT_FILE_MAX_BYTES) {
    throw new DomainError('report.file_size', 'report.error.file_size', { name: file.name.slice(0, 100), size: (file.size / 1024 / 1024).toFixed(1), max: REPORT_FILE_MAX_BYTES / 1024 / 1024 });
  }
}

/** A file name safe on every disk: no folders, no odd characters, the extension kept. */
function safeName(name: string): string {
  const ext = extname(name).toLowerCase().replace(/[^a-z0-9.]/g, '');
  const base = name
    .slice(0, name.length - extname(name).length)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  return `${base || 'bao-cao'}${ext}`;
}

/**
 * Keeps a local copy of a submitted file under `filesDir/reports/c<committee>/`, at most 20 MB,
 * and records its path. Runs after the submission committed: losing it in a crash loses only the
 * copy, the platform file id stays on the submission.
 */
export async function storeReportFile(deps: AppDeps, submission: SubmissionRow): Promise<string | undefined> {
  if (!submission.fileId || !submission.platform) return undefined;
  const data = await deps.fetchFile(submission.platform as Platform, submission.fileId, REPORT_FILE_MAX_BYTES);
  if (data.length > REPORT_FILE_MAX_BYTES) throw new Error(`report file of ${data.length} bytes is over the limit`);
  const dir = join(deps.filesDir, 'reports', `c${submission.committeeId}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${submission.receipt}-${safeName(submission.fileName ?? 'bao-cao')}`);
  // A copy already there (a second run after a crash) is kept.
  if (!existsSync(path)) await writeFileWhole(deps.filesDir, path, data);
  setSubmissionLocalPath(deps.db, submission.id, path);
  return path;
}
