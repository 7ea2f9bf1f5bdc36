// Request bodies the way the Bot API accepts them: query string, JSON,
// application/x-www-form-urlencoded and multipart/form-data (what telegraf sends for
// uploads), with the string-typed transports coerced to the JSON types.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { badRequest } from './errors.js';
import type { ApiResponseBody, Json, UploadedFile } from './types.js';

const INT_FIELDS = new Set([
  'chat_id', 'from_chat_id', 'message_id', 'user_id', 'offset', 'limit', 'timeout', 'reply_to_message_id',
  'max_connections', 'cache_time', 'message_thread_id', 'duration', 'width', 'height',
]);
const BOOL_FIELDS = new Set([
  'disable_notification', 'protect_content', 'show_alert', 'drop_pending_updates', 'disable_web_page_preview',
  'allow_sending_without_reply', 'has_spoiler', 'disable_content_type_detection', 'allow_paid_broadcast',
]);
const JSON_FIELDS = new Set([
  'reply_markup', 'entities', 'caption_entities', 'allowed_updates', 'commands', 'scope',
  'link_preview_options', 'reply_parameters', 'media',
]);

/** Telegram accepts every parameter as a string; this applies the coercions it does. */
function coerce(key: string, value: string): unknown {
  if (INT_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (BOOL_FIELDS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      return value; // left for the method to reject with its own message
    }
  }
  return value;
}

export interface ParsedBody {
  payload: Json;
  encoding: string;
}

/** Parses a Bot API request or webhook-reply body. `search` is a URL query string. */
export async function parseBody(
  body: Readable | null,
  headers: IncomingMessage['headers'],
  search = '',
): Promise<ParsedBody> {
  const payload: Json = {};
  for (const [k, v] of new URLSearchParams(search)) payload[k] = coerce(k, v);
  const type = String(headers['content-type'] ?? '').toLowerCase();
  if (!body || !type) return { payload, encoding: 'query' };
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    // undici's Request parses both encodings (and streams the body in).
    const request = new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: body as unknown as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw badRequest("can't parse request body");
    }
    for (const [k, v] of form) {
      if (typeof v === 'string') payload[k] = coerce(k, v);
      else {
        const content = Buffer.from(await v.arrayBuffer());
        const file: UploadedFile = { upload: true, filename: v.name, contentType: v.type, size: content.length, content };
        payload[k] = file;
      }
    }
    return { payload, encoding: type.startsWith('multipart') ? 'multipart' : 'urlencoded' };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  if (type.startsWith('application/json')) {
    if (text.trim() === '') return { payload, encoding: 'json' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest("can't parse JSON object");
    return { payload: { ...payload, ...(parsed as Json) }, encoding: 'json' };
  }
  return { payload, encoding: 'query' };
}

export function sendJson(res: ServerResponse, status: number, body: ApiResponseBody | Json): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// ---------------------------------------------------------------- payload readers

export const int = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
};
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
export const bool = (v: unknown): boolean => v === true || v === 'true' || v === 1 || v === '1';
export const isUpload = (v: unknown): v is UploadedFile =>
  typeof v === 'object' && v !== null && (v as Partial<UploadedFile>).upload === true;
