// Drivers by platform name, for `describe.each` over channels.
import type { Platform } from '../../../src/core/channel.js';
import { multiChannelDriver, type SurfaceKind } from './bot.js';
import { consoleDriver } from './console.js';
import type { ChannelDriver, MultiChannelDriver } from './driver.js';
import { telegramDriver, telegramSurface } from './telegram.js';
import { zaloBotDriver, zaloBotSurface } from './zalo-bot.js';
import { zaloOaDriver, zaloOaSurface } from './zalo-oa.js';

export type { ChannelDriver, MultiChannelDriver, Msg, UserHandle } from './driver.js';

export const DRIVERS = {
  telegram: telegramDriver,
  zalo_bot: () => zaloBotDriver(),
  zalo_oa: zaloOaDriver,
  console: consoleDriver,
} as const satisfies Record<Platform, () => ChannelDriver>;

export type DriverName = keyof typeof DRIVERS;

const SURFACES: Record<Exclude<Platform, 'console'>, SurfaceKind> = {
  telegram: telegramSurface,
  zalo_bot: zaloBotSurface(),
  zalo_oa: zaloOaSurface,
};

/**
 * The bot on these platforms at once. The console is not among them: it runs only when no
 * platform is configured (consoleEnabled), as in production.
 */
export function driverAcross(...platforms: Exclude<Platform, 'console'>[]): MultiChannelDriver {
  return multiChannelDriver(platforms.map((p) => SURFACES[p]));
}
