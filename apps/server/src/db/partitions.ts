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

/** How long one DROP may wait for its lock before it gives way (and is tried again). */
const DROP_LOCK_TIMEOUT = '50ms';
const DROP_TRIES = 100;
const DROP_PAUSE_MS = 100;

/**
 * Drops one partition range from all three tables, resumable at every step. `db` is a session, not
 * a transaction (DETACH CONCURRENTLY cannot run inside one).
 *
 * The partitions of attempts and deliveries are dropped while attached: a detached one would keep its
 * foreign keys as constraints of its own, whose triggers on `messages` and `endpoints` its DROP then
 * has to take exclusively (measured: deadlocks with publishes). Dropping an attached partition locks
 * its parent for a moment: each DROP waits at most DROP_LOCK_TIMEOUT for that lock, so the statements
 * queued behind it wait no longer, and is tried again after a pause. The messages partition, which
 * they referenced, is then detached CONCURRENTLY (publishing goes on) and dropped.
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
    else if (state.attached && table === 'messages')
      await db.query(`ALTER TABLE ${table} DETACH PARTITION ${part} CONCURRENTLY`);
    await dropGivingWay(db, part);
  }
  await db.query('DELETE FROM message_partitions WHERE suffix = $1', [suffix]);
}

/** DROP TABLE that waits for its locks only briefly at a time (a simple query: one implicit transaction). */
async function dropGivingWay(db: Queryable, table: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'; DROP TABLE ${table}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55P03' || attempt >= DROP_TRIES) throw err;
      await new Promise((r) => setTimeout(r, DROP_PAUSE_MS));
    }
  }
}
