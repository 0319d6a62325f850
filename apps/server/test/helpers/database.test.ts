import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from './database.ts';

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function exists(name: string): Promise<boolean> {
  const rows = await query(inject('databaseUrl'), 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length > 0;
}

describe('createTestDatabase', () => {
  it('makes distinct, isolated databases and drops them', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.url).not.toBe(b.url);
      const nameA = new URL(a.url).pathname.slice(1);
      const nameB = new URL(b.url).pathname.slice(1);
      expect(nameA).toMatch(/^herald_t_[0-9a-f]+$/);
      expect(await query(a.url, 'SELECT current_database() AS db')).toEqual([{ db: nameA }]);
      expect(await query(b.url, 'SELECT current_database() AS db')).toEqual([{ db: nameB }]);

      await query(a.url, 'CREATE TABLE only_in_a (id int)');
      const present = `SELECT to_regclass('only_in_a') IS NOT NULL AS present`;
      expect(await query(a.url, present)).toEqual([{ present: true }]);
      expect(await query(b.url, present)).toEqual([{ present: false }]);

      // A connection left open (a pool someone forgot to close) does not block the drop.
      const leftover = new pg.Client({ connectionString: a.url });
      leftover.on('error', () => {});
      await leftover.connect();

      expect(await exists(nameA)).toBe(true);
      await a.drop();
      await a.drop(); // safe twice
      expect(await exists(nameA)).toBe(false);
      await expect(leftover.query('SELECT 1')).rejects.toThrow();
      await leftover.end().catch(() => {});

      expect(await exists(nameB)).toBe(true);
      await b.drop();
      expect(await exists(nameB)).toBe(false);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
