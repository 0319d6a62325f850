import type { Queryable } from './pool.ts';

/**
 * The time partitions of messages, deliveries and attempts (migration 0015, docs/adr/0016): one range
 * of message ids per row of `message_partitions`, the same range in all three tables.
 */

/** The three tables, in the order a partition is dropped: whoever references comes first. */
const DROP_ORDER = ['attempts', 'deliveries', 'messages'] as const;

/** Makes partitions of `intervalDays` until `aheadDays` from now are covered; returns how many it made. */
export async function addPartitions(db: Queryable, aheadDays: number, intervalDays: number): Promise<number> {
  const { rows } = await db.query<{ made: number }>(
    'SELECT herald_add_partitions(now() + make_interval(days => $1), $2) AS made',
    [aheadDays, intervalDays],
  );
  return rows[0]?.made ?? 0;
}

/** Days ahead for which partitions exist: a week, or two intervals when those are longer. */
export function partitionsAheadDays(intervalDays: number): number {
  return Math.max(7, 2 * intervalDays);
}

/** Partitions made ahead: at every migration run (each process's start) and every retention pass. */
export function ensurePartitionsAhead(db: Queryable, intervalDays: number): Promise<number> {
  return addPartitions(db, partitionsAheadDays(intervalDays), intervalDays);
}

/** The partitions that hold nothing created at or after `cutoff`, oldest first. */
export async function partitionsBefore(db: Queryable, cutoff: Date): Promise<string[]> {
  const { rows } = await db.query<{ suffix: string }>(
    'SELECT suffix FROM message_partitions WHERE to_at <= $1 ORDER BY to_at',
    [cutoff],
  );
  return rows.map((r) => r.suffix);
}

/** The longest retention in force: the server's, or an application's own when longer. */
export async function longestRetentionDays(db: Queryable, serverDays: number): Promise<number> {
  const { rows } = await db.query<{ days: number }>(
    'SELECT greatest($1::int, max(retention_days))::int AS days FROM applications',
    [serverDays],
  );
  return rows[0]?.days ?? serverDays;
}

/**
 * Drops one partition range from all three tables. Each table's partition is detached CONCURRENTLY
 * (no lock on the parent beyond what inserts also take, so publishing and delivering go on), then
 * dropped; a detach that an earlier pass left half done is finished first. `db` must be a session,
 * not a transaction: DETACH CONCURRENTLY cannot run inside one. Resumable at every step.
 */
export async function dropPartition(db: Queryable, suffix: string): Promise<void> {
  if (!/^(initial|\d{8})$/.test(suffix)) throw new Error(`not a partition suffix: ${suffix}`);
  for (const table of DROP_ORDER) {
    const part = `${table}_${suffix}`;
    const { rows } = await db.query<{ attached: boolean; pending: boolean }>(
      `SELECT i.inhrelid IS NOT NULL AS attached, coalesce(i.inhdetachpending, false) AS pending
       FROM (SELECT to_regclass($1) AS rel) r LEFT JOIN pg_inherits i ON i.inhrelid = r.rel
       WHERE r.rel IS NOT NULL`,
      [part],
    );
    const state = rows[0];
    if (!state) continue; // dropped by an earlier pass
    if (state.pending) await db.query(`ALTER TABLE ${table} DETACH PARTITION ${part} FINALIZE`);
    else if (state.attached) await db.query(`ALTER TABLE ${table} DETACH PARTITION ${part} CONCURRENTLY`);
    await db.query(`DROP TABLE ${part}`);
  }
  await db.query('DELETE FROM message_partitions WHERE suffix = $1', [suffix]);
}
