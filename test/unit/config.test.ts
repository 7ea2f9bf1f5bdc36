import { describe, expect, it } from 'vitest';
import { ConfigError, consoleEnabled, loadConfig, pacingOf } from '../../src/config.js';

const TOKEN = '123456:ABC-def_ghi';

/** The ConfigError loadConfig throws for `env`, or a failure if it accepts it. */
function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      DATABASE_PATH: 'data/committee.db',
      DEFAULT_LOCALE: 'vi',
      TELEGRAM_MODE: 'polling',
      LOG_LEVEL: 'info',
    });
    expect(c.HTTP_PORT).toBeUndefined();
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it('when Zalo send rates are not set, then the Bot Platform is paced at 10/s and the OA at 90/min, each per its own window', () => {
    const p = pacingOf(loadConfig({}));
    expect(p.zalo_bot).toMatchObject({ perSecond: 10, perChatPerSecond: 1, secondMs: 1000 });
    // 90 a minute over a sliding minute: 1.5/s, below the Growth package's ~100 requests/min.
    expect(p.zalo_oa).toMatchObject({ perSecond: 1.5, perChatPerSecond: 1, secondMs: 60_000 });
    expect(p.telegram).toMatchObject({ perSecond: 30, perChatPerSecond: 1 });
  });

  it('when Zalo send rates are set, then they are used; a rate that is not a positive number is named', () => {
    const p = pacingOf(loadConfig({ ZALO_BOT_SENDS_PER_SECOND: '2.5', ZALO_OA_SENDS_PER_MINUTE: ' 1800 ' }));
    expect(p.zalo_bot?.perSecond).toBe(2.5);
    expect(p.zalo_oa?.perSecond).toBe(30);
    const bad = problems({ ZALO_BOT_SENDS_PER_SECOND: '0', ZALO_OA_SENDS_PER_MINUTE: 'nhiều' });
    expect(bad.map((x) => x.split(':')[0]).sort()).toEqual(['ZALO_BOT_SENDS_PER_SECOND', 'ZALO_OA_SENDS_PER_MINUTE']);
  });

  it('when values are given, then they are parsed and trimmed', () => {
    const c = loadConfig({
      DATABASE_PATH: ' /var/lib/bot/db.sqlite ',
      DEFAULT_LOCALE: 'en',
      HTTP_PORT: '8080',
      TELEGRAM_BOT_TOKEN: ` ${TOKEN} `,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/telegram',
      TELEGRAM_WEBHOOK_SECRET: 's3cret_-X',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9000',
    });
    expect(c).toMatchObject({
      DATABASE_PATH: '/var/lib/bot/db.sqlite',
      DEFAULT_LOCALE: 'en',
      HTTP_PORT: 8080,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9000',
    });
  });

  it('when optional variables are blank (as in a copied .env.example), then they count as not set', () => {
    const c = loadConfig({
      DATABASE_PATH: '   ',
      HTTP_PORT: '',
      TELEGRAM_BOT_TOKEN: '',
      TELEGRAM_API_ROOT: ' ',
      TELEGRAM_WEBHOOK_URL: '',
      TELEGRAM_WEBHOOK_SECRET: '',
      ZALO_BOT_TOKEN: '',
      ZALO_OA_APP_ID: '  ',
      CONSOLE: '',
    });
    expect(c.DATABASE_PATH).toBe('data/committee.db');
    expect(c.HTTP_PORT).toBeUndefined();
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(c.TELEGRAM_API_ROOT).toBeUndefined();
    expect(c.ZALO_OA_APP_ID).toBeUndefined();
    expect(c.CONSOLE).toBeUndefined();
    expect(consoleEnabled(c)).toBe(true);
  });

  it('when variables with a fixed set of values are blank, then their defaults apply too', () => {
    // Bug: DEFAULT_LOCALE, TELEGRAM_MODE and LOG_LEVEL use z.enum directly, so "" is rejected.
    const c = loadConfig({ DEFAULT_LOCALE: '', TELEGRAM_MODE: '', LOG_LEVEL: ' ' });
    expect(c).toMatchObject({ DEFAULT_LOCALE: 'vi', TELEGRAM_MODE: 'polling', LOG_LEVEL: 'info' });
  });

  it('when the token and the port are both bad, then one ConfigError lists both variables', () => {
    const p = problems({ TELEGRAM_BOT_TOKEN: 'not-a-token', HTTP_PORT: '99999' });
    expect(p).toHaveLength(2);
    expect(p.find((x) => x.startsWith('TELEGRAM_BOT_TOKEN:'))).toBeDefined();
    expect(p.find((x) => x.startsWith('HTTP_PORT:'))).toBeDefined();
  });

  it.each(['0', '65536', '80.5', 'eighty', '-1'])('when HTTP_PORT is "%s", then it is refused', (port) => {
    expect(problems({ HTTP_PORT: port })).toEqual([expect.stringMatching(/^HTTP_PORT: /)]);
  });

  it('when a URL variable is not an http(s) URL, then it is named', () => {
    expect(problems({ TELEGRAM_API_ROOT: 'ftp://x', ZALO_OA_API_BASE: 'openapi.zalo.me' })).toEqual([
      expect.stringMatching(/^TELEGRAM_API_ROOT: /),
      expect.stringMatching(/^ZALO_OA_API_BASE: /),
    ]);
  });

  it('when webhook mode has no URL, secret or port, then the error lists each of the three', () => {
    const p = problems({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' });
    expect(p.map((x) => x.split(':')[0]).sort()).toEqual(['HTTP_PORT', 'TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_WEBHOOK_URL']);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' })).toThrow(
      /TELEGRAM_WEBHOOK_URL[\s\S]*TELEGRAM_WEBHOOK_SECRET[\s\S]*HTTP_PORT/,
    );
  });

  it('when webhook mode has only the URL, then only the secret and port are missing', () => {
    const p = problems({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/tg' });
    expect(p.map((x) => x.split(':')[0]).sort()).toEqual(['HTTP_PORT', 'TELEGRAM_WEBHOOK_SECRET']);
  });

  it('when the webhook secret has characters Telegram does not allow, then it is refused', () => {
    expect(problems({ TELEGRAM_WEBHOOK_SECRET: 'has space!' })).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: /)]);
  });

  it('when DEFAULT_LOCALE is a language we do not have, then it is refused', () => {
    expect(problems({ DEFAULT_LOCALE: 'fr' })).toEqual([expect.stringMatching(/^DEFAULT_LOCALE: /)]);
  });
});

describe('consoleEnabled', () => {
  it('when no chat platform is configured, then the console runs', () => {
    expect(consoleEnabled(loadConfig({}))).toBe(true);
  });

  it.each([
    ['a Telegram token', { TELEGRAM_BOT_TOKEN: TOKEN }],
    ['a Zalo bot token', { ZALO_BOT_TOKEN: 'zalo-token' }],
    ['a Zalo OA', { ZALO_OA_APP_ID: '1234567890', ZALO_OA_APP_SECRET: 'app-secret', ZALO_OA_SECRET_KEY: 'oa-secret', HTTP_PORT: '8080' }],
  ])('when %s is configured, then the console is off', (_what, env) => {
    expect(consoleEnabled(loadConfig(env))).toBe(false);
  });

  it('when a Zalo OA app id comes without its secrets and a webhook port, then each missing variable is named', () => {
    const problems = (() => {
      try {
        loadConfig({ ZALO_OA_APP_ID: '1234567890' });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    })();
    expect(problems.map((p) => p.split(':')[0])).toEqual(['ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'HTTP_PORT']);
  });

  it('when CONSOLE=true is set beside a platform, then the console runs as well', () => {
    expect(consoleEnabled(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, CONSOLE: 'true' }))).toBe(true);
    expect(consoleEnabled(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, CONSOLE: 'yes' }))).toBe(true);
  });

  it('when CONSOLE=false is set with no platform, then the console is off', () => {
    expect(consoleEnabled(loadConfig({ CONSOLE: '0' }))).toBe(false);
    expect(consoleEnabled(loadConfig({ CONSOLE: 'off' }))).toBe(false);
  });

  it('when CONSOLE is neither true nor false, then it is refused', () => {
    expect(problems({ CONSOLE: 'maybe' })).toEqual([expect.stringMatching(/^CONSOLE: /)]);
  });
});
