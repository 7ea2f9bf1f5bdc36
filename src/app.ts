import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Db } from '../db/client.js';
import { getMeta } from '../db/queries/meta.js';
import { buildRegistry } from '../commands/index.js';
import type { Channel, Platform } from './core/channel.js';
import type { AppDeps, Registry } from './core/command.js';
import type { Clock } from './core/clock.js';
import { createWorkingCalendar } from './core/calendar/index.js';
import { createI18n, type Locale } from './core/i18n.js';
import type { Logger } from './core/logger.js';
import { createDispatcher, type Dispatcher } from './core/outbox.js';
import { CONSOLE_PACING, TELEGRAM_PACING, type PacingLimits } from './core/pacing.js';
import { createRouter, type Router } from './core/router.js';
import { INVITE_CODE_PATTERN } from './domain/invites.js';
import { schedulerJobs } from '../scheduler/jobs.js';
import { createTick, runTick, runTickNow, type PassReport, type TickReport } from '../scheduler/tick.js';
import { noticeFanOutJob } from '../scheduler/jobs/notice-fan-out.js';
import { noticeReportsJob } from '../scheduler/jobs/notice-reports.js';

export interface AppOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  defaultLocale?: Locale;
  pacing?: Partial<Record<Platform, PacingLimits>>;
  /** How often an idle dispatcher looks for rows another process queued. */
  pollMs?: number;
  /** How often notice delivery reports are refreshed (ms). */
  progressMs?: number;
  /** Where uploaded files are kept; default `files/` beside the database (a temp folder for `:memory:`). */
  filesDir?: string;
  /** What the webhook server has begun to receive (HttpServer.arrivals), for the group commit. */
  arrivals?: () => number;
}

export interface App {
  deps: AppDeps;
  registry: Registry;
  router: Router;
  dispatcher: Dispatcher | undefined;
  /** One whole scheduler pass at `now` (plans, queues, escalates), at once; the dispatcher then sends. */
  tick(now: number): TickReport;
  /**
   * The same, as the running bot does it: jobs with much to do (a daily look at 1,000
   * committees) run in chunks with the event loop free in between.
   */
  runTick(now: number): Promise<PassReport>;
  /** Starts the channels (each gets the router) and the dispatcher that sends through them. */
  start(channels: Channel[]): Promise<void>;
  stop(): Promise<void>;
}

/** The bot without its platforms: deps, commands, router; channels are plugged in at start. */
export function createApp(o: AppOptions): App {
  const i18n = createI18n();
  const deps: AppDeps = {
    db: o.db,
    clock: o.clock,
    log: o.log,
    calendar: createWorkingCalendar(),
    i18n,
    telegramUsername: () => getMeta(o.db, 'telegram.username'),
    filesDir: o.filesDir ?? defaultFilesDir(o.db),
    async fetchFile(platform, fileId, maxBytes) {
      const channel = running.find((c) => c.platform === platform);
      if (!channel?.download) throw new Error(`cannot download from ${platform}: channel not running`);
      return channel.download(fileId, maxBytes);
    },
  };
  const registry = buildRegistry();
  const jobs = schedulerJobs();
  const tick = createTick(deps, jobs);
  // Progress of notices being sent is worth more than once a minute.
  const fastTick = createTick(deps, [noticeReportsJob()]);
  let fastTimer: NodeJS.Timeout | undefined;
  // The copies of a large notice beyond its first chunk, queued a chunk per turn of the event loop
  // (fanOutNotices): looked for as often as the reports, which is well before the first chunk's
  // copies have all gone. One pass at a time.
  const fanOutTick = createTick(deps, [noticeFanOutJob()]);
  let fanningOut: Promise<void> | undefined;
  const fanOut = () => {
    fanningOut ??= runTick(fanOutTick, ['notice-fan-out'], o.clock.now())
      .then((r) => {
        const job = r.jobs['notice-fan-out'];
        if (job && 'queued' in job && job.queued) app.dispatcher?.kick();
      })
      .catch((err: unknown) => o.log.error({ err }, 'notice fan-out failed'))
      .finally(() => {
        fanningOut = undefined;
      });
  };
  const started: Channel[] = [];
  const running = started;
  const app: App = {
    deps,
    registry,
    dispatcher: undefined,
    tick(now) {
      const report = runTickNow(tick, jobs.map((j) => j.name), now);
      app.dispatcher?.kick();
      return report;
    },
    async runTick(now) {
      const report = await runTick(tick, jobs.map((j) => j.name), now);
      app.dispatcher?.kick();
      return report;
    },
    router: createRouter({
      deps,
      registry,
      defaultLocale: o.defaultLocale ?? 'vi',
      onQueued: () => app.dispatcher?.kick(),
      bareCodePattern: INVITE_CODE_PATTERN,
      ...(o.arrivals ? { arrivals: o.arrivals } : {}),
    }),
    async start(channels) {
      app.dispatcher = createDispatcher({
        db: o.db,
        clock: o.clock,
        log: o.log,
        channels,
        pacing: { telegram: TELEGRAM_PACING, console: CONSOLE_PACING, ...o.pacing },
        pollMs: o.pollMs ?? 500,
      });
      for (const channel of channels) {
        await channel.start(app.router.handle);
        started.push(channel);
      }
      app.dispatcher.start();
      fanOut();
      fastTimer = setInterval(() => {
        fanOut();
        const r = fastTick(o.clock.now()).jobs['notice-reports'];
        if (r && 'updated' in r && r.updated) app.dispatcher?.kick();
      }, o.progressMs ?? 3000);
      fastTimer.unref();
    },
    async stop() {
      if (fastTimer) clearInterval(fastTimer);
      await fanningOut;
      await app.dispatcher?.stop();
      for (const channel of started.reverse()) await channel.stop().catch((err: unknown) => o.log.warn({ err }, 'channel stop failed'));
      started.length = 0;
    },
  };
  return app;
}

function defaultFilesDir(db: Db): string {
  const file = db.$client.name;
  return file === ':memory:' || !file ? mkdtempSync(join(tmpdir(), 'committee-files-')) : join(dirname(file), 'files');
}
