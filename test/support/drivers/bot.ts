// The real bot (createApp + buildChannels over an environment, as main.ts does it) on a fresh
// in-memory SQLite with a fake clock, plugged into one or more platform fakes ("surfaces").
import type { Readable, Writable } from 'node:stream';
import { closeDb, openDb } from '../../../db/client.js';
import { allOutbox } from '../../../db/queries/outbox.js';
import { createApp } from '../../../src/app.js';
import { buildChannels } from '../../../src/channels/index.js';
import { loadConfig, type Config } from '../../../src/config.js';
import type { Platform } from '../../../src/core/channel.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { PacingLimits } from '../../../src/core/pacing.js';
import { createInvite } from '../../../src/domain/invites.js';
import { createHttpServer, type HttpServer } from '../../../src/http.js';
import { fakeClock, type FakeClock } from '../fake-clock.js';
import {
  until, userHandle, type ChannelDriver, type MultiChannelDriver, type RunningBot, type StartOptions, type SurfaceUser, type UserHandle,
} from './driver.js';

/** No pacing: the fakes enforce no rate limits unless asked, and tests need not wait them out. */
const FAST: PacingLimits = { perSecond: 1000, perChatPerSecond: 1000, perChatBurst: 1000 };
/** A working-day morning outside quiet hours, when the tests do not say. */
export const DEFAULT_START = '2026-03-02T09:00:00';
/** Both greetings end so: a fresh binding ("Đã liên kết") and a seat bound already (console). */
const GREETING = 'Gõ /help để xem các việc';

/** One platform's fake, as the bot sees it through its configuration. */
export interface Surface {
  /** Environment variables that make buildChannels run this channel against the fake. */
  env(httpPort: number | undefined): Record<string, string>;
  /** Whether the channel needs the bot's HTTP server (a webhook). */
  readonly needsHttp: boolean;
  /** The console's streams, handed to buildChannels. */
  readonly streams?: { stdin: Readable; stdout: Writable };
  /** After the app started: resolves once the channel listens (a held poll, a webhook set). */
  ready(config: Config, httpPort: number | undefined): Promise<void>;
  user(memberId: number): Promise<SurfaceUser>;
  close(): Promise<void>;
}

/** A platform the drivers know: its name, its documented text limit, and how to fake it. */
export interface SurfaceKind {
  readonly platform: Platform;
  readonly textLimit: number;
  create(clock: FakeClock): Promise<Surface>;
}

interface Started {
  bot: RunningBot;
  surfaces: Map<Platform, Surface>;
}

async function startBot(kinds: readonly SurfaceKind[], opts: StartOptions): Promise<Started> {
  const clock = opts.clock ?? fakeClock(DEFAULT_START);
  const cleanup: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  };
  try {
    const surfaces = new Map<Platform, Surface>();
    for (const k of kinds) {
      const s = await k.create(clock);
      cleanup.push(() => s.close());
      surfaces.set(k.platform, s);
    }
    const db = openDb(':memory:');
    cleanup.push(() => closeDb(db));
    const pacing = Object.fromEntries(kinds.map((k) => [k.platform, FAST]));
    const app = createApp({ db, clock, log: silentLogger, pollMs: 20, progressMs: 100, pacing });
    let http: HttpServer | undefined;
    let port: number | undefined;
    if ([...surfaces.values()].some((s) => s.needsHttp)) {
      const server = createHttpServer(silentLogger);
      http = server;
      port = await server.listen(0, '127.0.0.1');
      cleanup.push(() => server.close());
    }
    const env: Record<string, string> = Object.assign(port ? { HTTP_PORT: String(port) } : {}, ...[...surfaces.values()].map((s) => s.env(port)));
    const config = loadConfig(env);
    const streams = [...surfaces.values()].find((s) => s.streams)?.streams;
    const channels = buildChannels({
      config,
      deps: app.deps,
      registry: app.registry,
      ...(http ? { http } : {}),
      ...(streams ? { stdin: streams.stdin, stdout: streams.stdout } : {}),
    });
    cleanup.push(() => app.stop());
    await app.start(channels);
    for (const s of surfaces.values()) await s.ready(config, port);
    const bot: RunningBot = {
      app,
      clock,
      async settled(timeoutMs = 5000) {
        // Rows due later (a reminder not yet due, a quiet-hours deferral) are not "busy".
        const busy = () => allOutbox(db).filter((r) => r.status === 'sending' || (r.status === 'pending' && r.notBefore <= clock.now()));
        await until(() => busy().length === 0, timeoutMs, () => `outbox still busy: ${JSON.stringify(busy().map((r) => [r.idempotencyKey, r.status, r.lastError]))}`);
      },
      close,
    };
    return { bot, surfaces };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Sends `/start CODE` with a fresh invite as `user`, and waits for the greeting. */
async function bindAs(bot: RunningBot, memberId: number, user: SurfaceUser): Promise<UserHandle> {
  const handle = userHandle(user);
  await handle.send(`/start ${createInvite(bot.app.deps, memberId, 'test').code}`);
  await handle.waitFor(GREETING);
  return handle;
}

function notStarted(): never {
  throw new Error('driver not started: call start() first');
}

/** A driver for one platform. */
export function channelDriver(kind: SurfaceKind): ChannelDriver {
  let started: Started | undefined;
  const surface = () => started?.surfaces.get(kind.platform) ?? notStarted();
  const bot = () => started?.bot ?? notStarted();
  return {
    platform: kind.platform,
    textLimit: kind.textLimit,
    get app() {
      return bot().app;
    },
    get clock() {
      return bot().clock;
    },
    async start(opts = {}) {
      if (started) throw new Error('driver already started');
      started = await startBot([kind], opts);
    },
    settled: (timeoutMs) => bot().settled(timeoutMs),
    user: async (memberId) => userHandle(await surface().user(memberId)),
    bind: async (memberId) => bindAs(bot(), memberId, await surface().user(memberId)),
    async close() {
      const s = started;
      started = undefined;
      await s?.bot.close();
    },
  };
}

/** The bot on several platforms at once (one buildChannels over an env with every token). */
export function multiChannelDriver(kinds: readonly SurfaceKind[]): MultiChannelDriver {
  let started: Started | undefined;
  const bot = () => started?.bot ?? notStarted();
  return {
    platforms: kinds.map((k) => k.platform),
    get app() {
      return bot().app;
    },
    get clock() {
      return bot().clock;
    },
    async start(opts = {}) {
      if (started) throw new Error('driver already started');
      started = await startBot(kinds, opts);
    },
    settled: (timeoutMs) => bot().settled(timeoutMs),
    async bind(memberId, on) {
      const surface = started?.surfaces.get(on);
      if (!surface) throw new Error(`${on} is not one of this bot's platforms: ${kinds.map((k) => k.platform).join(', ')}`);
      return bindAs(bot(), memberId, await surface.user(memberId));
    },
    async close() {
      const s = started;
      started = undefined;
      await s?.bot.close();
    },
  };
}
