import type { Instance } from '@herald/contracts';
import type { Queryable } from './pool.ts';

export interface InstanceRow {
  id: string;
  role: Instance['role'];
  version: string;
  host: string;
  pid: number;
  started_at: Date;
  last_seen_at: Date;
  in_flight: number;
  stopped_at: Date | null;
  gone: boolean;
}

export const toInstance = (r: InstanceRow): Instance => ({
  id: r.id,
  role: r.role,
  version: r.version,
  host: r.host,
  pid: r.pid,
  startedAt: r.started_at.toISOString(),
  lastSeenAt: r.last_seen_at.toISOString(),
  inFlight: r.in_flight,
  status: r.gone ? 'gone' : 'up',
  stoppedAt: r.stopped_at?.toISOString() ?? null,
});

export async function insertInstance(
  db: Queryable,
  i: { id: string; role: Instance['role']; version: string; host: string; pid: number },
): Promise<void> {
  await db.query('INSERT INTO instances (id, role, version, host, pid) VALUES ($1, $2, $3, $4, $5)', [
    i.id,
    i.role,
    i.version,
    i.host,
    i.pid,
  ]);
}

/**
 * The heartbeat; also brings back a row that was deleted meanwhile (a long outage). The clock is the
 * database's, so instances on machines whose clocks differ compare fairly.
 */
export async function beat(
  db: Queryable,
  i: { id: string; role: Instance['role']; version: string; host: string; pid: number; inFlight: number },
): Promise<void> {
  await db.query(
    `INSERT INTO instances (id, role, version, host, pid, in_flight) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET last_seen_at = now(), in_flight = EXCLUDED.in_flight`,
    [i.id, i.role, i.version, i.host, i.pid, i.inFlight],
  );
}

export async function markStopped(db: Queryable, id: string): Promise<void> {
  await db.query(
    'UPDATE instances SET stopped_at = now(), last_seen_at = now(), in_flight = 0 WHERE id = $1',
    [id],
  );
}

/** Every known instance, the running ones first, then by start; gone after `goneAfterMs` of silence. */
export async function listInstances(db: Queryable, goneAfterMs: number): Promise<InstanceRow[]> {
  const { rows } = await db.query<InstanceRow>(
    `SELECT id, role, version, host, pid::int AS pid, started_at, last_seen_at, in_flight::int AS in_flight,
            stopped_at,
            (stopped_at IS NOT NULL OR last_seen_at < now() - make_interval(secs => $1 / 1000.0)) AS gone
     FROM instances ORDER BY gone, started_at DESC, id LIMIT 500`,
    [goneAfterMs],
  );
  return rows;
}

/** Forgets instances silent for `olderThanSeconds`. */
export async function pruneInstances(db: Queryable, olderThanSeconds: number): Promise<void> {
  await db.query('DELETE FROM instances WHERE last_seen_at < now() - make_interval(secs => $1)', [
    olderThanSeconds,
  ]);
}
