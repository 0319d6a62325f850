import { type NotificationHub, pollUntil } from '../db/notification-hub.ts';
import type { Queryable } from '../db/pool.ts';

export interface FirstAttempt {
  endpointId: string;
  status: 'pending' | 'sending' | 'succeeded' | 'failed';
  responseStatusCode: number | null;
  durationMs: number | null;
}

/** The first attempt of each delivery of a message, or its state while none has finished. */
export async function firstAttempts(db: Queryable, messageId: string): Promise<FirstAttempt[]> {
  const { rows } = await db.query<{
    endpoint_id: string;
    sending: boolean;
    status: 'succeeded' | 'failed' | null;
    response_status_code: number | null;
    duration_ms: number | null;
  }>(
    `SELECT d.endpoint_id, coalesce(d.lease_until > now(), false) AS sending,
            a.status, a.response_status_code, a.duration_ms
     FROM deliveries d
     LEFT JOIN LATERAL (SELECT status, response_status_code, duration_ms FROM attempts
                        WHERE message_id = d.message_id AND endpoint_id = d.endpoint_id ORDER BY id LIMIT 1) a ON true
     WHERE d.message_id = $1 ORDER BY d.endpoint_id`,
    [messageId],
  );
  return rows.map((r) => ({
    endpointId: r.endpoint_id,
    status: r.status ?? (r.sending ? 'sending' : 'pending'),
    responseStatusCode: r.response_status_code,
    durationMs: r.duration_ms,
  }));
}

/**
 * Publish-and-wait: waits until every delivery of the message has a first attempt, or `deadline`.
 * Woken by the record stage's NOTIFY; holds no database connection and no worker slot while waiting.
 */
export async function waitForFirstAttempts(
  hub: NotificationHub,
  db: Queryable,
  messageId: string,
  deadline: number,
) {
  const deliveries = await pollUntil(
    hub,
    messageId,
    deadline,
    () => firstAttempts(db, messageId),
    (ds) => ds.every(finished),
  );
  return { done: deliveries.every(finished), deliveries };
}

const finished = (d: FirstAttempt) => d.status === 'succeeded' || d.status === 'failed';
