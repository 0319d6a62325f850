import { describe, expect, it } from 'vitest';
import { niceMax, toBuckets } from './series.ts';

describe('endpoint chart series', () => {
  it('turns the stats route series into buckets with totals and success rates', () => {
    const b = toBuckets([
      { start: '2026-01-01T11:00:00.000Z', succeeded: 3, failed: 1, p50: 12, p99: 80 },
      { start: '2026-01-01T11:05:00.000Z', succeeded: 0, failed: 0, p50: null, p99: null },
      { start: '2026-01-01T11:10:00.000Z', succeeded: 0, failed: 2, p50: 5000, p99: 9000 },
    ]);
    expect(b).toEqual([
      {
        start: Date.UTC(2026, 0, 1, 11),
        total: 4,
        succeeded: 3,
        failed: 1,
        successRate: 0.75,
        p50: 12,
        p99: 80,
      },
      {
        start: Date.UTC(2026, 0, 1, 11, 5),
        total: 0,
        succeeded: 0,
        failed: 0,
        successRate: null,
        p50: null,
        p99: null,
      },
      {
        start: Date.UTC(2026, 0, 1, 11, 10),
        total: 2,
        succeeded: 0,
        failed: 2,
        successRate: 0,
        p50: 5000,
        p99: 9000,
      },
    ]);
  });

  it('rounds axis maxima up to 1, 2 or 5 times a power of ten', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(37)).toBe(50);
    expect(niceMax(120)).toBe(200);
    expect(niceMax(1000)).toBe(1000);
  });
});
