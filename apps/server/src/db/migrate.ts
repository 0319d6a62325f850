import { fileURLToPath } from 'node:url';
import { PG_MIGRATE_LOCK_ID, runner } from 'node-pg-migrate';
import pg from 'pg';
import { ensurePartitionsAhead } from './partitions.ts';

/** Plain-SQL migrations, forward-only, numbered: db/migrations/NNNN_name.sql. */
export const migrationsDir = fileURLToPath(new URL('../../../../db/migrations', import.meta.url));

/**
 * How long a migration statement may wait for a lock. A DDL statement queued behind a long transaction
 * makes every later query of that table queue behind it: better to fail the migration (the process
 * exits; a restart tries again) than to stall traffic.
 */
const LOCK_TIMEOUT = '5s';

/**
 * Applies pending migrations in one transaction, on a session of its own. Before lock_timeout is set,
 * it takes node-pg-migrate's advisory lock (same key, so runs of any version exclude each other) and
 * waits for it as long as a concurrent run takes: a second process starting at the same moment waits
 * its turn, then finds nothing to do.
 */
export async function runMigrations(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
  opts: { partitionDays?: number } = {},
): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'herald-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATE_LOCK_ID]);
    await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
    const ran = await runner({
      dbClient: client,
      noLock: true,
      dir: migrationsDir,
      direction: 'up',
      migrationsTable: 'herald_migrations',
      singleTransaction: true,
      checkOrder: true,
      log: () => {},
      logger: { debug: () => {}, info: () => {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
    }).catch((err: unknown) => {
      if ((err as { code?: string }).code !== '55P03') throw err;
      throw new Error(
        `a migration waited ${LOCK_TIMEOUT} for a lock (lock_timeout) and was rolled back: a long transaction holds it; start again once it has ended`,
        { cause: err },
      );
    });
    // the time partitions for the days ahead, so inserts never wait for the retention job to make them
    await ensurePartitionsAhead(client, opts.partitionDays ?? 1);
    return ran.map((m) => m.name);
  } finally {
    // ending the session releases the advisory lock
    await client.end().catch(() => {});
  }
}
