import { atomic } from '../../db/client.js';
import { markProcessed } from '../../db/queries/updates.js';
import { memberByAddress, setAccountReachable } from '../../db/queries/members.js';
import { clearChatState, getChatState, setChatState } from '../../db/queries/chat-state.js';
import { can } from '../domain/permissions.js';
import { decodeAction } from './actions.js';
import type { ActionAck, IncomingEvent, OutgoingMessage } from './channel.js';
import { resolveChoice } from './choices.js';
import type { AppDeps, Command, Ctx, DialogState, Registry } from './command.js';
import { DomainError } from './errors.js';
import { createGroupCommit } from './group-commit.js';
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n.js';
import { notify, type NotifyOptions, type Recipient, type Render } from './notifier.js';

const DIALOG_TTL_MS = 30 * 60_000;
const DIALOG = 'dialog';

export interface Router {
  /** Handles one event; never throws. Resolves with the toast for a button press. */
  handle(event: IncomingEvent): Promise<ActionAck>;
}

export interface RouterOptions {
  deps: AppDeps;
  registry: Registry;
  defaultLocale?: Locale;
  /** Called after each commit that queued messages, to wake the dispatcher. */
  onQueued?: () => void;
  /** Text that binds an account when sent bare (an invite code), handled by the start command. */
  bareCodePattern?: RegExp;
  /** What the transports have begun to receive (see group-commit.ts). */
  arrivals?: () => number;
}

type Queued = { to: Recipient; render: Render; opts: NotifyOptions };

export function createRouter(opts: RouterOptions): Router {
  const { deps, registry } = opts;
  const defaultLocale = opts.defaultLocale ?? DEFAULT_LOCALE;
  const commits = createGroupCommit(deps.db, opts.arrivals ? { arrivals: opts.arrivals } : {});
  let seq = 0;

  function localeFor(event: IncomingEvent, memberLocale: Locale | undefined): Locale {
    if (memberLocale) return memberLocale;
    const code = event.sender.languageCode?.slice(0, 2).toLowerCase();
    return isLocale(code) ? code : defaultLocale;
  }

  async function handle(event: IncomingEvent): Promise<ActionAck> {
    const now = deps.clock.now();
    let ack: ActionAck = {};
    let queued = 0;
    let tasks: (() => Promise<void>)[] = [];
    let repliedTo = false;
    // A button was pressed (natively, or as a numbered reply).
    let pressed = false;
    let ackLocale: Locale = defaultLocale;
    try {
      // Deduplicated, handled and committed with its outgoing rows before it is acknowledged;
      // events arriving together share the commit (group-commit.ts).
      await commits.run(() => {
        if (event.dedupeKey && !markProcessed(deps.db, event.dedupeKey.source, event.dedupeKey.id, now)) {
          deps.log.info({ dedupe: event.dedupeKey }, 'duplicate update ignored');
          return;
        }
        const member = memberByAddress(deps.db, event.sender.address);
        const locale = localeFor(event, member?.locale);
        ackLocale = locale;
        const t = deps.i18n.t(locale);
        const replyKey = event.dedupeKey ? `${event.dedupeKey.source}:${event.dedupeKey.id}` : `${event.sender.address}:${now}:${++seq}`;
        let outgoing: Queued[] = [];
        let replies = 0;
        const ctx: Ctx = {
          deps,
          sender: event.sender,
          member,
          locale,
          t,
          now,
          reply(message: OutgoingMessage | string) {
            repliedTo = true;
            const msg = typeof message === 'string' ? { text: message } : message;
            outgoing.push({
              to: { address: event.sender.address, locale },
              render: () => msg,
              opts: { key: `reply:${replyKey}:${replies++}`, lane: 'interactive' },
            });
          },
          notify(to, render, o) {
            outgoing.push({ to, render, opts: o });
          },
          toast(text, alert) {
            ack = { text, alert: alert ?? false };
          },
          dialog: {
            current: () => getChatState<DialogState>(deps.db, event.sender.address, DIALOG, now),
            set(step, data = {}) {
              const cur = getChatState<DialogState>(deps.db, event.sender.address, DIALOG, now);
              const command = dialogOwner ?? cur?.command;
              if (!command) throw new Error('dialog.set outside a command');
              setChatState(deps.db, event.sender.address, DIALOG, { command, step, data }, now + DIALOG_TTL_MS);
            },
            end: () => clearChatState(deps.db, event.sender.address, DIALOG),
          },
          afterCommit(task) {
            tasks.push(task);
          },
        };
        let dialogOwner: string | undefined;
        const flush = () => {
          for (const q of outgoing) if (notify(deps, q.to, q.render, q.opts)) queued++;
          outgoing = [];
        };
        try {
          // A savepoint: a failing handler's changes roll back, the update stays processed and
          // the user still gets an answer.
          atomic(deps.db, () => {
            route(ctx, event, (name) => (dialogOwner = name), () => (pressed = true));
            flush();
          });
        } catch (e) {
          outgoing = [];
          tasks = [];
          queued = 0;
          if (e instanceof DomainError) {
            ctx.reply(t(e.messageKey, e.params));
            if (event.kind === 'action') ack = { text: t(e.messageKey, e.params).replace(/<[^>]+>/g, '').slice(0, 200), alert: true };
          } else {
            deps.log.error({ err: e, event: summarize(event) }, 'handler failed');
            ctx.reply(t('error.internal'));
            if (event.kind === 'action') ack = { text: t('error.internal_short'), alert: true };
          }
          flush();
        }
      });
    } catch (e) {
      deps.log.error({ err: e, event: summarize(event) }, 'event could not be processed');
      return { text: undefined };
    }
    if (queued > 0) opts.onQueued?.();
    const toasted = event.kind === 'action' && event.toasts === true;
    if (pressed && !toasted && ack.alert && ack.text && !repliedTo) {
      // No toast on this platform (console, Zalo): say it in the chat instead.
      const text = ack.text;
      atomic(deps.db, () => {
        if (notify(deps, { address: event.sender.address, locale: ackLocale }, () => ({ text: `ⓘ ${text}` }), { key: `ack:${event.sender.address}:${now}:${++seq}`, lane: 'interactive' })) {
          opts.onQueued?.();
        }
      });
    }
    for (const task of tasks) {
      task().catch((err: unknown) => deps.log.error({ err }, 'after-commit task failed'));
    }
    return ack;
  }

  function route(ctx: Ctx, event: IncomingEvent, own: (command: string) => void, onPress: () => void): void {
    const { t } = ctx;
    switch (event.kind) {
      case 'command': {
        const command = registry.get(event.name);
        if (!command) {
          ctx.reply(t('error.unknown_command', { command: event.name }));
          return;
        }
        // Any command ends a dialog in progress: the user moved on.
        clearChatState(ctx.deps.db, ctx.sender.address, DIALOG);
        if (!allowed(ctx, command)) return;
        own(command.name);
        command.run(ctx, event.args.trim());
        return;
      }
      case 'action':
        return routeAction(ctx, event.payload, own, onPress);
      case 'text': {
        const choice = resolveChoice(ctx.deps.db, ctx.sender.address, event.text, ctx.now);
        if (choice) return routeAction(ctx, choice, own, onPress);
        const state = ctx.dialog.current();
        const owner = state && registry.get(state.command);
        if (state && owner?.onText && allowed(ctx, owner)) {
          own(owner.name);
          owner.onText(ctx, event.text.trim(), state);
          return;
        }
        const start = registry.get('start');
        if (opts.bareCodePattern?.test(event.text.trim()) && start) {
          own(start.name);
          start.run(ctx, event.text.trim());
          return;
        }
        ctx.reply(ctx.member ? t('error.free_text') : t('error.not_registered'));
        return;
      }
      case 'file': {
        const state = ctx.dialog.current();
        const owner = state && registry.get(state.command);
        if (state && owner?.onFile && allowed(ctx, owner)) {
          own(owner.name);
          owner.onFile(ctx, event.file, state);
          return;
        }
        ctx.reply(ctx.member ? t('error.unexpected_file') : t('error.not_registered'));
        return;
      }
      case 'reachability':
        setAccountReachable(ctx.deps.db, ctx.sender.address, event.reachable, event.reachable ? null : 'blocked');
        return;
      case 'unsupported':
        ctx.reply(ctx.member ? t(`error.unsupported_${event.what}`) : t('error.not_registered'));
        return;
    }
  }

  function routeAction(ctx: Ctx, payload: string, own: (command: string) => void, onPress: () => void): void {
    onPress();
    const decoded = decodeAction(payload);
    const target = decoded && registry.forVerb(decoded.verb);
    if (!decoded || !target) {
      ctx.toast(ctx.t('error.stale_button'), true);
      ctx.reply(ctx.t('error.stale_button'));
      return;
    }
    if (!allowed(ctx, target.command)) return;
    own(target.command.name);
    target.handler(ctx, decoded.args);
  }

  /** The access check every entry point goes through; the user is told why not. */
  function allowed(ctx: Ctx, command: Command): boolean {
    if (command.access === 'anyone') return true;
    if (!ctx.member || !ctx.member.active) {
      ctx.reply(ctx.t('error.not_registered'));
      ctx.toast(ctx.t('error.not_registered_short'), true);
      return false;
    }
    if (command.access === 'member' || can(ctx.member.role, command.access)) return true;
    ctx.reply(ctx.t('error.forbidden', { command: command.name }));
    ctx.toast(ctx.t('error.forbidden_short'), true);
    return false;
  }

  return { handle };
}

function summarize(e: IncomingEvent) {
  return { kind: e.kind, from: e.sender.address, dedupe: e.dedupeKey };
}
