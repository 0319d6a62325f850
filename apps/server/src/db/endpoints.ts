import type {
  Endpoint,
  EndpointCircuit,
  EndpointDestination,
  EndpointIn,
  EndpointPatch,
  EndpointStats,
  StatsBucket,
} from '@herald/contracts';
import { destinationLabel, maskDestination, openDestination, sealDestination } from '../brokers/urls.ts';
import { idFloor, newId } from '../ids.ts';
import type { SecretCipher } from '../secrets/cipher.ts';
import type { Queryable } from './pool.ts';

export interface EndpointRow {
  id: string;
  app_id: string;
  uid: string | null;
  /** the HTTP URL, or a broker destination's password-free label */
  url: string;
  /** a broker endpoint's destination as stored: its URL encrypted (openDestination); null for HTTP */
  destination: EndpointDestination | null;
  description: string;
  event_types: string[];
  channels: string[];
  rate_limit: number | null;
  headers: Record<string, string>;
  disabled: boolean;
  disabled_reason: string | null;
  metadata: Record<string, string>;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  /** null follows HERALD_ENDPOINT_MAX_CONCURRENCY */
  max_concurrency: number | null;
  ordering: 'unordered' | 'fifo';
  circuit_failures: number;
  circuit_opened_at: Date | null;
  circuit_probe_at: Date | null;
  circuit_probe_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** How an endpoint's jobs queue: at most maxConcurrency active (null = the default), or FIFO (one). */
export interface EndpointLane {
  maxConcurrency: number | null;
  ordering: 'unordered' | 'fifo';
}

/** The circuit as the API shows it: half-open once a probe may go or is in flight. */
export function circuitOf(r: EndpointRow, now = Date.now()): EndpointCircuit {
  if (!r.circuit_opened_at)
    return { state: 'closed', openedAt: null, failures: r.circuit_failures, probeAt: null };
  const probing = r.circuit_probe_until !== null && r.circuit_probe_until.getTime() > now;
  const due = r.circuit_probe_at === null || r.circuit_probe_at.getTime() <= now;
  return {
    state: probing || due ? 'half-open' : 'open',
    openedAt: r.circuit_opened_at.toISOString(),
    failures: r.circuit_failures,
    probeAt: r.circuit_probe_at?.toISOString() ?? null,
  };
}

export const toEndpoint = (
  r: EndpointRow,
  defaultMaxConcurrency: number,
  cipher: SecretCipher,
): Endpoint => ({
  id: r.id,
  appId: r.app_id,
  uid: r.uid,
  url: r.url,
  destination: r.destination ? maskDestination(openDestination(r.destination, cipher)) : null,
  description: r.description,
  eventTypes: r.event_types,
  channels: r.channels,
  rateLimit: r.rate_limit,
  headers: r.headers,
  disabled: r.disabled,
  disabledReason: r.disabled_reason,
  metadata: r.metadata,
  maxConcurrency: r.ordering === 'fifo' ? 1 : (r.max_concurrency ?? defaultMaxConcurrency),
  ordering: r.ordering,
  circuit: circuitOf(r),
  failingSince: r.failing_since?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function insertEndpoint(
  db: Queryable,
  appId: string,
  input: EndpointIn,
  secret: string,
  cipher: SecretCipher,
): Promise<EndpointRow> {
  const { rows } = await db.query<EndpointRow>(
    `INSERT INTO endpoints (id, app_id, uid, url, description, event_types, channels, rate_limit, headers, disabled,
                            disabled_reason, metadata, secret, max_concurrency, ordering, destination)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $10 THEN 'manual' END, $11, $12, $13, $14, $15)
     RETURNING *`,
    [
      newId('ep'),
      appId,
      input.uid ?? null,
      input.destination ? destinationLabel(input.destination) : input.url,
      input.description ?? '',
      input.eventTypes ?? [],
      input.channels ?? [],
      input.rateLimit ?? null,
      input.headers ?? {},
      input.disabled ?? false,
      input.metadata ?? {},
      secret,
      input.maxConcurrency ?? null,
      input.ordering ?? 'unordered',
      input.destination ? sealDestination(input.destination, cipher) : null,
    ],
  );
  return rows[0]!;
}

export async function findEndpoint(db: Queryable, appId: string, ref: string): Promise<EndpointRow | null> {
  const { rows } = await db.query<EndpointRow>(
    `SELECT * FROM endpoints WHERE app_id = $1 AND (id = $2 OR uid = $2) ORDER BY (id = $2) DESC LIMIT 1`,
    [appId, ref],
  );
  return rows[0] ?? null;
}

export async function listEndpoints(
  db: Queryable,
  appId: string,
  limit: number,
  iterator: string | undefined,
) {
  const { rows } = await db.query<EndpointRow>(
    `SELECT * FROM endpoints WHERE app_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [appId, iterator ?? null, limit + 1],
  );
  return rows;
}

export async function updateEndpoint(
  db: Queryable,
  id: string,
  patch: EndpointPatch,
  cipher: SecretCipher,
): Promise<EndpointRow> {
  const { rows } = await db.query<EndpointRow>(
    `UPDATE endpoints SET
       url = COALESCE($2, url),
       -- a new url makes it an HTTP endpoint, a new destination a broker one
       destination = CASE WHEN $15::jsonb IS NOT NULL THEN $15::jsonb WHEN $2 IS NOT NULL THEN NULL ELSE destination END,
       uid = CASE WHEN $3 THEN $4 ELSE uid END,
       description = COALESCE($5, description),
       event_types = COALESCE($6, event_types),
       channels = COALESCE($7, channels),
       rate_limit = CASE WHEN $8 THEN $9::integer ELSE rate_limit END,
       headers = COALESCE($10, headers),
       metadata = COALESCE($11, metadata),
       -- re-enabling starts a fresh failure window, or the 5-day rule would disable it again at once
       failing_since = CASE WHEN $12::boolean IS FALSE THEN NULL ELSE failing_since END,
       -- and a closed circuit: the operator says the endpoint is fixed
       circuit_failures = CASE WHEN $12::boolean IS FALSE THEN 0 ELSE circuit_failures END,
       circuit_opened_at = CASE WHEN $12::boolean IS FALSE THEN NULL ELSE circuit_opened_at END,
       circuit_probe_at = CASE WHEN $12::boolean IS FALSE THEN NULL ELSE circuit_probe_at END,
       disabled_reason = CASE WHEN $12::boolean IS NULL THEN disabled_reason
                              WHEN $12 THEN 'manual' ELSE NULL END,
       disabled = COALESCE($12, disabled),
       max_concurrency = COALESCE($13, max_concurrency),
       ordering = COALESCE($14, ordering),
       updated_at = now()
     WHERE id = $1 RETURNING *`,
    [
      id,
      patch.destination ? destinationLabel(patch.destination) : (patch.url ?? null),
      patch.uid !== undefined,
      patch.uid ?? null,
      patch.description ?? null,
      patch.eventTypes ?? null,
      patch.channels ?? null,
      patch.rateLimit !== undefined,
      patch.rateLimit ?? null,
      patch.headers ?? null,
      patch.metadata ?? null,
      patch.disabled ?? null,
      patch.maxConcurrency ?? null,
      patch.ordering ?? null,
      patch.destination ? sealDestination(patch.destination, cipher) : null,
    ],
  );
  return rows[0]!;
}

/**
 * The destinations of enabled broker endpoints, decrypted (the worker connects to them ahead of
 * traffic). Each stored URL has its own IV, so DISTINCT in SQL would not fold equal URLs: they are
 * folded here, on the plaintext.
 */
export async function brokerDestinations(
  db: Queryable,
  cipher: SecretCipher,
): Promise<EndpointDestination[]> {
  const { rows } = await db.query<{ destination: EndpointDestination }>(
    'SELECT DISTINCT destination FROM endpoints WHERE destination IS NOT NULL AND NOT disabled',
  );
  const seen = new Map<string, EndpointDestination>();
  for (const r of rows) {
    const d = openDestination(r.destination, cipher);
    seen.set(JSON.stringify(d), d);
  }
  return [...seen.values()];
}

export async function deleteEndpoint(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM endpoints WHERE id = $1', [id]);
}

/** The old secret keeps signing alongside the new one until `graceSeconds` have passed. */
export async function rotateSecret(
  db: Queryable,
  id: string,
  newSecret: string,
  graceSeconds: number,
): Promise<void> {
  await db.query(
    `UPDATE endpoints SET previous_secret = secret, secret = $2,
       previous_secret_expires_at = now() + make_interval(secs => $3), updated_at = now()
     WHERE id = $1`,
    [id, newSecret, graceSeconds],
  );
}

/**
 * THE endpoint-matching rule, the only definition of it: an endpoint takes a message when it has no
 * event-type filter or one naming the message's type, and no channel filter or one sharing a channel
 * with it. SQL over `e` (an endpoints row) and two SQL expressions for the message's type and channels.
 * Publish, fan-out and replay all match with it.
 */
export const endpointTakes = (e: string, eventType: string, channels: string) =>
  `(cardinality(${e}.event_types) = 0 OR ${eventType} = ANY (${e}.event_types))
   AND (cardinality(${e}.channels) = 0 OR ${e}.channels && ${channels})`;

/** Enabled endpoints of the app that take this message (endpointTakes). At most `limit` ids after `afterId`. */
export async function matchEndpoints(
  db: Queryable,
  appId: string,
  eventType: string,
  channels: string[],
  limit: number,
  afterId: string | null = null,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM endpoints e
     WHERE app_id = $1 AND NOT disabled AND ${endpointTakes('e', '$2', '$3::text[]')}
       AND ($5::text IS NULL OR id > $5)
     ORDER BY id LIMIT $4`,
    [appId, eventType, channels, limit, afterId],
  );
  return rows.map((r) => r.id);
}

/** Disables an endpoint unless it already is; true when this call disabled it. */
export async function disableEndpoint(db: Queryable, id: string, reason: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE endpoints SET disabled = true, disabled_reason = $2, updated_at = now() WHERE id = $1 AND NOT disabled`,
    [id, reason],
  );
  return (rowCount ?? 0) > 0;
}

/** Deliveries by state and attempt latency of one endpoint since `since`. */
/**
 * Attempts made at `since` or later have ids from here up (a minute of margin for the clocks of the
 * worker that made the id and the database that set created_at): attempts_endpoint_idx (endpoint_id,
 * id DESC) then reads only the window, not every attempt the endpoint ever had.
 */
const attemptIdFloor = (since: Date) => idFloor('atmpt', new Date(since.getTime() - 60_000));

// one range of deliveries_endpoint_status_idx (endpoint_id, status, updated_at) per status: reads the
// window's rows only, however many older deliveries the endpoint has
export const ENDPOINT_DELIVERY_COUNTS_SQL = `SELECT s.status, (SELECT count(*) FROM deliveries d
    WHERE d.endpoint_id = $1 AND d.status = s.status AND d.updated_at >= $2)::int AS n
  FROM unnest(ARRAY['pending', 'succeeded', 'failed']) AS s (status)`;

export const ENDPOINT_ATTEMPT_STATS_SQL = `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS ok,
    count(*) FILTER (WHERE status = 'failed')::int AS failed,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
    percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,
    max(created_at) AS last
  FROM attempts WHERE endpoint_id = $1 AND id >= $3 AND created_at >= $2`;

export async function endpointStatsSince(
  db: Queryable,
  endpointId: string,
  since: Date,
): Promise<EndpointStats> {
  const [deliveries, attempts] = await Promise.all([
    db.query<{ status: string; n: number }>(ENDPOINT_DELIVERY_COUNTS_SQL, [endpointId, since]),
    db.query<{ ok: number; failed: number; p50: number | null; p99: number | null; last: Date | null }>(
      ENDPOINT_ATTEMPT_STATS_SQL,
      [endpointId, since, attemptIdFloor(since)],
    ),
  ]);
  const count = (s: string) => deliveries.rows.find((r) => r.status === s)?.n ?? 0;
  const a = attempts.rows[0]!;
  const total = a.ok + a.failed;
  return {
    since: since.toISOString(),
    counts: { succeeded: count('succeeded'), failed: count('failed'), pending: count('pending') },
    attempts: { succeeded: a.ok, failed: a.failed },
    successRate: total === 0 ? null : a.ok / total,
    latencyMs: { p50: a.p50, p99: a.p99 },
    lastAttemptAt: a.last ? a.last.toISOString() : null,
  };
}

/**
 * The window of a stats series: `buckets` equal buckets on round times (multiples of their size since
 * the epoch), the last one holding `now`, so a chart asked again within one bucket gets the same edges.
 */
export function seriesWindow(now: number, spanMs: number, buckets: number) {
  const size = spanMs / buckets;
  const until = Math.ceil((now + 1) / size) * size;
  return { since: new Date(until - spanMs), until: new Date(until), buckets };
}

/** Attempts of one endpoint per bucket of `window`, every bucket included, oldest first. */
export async function attemptSeries(
  db: Queryable,
  endpointId: string,
  window: ReturnType<typeof seriesWindow>,
): Promise<StatsBucket[]> {
  const { since, until, buckets } = window;
  // width_bucket numbers the equal slices of [since, until) from 1; one pass over the window's rows
  const { rows } = await db.query<{
    i: number;
    ok: number;
    failed: number;
    p50: number | null;
    p99: number | null;
  }>(
    `SELECT width_bucket(extract(epoch FROM created_at)::float8, $2::float8, $3::float8, $4::int) - 1 AS i,
            count(*) FILTER (WHERE status = 'succeeded')::int AS ok,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
     FROM attempts WHERE endpoint_id = $1 AND id >= $7 AND created_at >= $5 AND created_at < $6
     GROUP BY 1`,
    [
      endpointId,
      since.getTime() / 1000,
      until.getTime() / 1000,
      buckets,
      since,
      until,
      attemptIdFloor(since),
    ],
  );
  const size = (until.getTime() - since.getTime()) / buckets;
  return Array.from({ length: buckets }, (_, i) => {
    const r = rows.find((x) => x.i === i);
    return {
      start: new Date(since.getTime() + i * size).toISOString(),
      succeeded: r?.ok ?? 0,
      failed: r?.failed ?? 0,
      p50: r?.p50 ?? null,
      p99: r?.p99 ?? null,
    };
  });
}

/** Endpoints by circuit state (for /metrics); the partial index keeps the open ones cheap to count. */
export async function circuitCounts(db: Queryable): Promise<Record<'closed' | 'open' | 'half-open', number>> {
  const { rows } = await db.query<{ open: number; half_open: number; total: number }>(
    `SELECT count(*) FILTER (WHERE circuit_opened_at IS NOT NULL AND circuit_probe_at > now()
                               AND (circuit_probe_until IS NULL OR circuit_probe_until < now()))::int AS open,
            count(*) FILTER (WHERE circuit_opened_at IS NOT NULL AND (circuit_probe_at <= now()
                               OR circuit_probe_until >= now()))::int AS half_open,
            (SELECT count(*)::int FROM endpoints) AS total
     FROM endpoints WHERE circuit_opened_at IS NOT NULL`,
  );
  const r = rows[0]!;
  return { closed: r.total - r.open - r.half_open, open: r.open, 'half-open': r.half_open };
}
