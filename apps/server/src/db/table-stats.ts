import type { Queryable } from './pool.ts';

/** Rows changed in `table` since it was last analysed, and its live rows (null if it has no statistics). */
export async function changeSinceAnalyze(
  db: Queryable,
  table: string,
): Promise<{ changed: number; live: number } | null> {
  const { rows } = await db.query<{ changed: string; live: string }>(
    'SELECT n_mod_since_analyze AS changed, n_live_tup AS live FROM pg_stat_user_tables WHERE relid = $1::regclass',
    [table],
  );
  return rows[0] ? { changed: Number(rows[0].changed), live: Number(rows[0].live) } : null;
}

/** ANALYZE of one table; `table` is a schema-qualified name the caller has already sanitised. */
export async function analyze(db: Queryable, table: string): Promise<void> {
  await db.query(`ANALYZE ${table}`);
}
