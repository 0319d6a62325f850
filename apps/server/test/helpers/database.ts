import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { beforeAll, inject, type RunnerTask } from 'vitest';

export type TestDatabase = {
  /** Same server and credentials as the shared one, on a database of its own. */
  url: string;
  /**
   * Ends any connections still open on it and drops it. Safe to call more than once. After a failed test
   * of this file it keeps the database instead, for reading, and prints its URL.
   */
  drop: () => Promise<void>;
};

// Hooks registered on import land on the importing test file (each file loads its own copy of this
// module): the file's suite, to tell at drop() whether anything in it failed, its beforeAll included.
let file: RunnerTask | undefined;
// biome-ignore lint/correctness/noEmptyPattern: vitest hands the suite second, after the fixtures it parses
beforeAll(({}, suite) => {
  file = suite;
});
const failed = (t: RunnerTask | undefined): boolean =>
  t?.result?.state === 'fail' || (t !== undefined && 'tasks' in t && t.tasks.some(failed));

/**
 * A fresh, empty database on the run's shared server (see test/global-setup.ts). Call once per test file in
 * beforeAll and drop it in afterAll, so files run in parallel without seeing each other's rows. Close your
 * pools before drop(), or give them an 'error' listener: drop terminates whatever is still connected.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('databaseUrl');
  const name = `herald_t_${randomBytes(8).toString('hex')}`;
  await withClient(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  let dropping: Promise<void> | undefined;
  const drop = () => {
    if (failed(file)) {
      // the password of your own DATABASE_URL stays out of the log; the embedded server's is throwaway
      const shown = new URL(url);
      if (process.env.DATABASE_URL && shown.password) shown.password = '***';
      dropping ??= Promise.resolve(console.warn(`kept for reading: ${shown}`));
      return dropping;
    }
    dropping ??= withClient(serverUrl, async (client) => {
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    });
    return dropping;
  };
  return { url: url.toString(), drop };
}

async function withClient(url: string, fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'herald-tests' });
  client.on('error', () => {});
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
