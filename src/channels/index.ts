import type { Readable, Writable } from 'node:stream';
import { setMeta } from '../../db/queries/meta.js';
import type { Config } from '../config.js';
import { consoleEnabled } from '../config.js';
import type { Channel } from '../core/channel.js';
import type { AppDeps, Registry } from '../core/command.js';
import { listCommittees } from '../../db/queries/committees.js';
import { listMembers } from '../domain/members.js';
import { bindConsoleSeat } from '../domain/invites.js';
import type { HttpServer } from '../http.js';
import { consoleAddress, createConsoleChannel, type ConsoleSeat } from './console/index.js';
import { createTelegramChannel } from './telegram/index.js';
import { createZaloBotChannel } from './zalo/bot/index.js';
import { createZaloOaChannel } from './zalo/oa/index.js';
import { createSecretStore } from '../core/secrets.js';
import { createButtonTokens, renderAsChoices } from '../core/choices.js';
import { alertSecretariat } from '../domain/alerts.js';

export interface BuildChannelsOptions {
  config: Config;
  deps: AppDeps;
  registry: Registry;
  http?: HttpServer;
  stdin?: Readable;
  stdout?: Writable;
  initialSeat?: number;
}

/**
 * Channels that only send (no polling, no webhook), for the command line's `tick`: the bot keeps
 * receiving. The console is left out: only the running bot owns the terminal.
 */
export function buildSendChannels(config: Config, deps: AppDeps): Channel[] {
  const channels: Channel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    channels.push(
      createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        mode: 'polling',
        log: deps.log,
      }),
    );
  }
  if (config.ZALO_BOT_TOKEN) {
    // Never started: send() works without polling, so the running bot keeps its getUpdates.
    channels.push(
      createZaloBotChannel({ token: config.ZALO_BOT_TOKEN, ...(config.ZALO_BOT_API_BASE ? { apiBase: config.ZALO_BOT_API_BASE } : {}), mode: 'polling', log: deps.log }),
    );
  }
  // Send-only: no webhook route (the command line has no HTTP server).
  if (config.ZALO_OA_APP_ID) channels.push(zaloOa(config, deps));
  return channels;
}

/** The channels the configuration asks for. With no platform token, the console alone. */
export function buildChannels(o: BuildChannelsOptions): Channel[] {
  const { config, deps } = o;
  const channels: Channel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const menu = (locale: 'vi' | 'en') =>
      o.registry.commands.filter((c) => !c.hidden).map((c) => ({ command: c.name, description: deps.i18n.t(locale)(c.descriptionKey).slice(0, 256) }));
    channels.push(
      createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        mode: config.TELEGRAM_MODE,
        ...(config.TELEGRAM_WEBHOOK_URL ? { webhookUrl: config.TELEGRAM_WEBHOOK_URL } : {}),
        ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
        ...(o.http ? { http: o.http } : {}),
        log: deps.log,
        menu: { vi: menu('vi'), en: menu('en') },
        onUsername: (u) => setMeta(deps.db, 'telegram.username', u),
      }),
    );
  }
  if (config.ZALO_BOT_TOKEN) {
    // A webhook when a public URL is configured; otherwise getUpdates long polling.
    channels.push(
      createZaloBotChannel({
        token: config.ZALO_BOT_TOKEN,
        ...(config.ZALO_BOT_API_BASE ? { apiBase: config.ZALO_BOT_API_BASE } : {}),
        mode: config.ZALO_BOT_WEBHOOK_URL ? 'webhook' : 'polling',
        ...(config.ZALO_BOT_WEBHOOK_URL ? { webhookUrl: config.ZALO_BOT_WEBHOOK_URL } : {}),
        ...(config.ZALO_BOT_WEBHOOK_SECRET ? { webhookSecret: config.ZALO_BOT_WEBHOOK_SECRET } : {}),
        ...(o.http ? { http: o.http } : {}),
        log: deps.log,
      }),
    );
  }
  if (config.ZALO_OA_APP_ID) {
    // Zalo sends OA events to a webhook only (config requires HTTP_PORT with ZALO_OA_APP_ID).
    if (!o.http) throw new Error('Zalo OA needs the HTTP server (HTTP_PORT) for its webhook');
    channels.push(zaloOa(config, deps, o.http));
  }
  if (consoleEnabled(config)) {
    const label = (m: { id: number; name: string; role: string }) => `${m.id} ${m.name} (${deps.i18n.t('vi')(`role.${m.role}`)})`;
    const seats = (): ConsoleSeat[] =>
      listCommittees(deps.db).flatMap((c) => listMembers(deps, c.id).map((m) => ({ memberId: m.id, label: label(m) })));
    channels.push(
      createConsoleChannel({
        input: o.stdin ?? process.stdin,
        output: o.stdout ?? process.stdout,
        log: deps.log,
        seats,
        takeSeat(memberId) {
          const m = bindConsoleSeat(deps, memberId, consoleAddress(memberId));
          return m ? { memberId: m.id, label: label(m) } : undefined;
        },
        ...(o.initialSeat !== undefined ? { initialSeat: o.initialSeat } : {}),
        prompt: Boolean((o.stdin ?? process.stdin) === process.stdin && process.stdin.isTTY),
      }),
    );
  }
  return channels;
}

/** The Zalo Official Account channel; with `http`, it also serves the OA webhook. */
function zaloOa(config: Config, deps: AppDeps, http?: HttpServer): Channel {
  return createZaloOaChannel({
    appId: config.ZALO_OA_APP_ID!,
    appSecret: config.ZALO_OA_APP_SECRET ?? '',
    secretKey: config.ZALO_OA_SECRET_KEY ?? '',
    ...(config.ZALO_OA_REFRESH_TOKEN ? { initialRefreshToken: config.ZALO_OA_REFRESH_TOKEN } : {}),
    ...(config.ZALO_OA_API_BASE ? { apiBase: config.ZALO_OA_API_BASE } : {}),
    ...(config.ZALO_OAUTH_BASE ? { oauthBase: config.ZALO_OAUTH_BASE } : {}),
    ...(http ? { http } : {}),
    webhookPath: config.ZALO_OA_WEBHOOK_PATH,
    log: deps.log,
    clock: deps.clock,
    secrets: createSecretStore(deps.db),
    buttons: createButtonTokens(deps.db, deps.clock),
    // Never through the OA itself: it is what is failing.
    alert: (key, text) => alertSecretariat(deps, key, (_t, locale) => ({ text: text[locale] }), { avoid: 'zalo_oa' }),
    numberedChoices: (address, message) => renderAsChoices(deps.db, address, message, deps.clock.now()),
  });
}
