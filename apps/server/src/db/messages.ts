import type { Delivery, DeliveryStatus, Message } from '@herald/contracts';
import { type EndpointLane, endpointTakes } from './endpoints.ts';
import { type Queryable, queryPrepared } from './pool.ts';

export interface MessageRow {
  id: string;
  app_id: string;
  event_type: string;
  event_id: string | null;
  channels: string[];
  payload: unknown;
  request_id: string | null;
  created_at: Date;
}

export const toMessage = (r: MessageRow): Message => ({
  id: r.id,
  eventType: r.event_type,
  eventId: r.event_id,
  channels: r.channels,
  payload: r.payload,
  timestamp: r.created_at.toISOString(),
  requestId: r.request_id,
});

export interface NewMessage {
  id: string;
  appId: string;
  eventType: string;
  eventId: string | null;
  channels: string[];
  /** The payload as JSON text: stored and sent exactly as this. */
  payloadJson: string;
  requestId: string | null;
  /** W3C traceparent of the outbox span (tracing on), for the attempts' spans */
  traceparent?: string | null;
}

/**
 * The outbox's main statement: inserts the messages and, when the application has at most
 * `inlineLimit` enabled endpoints, one pending delivery per endpoint that takes each message (no
 * event-type filter or one naming its type; no channel filter or one sharing a channel). One round
 * trip instead of three: on this path the cost is round trips, not work. `inline` false means the
 * app has more endpoints: the caller fans out in a job.
 */
export async function insertMessagesWithDeliveries(
  db: Queryable,
  appId: string,
  ms: NewMessage[],
  inlineLimit: number,
): Promise<{
  messages: Array<MessageRow & { endpoint_ids: string[] }>;
  inline: boolean;
  lanes: Map<string, EndpointLane>;
}> {
  if (ms.length === 0) return { messages: [], inline: true, lanes: new Map() };
  const { rows } = await db.query<
    MessageRow & {
      endpoint_ids: string[];
      max_concurrency: Array<number | null>;
      fifo: boolean[];
      inline: boolean;
    }
  >(
    `WITH m AS (
       INSERT INTO messages (id, app_id, event_type, event_id, channels, payload, request_id, traceparent)
       SELECT id, $1, event_type, event_id, ARRAY(SELECT jsonb_array_elements_text(channels)), payload::json, request_id,
              traceparent
       FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $8::text[], $9::text[])
         AS x (id, event_type, event_id, channels, payload, request_id, traceparent)
       RETURNING *
     ), e AS (
       SELECT id, event_types, channels, max_concurrency, ordering FROM endpoints
       WHERE app_id = $1 AND NOT disabled ORDER BY id LIMIT $7 + 1
     ), inline AS (
       SELECT count(*) <= $7 AS ok FROM e
     ), d AS (
       INSERT INTO deliveries (message_id, endpoint_id, app_id)
       SELECT m.id, e.id, $1 FROM m, e, inline
       WHERE inline.ok AND ${endpointTakes('e', 'm.event_type', 'm.channels')}
       RETURNING message_id, endpoint_id
     ), per_message AS (
       -- with each endpoint its queue lane (concurrency, ordering), so the jobs need no second read
       SELECT d.message_id, array_agg(d.endpoint_id ORDER BY d.endpoint_id) AS endpoint_ids,
              array_agg(e.max_concurrency ORDER BY d.endpoint_id) AS max_concurrency,
              array_agg(e.ordering = 'fifo' ORDER BY d.endpoint_id) AS fifo
       FROM d JOIN e ON e.id = d.endpoint_id GROUP BY d.message_id
     )
     SELECT m.*, (SELECT ok FROM inline) AS inline, coalesce(p.endpoint_ids, '{}') AS endpoint_ids,
            coalesce(p.max_concurrency, '{}') AS max_concurrency, coalesce(p.fifo, '{}') AS fifo
     FROM m LEFT JOIN per_message p ON p.message_id = m.id`,
    [
      appId,
      ms.map((m) => m.id),
      ms.map((m) => m.eventType),
      ms.map((m) => m.eventId),
      ms.map((m) => JSON.stringify(m.channels)),
      ms.map((m) => m.payloadJson),
      inlineLimit,
      ms.map((m) => m.requestId),
      ms.map((m) => m.traceparent ?? null),
    ],
  );
  const lanes = new Map<string, EndpointLane>();
  for (const r of rows) {
    for (const [i, e] of r.endpoint_ids.entries()) {
      const ordering = r.fifo[i] ? 'fifo' : 'unordered';
      lanes.set(e, { maxConcurrency: r.max_concurrency[i] ?? null, ordering });
    }
  }
  return { messages: rows, inline: rows[0]?.inline ?? true, lanes };
}

/** pg-boss INSERT statements reading their jobs from a JSON expression (`jobInsertFrom` in queue/boss.ts). */
export interface JobInserts {
  deliver: (jobsJson: string) => string;
  fanOut: (jobsJson: string) => string;
}

/**
 * The whole outbox as ONE statement, so it commits on its own (no BEGIN / COMMIT round trips): the
 * messages, one delivery per endpoint that takes each (as insertMessagesWithDeliveries) and the first
 * `deliver` job of each delivery in its endpoint's queue group (a FIFO endpoint gets a `head` job and
 * tier 1, as enqueueDeliveries does); above `inlineLimit` endpoints, one `fan-out` job per message
 * instead. Used for publishes without idempotency keys, which need nothing read first.
 */
export async function insertMessagesAtOnce(
  db: Queryable,
  appId: string,
  ms: NewMessage[],
  inlineLimit: number,
  jobs: JobInserts,
): Promise<Array<MessageRow & { endpoint_ids: string[] }>> {
  if (ms.length === 0) return [];
  const { rows } = await queryPrepared<MessageRow & { endpoint_ids: string[] }>(
    db,
    `WITH m AS (
       INSERT INTO messages (id, app_id, event_type, event_id, channels, payload, request_id)
       SELECT id, $1, event_type, event_id, ARRAY(SELECT jsonb_array_elements_text(channels)), payload::json, request_id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $8::text[])
         AS x (id, event_type, event_id, channels, payload, request_id)
       RETURNING *
     ), e AS (
       SELECT id, event_types, channels, max_concurrency, ordering FROM endpoints
       WHERE app_id = $1 AND NOT disabled ORDER BY id LIMIT $7 + 1
     ), inline AS (
       SELECT count(*) <= $7 AS ok FROM e
     ), d AS (
       INSERT INTO deliveries (message_id, endpoint_id, app_id)
       SELECT m.id, e.id, $1 FROM m, e, inline
       WHERE inline.ok AND ${endpointTakes('e', 'm.event_type', 'm.channels')}
       RETURNING message_id, endpoint_id
     ), deliver_jobs AS (
       ${jobs.deliver(
         `SELECT coalesce(json_agg(json_build_object(
            'data', json_build_object('m', d.message_id, 'e', d.endpoint_id,
                                      't', CASE WHEN e.ordering = 'fifo' THEN to_json('head'::text) ELSE to_json(0) END),
            'groupId', d.endpoint_id,
            'groupTier', CASE WHEN e.ordering = 'fifo' THEN '1' ELSE e.max_concurrency::text END)), '[]')::text
          FROM d JOIN e ON e.id = d.endpoint_id`,
       )}
     ), fan_out_jobs AS (
       ${jobs.fanOut(
         `SELECT coalesce(json_agg(json_build_object('data', json_build_object('messageId', m.id))), '[]')::text
          FROM m, inline WHERE NOT inline.ok`,
       )}
     )
     SELECT m.*, coalesce(p.endpoint_ids, '{}') AS endpoint_ids
     FROM m LEFT JOIN (
       SELECT message_id, array_agg(endpoint_id ORDER BY endpoint_id) AS endpoint_ids FROM d GROUP BY message_id
     ) p ON p.message_id = m.id`,
    [
      appId,
      ms.map((m) => m.id),
      ms.map((m) => m.eventType),
      ms.map((m) => m.eventId),
      ms.map((m) => JSON.stringify(m.channels)),
      ms.map((m) => m.payloadJson),
      inlineLimit,
      ms.map((m) => m.requestId),
    ],
  );
  return rows;
}

/** Messages by id with the endpoints they got deliveries for (a publish whose answer was lost). */
export async function messagesWithEndpoints(
  db: Queryable,
  ids: string[],
): Promise<Array<MessageRow & { endpoint_ids: string[] }>> {
  const { rows } = await db.query<MessageRow & { endpoint_ids: string[] }>(
    `SELECT m.*, ARRAY(SELECT endpoint_id FROM deliveries d WHERE d.message_id = m.id ORDER BY endpoint_id) AS endpoint_ids
     FROM messages m WHERE m.id = ANY ($1::text[])`,
    [ids],
  );
  return rows;
}

/** Inserts messages in one statement, in the order given. */
export async function insertMessages(db: Queryable, ms: NewMessage[]): Promise<MessageRow[]> {
  if (ms.length === 0) return [];
  const { rows } = await db.query<MessageRow>(
    `INSERT INTO messages (id, app_id, event_type, event_id, channels, payload, request_id, traceparent)
     SELECT id, app_id, event_type, event_id, ARRAY(SELECT jsonb_array_elements_text(channels)), payload::json, request_id,
            traceparent
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::text[])
       AS m (id, app_id, event_type, event_id, channels, payload, request_id, traceparent)
     RETURNING *`,
    [
      ms.map((m) => m.id),
      ms.map((m) => m.appId),
      ms.map((m) => m.eventType),
      ms.map((m) => m.eventId),
      ms.map((m) => JSON.stringify(m.channels)),
      ms.map((m) => m.payloadJson),
      ms.map((m) => m.requestId),
      ms.map((m) => m.traceparent ?? null),
    ],
  );
  return rows;
}

export async function findMessages(db: Queryable, appId: string, ids: string[]): Promise<MessageRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<MessageRow>(
    'SELECT * FROM messages WHERE app_id = $1 AND id = ANY ($2::text[])',
    [appId, ids],
  );
  return rows;
}

/** A message by id alone (jobs name messages, not applications). */
export async function messageById(db: Queryable, id: string): Promise<MessageRow | null> {
  const { rows } = await db.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export async function findMessage(db: Queryable, appId: string, id: string): Promise<MessageRow | null> {
  const { rows } = await db.query<MessageRow>('SELECT * FROM messages WHERE app_id = $1 AND id = $2', [
    appId,
    id,
  ]);
  return rows[0] ?? null;
}

export interface MessageFilter {
  eventType?: string | undefined;
  channel?: string | undefined;
  status?: DeliveryStatus | undefined;
  before?: string | undefined;
  after?: string | undefined;
  /** only messages meant for this endpoint (with `status`: whose delivery to it is in that state) */
  endpointId?: string | undefined;
  /** message id or eventId exactly, or text in the payload */
  q?: string | undefined;
  /** the last attempt's HTTP status: a code, a class (`5xx`) or `none` */
  responseStatus?: string | undefined;
}

/** `responseStatus` as an inclusive code range, or `none` (the last attempt had no HTTP answer). */
export function responseStatusRange(f: string | undefined): { lo: number; hi: number } | 'none' | null {
  if (!f) return null;
  if (f === 'none') return 'none';
  if (f.endsWith('xx')) {
    const c = Number(f[0]) * 100;
    return { lo: c, hi: c + 99 };
  }
  return { lo: Number(f), hi: Number(f) };
}

/** `%text%` for ILIKE, with the pattern characters of `text` taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Newest first. `status` keeps messages with at least one delivery in that state; `endpointId`,
 * `status` and `responseStatus` apply to the same delivery. `q` matches ids exactly and the payload's
 * text as a substring: it walks the application's messages newest first (no text index), so a rare
 * term over a long history reads far; the page still stops at `limit`.
 */
export async function listMessages(
  db: Queryable,
  appId: string,
  f: MessageFilter,
  limit: number,
  iterator?: string,
) {
  // a status alone walks the deliveries index (flat at any size); search and last-response filters
  // read the messages themselves
  if (
    f.status !== undefined &&
    f.status !== 'sending' &&
    f.endpointId === undefined &&
    f.q === undefined &&
    f.responseStatus === undefined
  )
    return listMessagesByStatus(db, appId, { ...f, status: f.status }, limit, iterator);
  const rs = responseStatusRange(f.responseStatus);
  const { rows } = await db.query<MessageRow>(
    `SELECT m.* FROM messages m
     WHERE m.app_id = $1
       AND ($2::text IS NULL OR m.id < $2)
       AND ($3::text IS NULL OR m.event_type = $3)
       AND ($4::text IS NULL OR $4 = ANY (m.channels))
       -- at the millisecond precision of the timestamps we show, so after=<a message's timestamp> excludes it
       AND ($5::timestamptz IS NULL OR date_trunc('milliseconds', m.created_at) < $5)
       AND ($6::timestamptz IS NULL OR date_trunc('milliseconds', m.created_at) > $6)
       AND ($10::text IS NULL OR m.id = $10 OR m.event_id = $10 OR m.payload::text ILIKE $11)
       AND ($7::text IS NULL AND $9::text IS NULL AND $12::text IS NULL OR EXISTS (
             SELECT 1 FROM deliveries d WHERE d.message_id = m.id
               AND ($9::text IS NULL OR d.endpoint_id = $9)
               AND CASE WHEN $7::text IS NULL THEN true
                        WHEN $7 = 'sending' THEN d.lease_until > now()
                        ELSE d.status = $7 AND (d.lease_until IS NULL OR d.lease_until <= now()) END
               -- the delivery's last attempt (attempts_pkey: message_id, id), when its answer is filtered on
               AND ($12::text IS NULL OR EXISTS (
                     SELECT 1 FROM (SELECT a.response_status_code AS code FROM attempts a
                                    WHERE a.message_id = d.message_id AND a.endpoint_id = d.endpoint_id
                                    ORDER BY a.id DESC LIMIT 1) last
                     WHERE CASE WHEN $12 = 'none' THEN last.code IS NULL
                                ELSE last.code BETWEEN $13::int AND $14::int END))))
     ORDER BY m.id DESC LIMIT $8`,
    [
      appId,
      iterator ?? null,
      f.eventType ?? null,
      f.channel ?? null,
      f.before ?? null,
      f.after ?? null,
      f.status ?? null,
      limit + 1,
      f.endpointId ?? null,
      f.q ?? null,
      f.q ? likePattern(f.q) : null,
      rs === null ? null : rs === 'none' ? 'none' : 'code',
      rs && rs !== 'none' ? rs.lo : null,
      rs && rs !== 'none' ? rs.hi : null,
    ],
  );
  return rows;
}

/**
 * listMessages with a delivery state: driven by deliveries_app_status_idx (app_id, status, message_id
 * DESC), newest message first, so a page reads about a page of deliveries in that state and stops. The
 * EXISTS form read messages newest first and probed each one, or hashed every delivery in the state:
 * either way it grew with the data (issue 9: `status=failed` 73x slower at 1 M messages). The other
 * filters apply to the messages joined; every filter listMessages takes must be applied here too.
 */
// A loose index scan: each step is one descent of deliveries_app_status_idx to the next older message
// id in the state, so a page costs about a page of steps (an ORDER BY over the distinct ids let the
// planner fetch and sort every delivery in the state first: measured in test/flat-queries). The
// LATERAL join keeps the steps' order and lets the LIMIT stop them.
const nextInState = (below: string) => `(SELECT d.message_id FROM deliveries d
       WHERE d.app_id = $1 AND d.status = $7 AND ${below}
         AND (d.lease_until IS NULL OR d.lease_until <= now())
       ORDER BY d.message_id DESC LIMIT 1)`;
export const MESSAGES_BY_STATUS_SQL = `WITH RECURSIVE f (message_id) AS (
       ${nextInState('($2::text IS NULL OR d.message_id < $2)')}
       UNION ALL
       SELECT ${nextInState('d.message_id < f.message_id')} FROM f WHERE f.message_id IS NOT NULL
     )
     SELECT m.* FROM f, LATERAL (
       SELECT * FROM messages m WHERE m.id = f.message_id AND m.app_id = $1
         AND ($3::text IS NULL OR m.event_type = $3)
         AND ($4::text IS NULL OR $4 = ANY (m.channels))
         AND ($5::timestamptz IS NULL OR date_trunc('milliseconds', m.created_at) < $5)
         AND ($6::timestamptz IS NULL OR date_trunc('milliseconds', m.created_at) > $6)
     ) m
     LIMIT $8`;

async function listMessagesByStatus(
  db: Queryable,
  appId: string,
  f: MessageFilter & { status: 'pending' | 'succeeded' | 'failed' },
  limit: number,
  iterator?: string,
) {
  const { rows } = await db.query<MessageRow>(MESSAGES_BY_STATUS_SQL, [
    appId,
    iterator ?? null,
    f.eventType ?? null,
    f.channel ?? null,
    f.before ?? null,
    f.after ?? null,
    f.status,
    limit + 1,
  ]);
  // newest first, as the steps found them (sorted again: the order of a join is not a promise)
  return rows.sort((x, y) => (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
}

/** Inserts one pending delivery per endpoint; skips pairs that exist already (a replay of a fan-out). */
export async function insertDeliveries(
  db: Queryable,
  appId: string,
  messageId: string,
  endpointIds: string[],
) {
  const { rows } = await db.query<{ endpoint_id: string }>(
    `INSERT INTO deliveries (message_id, endpoint_id, app_id)
     SELECT $1, e, $2 FROM unnest($3::text[]) AS e
     ON CONFLICT DO NOTHING RETURNING endpoint_id`,
    [messageId, appId, endpointIds],
  );
  return rows.map((r) => r.endpoint_id);
}

interface DeliveryRow {
  endpoint_id: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  updated_at: Date;
}

export async function listDeliveries(db: Queryable, messageId: string): Promise<Delivery[]> {
  return (await deliveriesOf(db, [messageId])).get(messageId) ?? [];
}

/** The deliveries of several messages in one query, by message id. */
export async function deliveriesOf(db: Queryable, messageIds: string[]): Promise<Map<string, Delivery[]>> {
  const { rows } = await db.query<DeliveryRow & { message_id: string }>(
    `SELECT d.message_id, d.endpoint_id, e.url, d.attempts, d.next_attempt_at, d.updated_at,
            CASE WHEN d.lease_until > now() THEN 'sending' ELSE d.status END AS status
     FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
     WHERE d.message_id = ANY ($1::text[]) ORDER BY d.message_id, d.endpoint_id`,
    [messageIds],
  );
  const out = new Map<string, Delivery[]>();
  for (const r of rows) {
    const list = out.get(r.message_id) ?? [];
    list.push({
      endpointId: r.endpoint_id,
      url: r.url,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
      updatedAt: r.updated_at.toISOString(),
    });
    out.set(r.message_id, list);
  }
  return out;
}

/** The delivery of a message to an endpoint, if the message was ever meant for it. */
export async function ensureDelivery(db: Queryable, appId: string, messageId: string, endpointId: string) {
  await db.query(
    `INSERT INTO deliveries (message_id, endpoint_id, app_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [messageId, endpointId, appId],
  );
}
