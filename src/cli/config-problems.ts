import type { Params, Translate } from '../core/i18n.js';
import { plain } from './context.js';

/**
 * The messages src/config.ts gives a bad variable, each with its catalogue key, so the command
 * line says them in its own language. ConfigError.problems stays as config.ts writes it (English:
 * `npm start` prints it, and the CLI's `--json` error reports it unchanged under "problems").
 * A message not listed here is shown as written; test/unit/cli-config-problems.test.ts checks
 * that every message in src/config.ts is listed.
 */
const MESSAGES: { re: RegExp; key: string; params?: (m: RegExpExecArray) => Params }[] = [
  { re: /^must be an http\(s\) URL$/, key: 'cli.config.url' },
  { re: /^must be true or false$/, key: 'cli.config.bool' },
  { re: /^must be one of (.+)$/, key: 'cli.config.one_of', params: (m) => ({ values: m[1] }) },
  { re: /^must be a number above 0 and at most (.+)$/, key: 'cli.config.rate', params: (m) => ({ max: m[1] }) },
  { re: /^must be a port number 1–65535$/, key: 'cli.config.port' },
  { re: /^does not look like a bot token \(123456:ABC…\)$/, key: 'cli.config.telegram_token' },
  { re: /^1–256 characters of A-Z a-z 0-9 _ - \(Bot API setWebhook secret_token\)$/, key: 'cli.config.telegram_secret' },
  { re: /^8–256 characters \(Zalo Bot Platform setWebhook secret_token\)$/, key: 'cli.config.zalo_secret' },
  { re: /^required with ZALO_OA_APP_ID \(the OA sends events to a webhook only\)$/, key: 'cli.config.required_with_oa' },
  { re: /^required when TELEGRAM_MODE=webhook \(Telegram signs each request with it\)$/, key: 'cli.config.required_webhook_secret' },
  { re: /^required with (\S+)$/, key: 'cli.config.required_with', params: (m) => ({ other: m[1] }) },
  { re: /^required when (\S+)$/, key: 'cli.config.required_when', params: (m) => ({ condition: m[1] }) },
];

/** `message` (what follows "VARIABLE: " in a problem) as a catalogue key and params, if it is a known one. */
export function configMessageKey(message: string): { key: string; params: Params } | undefined {
  for (const { re, key, params } of MESSAGES) {
    const m = re.exec(message);
    if (m) return { key, params: params?.(m) ?? {} };
  }
  return undefined;
}

/** "HTTP_PORT: must be a port number 1–65535" → "HTTP_PORT: phải là số cổng từ 1 đến 65535" in Vietnamese. */
export function configProblem(t: Translate, problem: string): string {
  const at = problem.indexOf(': ');
  if (at < 0) return problem;
  const known = configMessageKey(problem.slice(at + 2));
  return known ? `${problem.slice(0, at + 2)}${plain(t, known.key, known.params)}` : problem;
}
