// Shared types of the method handlers.
import type { Core } from './core.js';
import type { Json } from './types.js';

export interface MethodEnv {
  core: Core;
  /** getMe's result. */
  botUser: Json;
  /** The bot as a User in `from` and chat member objects. */
  botFrom: Json;
  maxUploadBytes: number;
}
export interface CallContext {
  /** Aborted when the client disconnects (telegraf's bot.stop() aborts its held poll). */
  signal: AbortSignal;
}
/** A result that also carries Telegram's `description` (setWebhook: "Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
export type Handler = (env: MethodEnv, p: Json, ctx: CallContext) => unknown;
