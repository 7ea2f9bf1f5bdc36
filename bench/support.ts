// Shared by the bench scenarios: the fake Bot API in a child process, the real bot wired to it
// the way src/main.ts wires it (webhook mode, a SQLite file), seeding, and the measuring tools.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startCheckpointer } from '../db/checkpointer.js';
import { atomic, closeDb, openDb, type Db } from '../db/client.js';
import { insertAccount } from '../db/queries/members.js';
import { createApp, type App } from '../src/app.js';
import { buildChannels } from '../src/channels/index.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { TELEGRAM_PACING, compressTime, type PacingLimits } from '../src/core/pacing.js';
import { createCommittee } from '../src/domain/committees.js';
import type { Deps } from '../src/domain/deps.js';
import { addMember } from '../src/domain/members.js';
import { createHttpServer, type HttpHandler, type HttpServer } from '../src/http.js';
import type { FakeTelegramOptions } from '../test/support/fake-telegram.js';
import type { MemberRole } from '../db/schema/members.js';

/** Telegram's published limit, the denominator of broadcastRatio. */
export const TELEGRAM_LIMIT_PER_SECOND = 30;
export const WEBHOOK_SECRET = 'bench-secret_1';

export interface Sizes {
  quick: boolean;
  /** Time compression of both the fake's limits and the bot's pacing (1 = real time). */
  scale: number;
  broadcastMembers: number;
  /** Bot API latency while broadcasting (ms, divided by `scale`). */
  broadcastLatencyMs: number;
  probeUsers: number;
  probeEveryMs: number;
  probeSeconds: number;
  webhookMembers: number;
  committees: number;
  membersPerCommittee: number;
}

export function sizes(quick: boolean): Sizes {
  return quick
    ? { quick, scale: 5, broadcastMembers: 1000, broadcastLatencyMs: 50, probeUsers: 20, probeEveryMs: 250, probeSeconds: 6, webhookMembers: 200, committees: 100, membersPerCommittee: 40 }
    : { quick, scale: 1, broadcastMembers: 5000, broadcastLatencyMs: 50, probeUsers: 50, probeEveryMs: 250, probeSeconds: 30, webhookMembers: 1000, committees: 1000, membersPerCommittee: 40 };
}

/** The product's Telegram pacing, time-compressed like the fake's limits. */
export function scaledPacing(scale: number): PacingLimits {
  return compressTime(TELEGRAM_PACING, scale);
}

// ------------------------------------------------------------------ the fake, in its own process

export interface FakeProcess {
  apiRoot: string;
  token: string;
  call<T>(op: string, args?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeProcess(opts: FakeTelegramOptions): Promise<FakeProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./fake-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.result);
    else w?.reject(new Error(`fake: ${m.error}`));
  });
  child.on('exit', () => {
    for (const w of waiting.values()) w.reject(new Error('fake process exited'));
    waiting.clear();
  });
  const call = <T>(op: string, args: unknown = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });
  const { apiRoot, token } = await call<{ apiRoot: string; token: string }>('start', opts);
  return {
    apiRoot,
    token,
    call,
    async close() {
      await call('close').catch(() => undefined);
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

// ------------------------------------------------------------------ the bot under test

export interface Bot {
  app: App;
  db: Db;
  http: HttpServer;
  close(): Promise<void>;
}

/**
 * The real bot as src/main.ts composes it (minus cron), in webhook mode on 127.0.0.1, on a SQLite
 * file. `wrapRoutes` may wrap the HTTP handlers the channels register (see webhook.ts); `progressMs`
 * is the app's (time-compressed with the limits in --quick).
 */
export async function startBot(fake: FakeProcess, pacing: PacingLimits, wrapRoutes?: (handler: HttpHandler) => HttpHandler, progressMs?: number): Promise<Bot> {
  const dir = mkdtempSync(join(tmpdir(), 'committee-bench-'));
  const db = openDb(join(dir, 'committee.db'));
  const checkpoints = startCheckpointer(db, { log: silentLogger });
  const http = createHttpServer(silentLogger);
  if (wrapRoutes) {
    const route = http.route.bind(http);
    http.route = (path, handler) => route(path, wrapRoutes(handler));
  }
  const app = createApp({ db, clock: systemClock, log: silentLogger, pacing: { telegram: pacing }, arrivals: http.arrivals, ...(progressMs ? { progressMs } : {}) });
  const port = await http.listen(0, '127.0.0.1');
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    HTTP_PORT: String(port),
    CONSOLE: 'false',
  });
  const channels = buildChannels({ config, deps: app.deps, registry: app.registry, http });
  await app.start(channels);
  return {
    app,
    db,
    http,
    async close() {
      await app.stop();
      await http.close();
      await checkpoints?.stop();
      closeDb(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A committee with `count` members of `role` (one transaction); with `telegramFrom`, member i is
 * bound to Telegram user `telegramFrom + i` (as /start CODE would have done).
 */
export function addMembers(deps: Deps, committeeId: number, count: number, o: { role: MemberRole; name: string; telegramFrom?: number }): number[] {
  return atomic(deps.db, () =>
    Array.from({ length: count }, (_, i) => {
      const id = addMember(deps, committeeId, { name: `${o.name} ${i + 1}`, role: o.role }, 'bench').id;
      if (o.telegramFrom !== undefined) {
        const userId = String(o.telegramFrom + i);
        insertAccount(deps.db, { memberId: id, platform: 'telegram', userId, address: `telegram:${userId}`, priority: 0, boundAt: deps.clock.now() });
      }
      return id;
    }),
  );
}

export function newCommittee(deps: Deps, name: string, presetId = 'bac-giang-2021'): number {
  return createCommittee(deps, { name, presetId }, 'bench').id;
}

// ------------------------------------------------------------------ measuring

/** The longest event-loop stall while running `fn` (ms), sampled every 5 ms. */
export async function withStalls<T>(fn: () => Promise<T>): Promise<{ result: T; maxStallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  // The histogram records nothing for its first interval: work that started at once (a
  // notice's 5,000 rows queued in one go) went unseen. Measured: a 100 ms block read 5 ms.
  await new Promise((r) => setTimeout(r, 20));
  try {
    const result = await fn();
    return { result, maxStallMs: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

export const rssMb = () => process.memoryUsage().rss / 2 ** 20;
/** The most memory this process ever had resident (MB). */
export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Progress lines go to stderr, so stdout is the table and the JSON. */
export const say = (s: string) => process.stderr.write(`[bench] ${s}\n`);
