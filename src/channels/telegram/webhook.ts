import type { Update } from 'telegraf/types';
import { readBody, secretMatches, type HttpHandler } from '../../http.js';
import type { Logger } from '../../core/logger.js';

/** A Bot API call written into the webhook response: Telegram makes it on the bot's behalf. */
export type ResponseCall = { method: string } & Record<string, unknown>;

/**
 * The webhook endpoint. POST only; the X-Telegram-Bot-Api-Secret-Token header compared in
 * constant time (403 otherwise); the JSON body parsed (415 if it is not JSON, 413 if it is too
 * large to be an update, 400 if it is not an update); then `receive`, which resolves once the update is committed, with the
 * call, if any, to make in the response (the Bot API's "request in response to an update").
 *
 * Updates do not go through telegraf here: its webhookCallback and handleUpdate build a debug
 * logger, a Telegram client, a context and a timeout per update, ~50 µs of the ~600 µs an update
 * costs (`npm run bench`); telegraf stays the Bot API client and runs long polling.
 */
export function telegramWebhook(secret: string | undefined, receive: (update: Update) => Promise<ResponseCall | undefined>, log: Logger): HttpHandler {
  return async (req, res) => {
    if (req.method !== 'POST' || (secret !== undefined && !secretMatches(secret, req.headers['x-telegram-bot-api-secret-token']))) {
      res.writeHead(403).end();
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    let update: Update;
    try {
      update = JSON.parse(body.toString('utf8')) as Update;
    } catch {
      res.writeHead(415).end();
      return;
    }
    // Every update is an object with a numeric update_id; anything else did not come from Telegram.
    if (typeof update !== 'object' || update === null || typeof (update as { update_id?: unknown }).update_id !== 'number') {
      res.writeHead(400).end();
      return;
    }
    let call: ResponseCall | undefined;
    try {
      call = await receive(update);
    } catch (err) {
      // Acknowledged all the same: a redelivery would fail the same way, forever.
      log.error({ err, update: update.update_id }, 'telegram update failed');
    }
    if (call) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call));
    else res.writeHead(200).end();
  };
}
