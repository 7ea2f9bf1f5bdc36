// Webhook delivery: one POST per update, as Telegram sends it.
import http from 'node:http';
import type { Json, WebhookDelivery } from './types.js';

/**
 * POSTs the update as JSON with X-Telegram-Bot-Api-Secret-Token when a secret is set.
 * A 2xx response body may carry a method call (telegraf's webhookReply); it is handed to
 * onReply. No retries: a failed delivery is recorded with Telegram's last_error_message.
 */
export function postUpdate(
  u: Json,
  url: string,
  secret: string | undefined,
  onReply: (res: http.IncomingMessage) => Promise<void>,
): Promise<WebhookDelivery> {
  const at = Date.now();
  const body = JSON.stringify(u);
  return new Promise<WebhookDelivery>((resolve) => {
    const failed = (error: string, status?: number): void =>
      resolve({ update_id: u.update_id, at, ...(status !== undefined ? { status } : {}), error });
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
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
        const ok = (): void => resolve({ update_id: u.update_id, at, status });
        onReply(res).then(ok, ok);
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => failed(e.code === 'ECONNREFUSED' ? 'Connection refused' : e.message));
    req.end(body);
  });
}
