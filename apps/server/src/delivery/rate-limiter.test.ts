import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

describe('rate limiter', () => {
  it('spaces sends to one endpoint 1/rate seconds apart and leaves others alone', () => {
    let t = 1000;
    const limiter = createRateLimiter(() => t);
    const wait = (key: string, rate: number | null, max?: number) => limiter.reserve(key, rate, max);
    expect(wait('a', 4)).toEqual({ waitMs: 0, booked: true });
    expect(wait('a', 4)).toEqual({ waitMs: 250, booked: true });
    expect(wait('a', 4)).toEqual({ waitMs: 500, booked: true });
    expect(wait('b', 4)).toEqual({ waitMs: 0, booked: true });
    expect(wait('c', null)).toEqual({ waitMs: 0, booked: true });
    // a wait beyond the caller's limit is reported but not booked: the next caller sees the same slot
    expect(wait('a', 4, 600)).toEqual({ waitMs: 750, booked: false });
    expect(wait('a', 4)).toEqual({ waitMs: 750, booked: true });
    t += 2000;
    expect(wait('a', 4)).toEqual({ waitMs: 0, booked: true });
  });
});
