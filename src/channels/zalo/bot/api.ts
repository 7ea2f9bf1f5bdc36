import axios from 'axios';

/**
 * The Zalo Bot Platform's HTTP API: `POST ${apiBase}/bot<token>/<method>` with a JSON body,
 * answered `{ok:true, result}` or `{ok:false, error_code, description}` (bot.zaloplatforms.com
 * docs, copy of 10/12/2025). The older host bot-api.zapps.me appears in mid-2025 code, hence
 * ZALO_BOT_API_BASE.
 */
export const ZALO_BOT_API_BASE = 'https://bot-api.zaloplatforms.com';
const DEFAULT_TIMEOUT_MS = 20_000;

/** The platform said no: an `{ok:false}` envelope, or an HTTP error that carries no envelope at all. */
export class ZaloBotApiError extends Error {
  constructor(
    readonly method: string,
    /** `error_code` from the envelope, else the HTTP status. */
    readonly code: number,
    readonly description: string,
    /** False when the answer was not the Bot Platform's envelope (a proxy, a wrong ZALO_BOT_API_BASE). */
    readonly envelope: boolean,
    readonly retryAfterSeconds?: number,
  ) {
    super(`zalo bot ${method}: ${code} ${description}`.trim());
    this.name = 'ZaloBotApiError';
  }
}

/** No answer: connection refused, timeout, or aborted by us (`aborted`). */
export class ZaloBotNetworkError extends Error {
  constructor(
    readonly method: string,
    message: string,
    readonly aborted: boolean,
  ) {
    super(`zalo bot ${method}: ${message}`);
    this.name = 'ZaloBotNetworkError';
  }
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ZaloBotApi {
  call<T = unknown>(method: string, body?: object, opts?: CallOptions): Promise<T>;
}

type Envelope = { ok: boolean; result?: unknown; error_code?: unknown; description?: unknown; parameters?: { retry_after?: unknown }; retry_after?: unknown };

const isEnvelope = (d: unknown): d is Envelope => typeof d === 'object' && d !== null && typeof (d as Envelope).ok === 'boolean';

function positive(n: unknown): number | undefined {
  const v = typeof n === 'string' ? Number(n) : n;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

export function createZaloBotApi(o: { token: string; apiBase?: string; timeoutMs?: number }): ZaloBotApi {
  const base = (o.apiBase ?? ZALO_BOT_API_BASE).replace(/\/+$/, '');
  const client = axios.create({
    timeout: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers: { 'content-type': 'application/json' },
    // Errors come back as envelopes with an HTTP status that may or may not match error_code
    // (OpenClaw checks the status first, goclaw reads the body whatever it is): read the body always.
    validateStatus: () => true,
    maxRedirects: 0,
  });
  // The token is part of every URL: keep it out of anything that may be logged.
  const redact = (s: string) => s.split(o.token).join('<token>');

  return {
    async call<T>(method: string, body: object = {}, opts: CallOptions = {}): Promise<T> {
      let res;
      try {
        res = await client.post(`${base}/bot${o.token}/${method}`, body, {
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
        });
      } catch (e) {
        const aborted = axios.isCancel(e) || opts.signal?.aborted === true;
        const message = e instanceof Error ? redact(e.message) : 'request failed';
        throw new ZaloBotNetworkError(method, message, aborted);
      }
      const data: unknown = res.data;
      if (isEnvelope(data)) {
        if (data.ok) return data.result as T;
        const code = positive(data.error_code) ?? res.status;
        // retry_after is not documented for Zalo; accept Telegram's place for it, a top-level one and the header.
        const retryAfter = positive(data.parameters?.retry_after) ?? positive(data.retry_after) ?? positive(res.headers['retry-after']);
        throw new ZaloBotApiError(method, code, typeof data.description === 'string' ? data.description : '', true, retryAfter);
      }
      throw new ZaloBotApiError(method, res.status >= 400 ? res.status : 502, `HTTP ${res.status} without a Bot Platform answer`, false);
    },
  };
}
