import type { Queryable } from './pool.ts';

/**
 * The retention pass's deletes. Each removes at most `limit` rows in one short statement (the caller
 * repeats it until fewer come back), walking an index: no long locks, no table scans.
 */
export const retentionDeletes = {
  /** an application's messages below the cut-off id (ULIDs: older), with deliveries and attempts by cascade */
  messages: (db: Queryable, appId: string, cutId: string, limit: number) =>
    deleted(
      db,
      `DELETE FROM messages WHERE id IN (
         SELECT id FROM messages WHERE app_id = $1 AND id < $2 ORDER BY id LIMIT $3)`,
      [appId, cutId, limit],
    ),
  idempotencyKeys: (db: Queryable, now: Date, limit: number) =>
    deleted(
      db,
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys WHERE expires_at < $1 LIMIT $2)`,
      [now, limit],
    ),
  portalKeys: (db: Queryable, now: Date, limit: number) =>
    deleted(
      db,
      `DELETE FROM api_keys WHERE id IN (
         SELECT id FROM api_keys WHERE kind = 'portal' AND expires_at < $1::timestamptz - interval '1 day' LIMIT $2)`,
      [now, limit],
    ),
  jobs: (db: Queryable, now: Date, days: number, limit: number) =>
    deleted(
      db,
      `DELETE FROM jobs WHERE id IN (
         SELECT id FROM jobs WHERE status IN ('completed', 'failed', 'cancelled')
           AND updated_at < $1::timestamptz - make_interval(days => $2) LIMIT $3)`,
      [now, days, limit],
    ),
  sourceRequests: (db: Queryable, now: Date, days: number, limit: number) =>
    deleted(
      db,
      `DELETE FROM source_requests WHERE id IN (
         SELECT id FROM source_requests WHERE received_at < $1::timestamptz - make_interval(days => $2) LIMIT $3)`,
      [now, days, limit],
    ),
};

async function deleted(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const { rowCount } = await db.query(sql, params);
  return rowCount ?? 0;
}

/** Applications with their own retention (null = the server's), a page after `after`. */
export async function retentionApps(db: Queryable, after: string, limit: number) {
  const { rows } = await db.query<{ id: string; retention_days: number | null }>(
    'SELECT id, retention_days FROM applications WHERE id > $1 ORDER BY id LIMIT $2',
    [after, limit],
  );
  return rows;
}
