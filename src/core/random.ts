import { randomFillSync } from 'node:crypto';

/**
 * A random token of `bytes` bytes, base64url: invite codes, guest codes, a card's nonce, button
 * tokens. The bytes come from the operating system's generator as with `randomBytes`, drawn 4 KB
 * at a time and each used once (what Node's `randomUUID` does): one request for entropy per
 * token cost ~20 µs on every /absent under load (`npm run bench`).
 */
export function randomToken(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > POOL_BYTES) throw new RangeError(`token size must be 1–${POOL_BYTES} bytes, got ${bytes}`);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const token = pool.toString('base64url', used, used + bytes);
  // Wiped as it is handed out: a token's bytes are never in memory twice.
  pool.fill(0, used, used + bytes);
  used += bytes;
  return token;
}

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;
