import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export type TestDatabase = {
  /** Same server and credentials as the shared one, on a database of its own. */
  url: string;
  /** Ends any connections still open on it and drops it. Safe to call more than once. */
  drop: () => Promise<void>;
};

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
