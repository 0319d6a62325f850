import type { EndpointDestination } from '@herald/contracts';
import { type Queryable, queryPrepared } from './pool.ts';

/** A delivery a worker now holds, with everything needed to send it. */
export interface ClaimedDelivery {
  message_id: string;
  endpoint_id: string;
  app_id: string;
  app_uid: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  /** scheduled attempts made so far (a FIFO head's place in its retry schedule) */
  scheduled_attempts: number;
  /** claimed as its FIFO endpoint's head (by a `head` job) */
  head: boolean;
  event_type: string;
  payload: string;
  message_created_at: Date;
  /** x-request-id of the publish: on every log line about this delivery */
  request_id: string | null;
  /** W3C traceparent of the message's outbox span (tracing on): the attempt's span joins that trace */
  traceparent: string | null;
  url: string;
  /** a broker endpoint's destination, credentials included; null for HTTP */
  destination: EndpointDestination | null;
  headers: Record<string, string>;
  disabled: boolean;
  rate_limit: number | null;
  max_concurrency: number | null;
  ordering: 'unordered' | 'fifo';
  secret: string;
  /** the pre-rotation secret while its grace period lasts */
  previous_secret: string | null;
  retry_schedule: number[] | null;
  circuit_opened_at: Date | null;
  circuit_probe_at: Date | null;
}

/**
 * Takes the lease of each wanted delivery that no other worker holds, in one statement, and loads
 * what sending needs. `pairs` are deliveries named by their jobs; `heads` are FIFO endpoints whose
 * oldest pending delivery is wanted, and only if it is due. A delivery already leased (a manual
 * re-send racing a scheduled retry) is not returned: the caller re-queues that job, so no two workers
 * ever send one delivery at once.
 */
export async function claimDeliveries(
  db: Queryable,
  pairs: Array<{ m: string; e: string }>,
  heads: string[],
  leaseSeconds: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await queryPrepared<ClaimedDelivery>(
    db,
    `WITH wanted AS (
       SELECT DISTINCT message_id, endpoint_id, false AS head
       FROM unnest($1::text[], $2::text[]) AS w (message_id, endpoint_id)
       UNION ALL
       SELECT h.message_id, h.endpoint_id, true FROM (SELECT DISTINCT unnest($4::text[]) AS endpoint_id) w
       CROSS JOIN LATERAL (
         -- the head: deliveries_endpoint_pending_idx gives the oldest pending one without a sort
         SELECT d.message_id, d.endpoint_id, d.next_attempt_at FROM deliveries d
         WHERE d.endpoint_id = w.endpoint_id AND d.status = 'pending' ORDER BY d.message_id LIMIT 1
       ) h
       WHERE h.next_attempt_at IS NULL OR h.next_attempt_at <= now()
     ), claimed AS (
       UPDATE deliveries d SET lease_until = now() + make_interval(secs => $3)
       FROM wanted w
       WHERE d.message_id = w.message_id AND d.endpoint_id = w.endpoint_id
         AND (d.lease_until IS NULL OR d.lease_until < now())
       RETURNING d.message_id, d.endpoint_id, d.app_id, d.status, d.attempts, d.scheduled_attempts, w.head
     )
     SELECT c.*, a.uid AS app_uid, m.event_type, m.payload::text AS payload, m.created_at AS message_created_at, m.request_id, m.traceparent,
            e.url, e.destination, e.headers, e.disabled, e.rate_limit, e.max_concurrency, e.ordering, e.secret,
            CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret,
            a.retry_schedule, e.circuit_opened_at, e.circuit_probe_at
     FROM claimed c
     JOIN messages m ON m.id = c.message_id
     JOIN endpoints e ON e.id = c.endpoint_id
     JOIN applications a ON a.id = c.app_id`,
    [pairs.map((w) => w.m), pairs.map((w) => w.e), leaseSeconds, heads],
  );
  return rows;
}

/** FIFO endpoints among `endpointIds` whose head is leased right now (a head job then waits its turn). */
export async function headsLeased(db: Queryable, endpointIds: string[]): Promise<Set<string>> {
  if (endpointIds.length === 0) return new Set();
  const { rows } = await db.query<{ endpoint_id: string }>(
    `SELECT h.endpoint_id FROM (SELECT DISTINCT unnest($1::text[]) AS endpoint_id) w
     CROSS JOIN LATERAL (
       SELECT d.endpoint_id, d.lease_until, d.next_attempt_at FROM deliveries d
       WHERE d.endpoint_id = w.endpoint_id AND d.status = 'pending' ORDER BY d.message_id LIMIT 1
     ) h
     WHERE h.lease_until > now() AND (h.next_attempt_at IS NULL OR h.next_attempt_at <= now())`,
    [endpointIds],
  );
  return new Set(rows.map((r) => r.endpoint_id));
}

/**
 * Takes the probe of each half-open circuit among `endpointIds`: at most one attempt goes to an open
 * endpoint at a time, and only once its probe time has come. Returns the endpoints whose probe this
 * caller now holds (until `holdSeconds` from now).
 */
export async function takeProbes(
  db: Queryable,
  endpointIds: string[],
  holdSeconds: number,
): Promise<Set<string>> {
  if (endpointIds.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `UPDATE endpoints SET circuit_probe_until = now() + make_interval(secs => $2)
     WHERE id = ANY ($1::text[]) AND circuit_opened_at IS NOT NULL AND circuit_probe_at <= now()
       AND (circuit_probe_until IS NULL OR circuit_probe_until < now())
     RETURNING id`,
    [endpointIds, holdSeconds],
  );
  return new Set(rows.map((r) => r.id));
}

/** Endpoints whose circuit is open and not yet due for a probe: the dispatcher leaves their jobs queued. */
export async function openCircuits(db: Queryable): Promise<Array<{ id: string; probe_at: Date }>> {
  const { rows } = await db.query<{ id: string; probe_at: Date }>(
    `SELECT id, circuit_probe_at AS probe_at FROM endpoints
     WHERE circuit_opened_at IS NOT NULL AND circuit_probe_at > now()`,
  );
  return rows;
}

export interface SlotBooking {
  endpoint_id: string;
  first_slot: Date;
  booked: number;
  spacing_ms: number;
}

/**
 * Books send slots of rate-limited endpoints in the shared schedule (herald_book_send_slots, see
 * migration 0006): n[i] slots of ids[i], but only those starting within maxWaitMs.
 */
export async function bookSendSlots(
  db: Queryable,
  wants: Array<{ endpointId: string; n: number }>,
  maxWaitMs: number,
): Promise<Map<string, SlotBooking>> {
  if (wants.length === 0) return new Map();
  const { rows } = await db.query<SlotBooking>(
    'SELECT * FROM herald_book_send_slots($1::text[], $2::int[], $3)',
    [wants.map((w) => w.endpointId), wants.map((w) => w.n), maxWaitMs],
  );
  return new Map(rows.map((r) => [r.endpoint_id, r]));
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
  /** capped by the recorder; null when no HTTP answer came */
  responseHeaders: Record<string, string> | null;
  truncated: boolean;
  durationMs: number;
  error: string | null;
  jobKey: string;
}

/** Inserts attempts in one statement; returns the job keys actually inserted (a repeat is ignored). */
export async function insertAttempts(db: Queryable, rows: AttemptInsert[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <K extends keyof AttemptInsert>(k: K) => rows.map((r) => r[k]);
  const { rows: inserted } = await queryPrepared<{ job_key: string }>(
    db,
    `INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url, request_headers,
                           response_status_code, response_body, response_truncated, duration_ms, error, job_key,
                           response_headers)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                          $9::jsonb[], $10::int[], $11::text[], $12::bool[], $13::int[], $14::text[], $15::text[],
                          $16::jsonb[])
     ON CONFLICT (job_key, message_id) DO NOTHING RETURNING job_key`,
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
      rows.map((r) => (r.responseHeaders === null ? null : JSON.stringify(r.responseHeaders))),
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
  /** scheduled attempts to add */
  addScheduled: number;
  /** null clears it; undefined keeps the current value */
  nextAttemptAt: Date | null | undefined;
}

/** Applies the new states and releases the leases, in one statement. */
export async function updateDeliveries(db: Queryable, updates: DeliveryUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await queryPrepared(
    db,
    `UPDATE deliveries d SET status = u.status, attempts = d.attempts + u.add_attempts,
       scheduled_attempts = d.scheduled_attempts + u.add_scheduled,
       next_attempt_at = CASE WHEN u.keep_next THEN d.next_attempt_at ELSE u.next_attempt_at END,
       lease_until = NULL, updated_at = now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::timestamptz[], $7::bool[])
       AS u (message_id, endpoint_id, status, add_attempts, add_scheduled, next_attempt_at, keep_next)
     WHERE d.message_id = u.message_id AND d.endpoint_id = u.endpoint_id`,
    [
      updates.map((u) => u.messageId),
      updates.map((u) => u.endpointId),
      updates.map((u) => u.status),
      updates.map((u) => u.addAttempts),
      updates.map((u) => u.addScheduled),
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
  await queryPrepared(
    db,
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

export interface EndpointStateRow {
  id: string;
  app_id: string;
  disabled: boolean;
  failing_since: Date | null;
  circuit_failures: number;
  circuit_opened_at: Date | null;
  circuit_probe_at: Date | null;
}

/**
 * Health and circuit state of these endpoints. With `lock`, the rows are locked (in id order, so two
 * recorders never deadlock) until the transaction ends: taken only when a change is to be written.
 * FOR NO KEY UPDATE does not block publishes, whose deliveries only take a key-share lock.
 */
export async function readEndpointStates(
  db: Queryable,
  ids: string[],
  lock: boolean,
): Promise<EndpointStateRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await queryPrepared<EndpointStateRow>(
    db,
    `SELECT id, app_id, disabled, failing_since, circuit_failures, circuit_opened_at, circuit_probe_at
     FROM endpoints WHERE id = ANY ($1::text[]) ORDER BY id ${lock ? 'FOR NO KEY UPDATE' : ''}`,
    [ids],
  );
  return rows;
}

/** Writes endpoints' new health and circuit state; a row whose probe ended has its probe lease cleared. */
export async function writeEndpointStates(
  db: Queryable,
  states: Array<{
    id: string;
    failingSince: Date | null;
    failures: number;
    openedAt: Date | null;
    probeAt: Date | null;
    probeEnded: boolean;
  }>,
): Promise<void> {
  if (states.length === 0) return;
  await queryPrepared(
    db,
    `UPDATE endpoints e SET failing_since = s.failing_since, circuit_failures = s.failures,
       circuit_opened_at = s.opened_at, circuit_probe_at = s.probe_at,
       circuit_probe_until = CASE WHEN s.probe_ended OR s.opened_at IS NULL THEN NULL ELSE e.circuit_probe_until END
     FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::bool[])
       AS s (id, failing_since, failures, opened_at, probe_at, probe_ended)
     WHERE e.id = s.id`,
    [
      states.map((s) => s.id),
      states.map((s) => s.failingSince),
      states.map((s) => s.failures),
      states.map((s) => s.openedAt),
      states.map((s) => s.probeAt),
      states.map((s) => s.probeEnded),
    ],
  );
}
