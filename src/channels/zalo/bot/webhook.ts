import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../../core/logger.js';
import type { HttpHandler } from '../../../http.js';

/** setWebhook's secret_token comes back in this header on every call (official docs). */
export const SECRET_HEADER = 'x-bot-api-secret-token';
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Constant-time comparison. timingSafeEqual needs equal lengths, so a wrong length still
 * compares the expected secret with itself: the time spent does not depend on the input.
 */
export function secretMatches(expected: string, got: unknown): boolean {
  const want = Buffer.from(expected, 'utf8');
  if (typeof got !== 'string' || want.length === 0) return false;
  const have = Buffer.from(got, 'utf8');
  if (have.length !== want.length) {
    timingSafeEqual(want, want);
    return false;
  }
  return timingSafeEqual(want, have);
}

class BodyError extends Error {
  constructor(readonly status: number) {
    super(`body refused with ${status}`);
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyError(413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BodyError(400));
      }
    });
    req.on('error', reject);
  });
}

export interface WebhookOptions {
  secret: string;
  log: Logger;
  /** False once the channel stopped: calls are then refused with 503 and Zalo may retry them later. */
  receiving: () => boolean;
  /** Handles the parsed body; must be quick (one SQLite transaction) and call no Zalo API. */
  onBody: (body: unknown) => Promise<void>;
}

/**
 * The webhook endpoint. The secret is checked before the body is read; a wrong or missing one
 * gets 403 and nothing is processed. The update is processed and then answered, so 200 means
 * it is committed: processing only writes SQLite, replies leave through the outbox later.
 */
export function createWebhookHandler(o: WebhookOptions): HttpHandler {
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (!secretMatches(o.secret, req.headers[SECRET_HEADER])) {
      o.log.warn({ ip: req.socket.remoteAddress, header: req.headers[SECRET_HEADER] === undefined ? 'missing' : 'wrong' }, 'Zalo Bot webhook call refused: wrong or missing X-Bot-Api-Secret-Token');
      req.resume();
      res.writeHead(403).end();
      return;
    }
    if (!o.receiving()) {
      req.resume();
      res.writeHead(503).end();
      return;
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      const status = e instanceof BodyError ? e.status : 400;
      o.log.warn({ status }, 'Zalo Bot webhook body refused (not JSON, or over 1 MB)');
      if (!res.headersSent) res.writeHead(status).end();
      return;
    }
    try {
      await o.onBody(body);
    } catch (err) {
      // The router never throws; if something else did, a 500 lets Zalo try again (dedupe makes that safe).
      o.log.error({ err }, 'Zalo Bot webhook update failed');
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
}
