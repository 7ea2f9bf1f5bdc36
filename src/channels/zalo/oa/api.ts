import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { Invalid, RateLimited, Transient } from '../../../core/errors.js';
import { ZaloOaError } from './errors.js';
import { parseJsonLossless } from './json.js';

export type Json = Record<string, unknown>;

const API_TIMEOUT_MS = 15_000;
/** Multi-MB uploads over a slow line (goclaw api.go uses 60 s). */
const UPLOAD_TIMEOUT_MS = 60_000;

/**
 * The Open API and OAuth hosts over axios. The access token goes in an `access_token` header (not
 * `Authorization: Bearer`; Chatwoot, goclaw, field-vn). Bodies are read as text and parsed
 * losslessly, and the `{error, message, data}` envelope decides success, whatever the status.
 */
export interface OaApi {
  /** POST JSON to the Open API; resolves with `data`. */
  post(path: string, body: unknown, accessToken: string): Promise<Json>;
  get(path: string, params: Record<string, string>, accessToken: string): Promise<Json>;
  /** Multipart upload (field `file`); resolves with `data`. */
  upload(path: string, file: Buffer, fileName: string, mime: string, accessToken: string): Promise<Json>;
  /** POST a form to the OAuth host; resolves with the whole body (OAuth has no `data` wrapper). */
  oauth(path: string, form: Record<string, string>, headers: Record<string, string>): Promise<Json>;
  /** GET a file Zalo serves by URL (what a user sent), at most `maxBytes`. */
  download(url: string, maxBytes: number): Promise<Buffer>;
}

export function createOaApi(o: { apiBase: string; oauthBase: string }): OaApi {
  const http: AxiosInstance = axios.create({
    timeout: API_TIMEOUT_MS,
    // Every status is read: Zalo answers errors in the envelope, often with HTTP 200.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: (x: unknown) => x,
    maxRedirects: 0,
  });

  async function call(run: () => Promise<AxiosResponse<string>>, what: string): Promise<Json> {
    let res: AxiosResponse<string>;
    try {
      res = await run();
    } catch (e) {
      throw new Transient(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const body = parseBody(res.data);
    const code = body ? Number(body.error ?? 0) : 0;
    if (body && Number.isFinite(code) && code !== 0) {
      throw new ZaloOaError(code, String(body.message ?? body.error_description ?? body.error_name ?? ''), res.status);
    }
    if (res.status === 429) throw new RateLimited(60, `${what}: HTTP 429`);
    if (res.status >= 500) throw new Transient(`${what}: HTTP ${res.status}`);
    if (res.status >= 400 || !body) throw new ZaloOaError(-res.status || -1, `${what}: HTTP ${res.status}`, res.status);
    return body;
  }

  const data = (body: Json): Json => (body.data && typeof body.data === 'object' ? (body.data as Json) : {});

  return {
    async post(path, body, accessToken) {
      return data(await call(() => http.post(`${o.apiBase}${path}`, body, { headers: { access_token: accessToken, 'content-type': 'application/json' } }), path));
    },
    async get(path, params, accessToken) {
      return data(await call(() => http.get(`${o.apiBase}${path}`, { params, headers: { access_token: accessToken } }), path));
    },
    async upload(path, file, fileName, mime, accessToken) {
      const form = new FormData();
      form.append('file', new Blob([file], { type: mime }), fileName);
      return data(await call(() => http.post(`${o.apiBase}${path}`, form, { headers: { access_token: accessToken }, timeout: UPLOAD_TIMEOUT_MS }), path));
    },
    async oauth(path, form, headers) {
      return call(
        () => http.post(`${o.oauthBase}${path}`, new URLSearchParams(form).toString(), { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } }),
        path,
      );
    },
    async download(url, maxBytes) {
      if (!/^https?:\/\//.test(url)) throw new Transient('not a downloadable Zalo file URL');
      let res: AxiosResponse<ArrayBuffer>;
      try {
        res = await http.get<ArrayBuffer>(url, { responseType: 'arraybuffer', maxContentLength: maxBytes, maxRedirects: 3, timeout: UPLOAD_TIMEOUT_MS });
      } catch (e) {
        if (axios.isAxiosError(e) && /maxContentLength/.test(e.message)) throw new Invalid(`file is over ${maxBytes} bytes`);
        throw new Transient(`download: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (res.status !== 200) throw new Transient(`download: HTTP ${res.status}`);
      return Buffer.from(res.data);
    },
  };
}

function parseBody(text: unknown): Json | undefined {
  if (typeof text !== 'string' || !text.trim()) return undefined;
  try {
    const v = parseJsonLossless(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}
