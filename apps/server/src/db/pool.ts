import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export function createPool(connectionString: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName });
  // An idle client that loses its server (PostgreSQL restart) emits here; without a listener the process dies.
  pool.on('error', () => {});
  return pool;
}

/** Notifications a transaction asked for, sent once it has committed (see notifyAfterCommit). */
const afterCommit = new WeakMap<object, Array<[string, string]>>();

/** Runs fn in one transaction on its own client; rolls back on any throw. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const notifications: Array<[string, string]> = [];
  afterCommit.set(client, notifications);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    if (notifications.length > 0) notifier(pool).send(notifications);
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    afterCommit.delete(client);
    client.release();
  }
}

/**
 * Wakes LISTENers once the transaction of `db` has committed (nothing is sent if it rolls back).
 *
 * Why not NOTIFY inside the transaction: PostgreSQL serialises the commits of all transactions that
 * sent a NOTIFY, cluster-wide (a global lock held through the commit and its WAL flush), so publishes
 * and record transactions would commit one at a time. Sent after the commit, from a short statement
 * of its own, coalesced with the other notifications of the moment, they cost nearly nothing. A
 * notification lost to a crash between the two is covered by the listeners' polling.
 */
export function notifyAfterCommit(db: Queryable, channel: string, payload: string): void {
  const pending = afterCommit.get(db);
  if (pending) pending.push([channel, payload]);
  else void db.query('SELECT pg_notify($1, $2)', [channel, payload]).catch(() => {});
}

const notifiers = new WeakMap<pg.Pool, { send(n: Array<[string, string]>): void }>();

/** Per pool: gathers the notifications of one event-loop turn into one deduplicated statement. */
function notifier(pool: pg.Pool) {
  let n = notifiers.get(pool);
  if (!n) {
    let queued = new Map<string, [string, string]>();
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      const batch = [...queued.values()];
      queued = new Map();
      void pool
        .query('SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS n (c, p)', [
          batch.map((x) => x[0]),
          batch.map((x) => x[1]),
        ])
        .catch(() => {});
    };
    n = {
      send(notifications) {
        for (const x of notifications) queued.set(`${x[0]}\u0000${x[1]}`, x);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      },
    };
    notifiers.set(pool, n);
  }
  return n;
}

/** pg-boss's IDatabase over a client, so jobs enqueue inside our own transaction (transactional outbox). */
export function bossDb(client: Queryable) {
  return {
    executeSql: (text: string, values?: unknown[]) => client.query(text, values as unknown[]),
  };
}
