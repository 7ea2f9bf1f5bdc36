import type { Logger } from '../../../core/logger.js';
import { readBody, secretMatches, type HttpHandler } from '../../../http.js';

/** setWebhook's secret_token comes back in this header on every call (official docs). */
export const SECRET_HEADER = 'x-bot-api-secret-token';

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
    const raw = await readBody(req);
    let body: unknown;
    try {
      if (raw === undefined) throw new Error('over 1 MB');
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      const status = raw === undefined ? 413 : 400;
      o.log.warn({ status }, 'Zalo Bot webhook body refused (not JSON, or over 1 MB)');
      res.writeHead(status).end();
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
