import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

describe('rate limiter', () => {
  it('spaces sends to one endpoint 1/rate seconds apart and leaves others alone', () => {
    let t = 1000;
    const limiter = createRateLimiter(() => t);
    expect(limiter.reserve('a', 4)).toBe(0);
    expect(limiter.reserve('a', 4)).toBe(250);
    expect(limiter.reserve('a', 4)).toBe(500);
    expect(limiter.reserve('b', 4)).toBe(0);
    expect(limiter.reserve('c', null)).toBe(0);
    t += 2000;
    expect(limiter.reserve('a', 4)).toBe(0);
  });
});
