import type { Queryable } from './pool.ts';

export interface WindowCount {
  /** hits in the current window, this one included */
  hits: number;
  /** ms until the window ends */
  ttlMs: number;
}

/**
 * Counts one hit of `key` in its fixed window of `windowMs`, in one atomic statement: every process
 * counting against the same row sees the same total (the row lock serialises concurrent hits). A
 * window that has ended starts over at 1. clock_timestamp(), not now(): inside a longer transaction
 * now() would stand still.
 */
export async function countHit(db: Queryable, key: string, windowMs: number): Promise<WindowCount> {
  const { rows } = await db.query<{ hits: string; ttl_ms: number }>(
    `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
     VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2::double precision / 1000))
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN c.window_ends_at <= clock_timestamp() THEN 1 ELSE c.hits + 1 END,
       window_ends_at = CASE WHEN c.window_ends_at <= clock_timestamp()
                             THEN EXCLUDED.window_ends_at ELSE c.window_ends_at END
     RETURNING hits,
       GREATEST(0, ceil(EXTRACT(EPOCH FROM (window_ends_at - clock_timestamp())) * 1000))::int AS ttl_ms`,
    [key, windowMs],
  );
  const row = rows[0]!;
  return { hits: Number(row.hits), ttlMs: row.ttl_ms };
}

/** The current count of `key` without counting a hit (0 once its window ended). */
export async function readHits(db: Queryable, key: string): Promise<WindowCount> {
  const { rows } = await db.query<{ hits: string; ttl_ms: number }>(
    `SELECT hits, GREATEST(0, ceil(EXTRACT(EPOCH FROM (window_ends_at - clock_timestamp())) * 1000))::int AS ttl_ms
       FROM rate_limit_counters WHERE key = $1 AND window_ends_at > clock_timestamp()`,
    [key],
  );
  const row = rows[0];
  return row ? { hits: Number(row.hits), ttlMs: row.ttl_ms } : { hits: 0, ttlMs: 0 };
}

/** Deletes up to `limit` counters whose window ended (index on window_ends_at); returns how many. */
export async function sweepEndedWindows(db: Queryable, limit: number): Promise<number> {
  const res = await db.query(
    `DELETE FROM rate_limit_counters WHERE key IN (
       SELECT key FROM rate_limit_counters WHERE window_ends_at < clock_timestamp() LIMIT $1)`,
    [limit],
  );
  return res.rowCount ?? 0;
}
