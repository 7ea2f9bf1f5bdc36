import { createHash, randomUUID } from 'node:crypto';
import type { SecretStore } from '../../../core/channel.js';
import type { Clock } from '../../../core/clock.js';
import { Transient } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { escapeHtml } from '../../../core/markup.js';
import type { OaApi } from './api.js';
import { ZaloOaError } from './errors.js';

/**
 * The OA's token pair, as one JSON value so it is replaced atomically: SecretStore's
 * compare-and-set covers one key, and with the access and refresh tokens under separate keys a
 * second process could read a new refresh token beside an old access token.
 */
export const TOKENS_KEY = 'zalo_oa.tokens';
/** Hashes of the ZALO_OA_REFRESH_TOKEN values already taken in, so a restart does not take one twice. */
const SEEDS_KEY = 'zalo_oa.seeded_refresh_tokens';
/** Who may call the OAuth host right now: `<owner>|<until ms>`. */
const LEASE_KEY = 'zalo_oa.refresh_lease';

export const OAUTH_PATH = '/v4/oa/access_token';
/** Refresh this long before the access token expires (it lasts about 25 h: hexasync; read `expires_in`). */
export const REFRESH_AHEAD_MS = 10 * 60_000;
const LEASE_MS = 30_000;
const WAIT_STEP_MS = 100;
/** How long to wait for another refresher before giving up for now (the send is retried later). */
const MAX_WAIT_STEPS = 400;
/** After a "dead token" answer, how long to look for a pair another refresher may be storing. */
const DEAD_GRACE_MS = 2_000;
/** Used only if Zalo leaves `expires_in` out. */
const DEFAULT_EXPIRES_IN_S = 3600;
/**
 * The refresh token is dead and only an admin can fix it: -118 invalid_grant and -14014, both
 * treated so by goclaw (internal/channels/zalo/oa/errors.go, auth.go).
 */
const DEAD_REFRESH_CODES = new Set([-118, -14014]);

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

export interface TokenSource {
  /** A usable access token, refreshed first when it expires within REFRESH_AHEAD_MS. */
  access(): Promise<string>;
  /** The API refused `used` (-216/-220): a new token, from another refresher if one already ran. */
  renew(used: string): Promise<string>;
  current(): TokenPair | undefined;
}

export interface TokenSourceOptions {
  appId: string;
  appSecret: string;
  api: OaApi;
  secrets: SecretStore;
  clock: Clock;
  log: Logger;
  alert: (key: string, text: { vi: string; en: string }) => void;
  initialRefreshToken?: string;
  sleep?: (ms: number) => Promise<void>;
}

export function parsePair(raw: string | undefined): TokenPair | undefined {
  if (!raw) return undefined;
  try {
    const p = JSON.parse(raw) as Partial<TokenPair>;
    return typeof p.refreshToken === 'string' ? { accessToken: p.accessToken ?? '', refreshToken: p.refreshToken, expiresAt: Number(p.expiresAt) || 0 } : undefined;
  } catch {
    return undefined;
  }
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

/**
 * Exactly one refresher, because Zalo's refresh token is single-use and rotates (hexasync;
 * field-vn "refresh_token cũ chết ngay"): two refreshes with the same token lose the chain.
 * In the process, one promise in flight; across processes (the bot and a CLI `tick`), a lease
 * taken by compare-and-set in the store, and the new pair stored only if the store still holds
 * the pair that was refreshed. A process that finds the pair replaced uses the new one.
 */
export function createTokenSource(o: TokenSourceOptions): TokenSource {
  const owner = randomUUID();
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const dead = new Set<string>();
  let inFlight: Promise<TokenPair> | undefined;
  let seeded = false;

  const read = () => o.secrets.get(TOKENS_KEY);
  const fresh = (p: TokenPair | undefined): boolean => Boolean(p?.accessToken) && p!.expiresAt - o.clock.now() > REFRESH_AHEAD_MS;

  /**
   * Takes in ZALO_OA_REFRESH_TOKEN when the store has none, or when it is a value never taken in
   * before: the admin's fix after re-authorizing the OA. A value seen before is the one the store
   * has long rotated past, and must not overwrite the live chain.
   */
  function seed(): void {
    if (seeded) return;
    seeded = true;
    const token = o.initialRefreshToken;
    if (!token) return;
    const seen = JSON.parse(o.secrets.get(SEEDS_KEY) ?? '[]') as string[];
    if (seen.includes(hash(token))) return;
    o.secrets.setAll({ [SEEDS_KEY]: JSON.stringify([...seen, hash(token)].slice(-50)) });
    for (let i = 0; i < 5; i++) {
      if (o.secrets.compareAndSet(TOKENS_KEY, read(), JSON.stringify({ accessToken: '', refreshToken: token, expiresAt: 0 }))) {
        o.log.info('zalo_oa: took in the refresh token from ZALO_OA_REFRESH_TOKEN');
        return;
      }
    }
  }

  function takeLease(): string | undefined {
    const current = o.secrets.get(LEASE_KEY);
    const [holder, until] = (current ?? '').split('|');
    const now = o.clock.now();
    if (current && holder !== owner && Number(until) > now) return undefined;
    const mine = `${owner}|${now + LEASE_MS}`;
    return o.secrets.compareAndSet(LEASE_KEY, current, mine) ? mine : undefined;
  }

  function releaseLease(lease: string): void {
    o.secrets.compareAndSet(LEASE_KEY, lease, `${owner}|0`);
  }

  function deadToken(why: string): Transient {
    o.log.error({ why }, 'zalo_oa: no usable refresh token; an OA admin must re-authorize');
    o.alert('zalo-oa-token', deadTokenText(o.appId));
    return new Transient(`zalo_oa: refresh token unusable (${why}); the OA must be re-authorized`);
  }

  async function waitForChange(raw: string | undefined, ms: number): Promise<TokenPair | undefined> {
    for (let waited = 0; waited < ms; waited += WAIT_STEP_MS) {
      const now = read();
      if (now !== raw && parsePair(now)?.accessToken) return parsePair(now);
      await sleep(WAIT_STEP_MS);
    }
    return undefined;
  }

  async function refreshWith(raw: string, pair: TokenPair): Promise<TokenPair> {
    let body: Record<string, unknown>;
    try {
      body = await o.api.oauth(OAUTH_PATH, { app_id: o.appId, grant_type: 'refresh_token', refresh_token: pair.refreshToken }, { secret_key: o.appSecret });
    } catch (e) {
      if (e instanceof ZaloOaError && DEAD_REFRESH_CODES.has(e.code)) {
        // A refresher that did not take the lease (an older process, an expired lease) may
        // have spent this token a moment ago and be storing its pair now.
        const theirs = await waitForChange(raw, DEAD_GRACE_MS);
        if (theirs) return theirs;
        dead.add(pair.refreshToken);
        throw deadToken(`${e.code} ${e.description}`);
      }
      if (e instanceof ZaloOaError) {
        o.log.error({ code: e.code, description: e.description }, 'zalo_oa: OAuth refused the refresh');
        o.alert('zalo-oa-oauth', oauthRefusedText(e));
        throw new Transient(`zalo_oa: token refresh refused: ${e.message}`);
      }
      throw e;
    }
    const accessToken = typeof body.access_token === 'string' ? body.access_token : '';
    if (!accessToken) throw new Transient('zalo_oa: OAuth answered without an access_token');
    // expires_in comes as a quoted number in practice (goclaw auth.go flexSeconds), or a number.
    const expiresIn = Number(body.expires_in);
    const next: TokenPair = {
      accessToken,
      refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : pair.refreshToken,
      expiresAt: o.clock.now() + (expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S) * 1000,
    };
    if (o.secrets.compareAndSet(TOKENS_KEY, raw, JSON.stringify(next))) {
      o.log.info({ expiresAt: new Date(next.expiresAt).toISOString() }, 'zalo_oa: access token refreshed');
      return next;
    }
    // Another process stored a pair meanwhile (an admin's new token): theirs wins.
    const theirs = parsePair(read());
    o.log.warn('zalo_oa: the token pair changed during a refresh; using the stored one');
    return theirs?.accessToken ? theirs : next;
  }

  async function refresh(used: string | undefined): Promise<TokenPair> {
    for (let step = 0; step < MAX_WAIT_STEPS; step++) {
      const raw = read();
      const pair = parsePair(raw);
      if (pair && fresh(pair) && pair.accessToken !== used) return pair;
      if (!raw || !pair?.refreshToken) throw deadToken('no refresh token stored; set ZALO_OA_REFRESH_TOKEN');
      if (dead.has(pair.refreshToken)) throw deadToken('the stored refresh token was refused');
      const lease = takeLease();
      if (!lease) {
        await sleep(WAIT_STEP_MS);
        continue;
      }
      try {
        // The previous holder may have stored a new pair just before we took the lease.
        if (read() !== raw) continue;
        return await refreshWith(raw, pair);
      } finally {
        releaseLease(lease);
      }
    }
    throw new Transient('zalo_oa: another process has been refreshing the token for too long');
  }

  function refreshOnce(used: string | undefined): Promise<TokenPair> {
    inFlight ??= refresh(used).finally(() => (inFlight = undefined));
    return inFlight;
  }

  return {
    async access() {
      seed();
      const pair = parsePair(read());
      if (pair && fresh(pair)) return pair.accessToken;
      try {
        return (await refreshOnce(pair?.accessToken || undefined)).accessToken;
      } catch (e) {
        // A refresh ahead of time failed, but the token has minutes left: use them.
        if (pair?.accessToken && pair.expiresAt > o.clock.now()) return pair.accessToken;
        throw e;
      }
    },
    async renew(used) {
      seed();
      return (await refreshOnce(used)).accessToken;
    },
    current: () => parsePair(read()),
  };
}

function deadTokenText(appId: string): { vi: string; en: string } {
  return {
    vi: [
      '⚠️ <b>Zalo OA: bot mất quyền gửi tin</b> – refresh token của Official Account đã hết hạn hoặc đã bị thu hồi.',
      'Các tin gửi qua Zalo OA đang được giữ lại, không bị mất; bot gửi tiếp ngay khi có quyền trở lại.',
      'Việc cần làm (quản trị viên OA):',
      `1. Vào developers.zalo.me, mở ứng dụng có App ID ${escapeHtml(appId)}, mục Official Account, cấp quyền lại cho OA.`,
      '2. Lấy refresh token mới (API Explorer hoặc đường dẫn cấp quyền của ứng dụng).',
      '3. Đặt ZALO_OA_REFRESH_TOKEN bằng refresh token mới trong cấu hình của bot, rồi khởi động lại bot.',
    ].join('\n'),
    en: [
      '⚠️ <b>Zalo OA: the bot can no longer send</b> – the Official Account refresh token expired or was revoked.',
      'Messages to Zalo OA are kept, not lost; the bot sends them as soon as it is authorized again.',
      'What to do (an OA admin):',
      `1. In developers.zalo.me, open the app with App ID ${escapeHtml(appId)}, Official Account, and re-authorize the OA.`,
      '2. Get a new refresh token (API Explorer or the app’s authorization link).',
      '3. Set ZALO_OA_REFRESH_TOKEN to the new refresh token in the bot’s configuration and restart the bot.',
    ].join('\n'),
  };
}

function oauthRefusedText(e: ZaloOaError): { vi: string; en: string } {
  const why = escapeHtml(`${e.code}: ${e.description}`.slice(0, 200));
  return {
    vi: `⚠️ <b>Zalo OA: Zalo từ chối làm mới quyền gửi tin</b> (${why}). Xin kiểm tra ZALO_OA_APP_ID và ZALO_OA_APP_SECRET (Thông tin ứng dụng trên developers.zalo.me). Tin gửi qua Zalo OA đang được giữ lại, không bị mất.`,
    en: `⚠️ <b>Zalo OA: Zalo refused to renew the bot’s access</b> (${why}). Please check ZALO_OA_APP_ID and ZALO_OA_APP_SECRET (app information in developers.zalo.me). Messages to Zalo OA are kept, not lost.`,
  };
}
