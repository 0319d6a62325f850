import { describe, expect, it } from 'vitest';
import { decide } from './retry-policy.ts';

const now = 1_700_000_000_000;
const fail = (statusCode: number | null, retryAfterSeconds: number | null = null) => ({
  ok: false,
  statusCode,
  retryAfterSeconds,
});

describe('retry policy', () => {
  it('succeeds on 2xx whatever the schedule', () => {
    expect(decide({ ok: true, statusCode: 204, retryAfterSeconds: null }, 9, [], 0.2, now)).toEqual({
      status: 'succeeded',
    });
  });

  it('waits schedule[index] after a failure, then fails for good when the schedule is spent', () => {
    const schedule = [5, 300];
    expect(decide(fail(500), 0, schedule, 0, now)).toEqual({
      status: 'pending',
      at: new Date(now + 5000),
      next: 1,
    });
    expect(decide(fail(null), 1, schedule, 0, now)).toEqual({
      status: 'pending',
      at: new Date(now + 300_000),
      next: 2,
    });
    expect(decide(fail(500), 2, schedule, 0, now)).toEqual({
      status: 'failed',
      exhausted: true,
      disableEndpoint: null,
    });
  });

  it('spreads delays by +-jitter', () => {
    const low = decide(fail(500), 0, [100], 0.2, now, () => 0);
    const high = decide(fail(500), 0, [100], 0.2, now, () => 0.999999);
    expect(low.status === 'pending' && low.at.getTime()).toBe(now + 80_000);
    expect(high.status === 'pending' && Math.round((high.at.getTime() - now) / 1000)).toBe(120);
  });

  it('honours Retry-After on 429 and 503 only, capped at one hour', () => {
    const r429 = decide(fail(429, 42), 0, [5, 5], 0.2, now);
    expect(r429.status === 'pending' && r429.at.getTime()).toBe(now + 42_000);
    const r503 = decide(fail(503, 99_999), 0, [5, 5], 0.2, now);
    expect(r503.status === 'pending' && r503.at.getTime()).toBe(now + 3_600_000);
    const r500 = decide(fail(500, 42), 0, [5], 0, now);
    expect(r500.status === 'pending' && r500.at.getTime()).toBe(now + 5000);
  });

  it('stops at once on 410 Gone and asks to disable the endpoint', () => {
    expect(decide(fail(410), 0, [5, 5, 5], 0.2, now)).toEqual({
      status: 'failed',
      exhausted: false,
      disableEndpoint: 'gone',
    });
  });
});
