import { startCheckpointer } from '../db/checkpointer.js';
import { closeDb, openDb } from '../db/client.js';
import { createApp } from './app.js';
import { buildChannels } from './channels/index.js';
import { ConfigError, consoleEnabled, describeConfigError, envLocale, loadConfig, pacingOf } from './config.js';
import { systemClock } from './core/clock.js';
import { createI18n } from './core/i18n.js';
import { createLogger } from './core/logger.js';
import { seedDemoIfEmpty } from './domain/demo.js';
import { bindConsoleSeat } from './domain/invites.js';
import { consoleAddress } from './channels/console/index.js';
import { createHttpServer } from './http.js';
import type { ScheduledTask } from 'node-cron';
import { startCron } from '../scheduler/cron.js';

/** Composition root: config → db → app → channels → HTTP; stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(describeConfigError(e, createI18n().t(envLocale())));
      process.exit(2);
    }
    throw e;
  }
  const onConsole = consoleEnabled(config);
  // On the console, logs would drown the chat: only warnings unless LOG_LEVEL says otherwise.
  const log = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : onConsole ? 'warn' : 'info');
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  const db = openDb(config.DATABASE_PATH);
  const checkpoints = startCheckpointer(db, { log });
  const http = config.HTTP_PORT ? createHttpServer(log) : undefined;
  const app = createApp({ db, clock: systemClock, log, defaultLocale: config.DEFAULT_LOCALE, pacing: pacingOf(config), ...(http ? { arrivals: http.arrivals } : {}) });
  let initialSeat: number | undefined;
  if (onConsole) {
    const demo = seedDemoIfEmpty(app.deps);
    if (demo) {
      initialSeat = demo.memberIds[0];
      // Every demo member sits at the console, so messages to any of them show up here.
      for (const id of demo.memberIds) bindConsoleSeat(app.deps, id, consoleAddress(id));
      console.log(`Đã tạo Ban Chỉ đạo mẫu (demo) trong ${config.DATABASE_PATH}.`);
    }
  }
  const channels = buildChannels({ config, deps: app.deps, registry: app.registry, ...(http ? { http } : {}), ...(initialSeat ? { initialSeat } : {}) });
  if (channels.length === 0) log.warn('no channel is enabled (CONSOLE=false and no platform token): the bot only runs its scheduler');

  try {
    await app.start(channels);
  } catch (err) {
    log.fatal({ err }, 'could not start the channels');
    await app.stop();
    await checkpoints?.stop();
    closeDb(db);
    process.exit(1);
  }
  if (http && config.HTTP_PORT) {
    await http.listen(config.HTTP_PORT);
    log.info({ port: config.HTTP_PORT }, 'HTTP server listening');
  }
  log.info({ channels: channels.map((c) => c.platform), db: config.DATABASE_PATH }, 'bot started');
  let cron: ScheduledTask | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await cron?.stop();
    await http?.close();
    await app.stop();
    await checkpoints?.stop();
    closeDb(db);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // Catch up at once after downtime (reminders that fell due meanwhile go out once), then every
  // minute. The catch-up yields between chunks, so the signal handlers above are in place first.
  await app.runTick(systemClock.now());
  if (!stopping) cron = startCron({ tick: (now) => app.runTick(now), clock: systemClock, log });
}

void main();
