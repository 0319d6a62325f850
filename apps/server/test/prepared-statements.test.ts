import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepared, queryPrepared, usePreparedStatements } from '../src/db/pool.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

// The hot path's named prepared statements (docs/adr/0017): planned once per connection, off behind a
// transaction pooler, and renamed when a migration changed what a statement returns.
let db: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('CREATE TABLE t (id int PRIMARY KEY, a text)');
  await client.query(`INSERT INTO t VALUES (1, 'one')`);
});
afterAll(async () => {
  usePreparedStatements(true);
  await client?.end();
  await db?.drop();
});

const preparedOnConnection = async () =>
  (await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map(
    (r) => r.statement,
  );

describe('prepared statements', () => {
  it('names a statement after its text, prepares it once per connection and reuses it', async () => {
    const sql = 'SELECT a FROM t WHERE id = $1';
    expect(prepared(sql, [1]).name).toBe(prepared(sql, [2]).name);
    expect(prepared(sql, [1]).name).not.toBe(prepared('SELECT id FROM t WHERE id = $1', [1]).name);
    for (let i = 0; i < 7; i++) expect((await queryPrepared(client, sql, [1])).rows).toEqual([{ a: 'one' }]);
    expect((await preparedOnConnection()).filter((s) => s === sql)).toHaveLength(1);
    const { rows } = await client.query(
      'SELECT generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE statement = $1',
      [sql],
    );
    expect(Number(rows[0].runs)).toBe(7);
  });

  it('sends statements unnamed when turned off (a transaction pooler in front)', async () => {
    usePreparedStatements(false);
    try {
      const sql = 'SELECT id FROM t WHERE a = $1';
      expect(prepared(sql, ['one']).name).toBeUndefined();
      expect((await queryPrepared(client, sql, ['one'])).rows).toEqual([{ id: 1 }]);
      expect(await preparedOnConnection()).not.toContain(sql);
    } finally {
      usePreparedStatements(true);
    }
  });

  it('a statement whose result type a migration changed fails once, then is prepared afresh', async () => {
    const sql = 'SELECT * FROM t WHERE id = $1';
    expect((await queryPrepared(client, sql, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
    const before = prepared(sql).name;
    await client.query('ALTER TABLE t ADD COLUMN b int');
    const err = await queryPrepared(client, sql, [1]).then(
      () => null,
      (e: { code?: string }) => e,
    );
    expect(err?.code).toBe('0A000');
    expect(prepared(sql).name).not.toBe(before);
    expect((await queryPrepared(client, sql, [1])).rows).toEqual([{ id: 1, a: 'one', b: null }]);
  });
});
