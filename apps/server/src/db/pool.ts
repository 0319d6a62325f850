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

/** Runs fn in one transaction on its own client; rolls back on any throw. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** pg-boss's IDatabase over a client, so jobs enqueue inside our own transaction (transactional outbox). */
export function bossDb(client: Queryable) {
  return {
    executeSql: (text: string, values?: unknown[]) => client.query(text, values as unknown[]),
  };
}
