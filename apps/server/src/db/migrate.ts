import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/** Plain-SQL migrations, forward-only, numbered: db/migrations/NNNN_name.sql. */
export const migrationsDir = fileURLToPath(new URL('../../../../db/migrations', import.meta.url));

/**
 * Applies pending migrations in one transaction. node-pg-migrate holds an advisory lock for the run;
 * mode 'wait' lets a second process that starts at the same moment wait its turn, then find nothing to do.
 */
export async function runMigrations(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
): Promise<string[]> {
  const ran = await runner({
    databaseUrl,
    dir: migrationsDir,
    direction: 'up',
    migrationsTable: 'herald_migrations',
    singleTransaction: true,
    advisoryLockMode: 'wait',
    checkOrder: true,
    log: () => {},
    logger: { debug: () => {}, info: () => {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
  });
  return ran.map((m) => m.name);
}
