/**
 * Button payloads. Telegram allows 1–64 *bytes* of callback_data (Bot API, InlineKeyboardButton),
 * so payloads are short ASCII: `<verb>:<id>[:<arg>]`. They carry ids only; the server re-checks
 * who presses and whether the action is still allowed.
 */
export const ACTION_PAYLOAD_LIMIT_BYTES = 64;

const SAFE = /^[A-Za-z0-9_.-]+$/;

export function encodeAction(verb: string, ...args: (string | number)[]): string {
  const parts = [verb, ...args.map(String)];
  for (const p of parts) {
    if (!SAFE.test(p)) throw new Error(`action part "${p}" must match ${SAFE}`);
  }
  const payload = parts.join(':');
  if (Buffer.byteLength(payload, 'utf8') > ACTION_PAYLOAD_LIMIT_BYTES) {
    throw new Error(`action payload over ${ACTION_PAYLOAD_LIMIT_BYTES} bytes: ${payload}`);
  }
  return payload;
}

export interface DecodedAction {
  verb: string;
  args: string[];
}

/** Undefined for anything that is not a well-formed payload (forged or junk callback data). */
export function decodeAction(payload: string): DecodedAction | undefined {
  if (!payload || Buffer.byteLength(payload, 'utf8') > ACTION_PAYLOAD_LIMIT_BYTES) return undefined;
  const parts = payload.split(':');
  if (parts.some((p) => !SAFE.test(p))) return undefined;
  const [verb, ...args] = parts;
  return verb ? { verb, args } : undefined;
}
