import type { Queryable } from './pool.ts';

export interface RecoverWindow {
  since: Date;
  until: Date;
}

// Deliveries to the endpoint that failed for good (their latest state is failed: nothing succeeded
// since), of messages published in the window.
const RECOVERABLE = `
  FROM deliveries d JOIN messages m ON m.id = d.message_id
  WHERE d.endpoint_id = $1 AND d.status = 'failed' AND m.created_at >= $2 AND m.created_at < $3`;

export async function countRecoverable(db: Queryable, endpointId: string, w: RecoverWindow): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${RECOVERABLE}`, [
    endpointId,
    w.since,
    w.until,
  ]);
  return rows[0]!.n;
}

/** The next page of recoverable deliveries' message ids after `after`, in message order. */
export async function recoverablePage(
  db: Queryable,
  endpointId: string,
  w: RecoverWindow,
  after: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ message_id: string }>(
    `SELECT d.message_id ${RECOVERABLE} AND d.message_id > $4 ORDER BY d.message_id LIMIT $5`,
    [endpointId, w.since, w.until, after, limit],
  );
  return rows.map((r) => r.message_id);
}
