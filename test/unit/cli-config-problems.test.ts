import { describe, expect, it } from 'vitest';
import { plain } from '../../src/cli/context.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createI18n, loadCatalog } from '../../src/core/i18n.js';

const vi = loadCatalog('vi');
const en = loadCatalog('en');
const t = createI18n();

/** The ConfigError loadConfig throws for `env`. */
function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`no problem with ${JSON.stringify(env)}`);
}

/** Every problem config.ts can give, at least once. */
const WRONG: Record<string, string>[] = [
  { HTTP_PORT: '99999', DEFAULT_LOCALE: 'fr', CONSOLE: 'maybe', ZALO_OA_SENDS_PER_MINUTE: '0', TELEGRAM_API_ROOT: 'ftp://x', TELEGRAM_BOT_TOKEN: 'abc' },
  { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'webhook' },
  { ZALO_BOT_TOKEN: 'z', ZALO_BOT_WEBHOOK_URL: 'https://example.com/zalo', ZALO_BOT_WEBHOOK_SECRET: 'short' },
  { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_WEBHOOK_SECRET: 'no spaces allowed', ZALO_OA_APP_ID: '1' },
];

describe('configuration problems on the command line', () => {
  it('when config.ts gives a variable a problem, then it names a catalogue key present in both languages, whose English reads as config.ts wrote it', () => {
    const details = WRONG.flatMap((env) => errorOf(env).details);
    expect(new Set(details.map((d) => d.key)).size).toBeGreaterThanOrEqual(11);
    for (const d of details) {
      expect(d.key, `${d.variable}: ${d.message}`).toBeDefined();
      expect(vi[`cli.config.${d.key}`], d.key).toBeDefined();
      expect(en[`cli.config.${d.key}`], d.key).toBeDefined();
      expect(plain(t.t('en'), `cli.config.${d.key!}`, d.params)).toBe(d.message);
    }
  });

  it('when variables are wrong, then each is named as loadConfig names it and its problem is said in Vietnamese', () => {
    const say = (env: Record<string, string>) => errorOf(env).details.map((d) => `${d.variable}: ${plain(t.t('vi'), `cli.config.${d.key!}`, d.params)}`);
    expect([
      ...say({ HTTP_PORT: '99999', DEFAULT_LOCALE: 'fr', CONSOLE: 'maybe', ZALO_OA_SENDS_PER_MINUTE: '0', TELEGRAM_API_ROOT: 'ftp://x' }),
      ...say({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'webhook' }),
      ...say({ ZALO_BOT_TOKEN: 'z', ZALO_BOT_WEBHOOK_URL: 'https://example.com/zalo' }),
    ]).toEqual([
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

  it('when a problem comes from zod itself (not one config.ts words), then it has no key and keeps the words zod gave', () => {
    const e = errorOf({ HTTP_PORT: 8080 as unknown as string });
    expect(e.details).toEqual([{ variable: 'HTTP_PORT', message: expect.stringMatching(/string/i), params: {} }]);
    expect(e.problems[0]).toMatch(/^HTTP_PORT: .*string/i);
  });
});
