import type {
  KafkaSasl,
  KafkaTls,
  ParsedSourceIn,
  Source,
  SourceConsumer,
  SourceEventType,
  SourceRequest,
  SourceType,
  SourceVerificationIn,
} from '@herald/contracts';
import { maskSasl, maskUrl } from '../brokers/urls.ts';
import { newId } from '../ids.ts';
import type { Queryable } from './pool.ts';

export type VerificationType = NonNullable<Source['verification']>['type'];

/** The coordinates of a broker source besides its URL (which is a secret, in `broker_url`). */
export interface BrokerCoordinates {
  queue?: string;
  brokers?: string[];
  topic?: string;
  group?: string;
  stream?: string;
  durable?: string;
  /** where poison messages go: a queue, topic, subject or stream */
  deadLetter: string;
  /** Kafka: SASL, the password encrypted like broker_url (secrets/cipher.ts) */
  sasl?: KafkaSasl;
  /** Kafka: TLS to the brokers */
  tls?: KafkaTls;
}

export interface SourceRow {
  id: string;
  app_id: string;
  uid: string | null;
  name: string;
  type: SourceType;
  broker_url: string | null;
  broker: BrokerCoordinates | null;
  verification_type: VerificationType;
  secret: string | null;
  signature_header: string | null;
  /** hmac-sha256: 'hex' | 'base64' (null: hex) */
  signature_encoding: 'hex' | 'base64' | null;
  signature_prefix: string | null;
  signature_timestamp_header: string | null;
  /** hmac-sha256: the signed text with {body} and {timestamp} (null: the body alone) */
  signed_content: string | null;
  event_type: SourceEventType;
  rate_limit_per_minute: string | null;
  max_body_bytes: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The header each kind of provider signs in (hmac-sha256: the configured one). */
export function signatureHeaderOf(
  r: Pick<SourceRow, 'verification_type' | 'signature_header'>,
): string | null {
  switch (r.verification_type) {
    case 'none':
      return null;
    case 'hmac-sha256':
      return r.signature_header ?? 'x-signature';
    case 'standard-webhooks':
      return 'webhook-signature';
    case 'github':
      return 'x-hub-signature-256';
    case 'stripe':
      return 'stripe-signature';
  }
}

/** Never the secret or the broker credentials: they are only ever used to verify or to connect. */
export const toSource = (r: SourceRow, baseUrl: string, consumer?: SourceConsumer): Source => {
  const common = {
    id: r.id,
    appId: r.app_id,
    uid: r.uid,
    name: r.name,
    type: r.type,
    eventType: r.event_type,
    rateLimitPerMinute: r.rate_limit_per_minute === null ? null : Number(r.rate_limit_per_minute),
    maxBodyBytes: r.max_body_bytes === null ? null : Number(r.max_body_bytes),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (r.type === 'http')
    return {
      ...common,
      verification: {
        type: r.verification_type,
        header: signatureHeaderOf(r),
        encoding: r.verification_type === 'hmac-sha256' ? (r.signature_encoding ?? 'hex') : null,
        prefix: r.signature_prefix,
        timestampHeader: r.signature_timestamp_header,
        signedContent: r.verification_type === 'hmac-sha256' ? (r.signed_content ?? '{body}') : null,
      },
      ingestUrl: `${baseUrl}/in/${r.id}`,
    };
  return {
    ...common,
    verification: null,
    ingestUrl: null,
    ...(r.broker_url ? { url: maskUrl(r.broker_url, r.type) } : {}),
    ...r.broker,
    ...(r.broker?.sasl ? { sasl: maskSasl(r.broker.sasl) } : {}),
    ...(consumer ? { consumer } : {}),
  };
};

/** The verification columns of a source, from its (validated) verification. */
function verificationColumns(v: SourceVerificationIn) {
  const hmac = v.type === 'hmac-sha256';
  return [
    v.type,
    v.type === 'none' ? null : (v.secret ?? null),
    hmac ? (v.header?.toLowerCase() ?? null) : null,
    hmac ? (v.encoding ?? null) : null,
    hmac ? (v.prefix ?? null) : null,
    hmac ? (v.timestampHeader?.toLowerCase() ?? null) : null,
    hmac ? (v.signedContent ?? null) : null,
  ];
}

/** A source's verification as the API takes it (secret included): the base a patch applies to. */
export const verificationOf = (r: SourceRow): SourceVerificationIn => ({
  type: r.verification_type,
  ...(r.secret === null ? {} : { secret: r.secret }),
  ...(r.signature_header === null ? {} : { header: r.signature_header }),
  ...(r.signature_encoding === null ? {} : { encoding: r.signature_encoding }),
  ...(r.signature_prefix === null ? {} : { prefix: r.signature_prefix }),
  ...(r.signature_timestamp_header === null ? {} : { timestampHeader: r.signature_timestamp_header }),
  ...(r.signed_content === null ? {} : { signedContent: r.signed_content }),
});

/** The default dead-letter target of each broker: beside the source's own queue, topic or stream. */
export function defaultDeadLetter(input: Exclude<ParsedSourceIn, { type: 'http' }>): string {
  switch (input.type) {
    case 'amqp':
      return `${input.queue}.dead-letter`;
    case 'kafka':
      return `${input.topic}.dead-letter`;
    case 'nats':
      return `herald.dead-letter.${input.stream}`;
    case 'redis':
      return `${input.stream}:dead-letter`;
  }
}

/** Where a broker source consumes, as stored in `broker` (the dead-letter target defaulted). */
export function coordinatesOf(input: Exclude<ParsedSourceIn, { type: 'http' }>): BrokerCoordinates {
  const deadLetter = input.deadLetter ?? defaultDeadLetter(input);
  switch (input.type) {
    case 'amqp':
      return { queue: input.queue, deadLetter };
    case 'kafka':
      return {
        brokers: input.brokers,
        topic: input.topic,
        group: input.group,
        deadLetter,
        // the route encrypted the password
        ...(input.sasl ? { sasl: input.sasl } : {}),
        ...(input.tls !== undefined ? { tls: input.tls } : {}),
      };
    case 'nats':
      return { stream: input.stream, durable: input.durable, deadLetter };
    case 'redis':
      return { stream: input.stream, group: input.group, deadLetter };
  }
}

export async function insertSource(db: Queryable, appId: string, input: ParsedSourceIn): Promise<SourceRow> {
  const http = input.type === 'http';
  const verification: SourceVerificationIn = http ? input.verification : { type: 'none' };
  const { rows } = await db.query<SourceRow>(
    `INSERT INTO sources (id, app_id, uid, name, type, event_type, rate_limit_per_minute, max_body_bytes,
       broker_url, broker, verification_type, secret, signature_header, signature_encoding, signature_prefix,
       signature_timestamp_header, signed_content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING *`,
    [
      newId('src'),
      appId,
      input.uid ?? null,
      input.name,
      input.type,
      JSON.stringify(input.eventType),
      http ? (input.rateLimitPerMinute ?? null) : null,
      http ? (input.maxBodyBytes ?? null) : null,
      http || input.type === 'kafka' ? null : input.url,
      http ? null : JSON.stringify(coordinatesOf(input)),
      ...verificationColumns(verification),
    ],
  );
  return rows[0]!;
}

/**
 * A broker source's broker fields as a create takes them, from its row and its decrypted URL: what a
 * patch applies to before the create's schema checks the result.
 */
export function brokerFieldsOf(r: SourceRow, url: string | null): Record<string, unknown> {
  return { type: r.type, ...r.broker, ...(url === null ? {} : { url }) };
}

export interface SourceUpdate {
  name: string;
  uid: string | null;
  verification: SourceVerificationIn;
  eventType: SourceEventType;
  rateLimitPerMinute: number | null;
  maxBodyBytes: number | null;
  /** broker sources: the URL as stored (encrypted) and where it consumes; null for HTTP ones */
  brokerUrl: string | null;
  broker: BrokerCoordinates | null;
}

/**
 * Writes every field of a source (the route merges a patch onto the current row first). `updated_at`
 * moves, so the workers restart the consumer of a broker source at their next scan.
 */
export async function updateSource(db: Queryable, id: string, u: SourceUpdate): Promise<SourceRow> {
  const { rows } = await db.query<SourceRow>(
    `UPDATE sources SET name = $2, uid = $3, event_type = $4, rate_limit_per_minute = $5, max_body_bytes = $6,
       verification_type = $7, secret = $8, signature_header = $9, signature_encoding = $10,
       signature_prefix = $11, signature_timestamp_header = $12, signed_content = $13,
       broker_url = $14, broker = $15, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [
      id,
      u.name,
      u.uid,
      JSON.stringify(u.eventType),
      u.rateLimitPerMinute,
      u.maxBodyBytes,
      ...verificationColumns(u.verification),
      u.brokerUrl,
      u.broker === null ? null : JSON.stringify(u.broker),
    ],
  );
  return rows[0]!;
}

/** `ref` is an id or uid within one application. */
export async function findSource(db: Queryable, appId: string, ref: string): Promise<SourceRow | null> {
  const { rows } = await db.query<SourceRow>(
    `SELECT * FROM sources WHERE app_id = $1 AND (id = $2 OR uid = $2) ORDER BY (id = $2) DESC LIMIT 1`,
    [appId, ref],
  );
  return rows[0] ?? null;
}

/** The ingest path knows only the id. */
export async function findSourceById(db: Queryable, id: string): Promise<SourceRow | null> {
  const { rows } = await db.query<SourceRow>('SELECT * FROM sources WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export async function listSources(db: Queryable, appId: string, limit: number, iterator: string | undefined) {
  const { rows } = await db.query<SourceRow>(
    `SELECT * FROM sources WHERE app_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [appId, iterator ?? null, limit + 1],
  );
  return rows;
}

export async function deleteSource(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM sources WHERE id = $1', [id]);
}

/** How much of an inbound body is kept for inspection. */
export const KEPT_BODY_BYTES = 64 * 1024;

export interface SourceRequestRow {
  id: string;
  source_id: string;
  received_at: Date;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  status: 'accepted' | 'rejected';
  error: string | null;
  message_id: string | null;
  replay_of: string | null;
}

export const toSourceRequest = (r: SourceRequestRow): SourceRequest => ({
  id: r.id,
  receivedAt: r.received_at.toISOString(),
  headers: r.headers,
  body: r.body.toString('utf8'),
  truncated: r.truncated,
  status: r.status,
  error: r.error,
  messageId: r.message_id,
  replayOf: r.replay_of,
});

export interface NewSourceRequest {
  sourceId: string;
  headers: Record<string, string>;
  body: Buffer;
  status: 'accepted' | 'rejected';
  error: string | null;
  messageId: string | null;
  /** the kept request this one replays */
  replayOf?: string | null;
  /** the body was not kept (refused for its size): truncated, whatever its length here */
  bodyDropped?: boolean;
}

export async function insertSourceRequest(db: Queryable, r: NewSourceRequest): Promise<SourceRequestRow> {
  const { rows } = await db.query<SourceRequestRow>(
    `INSERT INTO source_requests (id, source_id, headers, body, truncated, status, error, message_id, replay_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      newId('inreq'),
      r.sourceId,
      JSON.stringify(r.headers),
      r.body.subarray(0, KEPT_BODY_BYTES),
      r.bodyDropped === true || r.body.length > KEPT_BODY_BYTES,
      r.status,
      r.error,
      r.messageId,
      r.replayOf ?? null,
    ],
  );
  return rows[0]!;
}

export async function findSourceRequest(
  db: Queryable,
  sourceId: string,
  id: string,
): Promise<SourceRequestRow | null> {
  const { rows } = await db.query<SourceRequestRow>(
    'SELECT * FROM source_requests WHERE source_id = $1 AND id = $2',
    [sourceId, id],
  );
  return rows[0] ?? null;
}

/** Newest first: the iterator is the last (oldest) id of the previous page. */
export async function listSourceRequests(
  db: Queryable,
  sourceId: string,
  limit: number,
  iterator: string | undefined,
) {
  const { rows } = await db.query<SourceRequestRow>(
    `SELECT * FROM source_requests WHERE source_id = $1 AND ($2::text IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [sourceId, iterator ?? null, limit + 1],
  );
  return rows;
}

/** The accepted replay of a kept request, if there is one: replaying it again would publish twice. */
export async function findAcceptedReplay(
  db: Queryable,
  sourceId: string,
  requestId: string,
): Promise<SourceRequestRow | null> {
  // walks this source's requests (source_requests_source_idx); replays are rare, no index of their own
  const { rows } = await db.query<SourceRequestRow>(
    `SELECT * FROM source_requests WHERE source_id = $1 AND replay_of = $2 AND status = 'accepted' LIMIT 1`,
    [sourceId, requestId],
  );
  return rows[0] ?? null;
}
