// Webhook delivery: one POST per update, as Telegram sends it.
import http from 'node:http';
import type { Json, WebhookDelivery } from './types.js';

/**
 * POSTs the update as JSON with X-Telegram-Bot-Api-Secret-Token when a secret is set.
 * A 2xx response body may carry a method call (telegraf's webhookReply); it is handed to
 * onReply. No retries (but see the reused connection below): a failed delivery is recorded with
 * Telegram's last_error_message.
 * `agent` holds the connections: Telegram's Bot API server keeps each webhook connection open
 * and sends the next update on it (tdlib/telegram-bot-api, WebhookActor.cpp: `set_keep_alive()`,
 * and a connection goes back to `ready_connections_` unless the bot's response closes it; new
 * connections are opened sparingly, under a flood limit), up to max_connections of them.
 */
export function postUpdate(
  u: Json,
  url: string,
  secret: string | undefined,
  onReply: (res: http.IncomingMessage) => Promise<void>,
  agent: http.Agent,
  mayRetry: () => boolean = () => true,
): Promise<WebhookDelivery> {
  const at = Date.now();
  const body = JSON.stringify(u);
  const attempt = (firstTry: boolean): Promise<WebhookDelivery> => new Promise<WebhookDelivery>((resolve) => {
    const failed = (error: string, status?: number): void =>
      resolve({ update_id: u.update_id, at, ...(status !== undefined ? { status } : {}), error });
    const req = http.request(
      url,
      {
        method: 'POST',
        // The retry takes a connection of its own: the pool may hold more that the bot closed.
        agent: firstTry ? agent : false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          res.resume();
          // Telegram's wording in getWebhookInfo.last_error_message.
          failed(`Wrong response from the webhook: ${status} ${res.statusMessage ?? ''}`.trim(), status);
          return;
        }
        const ok = (): void => {
          res.resume(); // whatever onReply left unread, so that the connection can carry the next update
          resolve({ update_id: u.update_id, at, status });
        };
        onReply(res).then(ok, ok);
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      // A kept connection the bot closed as the update went out (its idle timeout): sent again,
      // once, on a new connection, as Telegram sends a failed update again (the bot may have
      // received it; it deduplicates by update_id). Not once the fake is closing.
      if (firstTry && req.reusedSocket && e.code === 'ECONNRESET' && mayRetry()) resolve(attempt(false));
      else failed(e.code === 'ECONNREFUSED' ? 'Connection refused' : e.message);
    });
    req.end(body);
  });
  return attempt(true);
}

/** The connections to one webhook: kept open between updates, at most `maxConnections`. */
export function webhookAgent(maxConnections: number): http.Agent {
  // Idle connections are dropped after 2 s, before Node's servers drop them (5 s by default).
  return new http.Agent({ keepAlive: true, maxSockets: maxConnections, timeout: 2000 });
}
