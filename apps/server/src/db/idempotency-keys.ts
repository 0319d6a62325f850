import type { Queryable, Tx } from './pool.ts';

/**
 * Claims idempotency keys for new messages in one statement; returns, per key, the message that holds
 * it now (the new one when claimed). A concurrent claim of the same key waits on the row lock until the
 * first transaction ends, so two racing publishes cannot both win. An expired key (24 h) is taken over.
 */
export async function claimIdempotencyKeys(
  db: Tx,
  appId: string,
  keys: Array<{ key: string; messageId: string }>,
): Promise<Map<string, string>> {
  const first = new Map<string, string>();
  for (const k of keys) if (!first.has(k.key)) first.set(k.key, k.messageId);
  const { rows: claimed } = await db.query<{ key: string }>(
    `INSERT INTO idempotency_keys (app_id, key, message_id, expires_at)
     SELECT $1, k, m, now() + interval '24 hours' FROM unnest($2::text[], $3::text[]) AS c (k, m)
     ON CONFLICT (app_id, key) DO UPDATE SET message_id = EXCLUDED.message_id, expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at < now()
     RETURNING key`,
    [appId, [...first.keys()], [...first.values()]],
  );
  const holders = new Map(claimed.map((r) => [r.key, first.get(r.key)!]));
  const taken = [...first.keys()].filter((k) => !holders.has(k));
  if (taken.length > 0) {
    // a separate statement: its snapshot sees a racing publisher's key committed while the insert waited
    const { rows } = await db.query<{ key: string; message_id: string }>(
      'SELECT key, message_id FROM idempotency_keys WHERE app_id = $1 AND key = ANY ($2::text[])',
      [appId, taken],
    );
    for (const r of rows) holders.set(r.key, r.message_id);
  }
  return holders;
}

/** Drops keys still held for these message ids (drafts that turned out to be repeats); others stay. */
export async function releaseIdempotencyKeys(
  db: Queryable,
  appId: string,
  keys: Array<{ key: string; messageId: string }>,
) {
  await db.query(
    `DELETE FROM idempotency_keys i USING unnest($2::text[], $3::text[]) AS k (key, message_id)
     WHERE i.app_id = $1 AND i.key = k.key AND i.message_id = k.message_id`,
    [appId, keys.map((k) => k.key), keys.map((k) => k.messageId)],
  );
}
