/** The endpoint charts' ranges, and the stats route's series as the buckets they draw. */
import type { StatsBucket, StatsWindow } from '@herald/contracts';

export interface Bucket {
  start: number;
  total: number;
  succeeded: number;
  failed: number;
  /** 0..1, null when there was no attempt */
  successRate: number | null;
  p50: number | null;
  p99: number | null;
}

/** Each range is one of the stats route's windows, cut into buckets of 5 min, 15 min and 1 h. */
export const ranges = {
  '1h': { label: 'Last hour', buckets: 12 },
  '6h': { label: 'Last 6 hours', buckets: 24 },
  '24h': { label: 'Last 24 hours', buckets: 24 },
} as const satisfies Record<StatsWindow, { label: string; buckets: number }>;
export type RangeKey = keyof typeof ranges;
export const isRange = (v: string | null): v is RangeKey => v !== null && v in ranges;

/** The series the server counted, with each bucket's total and success rate. */
export function toBuckets(series: StatsBucket[]): Bucket[] {
  return series.map((b) => {
    const total = b.succeeded + b.failed;
    return {
      start: Date.parse(b.start),
      total,
      succeeded: b.succeeded,
      failed: b.failed,
      successRate: total === 0 ? null : b.succeeded / total,
      p50: total === 0 ? null : b.p50,
      p99: total === 0 ? null : b.p99,
    };
  });
}

/** A round upper bound for an axis: 1, 2, 5 x 10^n. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (value <= m * exp) return m * exp;
  return 10 * exp;
}
