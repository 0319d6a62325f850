import type { Queryable } from './pool.ts';

/** A delivery a worker now holds, with everything needed to send it. */
export interface ClaimedDelivery {
  message_id: string;
  endpoint_id: string;
  app_id: string;
  app_uid: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  event_type: string;
  payload: string;
  message_created_at: Date;
  url: string;
  headers: Record<string, string>;
  disabled: boolean;
  rate_limit: number | null;
  secret: string;
  /** the pre-rotation secret while its grace period lasts */
  previous_secret: string | null;
  retry_schedule: number[] | null;
}

/**
 * Takes the lease of each wanted delivery that no other worker holds, in one statement, and loads
 * what sending needs. A delivery already leased (a manual re-send racing a scheduled retry) is not
 * returned: the caller re-queues that job, so no two workers ever send one delivery at once.
 */
export async function claimDeliveries(
  db: Queryable,
  wanted: Array<{ m: string; e: string }>,
  leaseSeconds: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedDelivery>(
    `WITH wanted AS (
       SELECT DISTINCT message_id, endpoint_id FROM unnest($1::text[], $2::text[]) AS w (message_id, endpoint_id)
     ), claimed AS (
       UPDATE deliveries d SET lease_until = now() + make_interval(secs => $3)
       FROM wanted w
       WHERE d.message_id = w.message_id AND d.endpoint_id = w.endpoint_id
         AND (d.lease_until IS NULL OR d.lease_until < now())
       RETURNING d.message_id, d.endpoint_id, d.app_id, d.status, d.attempts
     )
     SELECT c.*, a.uid AS app_uid, m.event_type, m.payload::text AS payload, m.created_at AS message_created_at,
            e.url, e.headers, e.disabled, e.rate_limit, e.secret,
            CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret,
            a.retry_schedule
     FROM claimed c
     JOIN messages m ON m.id = c.message_id
     JOIN endpoints e ON e.id = c.endpoint_id
     JOIN applications a ON a.id = c.app_id`,
    [wanted.map((w) => w.m), wanted.map((w) => w.e), leaseSeconds],
  );
  return rows;
}

/** Which of these deliveries still exist (the rest were deleted with their message or endpoint). */
export async function existingDeliveries(
  db: Queryable,
  pairs: Array<{ m: string; e: string }>,
): Promise<Set<string>> {
  const { rows } = await db.query<{ k: string }>(
    `SELECT d.message_id || ' ' || d.endpoint_id AS k FROM deliveries d
     JOIN unnest($1::text[], $2::text[]) AS w (message_id, endpoint_id)
       ON d.message_id = w.message_id AND d.endpoint_id = w.endpoint_id`,
    [pairs.map((p) => p.m), pairs.map((p) => p.e)],
  );
  return new Set(rows.map((r) => r.k));
}

export interface AttemptInsert {
  id: string;
  messageId: string;
  endpointId: string;
  appId: string;
  attempt: number;
  trigger: 'scheduled' | 'manual';
  status: 'succeeded' | 'failed';
  url: string;
  requestHeaders: Record<string, string>;
  responseStatusCode: number | null;
  responseBody: string | null;
  truncated: boolean;
  durationMs: number;
  error: string | null;
  jobKey: string;
}

/** Inserts attempts in one statement; returns the job keys actually inserted (a repeat is ignored). */
export async function insertAttempts(db: Queryable, rows: AttemptInsert[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <K extends keyof AttemptInsert>(k: K) => rows.map((r) => r[k]);
  const { rows: inserted } = await db.query<{ job_key: string }>(
    `INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url, request_headers,
                           response_status_code, response_body, response_truncated, duration_ms, error, job_key)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                          $9::jsonb[], $10::int[], $11::text[], $12::bool[], $13::int[], $14::text[], $15::text[])
     ON CONFLICT (job_key) DO NOTHING RETURNING job_key`,
    [
      col('id'),
      col('messageId'),
      col('endpointId'),
      col('appId'),
      col('attempt'),
      col('trigger'),
      col('status'),
      col('url'),
      rows.map((r) => JSON.stringify(r.requestHeaders)),
      col('responseStatusCode'),
      col('responseBody'),
      col('truncated'),
      col('durationMs'),
      col('error'),
      col('jobKey'),
    ],
  );
  return new Set(inserted.map((r) => r.job_key));
}

export interface DeliveryUpdate {
  messageId: string;
  endpointId: string;
  status: 'pending' | 'succeeded' | 'failed';
  /** attempts to add (0 when a job ends without sending) */
  addAttempts: number;
  /** null clears it; undefined keeps the current value */
  nextAttemptAt: Date | null | undefined;
}

/** Applies the new states and releases the leases, in one statement. */
export async function updateDeliveries(db: Queryable, updates: DeliveryUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await db.query(
    `UPDATE deliveries d SET status = u.status, attempts = d.attempts + u.add_attempts,
       next_attempt_at = CASE WHEN u.keep_next THEN d.next_attempt_at ELSE u.next_attempt_at END,
       lease_until = NULL, updated_at = now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::bool[])
       AS u (message_id, endpoint_id, status, add_attempts, next_attempt_at, keep_next)
     WHERE d.message_id = u.message_id AND d.endpoint_id = u.endpoint_id`,
    [
      updates.map((u) => u.messageId),
      updates.map((u) => u.endpointId),
      updates.map((u) => u.status),
      updates.map((u) => u.addAttempts),
      updates.map((u) => u.nextAttemptAt ?? null),
      updates.map((u) => u.nextAttemptAt === undefined),
    ],
  );
}

/** Extends the leases this worker holds (its sends are still running). */
export async function renewLeases(
  db: Queryable,
  pairs: Array<{ m: string; e: string }>,
  leaseSeconds: number,
) {
  if (pairs.length === 0) return;
  await db.query(
    `UPDATE deliveries d SET lease_until = now() + make_interval(secs => $3)
     FROM unnest($1::text[], $2::text[]) AS w (message_id, endpoint_id)
     WHERE d.message_id = w.message_id AND d.endpoint_id = w.endpoint_id AND d.lease_until IS NOT NULL`,
    [pairs.map((p) => p.m), pairs.map((p) => p.e), leaseSeconds],
  );
}

/** Releases leases without other changes (jobs handed back at shutdown). */
export async function releaseLeases(db: Queryable, pairs: Array<{ m: string; e: string }>): Promise<void> {
  if (pairs.length === 0) return;
  await db.query(
    `UPDATE deliveries d SET lease_until = NULL FROM unnest($1::text[], $2::text[]) AS w (message_id, endpoint_id)
     WHERE d.message_id = w.message_id AND d.endpoint_id = w.endpoint_id`,
    [pairs.map((p) => p.m), pairs.map((p) => p.e)],
  );
}

/**
 * Tracks runs of failures per endpoint: a success clears `failing_since`, a failure starts it if unset.
 * Returns endpoints that have now failed, and only failed, for longer than `disableAfterSeconds`.
 */
export async function trackEndpointHealth(
  db: Queryable,
  succeeded: string[],
  failed: string[],
  disableAfterSeconds: number,
): Promise<string[]> {
  if (succeeded.length > 0) {
    await db.query(
      'UPDATE endpoints SET failing_since = NULL WHERE id = ANY ($1::text[]) AND failing_since IS NOT NULL',
      [succeeded],
    );
  }
  if (failed.length === 0) return [];
  // only the first failure of a run writes: a failing endpoint's row is not rewritten on every attempt
  await db.query(
    `UPDATE endpoints SET failing_since = now()
     WHERE id = ANY ($1::text[]) AND NOT (id = ANY ($2::text[])) AND failing_since IS NULL`,
    [failed, succeeded],
  );
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM endpoints
     WHERE id = ANY ($1::text[]) AND NOT disabled AND failing_since < now() - make_interval(secs => $2)`,
    [failed, disableAfterSeconds],
  );
  return rows.map((r) => r.id);
}
