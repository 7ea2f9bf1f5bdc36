import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Attachment, SecretStore } from '../../../core/channel.js';
import type { OaApi } from './api.js';

export const UPLOAD_FILE_PATH = '/v2.0/oa/upload/file';
/** PDF, DOC or DOCX only, at most 5 MB; other types are silently rejected (goclaw send.go, PLATFORMS.md 3.1). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const ACCEPTED: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const CACHE_PREFIX = 'zalo_oa.file.';

/**
 * What the upload answered: Chatwoot reads `data.token` and sends `payload.token`; goclaw reads
 * `data.attachment_id` (falling back to `token`) and sends `payload.attachment_id`. The field the
 * upload used is kept and sent back under the same name; the other is tried on -201.
 */
export interface Uploaded {
  id: string;
  field: 'token' | 'attachment_id';
}

/** A file ready to upload, or the reason it cannot go to Zalo (said in the text instead). */
export type FileSource =
  | { ok: true; name: string; mime: string; cacheKey: string; load(): Promise<Buffer> }
  | { ok: false; name: string; why: 'type' | 'size' | 'elsewhere' };

/**
 * Where the bytes of an attachment come from: a local path, inline content, or a URL a Zalo user
 * sent. A file id of another platform with no local copy cannot be sent here.
 */
export async function fileSource(a: Attachment, download: OaApi['download']): Promise<FileSource> {
  const name = basename(a.name || 'file');
  const ext = extname(name).toLowerCase() || Object.keys(ACCEPTED).find((k) => ACCEPTED[k] === a.mime) || '';
  const mime = ACCEPTED[ext];
  const uploadName = extname(name) ? name : `${name}${ext}`;
  if (!mime) return { ok: false, name, why: 'type' };
  if (a.path) {
    const s = await stat(a.path).catch(() => undefined);
    if (!s) return { ok: false, name, why: 'elsewhere' };
    if (s.size > MAX_FILE_BYTES) return { ok: false, name, why: 'size' };
    const path = a.path;
    return { ok: true, name: uploadName, mime, cacheKey: `path:${resolve(path)}:${s.size}:${s.mtimeMs}`, load: () => readFile(path) };
  }
  if (a.content !== undefined) {
    const data = Buffer.from(a.content, 'base64');
    if (data.length > MAX_FILE_BYTES) return { ok: false, name, why: 'size' };
    return { ok: true, name: uploadName, mime, cacheKey: `sha256:${createHash('sha256').update(data).digest('hex')}`, load: async () => data };
  }
  if (a.fileId && (!a.platform || a.platform === 'zalo_oa')) {
    const url = a.fileId;
    return {
      ok: true,
      name: uploadName,
      mime,
      cacheKey: `zalo_oa:${url}`,
      // Over 5 MB, download answers Invalid: the caller says so in the text.
      load: () => download(url, MAX_FILE_BYTES),
    };
  }
  return { ok: false, name, why: 'elsewhere' };
}

/** Upload tokens kept in the store, so a file goes up once for every recipient and every process. */
export function createFileCache(secrets: SecretStore) {
  const keyOf = (cacheKey: string) => `${CACHE_PREFIX}${createHash('sha256').update(cacheKey).digest('hex').slice(0, 32)}`;
  return {
    get(cacheKey: string): Uploaded | undefined {
      const raw = secrets.get(keyOf(cacheKey));
      if (!raw) return undefined;
      try {
        const v = JSON.parse(raw) as Partial<Uploaded>;
        return v.id ? { id: v.id, field: v.field === 'attachment_id' ? 'attachment_id' : 'token' } : undefined;
      } catch {
        return undefined;
      }
    },
    set(cacheKey: string, u: Uploaded | undefined): void {
      secrets.setAll({ [keyOf(cacheKey)]: u ? JSON.stringify(u) : '' });
    },
  };
}

export function uploadedOf(data: Record<string, unknown>): Uploaded | undefined {
  if (typeof data.token === 'string' && data.token) return { id: data.token, field: 'token' };
  if (typeof data.attachment_id === 'string' && data.attachment_id) return { id: data.attachment_id, field: 'attachment_id' };
  return undefined;
}

/** The note that replaces a file Zalo will not take; the message itself was rendered in the member's language, the default is Vietnamese. */
export function fileNote(name: string, why: 'type' | 'size' | 'elsewhere'): string {
  const reason =
    why === 'elsewhere'
      ? 'tệp này không gửi kèm được qua Zalo; xin xem trên kênh khác hoặc hỏi Tổ Thư ký'
      : 'Zalo OA chỉ nhận tệp PDF, DOC, DOCX đến 5 MB; tệp này chưa gửi kèm được, xin hỏi Tổ Thư ký';
  return `📎 ${name} – ${reason}.`;
}
