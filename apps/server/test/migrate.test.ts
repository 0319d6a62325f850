import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url);
});
afterAll(async () => {
  await db?.drop();
});

async function holding<T>(sql: string, fn: () => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(sql);
    return await fn();
  } finally {
    await c.query('ROLLBACK').catch(() => {});
    await c.end();
  }
}

describe('runMigrations', () => {
  it('gives up after lock_timeout (5 s) instead of queueing behind a long lock', async () => {
    const t0 = Date.now();
    const err = await holding('LOCK TABLE herald_migrations IN ACCESS EXCLUSIVE MODE', () =>
      runMigrations(db.url).then(
        () => null,
        (e: Error) => e,
      ),
    );
    expect(err?.message).toMatch(/lock_timeout/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4900);
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 20_000);

  it('waits for a concurrent run however long it takes (the advisory lock is not cut by lock_timeout)', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      // node-pg-migrate's key: a run of any Herald version holds it
      await c.query('SELECT pg_advisory_lock(7241865325823964)');
      const run = runMigrations(db.url);
      const settled = await Promise.race([
        run.then(() => 'ran'),
        new Promise((r) => setTimeout(r, 6000, 'waiting')),
      ]);
      expect(settled).toBe('waiting');
      await c.query('SELECT pg_advisory_unlock(7241865325823964)');
      expect(await run).toEqual([]);
    } finally {
      await c.end();
    }
  }, 20_000);
});
