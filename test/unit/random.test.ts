// randomToken (src/core/random.ts): the codes, nonces and button tokens the bot hands out.
import { describe, expect, it } from 'vitest';
import { randomToken } from '../../src/core/random.js';

describe('randomToken', () => {
  it('when tokens are drawn across many pool refills, then each has its size in base64url and none repeats', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const size = [6, 9, 24, 15][i % 4]!;
      const t = randomToken(size);
      expect(Buffer.from(t, 'base64url')).toHaveLength(size);
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      seen.add(t);
    }
    expect(seen.size).toBe(20_000);
  });

  it('when the bytes are counted, then every value is about as common as the others (not a constant or a counter)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4000; i++) for (const b of Buffer.from(randomToken(24), 'base64url')) counts[b]!++;
    // 96,000 bytes: 375 expected per value; a fair source stays well inside 250–500.
    expect(Math.min(...counts)).toBeGreaterThan(250);
    expect(Math.max(...counts)).toBeLessThan(500);
  });

  it('when asked for no bytes, a fraction or more than the pool, then it refuses', () => {
    for (const bad of [0, -1, 1.5, 4097]) expect(() => randomToken(bad)).toThrow(RangeError);
  });
});
