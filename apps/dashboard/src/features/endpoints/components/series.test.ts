import { describe, expect, it } from 'vitest';
import { bucketAttempts, niceMax, percentile } from './series.ts';

const at = (ms: number, status: 'succeeded' | 'failed', durationMs: number) => ({
  timestamp: new Date(ms).toISOString(),
  status,
  durationMs,
});

describe('endpoint chart series', () => {
  it('puts attempts into their buckets with success rate and latency percentiles', () => {
    const until = Date.UTC(2026, 0, 1, 12);
    const b = bucketAttempts(
      [at(until - 10, 'succeeded', 10), at(until - 20, 'failed', 30), at(until - 3_599_000, 'succeeded', 5)],
      until,
      3600_000,
      12,
    );
    expect(b).toHaveLength(12);
    expect(b[11]).toMatchObject({ total: 2, succeeded: 1, failed: 1, successRate: 0.5, p50: 10, p99: 30 });
    expect(b[0]).toMatchObject({ total: 1, successRate: 1, p50: 5 });
    expect(b[5]).toMatchObject({ total: 0, successRate: null, p50: null });
  });

  it('ignores attempts outside the window', () => {
    const until = 1_000_000;
    const b = bucketAttempts([at(until, 'succeeded', 1), at(until - 2000, 'succeeded', 1)], until, 1000, 4);
    expect(b.reduce((n, x) => n + x.total, 0)).toBe(0);
  });

  it('computes nearest-rank percentiles and round axis maxima', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNull();
    expect(niceMax(0)).toBe(1);
    expect(niceMax(37)).toBe(50);
    expect(niceMax(120)).toBe(200);
    expect(niceMax(1000)).toBe(1000);
  });
});
