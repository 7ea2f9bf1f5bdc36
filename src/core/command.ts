import type { Member } from '../domain/members.js';
import type { Deps } from '../domain/deps.js';
import type { Permission } from '../domain/permissions.js';
import type { IncomingFile, OutgoingMessage, Platform, Sender } from './channel.js';
import type { I18n, Locale, Translate } from './i18n.js';
import type { NotifyOptions, Recipient, Render } from './notifier.js';

/** Everything a command needs, with no platform in sight. */
export interface AppDeps extends Deps {
  i18n: I18n;
  /** The Telegram bot's @username, once known, for invite deep links. */
  telegramUsername(): string | undefined;
  /** Folder for local copies of uploaded files (beside the database). */
  filesDir: string;
  /** Downloads a file a user sent on a platform; rejects when that platform is not running. */
  fetchFile(platform: Platform, fileId: string, maxBytes: number): Promise<Buffer>;
}

export interface DialogState {
  command: string;
  step: string;
  data: Record<string, unknown>;
}

/**
 * The context of one incoming event. Handlers are synchronous: they run inside the database
 * transaction that also records the update as processed and queues the replies, so an update's
 * effects and its answers commit together or not at all.
 */
export interface Ctx {
  deps: AppDeps;
  sender: Sender;
  /** The member bound to this chat; undefined for strangers. */
  member: Member | undefined;
  locale: Locale;
  t: Translate;
  now: number;
  reply(message: OutgoingMessage | string): void;
  /** Queue a message to someone else, rendered in their language. */
  notify(to: Recipient, render: Render, opts: NotifyOptions): void;
  /** The toast shown on a button press. */
  toast(text: string, alert?: boolean): void;
  dialog: {
    current(): DialogState | undefined;
    set(step: string, data?: Record<string, unknown>): void;
    end(): void;
  };
  /** Work to run after the commit (downloads, edits); it must be safe to lose on a crash. */
  afterCommit(task: () => Promise<void>): void;
}

/** A ctx for a registered member, after the router checked permission. */
export type MemberCtx = Ctx & { member: Member };

export type Access = 'anyone' | 'member' | Permission;

export interface Command {
  /** Telegram-style name: 1–32 lowercase letters, digits and underscores. */
  name: string;
  /** i18n key of the one-line description for /help and the command menu. */
  descriptionKey: string;
  access: Access;
  /** Hidden commands work but are left out of /help and the platform menu. */
  hidden?: boolean;
  run(ctx: Ctx, args: string): void;
  /** Next step of a guided dialog started by this command. */
  onText?(ctx: Ctx, text: string, state: DialogState): void;
  onFile?(ctx: Ctx, file: IncomingFile, state: DialogState): void;
  /** Button verbs this command owns (see actions.ts), e.g. `{ lang: … }`. */
  actions?: Record<string, (ctx: Ctx, args: string[]) => void>;
}

export const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

export interface Registry {
  commands: readonly Command[];
  get(name: string): Command | undefined;
  forVerb(verb: string): { command: Command; handler: (ctx: Ctx, args: string[]) => void } | undefined;
}

/** Builds the command table; a name or button-verb clash fails at startup, not at run time. */
export function createRegistry(commands: readonly Command[]): Registry {
  const byName = new Map<string, Command>();
  const byVerb = new Map<string, { command: Command; handler: (ctx: Ctx, args: string[]) => void }>();
  for (const c of commands) {
    if (!COMMAND_NAME.test(c.name)) throw new Error(`bad command name "${c.name}"`);
    if (byName.has(c.name)) throw new Error(`command "/${c.name}" registered twice`);
    byName.set(c.name, c);
    for (const [verb, handler] of Object.entries(c.actions ?? {})) {
      if (byVerb.has(verb)) throw new Error(`button verb "${verb}" registered by /${byVerb.get(verb)!.command.name} and /${c.name}`);
      byVerb.set(verb, { command: c, handler });
    }
  }
  return { commands, get: (n) => byName.get(n), forVerb: (v) => byVerb.get(v) };
}
