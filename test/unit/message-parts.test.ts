import { describe, expect, it } from 'vitest';
import { mapTelegramError } from '../../src/channels/telegram/errors.js';
import { mapZaloBotError } from '../../src/channels/zalo/bot/errors.js';
import { mapOaError } from '../../src/channels/zalo/oa/errors.js';
import { meterParts, type MessageParts } from '../../src/core/channel.js';
import { Deferred } from '../../src/core/errors.js';

/** MessageParts that log what the meter asks of them. */
function parts(done = 0) {
  const log: string[] = [];
  const p: MessageParts = {
    done,
    pace: async () => {
      log.push('pace');
    },
    advanced: (n) => log.push(`advanced ${n}`),
  };
  return { p, log };
}

const request = (log: string[], name: string, fail = false) => async () => {
  log.push(name);
  if (fail) throw new Error(`${name} failed`);
  return name;
};

describe('a message sent in several requests', () => {
  it('when three parts go, then each after the first waits for the pacer, and each counts once taken', async () => {
    const { p, log } = parts();
    const part = meterParts(p);
    expect(await part(request(log, 'a'))).toBe('a');
    expect(await part(request(log, 'b'))).toBe('b');
    expect(await part(request(log, 'c'))).toBe('c');
    expect(log).toEqual(['a', 'advanced 1', 'pace', 'b', 'advanced 2', 'pace', 'c', 'advanced 3']);
  });

  it('when an earlier attempt got two parts through, then only the third is sent, without waiting (the dispatcher already did)', async () => {
    const { p, log } = parts(2);
    const part = meterParts(p);
    expect(await part(request(log, 'a'))).toBeUndefined();
    expect(await part(request(log, 'b'))).toBeUndefined();
    expect(await part(request(log, 'c'))).toBe('c');
    expect(log).toEqual(['c', 'advanced 3']);
  });

  it('when a request fails and is made again on the spot, then it keeps its place in the count', async () => {
    const { p, log } = parts();
    const part = meterParts(p);
    await part(request(log, 'a'));
    await expect(part(request(log, 'b', true))).rejects.toThrow('b failed');
    // A refreshed token, say: the same part again. It is paced (the failed request was a request).
    expect(await part(request(log, 'b again'))).toBe('b again');
    expect(log).toEqual(['a', 'advanced 1', 'pace', 'b', 'pace', 'b again', 'advanced 2']);
  });

  it('when there is no meter (a caller other than the dispatcher), then every request simply runs', async () => {
    const log: string[] = [];
    const part = meterParts(undefined);
    expect(await part(request(log, 'a'))).toBe('a');
    expect(await part(request(log, 'b'))).toBe('b');
    expect(log).toEqual(['a', 'b']);
  });

  it('when the dispatcher puts a message back between two parts (a long platform pause), then every channel hands its Deferred back unchanged', () => {
    const back = new Deferred(123_456, 'platform paused between parts');
    expect(mapTelegramError(back)).toBe(back);
    expect(mapZaloBotError(back)).toBe(back);
    expect(mapOaError(back, 0)).toBe(back);
  });
});
