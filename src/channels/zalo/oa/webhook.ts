import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { IncomingEvent, Sender } from '../../../core/channel.js';
import { parseJsonLossless } from './json.js';

export const SIGNATURE_HEADER = 'x-zevent-signature';
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;
/** A button's payload as the bot writes it: `#b:` and an unguessable per-chat token. */
export const BUTTON_PREFIX = '#b:';
const BUTTON_TEXT = /^#b:(\S*)$/;
/** Below this a timestamp is in seconds (goclaw webhook_signature.go); Zalo sends milliseconds (field-vn). */
const MS_THRESHOLD = 1e12;

export type ZaloEvent = Record<string, unknown> & {
  app_id?: unknown;
  event_name?: unknown;
  timestamp?: unknown;
  sender?: { id?: unknown; display_name?: unknown };
  follower?: { id?: unknown };
  message?: { msg_id?: unknown; message_id?: unknown; text?: unknown; attachments?: unknown };
};

export type Verdict = { ok: true; event: ZaloEvent } | { ok: false; status: 400 | 401; why: string };

export const zaloOaAddress = (userId: string) => `zalo_oa:${userId}`;

export function userIdOf(address: string): string {
  if (!address.startsWith('zalo_oa:')) throw new Error(`not a Zalo OA address: ${address}`);
  return address.slice('zalo_oa:'.length);
}

export function signatureOf(appId: string, raw: string, timestamp: string, secretKey: string): string {
  return createHash('sha256').update(`${appId}${raw}${timestamp}${secretKey}`).digest('hex');
}

/**
 * `X-ZEvent-Signature` = sha256(app_id + raw body + timestamp + OA secret key), plain SHA-256,
 * not HMAC, with app_id and timestamp read from the body (Chatwoot zalo_events_job.rb, field-vn
 * SignatureVerifier.php, goclaw webhook_signature.go). Chatwoot compares against `mac=<hex>`,
 * goclaw against the bare hex, field-vn strips an optional `mac=`: both forms are taken.
 * The raw body is hashed as received; re-serializing it would change the hash.
 */
export function verify(raw: string, header: string | undefined, o: { appId: string; secretKey: string; now: number; maxSkewMs: number }): Verdict {
  let event: ZaloEvent;
  try {
    const v = parseJsonLossless(raw);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, status: 400, why: 'not a JSON object' };
    event = v as ZaloEvent;
  } catch {
    return { ok: false, status: 400, why: 'not JSON' };
  }
  if (!header) return { ok: false, status: 401, why: 'no signature' };
  if (String(event.app_id ?? '') !== o.appId) return { ok: false, status: 401, why: 'another app_id' };
  const timestamp = typeof event.timestamp === 'string' || typeof event.timestamp === 'number' ? String(event.timestamp) : '';
  if (!/^\d{9,16}$/.test(timestamp)) return { ok: false, status: 401, why: 'no timestamp' };
  const ms = Number(timestamp) < MS_THRESHOLD ? Number(timestamp) * 1000 : Number(timestamp);
  if (Math.abs(o.now - ms) > o.maxSkewMs) return { ok: false, status: 401, why: 'stale timestamp' };
  const got = Buffer.from(header.trim().replace(/^mac=/i, '').toLowerCase());
  const want = Buffer.from(signatureOf(o.appId, raw, timestamp, o.secretKey));
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, status: 401, why: 'wrong signature' };
  return { ok: true, event };
}

export function reply(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"error":0}' : '{"error":1}');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

interface Attachment {
  type?: unknown;
  payload?: { url?: unknown; name?: unknown; size?: unknown; type?: unknown; id?: unknown };
}

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Turns a button token a user sent back into the action it stands for (ButtonTokens.redeem). */
export interface MapOptions {
  redeem(address: string, token: string): string | undefined;
}

/**
 * A verified event as the core's events, or none for the ones the bot does not act on (echoes
 * of its own messages, delivery and seen receipts, anonymous users who cannot be answered).
 */
export function mapEvent(e: ZaloEvent, o: MapOptions): IncomingEvent | undefined {
  const name = String(e.event_name ?? '');
  // follow/unfollow carry `follower.id` (field-vn WebhookEvent.php, Chatwoot); goclaw reads
  // `sender.id` and names them user_follow/user_unfollow. All are taken.
  if (['follow', 'unfollow', 'user_follow', 'user_unfollow'].includes(name)) {
    const userId = str(e.follower?.id) ?? str(e.sender?.id);
    if (!userId) return undefined;
    const reachable = name.endsWith('follow') && !name.endsWith('unfollow');
    return { kind: 'reachability', reachable, sender: senderOf(userId, e), dedupeKey: { source: 'zalo_oa', id: `${name}:${String(e.timestamp)}:${userId}` } };
  }
  if (!name.startsWith('user_')) return undefined;
  const userId = str(e.sender?.id);
  if (!userId) return undefined;
  const sender = senderOf(userId, e);
  // msg_id (field-vn, Chatwoot); goclaw also sees message_id in some payloads.
  const msgId = str(e.message?.msg_id) ?? str(e.message?.message_id);
  const dedupeKey = { source: 'zalo_oa', id: msgId ?? `${name}:${String(e.timestamp)}:${userId}` };
  switch (name) {
    // A tap on an oa.query.hide button comes back as a text from the user carrying the payload
    // (most sources, PLATFORMS.md 3.1); one n8n node's doc names a user_click_button event instead.
    case 'user_send_text':
    case 'user_click_button': {
      const text = String(e.message?.text ?? (e.message as { payload?: unknown } | undefined)?.payload ?? '').trim();
      const button = BUTTON_TEXT.exec(text);
      // Anyone can type a payload by hand: an unknown, forged or expired token presses nothing.
      if (button) return { kind: 'action', payload: o.redeem(sender.address, button[1]!) ?? '', sender, dedupeKey };
      const command = /^\/([A-Za-z0-9_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(text);
      if (command) return { kind: 'command', name: command[1]!.toLowerCase(), args: (command[2] ?? '').trim(), sender, dedupeKey };
      return { kind: 'text', text, sender, dedupeKey };
    }
    case 'user_send_file': {
      const a = firstAttachment(e);
      const url = str(a?.payload?.url) ?? str(a?.payload?.id);
      if (!url) return { kind: 'unsupported', what: 'other', sender, dedupeKey };
      const fileName = str(a?.payload?.name) ?? 'file';
      const ext = (str(a?.payload?.type) ?? fileName.split('.').pop() ?? '').toLowerCase();
      const size = Number(a?.payload?.size);
      return {
        kind: 'file',
        // Zalo gives no file id, only a URL to fetch it from (Chatwoot incoming_message_service.rb).
        file: { fileId: url, name: fileName, ...(MIME_BY_EXT[ext] ? { mime: MIME_BY_EXT[ext] } : {}), ...(Number.isFinite(size) && size > 0 ? { size } : {}) },
        ...(str(e.message?.text) ? { caption: str(e.message?.text)! } : {}),
        sender,
        dedupeKey,
      };
    }
    case 'user_send_image':
    case 'user_send_gif':
      return { kind: 'unsupported', what: 'photo', sender, dedupeKey };
    case 'user_send_sticker':
      return { kind: 'unsupported', what: 'sticker', sender, dedupeKey };
    case 'user_send_audio':
      return { kind: 'unsupported', what: 'voice', sender, dedupeKey };
    default:
      // user_received_message, user_seen_message, user_submit_info …: receipts and forms.
      return name.startsWith('user_send_') ? { kind: 'unsupported', what: 'other', sender, dedupeKey } : undefined;
  }
}

function firstAttachment(e: ZaloEvent): Attachment | undefined {
  const list = e.message?.attachments;
  return Array.isArray(list) ? (list[0] as Attachment | undefined) : undefined;
}

function senderOf(userId: string, e: ZaloEvent): Sender {
  const name = str(e.sender?.display_name);
  return { address: zaloOaAddress(userId), platform: 'zalo_oa', userId, ...(name ? { displayName: name } : {}) };
}
