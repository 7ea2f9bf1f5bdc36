// Bot-level methods: getMe, getUpdates, webhooks, command menus, descriptions, getChat.
import { commandsKey } from './core.js';
import type { Handler, MethodEnv } from './env.js';
import { Described } from './env.js';
import { ApiError, badRequest } from './errors.js';
import { bool, int, str } from './http.js';
import type { Json } from './types.js';

const SCOPES = new Set([
  'default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member',
]);

export const botMethods: Record<string, Handler> = {
  getMe: (env) => env.botUser,

  async getUpdates(env, p, ctx) {
    if (env.core.webhook.url) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    if (Array.isArray(p.allowed_updates)) env.core.allowedUpdates = p.allowed_updates.length ? p.allowed_updates.map(String) : null;
    const limit = Math.min(100, Math.max(1, int(p.limit) ?? 100)); // out-of-range limits are clamped
    return env.core.getUpdates(int(p.offset) ?? 0, limit, Math.max(0, Number(p.timeout ?? 0) || 0), ctx.signal);
  },

  setWebhook(env, p) {
    const core = env.core;
    const url = str(p.url) ?? '';
    if (url === '') return botMethods.deleteWebhook?.(env, p, { signal: new AbortController().signal });
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    // Deviation: Telegram wants HTTPS on 443/80/88/8443 and a public address; the fake
    // accepts http and any port but only delivers over loopback.
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) {
      throw badRequest('bad webhook: the fake Telegram server delivers only to 127.0.0.1, localhost or [::1]');
    }
    const secret = str(p.secret_token);
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw badRequest('secret token contains unallowed characters');
    const max = int(p.max_connections);
    const same = core.webhook.url === url;
    const wasSet = Boolean(core.webhook.url);
    core.webhook.url = url;
    if (secret) core.webhook.secretToken = secret;
    else delete core.webhook.secretToken;
    core.webhookInfo = { maxConnections: max === undefined ? 40 : Math.min(100, Math.max(1, max)) };
    if (Array.isArray(p.allowed_updates)) {
      core.allowedUpdates = p.allowed_updates.length ? p.allowed_updates.map(String) : null;
      if (p.allowed_updates.length) core.webhookInfo.allowedUpdates = core.allowedUpdates ?? undefined;
    }
    if (!wasSet) core.switchMode(true, bool(p.drop_pending_updates));
    else if (bool(p.drop_pending_updates)) core.dropPending();
    core.wakeAll(); // held getUpdates return; the next one gets 409
    return new Described(true, same ? 'Webhook is already set' : 'Webhook was set');
  },

  deleteWebhook(env, p) {
    const core = env.core;
    const drop = bool(p.drop_pending_updates);
    if (!core.webhook.url) {
      if (drop) core.dropPending();
      return new Described(true, 'Webhook is already deleted');
    }
    delete core.webhook.url;
    delete core.webhook.secretToken;
    core.switchMode(false, drop);
    return new Described(true, 'Webhook was deleted');
  },

  getWebhookInfo(env) {
    const { core } = env;
    const info = core.webhookInfo;
    return {
      url: core.webhook.url ?? '',
      has_custom_certificate: false,
      pending_update_count: core.pendingCount(),
      ...(core.webhook.url ? { max_connections: info.maxConnections, ip_address: '127.0.0.1' } : {}),
      ...(info.allowedUpdates ? { allowed_updates: info.allowedUpdates } : {}),
      ...(info.lastErrorDate ? { last_error_date: info.lastErrorDate, last_error_message: info.lastErrorMessage } : {}),
    };
  },

  setMyCommands(env, p) {
    const key = commandScopeKey(env, p);
    if (p.commands === undefined) throw badRequest('parameter "commands" is required');
    if (!Array.isArray(p.commands)) throw badRequest("can't parse commands JSON object"); // [U] exact wording
    if (p.commands.length > 100) throw badRequest('too many commands'); // [U] exact wording
    const list = p.commands.map((c: unknown) => {
      const cmd = (typeof c === 'object' && c ? c : {}) as Json;
      const command = str(cmd.command) ?? '';
      const description = str(cmd.description) ?? '';
      // Bot API: command 1-32 chars of a-z, 0-9, _; description 1-256 chars. MTProto's error names come through.
      if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
      if (description.trim().length < 1 || description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
      return { command, description };
    });
    if (list.length) env.core.commandSets.set(key, list);
    else env.core.commandSets.delete(key);
    return true;
  },

  getMyCommands: (env, p) => env.core.commandSets.get(commandScopeKey(env, p)) ?? [],

  deleteMyCommands(env, p) {
    env.core.commandSets.delete(commandScopeKey(env, p));
    return true;
  },

  setMyDescription: (env, p) => setBotText(env, p, 'description', 512),
  setMyShortDescription: (env, p) => setBotText(env, p, 'short_description', 120),
  getMyDescription: (env, p) => ({ description: env.core.botTexts.get(`description|${str(p.language_code) ?? ''}`) ?? '' }),
  getMyShortDescription: (env, p) => ({
    short_description: env.core.botTexts.get(`short_description|${str(p.language_code) ?? ''}`) ?? '',
  }),

  getChat: (env, p) => env.core.chatOrThrow(p.chat_id).chat,
};

function commandScopeKey(env: MethodEnv, p: Json): string {
  const lang = str(p.language_code) ?? '';
  if (lang !== '' && !/^[a-z]{2}$/.test(lang)) throw badRequest('LANG_CODE_INVALID'); // [U] exact wording
  const scope = typeof p.scope === 'object' && p.scope ? (p.scope as Json) : undefined;
  if (p.scope !== undefined && !scope) throw badRequest("can't parse BotCommandScope JSON object"); // [U]
  if (scope) {
    if (!SCOPES.has(str(scope.type) ?? '')) throw badRequest('unsupported bot command scope type'); // [U]
    if (['chat', 'chat_administrators', 'chat_member'].includes(scope.type)) env.core.chatOrThrow(scope.chat_id);
  }
  return commandsKey(scope, lang);
}

function setBotText(env: MethodEnv, p: Json, field: string, max: number): boolean {
  const value = str(p[field]) ?? '';
  if (value.length > max) throw badRequest(`${field === 'description' ? 'description' : 'short description'} is too long`); // [U]
  env.core.botTexts.set(`${field}|${str(p.language_code) ?? ''}`, value);
  return true;
}

