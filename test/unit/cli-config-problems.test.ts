import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configMessageKey, configProblem } from '../../src/cli/config-problems.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createI18n, loadCatalog } from '../../src/core/i18n.js';

const vi = loadCatalog('vi');
const en = loadCatalog('en');
const t = createI18n();

/** Every `message: '…'` (or a template, with each `${…}` as "X") that src/config.ts gives zod. */
function configMessages(): string[] {
  const src = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
  return [...src.matchAll(/message:\s*(['`])((?:(?!\1).)*)\1/g)].map((m) => m[2]!.replace(/\$\{[^}]*\}/g, 'X'));
}

/** The problems loadConfig reports for `env`. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error(`no problem with ${JSON.stringify(env)}`);
}

describe('configuration problems on the command line', () => {
  it('when src/config.ts gives a variable a message, then the CLI has it in both catalogues, the English one as config.ts writes it', () => {
    const messages = configMessages();
    expect(messages.length).toBeGreaterThanOrEqual(10); // or the scan found nothing
    const unknown = messages.filter((m) => configMessageKey(m) === undefined);
    expect(unknown, 'add these to src/cli/config-problems.ts and to cli.config.* in both catalogues').toEqual([]);
    for (const message of messages) {
      const { key } = configMessageKey(message)!;
      expect(vi[key], key).toBeDefined();
      expect(en[key], key).toBeDefined();
      expect(configProblem(t.t('en'), `VAR: ${message}`)).toBe(`VAR: ${message}`);
      expect(configProblem(t.t('vi'), `VAR: ${message}`)).not.toBe(`VAR: ${message}`);
    }
  });

  it('when variables are wrong, then each is named as loadConfig names it and its problem is said in Vietnamese', () => {
    const problems = [
      ...problemsOf({ HTTP_PORT: '99999', DEFAULT_LOCALE: 'fr', CONSOLE: 'maybe', ZALO_OA_SENDS_PER_MINUTE: '0', TELEGRAM_API_ROOT: 'ftp://x' }),
      ...problemsOf({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'webhook' }),
      ...problemsOf({ ZALO_BOT_TOKEN: 'z', ZALO_BOT_WEBHOOK_URL: 'https://example.com/zalo' }),
    ];
    expect(problems.map((p) => configProblem(t.t('vi'), p))).toEqual([
      'DEFAULT_LOCALE: phải là một trong: vi, en',
      'HTTP_PORT: phải là số cổng từ 1 đến 65535',
      'CONSOLE: phải là true hoặc false',
      'TELEGRAM_API_ROOT: phải là một địa chỉ http(s)',
      'ZALO_OA_SENDS_PER_MINUTE: phải là một số lớn hơn 0 và không quá 100000',
      'TELEGRAM_WEBHOOK_URL: bắt buộc khi TELEGRAM_MODE=webhook',
      'TELEGRAM_WEBHOOK_SECRET: bắt buộc khi TELEGRAM_MODE=webhook (Telegram ký mỗi yêu cầu bằng giá trị này)',
      'HTTP_PORT: bắt buộc khi TELEGRAM_MODE=webhook',
      'ZALO_BOT_WEBHOOK_SECRET: bắt buộc khi có ZALO_BOT_WEBHOOK_URL',
      'HTTP_PORT: bắt buộc khi có ZALO_BOT_WEBHOOK_URL',
    ]);
  });

  it('when a problem is not one config.ts is known to give, then it is shown as written', () => {
    expect(configProblem(t.t('vi'), 'NEW_VAR: must be purple')).toBe('NEW_VAR: must be purple');
    expect(configProblem(t.t('vi'), 'no variable named')).toBe('no variable named');
  });
});
