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
  if (!config.TELEGRAM_BOT_TOKEN) return [];
  return [
    createTelegramChannel({
      token: config.TELEGRAM_BOT_TOKEN,
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      mode: 'polling',
      log: deps.log,
    }),
  ];
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
