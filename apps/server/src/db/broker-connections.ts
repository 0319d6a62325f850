import type { BrokerType } from '@herald/contracts';
import type { Queryable } from './pool.ts';

export type BrokerRole = 'destination' | 'source';
export type BrokerStatus = 'connecting' | 'connected' | 'down';

export interface ConnectionReport {
  /** the process's own number for the connection */
  id: number;
  role: BrokerRole;
  type: BrokerType;
  /** password-free label */
  target: string;
  status: BrokerStatus;
  /** redacted */
  lastError: string | null;
  since: Date;
}

export interface PublishCounts {
  type: BrokerType;
  published: number;
  confirmed: number;
  failed: number;
}

/** An error text is a diagnosis, not a log: the start of it is enough. */
const ERROR_CHARS = 500;

/**
 * One statement per report of an instance: the state of every broker connection it holds now (rows of
 * connections it no longer holds removed; none at all removes its rows), and the publishes it counted
 * since its last report added to the totals.
 */
export async function reportBrokerState(
  db: Queryable,
  instanceId: string,
  connections: ConnectionReport[],
  counts: PublishCounts[],
): Promise<void> {
  await db.query(
    `WITH r AS (
       SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::timestamptz[])
         AS r(connection, role, type, target, status, last_error, since)
     ), gone AS (
       DELETE FROM broker_connections c WHERE c.instance_id = $1
         AND NOT EXISTS (SELECT 1 FROM r WHERE r.connection = c.connection)
     ), counted AS (
       INSERT INTO broker_publishes AS t (type, published, confirmed, failed)
       SELECT * FROM unnest($9::text[], $10::bigint[], $11::bigint[], $12::bigint[])
         AS u(type, published, confirmed, failed)
       -- every worker updates these few rows: always in the same order, so two reports cannot deadlock
       ORDER BY type
       ON CONFLICT (type) DO UPDATE SET
         published = t.published + excluded.published, confirmed = t.confirmed + excluded.confirmed,
         failed = t.failed + excluded.failed
     )
     INSERT INTO broker_connections AS c (instance_id, connection, role, type, target, status, last_error,
                                          since, updated_at)
     SELECT $1, r.connection, r.role, r.type, r.target, r.status, r.last_error, r.since, now() FROM r
     ON CONFLICT (instance_id, connection) DO UPDATE SET
       status = excluded.status, last_error = excluded.last_error, since = excluded.since, updated_at = now()`,
    [
      instanceId,
      connections.map((c) => c.id),
      connections.map((c) => c.role),
      connections.map((c) => c.type),
      connections.map((c) => c.target),
      connections.map((c) => c.status),
      connections.map((c) => c.lastError?.slice(0, ERROR_CHARS) ?? null),
      connections.map((c) => c.since),
      counts.map((c) => c.type),
      counts.map((c) => c.published),
      counts.map((c) => c.confirmed),
      counts.map((c) => c.failed),
    ],
  );
}

/** Deletes the rows of instances that stopped reporting (crashed) more than `olderThanMs` ago. */
export async function pruneBrokerConnections(db: Queryable, olderThanMs: number): Promise<void> {
  await db.query(
    'DELETE FROM broker_connections WHERE updated_at < now() - make_interval(secs => $1 / 1000.0)',
    [olderThanMs],
  );
}

export interface ConnectionCount {
  type: BrokerType;
  role: BrokerRole;
  status: BrokerStatus;
  n: number;
}

/**
 * Live broker connections by type, role and status, over every instance: a row counts while its
 * instance is up in the service registry (not stopped, heart-beating within `goneAfterMs`) and the row
 * itself was renewed within `goneAfterMs`. /ready and /metrics.
 */
export async function brokerConnectionCounts(db: Queryable, goneAfterMs: number): Promise<ConnectionCount[]> {
  const { rows } = await db.query<ConnectionCount>(
    `SELECT c.type, c.role, c.status, count(*)::int AS n
     FROM broker_connections c JOIN instances i ON i.id = c.instance_id
     WHERE i.stopped_at IS NULL
       AND i.last_seen_at > now() - make_interval(secs => $1 / 1000.0)
       AND c.updated_at > now() - make_interval(secs => $1 / 1000.0)
     GROUP BY c.type, c.role, c.status
     ORDER BY c.type, c.role, c.status`,
    [goneAfterMs],
  );
  return rows;
}

/** The publish totals of every broker type that was published to. */
export async function brokerPublishTotals(db: Queryable): Promise<PublishCounts[]> {
  const { rows } = await db.query<{ type: BrokerType; published: string; confirmed: string; failed: string }>(
    'SELECT type, published, confirmed, failed FROM broker_publishes ORDER BY type',
  );
  return rows.map((r) => ({
    type: r.type,
    published: Number(r.published),
    confirmed: Number(r.confirmed),
    failed: Number(r.failed),
  }));
}
