/** Turns raw attempts into evenly spaced time buckets for the endpoint charts. */

export interface AttemptPoint {
  timestamp: string;
  status: 'succeeded' | 'failed';
  durationMs: number;
}

export interface Bucket {
  start: number;
  end: number;
  total: number;
  succeeded: number;
  failed: number;
  /** 0..1, null when there was no attempt */
  successRate: number | null;
  p50: number | null;
  p99: number | null;
}

export const ranges = {
  '1h': { label: 'Last hour', ms: 3600_000, buckets: 12 },
  '6h': { label: 'Last 6 hours', ms: 6 * 3600_000, buckets: 24 },
  '24h': { label: 'Last 24 hours', ms: 24 * 3600_000, buckets: 24 },
} as const;
export type RangeKey = keyof typeof ranges;
export const isRange = (v: string | null): v is RangeKey => v !== null && v in ranges;

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** `count` buckets covering [until - span, until); attempts outside are ignored. */
export function bucketAttempts(
  attempts: AttemptPoint[],
  until: number,
  span: number,
  count: number,
): Bucket[] {
  const size = span / count;
  const start = until - span;
  const durations: number[][] = Array.from({ length: count }, () => []);
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({
    start: start + i * size,
    end: start + (i + 1) * size,
    total: 0,
    succeeded: 0,
    failed: 0,
    successRate: null,
    p50: null,
    p99: null,
  }));
  for (const a of attempts) {
    const t = new Date(a.timestamp).getTime();
    if (!(t >= start && t < until)) continue;
    const i = Math.min(count - 1, Math.floor((t - start) / size));
    const b = buckets[i]!;
    b.total++;
    if (a.status === 'succeeded') b.succeeded++;
    else b.failed++;
    durations[i]!.push(a.durationMs);
  }
  for (const [i, b] of buckets.entries()) {
    if (b.total === 0) continue;
    b.successRate = b.succeeded / b.total;
    const sorted = durations[i]!.sort((x, y) => x - y);
    b.p50 = percentile(sorted, 50);
    b.p99 = percentile(sorted, 99);
  }
  return buckets;
}

/** A round upper bound for an axis: 1, 2, 5 x 10^n. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (value <= m * exp) return m * exp;
  return 10 * exp;
}
