import type { SourceConsumer, SourceType } from '@herald/contracts';
import type { Queryable } from './pool.ts';
import type { SourceRow } from './sources.ts';

/** Broker sources whose consumers may run on every worker at once: the broker shares the load. */
export const SHARED_TYPES: readonly SourceType[] = ['amqp', 'kafka', 'nats'];

/**
 * The broker sources this worker should consume now: every shared one, plus the exclusive ones
 * (Redis) whose lease it holds or can take, because the lease is free, its own, or has run out. Taking
 * and renewing are one statement; a worker that stops renewing loses its sources after `leaseSeconds`.
 */
export async function claimBrokerSources(
  db: Queryable,
  workerId: string,
  leaseSeconds: number,
): Promise<SourceRow[]> {
  const { rows } = await db.query<SourceRow>(
    `WITH claimed AS (
       UPDATE sources SET lease_holder = $1, lease_until = now() + make_interval(secs => $2)
       WHERE type <> 'http' AND NOT (type = ANY($3::text[]))
         AND (lease_holder IS NULL OR lease_holder = $1 OR lease_until < now())
       RETURNING id
     )
     SELECT * FROM sources
     WHERE type <> 'http' AND (type = ANY($3::text[]) OR id IN (SELECT id FROM claimed))
     ORDER BY id`,
    [workerId, leaseSeconds, SHARED_TYPES],
  );
  return rows;
}

/** Gives the leases back at shutdown, so another worker takes over at once instead of after the lease. */
export async function releaseSourceLeases(db: Queryable, workerId: string): Promise<void> {
  await db.query(`UPDATE sources SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = $1`, [
    workerId,
  ]);
}

export interface ConsumerReport {
  sourceId: string;
  state: 'connecting' | 'connected' | 'disconnected';
  lag: number | null;
  /** published since the last report */
  consumed: number;
  /** dead-lettered since the last report */
  deadLettered: number;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/**
 * One statement per scan: the state of every consumer this worker runs (counters added to), and the
 * rows of consumers it no longer runs removed.
 */
export async function reportConsumers(db: Queryable, workerId: string, reports: ConsumerReport[]) {
  await db.query(
    `WITH r AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[],
                            $8::timestamptz[])
         AS r(source_id, state, lag, consumed, dead_lettered, last_error, last_error_at)
     ), gone AS (
       DELETE FROM source_consumers c WHERE c.worker_id = $1
         AND NOT EXISTS (SELECT 1 FROM r WHERE r.source_id = c.source_id)
     )
     INSERT INTO source_consumers AS c (source_id, worker_id, state, lag, consumed, dead_lettered, last_error,
                                        last_error_at, seen_at)
     SELECT r.source_id, $1, r.state, r.lag, r.consumed, r.dead_lettered, r.last_error, r.last_error_at, now()
     FROM r JOIN sources s ON s.id = r.source_id
     ON CONFLICT (source_id, worker_id) DO UPDATE SET
       state = excluded.state, lag = excluded.lag,
       consumed = c.consumed + excluded.consumed, dead_lettered = c.dead_lettered + excluded.dead_lettered,
       last_error = coalesce(excluded.last_error, c.last_error),
       last_error_at = coalesce(excluded.last_error_at, c.last_error_at),
       seen_at = now()`,
    [
      workerId,
      reports.map((r) => r.sourceId),
      reports.map((r) => r.state),
      reports.map((r) => r.lag),
      reports.map((r) => r.consumed),
      reports.map((r) => r.deadLettered),
      reports.map((r) => r.lastError),
      reports.map((r) => r.lastErrorAt),
    ],
  );
}

/**
 * Removes the reports of workers that stopped reporting (crashed) well past `staleSeconds`; counters of
 * live workers stay.
 */
export async function pruneStaleReports(db: Queryable, staleSeconds: number): Promise<void> {
  await db.query(`DELETE FROM source_consumers WHERE seen_at < now() - make_interval(secs => $1)`, [
    staleSeconds * 4,
  ]);
}

interface StateRow {
  source_id: string;
  workers: number;
  connected: number;
  connecting: number;
  lag: string | null;
  consumed: string;
  dead_lettered: string;
  last_error: string | null;
  last_error_at: Date | null;
}

/**
 * The consumer state of each given source, over the live reports of all workers: a report older than
 * `staleSeconds` (HERALD_SOURCE_LEASE_SECONDS: a worker that has not reported for a lease is dead) is
 * not counted.
 */
export async function consumerStates(
  db: Queryable,
  sourceIds: string[],
  staleSeconds: number,
): Promise<Map<string, SourceConsumer>> {
  const { rows } = await db.query<StateRow>(
    `SELECT s.id AS source_id,
            count(c.worker_id)::int AS workers,
            count(*) FILTER (WHERE c.state = 'connected')::int AS connected,
            count(*) FILTER (WHERE c.state = 'connecting')::int AS connecting,
            -- every worker asks the same broker about the same queue or group: one answer, the latest
            (array_agg(c.lag ORDER BY c.seen_at DESC) FILTER (WHERE c.lag IS NOT NULL))[1] AS lag,
            coalesce(sum(c.consumed), 0) AS consumed, coalesce(sum(c.dead_lettered), 0) AS dead_lettered,
            (array_agg(c.last_error ORDER BY c.last_error_at DESC) FILTER (WHERE c.last_error IS NOT NULL))[1] AS last_error,
            max(c.last_error_at) AS last_error_at
     FROM sources s
     LEFT JOIN source_consumers c ON c.source_id = s.id AND c.seen_at > now() - make_interval(secs => $2)
     WHERE s.id = ANY($1::text[])
     GROUP BY s.id`,
    [sourceIds, staleSeconds],
  );
  return new Map(
    rows.map((r) => [
      r.source_id,
      {
        state:
          r.workers === 0
            ? 'stopped'
            : r.connected > 0
              ? 'connected'
              : r.connecting > 0
                ? 'connecting'
                : 'disconnected',
        workers: r.workers,
        lag: r.lag === null ? null : Number(r.lag),
        consumed: Number(r.consumed),
        deadLettered: Number(r.dead_lettered),
        lastError: r.last_error,
        lastErrorAt: r.last_error_at?.toISOString() ?? null,
      },
    ]),
  );
}

export interface SourceHealth {
  id: string;
  type: SourceType;
  state: SourceConsumer['state'];
  lag: number | null;
  consumed: number;
  deadLettered: number;
}

/** Every broker source with its consumer state: /ready and /metrics. */
export async function brokerSourceHealth(db: Queryable, staleSeconds: number): Promise<SourceHealth[]> {
  const { rows } = await db.query<{ id: string; type: SourceType }>(
    `SELECT id, type FROM sources WHERE type <> 'http' ORDER BY id`,
  );
  const states = await consumerStates(
    db,
    rows.map((r) => r.id),
    staleSeconds,
  );
  return rows.map((r) => {
    const s = states.get(r.id);
    return {
      id: r.id,
      type: r.type,
      state: s?.state ?? 'stopped',
      lag: s?.lag ?? null,
      consumed: s?.consumed ?? 0,
      deadLettered: s?.deadLettered ?? 0,
    };
  });
}
