import { z } from 'zod';
import { channel, eventTypeName, isoDate, kafkaSasl, kafkaTls, metadata, uid } from './common.ts';

/**
 * Length in bytes of canonical standard (padded) base64 text, or -1 when it is not. Canonical: the bits
 * the padding leaves unused are zero, as the signer (packages/signing parseSecret) requires; otherwise
 * a secret could be stored that no delivery can ever be signed with.
 */
function base64Bytes(text: string): number {
  if (
    text.length === 0 ||
    text.length % 4 !== 0 ||
    !/^[A-Za-z0-9+/]*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/][AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)$/.test(text)
  )
    return -1;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/**
 * `whsec_` + standard base64 of 24 to 64 random bytes (HMAC, `v1` signatures), or `whsk_` + standard
 * base64 of a 32-byte ed25519 seed (`v1a` signatures, verified with the public key `whpk_…`).
 */
export const endpointSecret = z.string().refine((s) => {
  if (s.startsWith('whsk_')) return base64Bytes(s.slice('whsk_'.length)) === 32;
  if (!s.startsWith('whsec_')) return false;
  const n = base64Bytes(s.slice('whsec_'.length));
  return n >= 24 && n <= 64;
}, 'must be "whsec_" followed by standard base64 of 24 to 64 bytes, or "whsk_" followed by standard base64 of a 32-byte ed25519 seed');

/** Headers Herald sets itself; an endpoint may not override them. */
export const reservedHeaders = [
  'content-type',
  'content-length',
  'host',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'connection',
  'transfer-encoding',
];

export const endpointHeaders = z
  .record(
    z
      .string()
      .min(1)
      .max(256)
      .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not a valid header name'),
    z
      .string()
      .max(4096)
      .regex(/^[^\r\n]*$/, 'must not contain line breaks'),
  )
  .refine((h) => Object.keys(h).every((k) => !reservedHeaders.includes(k.toLowerCase())), {
    message: `may not set ${reservedHeaders.join(', ')}`,
  });

export const endpointUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048);

/** A broker URL with one of these schemes (credentials allowed: they are never shown back). */
const brokerUrl = (schemes: string[], example: string) =>
  z
    .string()
    .max(2048)
    .refine(
      (s) => {
        try {
          const u = new URL(s);
          return schemes.includes(u.protocol.slice(0, -1)) && u.hostname !== '';
        } catch {
          return false;
        }
      },
      `must be a ${schemes.map((x) => `${x}://`).join(' or ')} URL, e.g. ${example}`,
    );

/** `host:port` of a Kafka bootstrap broker. */
const kafkaBroker = z
  .string()
  .max(512)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9092');

export const amqpDestination = z.strictObject({
  type: z.literal('amqp'),
  url: brokerUrl(['amqp', 'amqps'], 'amqp://user:password@rabbitmq:5672/vhost'),
  exchange: z.string().max(255).describe('the exchange published to; "" is the default exchange'),
  routingKey: z.string().max(255),
});
export const kafkaDestination = z.strictObject({
  type: z.literal('kafka'),
  brokers: z.array(kafkaBroker).min(1).max(16).describe('bootstrap brokers, host:port'),
  topic: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'a Kafka topic name: 1-249 letters, digits, ".", "_" and "-"'),
  key: z
    .string()
    .max(1024)
    .optional()
    .describe('record key; "{messageId}" and "{eventType}" are replaced. Absent: no key'),
  sasl: kafkaSasl.optional().describe('SASL authentication; absent: none'),
  tls: kafkaTls.optional().describe('TLS to the brokers; absent: plaintext'),
});
export const natsDestination = z.strictObject({
  type: z.literal('nats'),
  url: brokerUrl(['nats', 'tls'], 'nats://user:password@nats:4222'),
  subject: z
    .string()
    .max(255)
    .regex(/^[^\s*>]+$/, 'a NATS subject without spaces or wildcards')
    .describe('a subject bound to a JetStream stream; the publish ack confirms it'),
});
export const redisDestination = z.strictObject({
  type: z.literal('redis'),
  url: brokerUrl(['redis', 'rediss'], 'redis://:password@redis:6379/0'),
  stream: z.string().min(1).max(1024),
  maxLen: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('trim the stream to about this many entries (XADD MAXLEN ~); absent: never trimmed'),
});

/** A message broker an endpoint publishes to instead of POSTing to a URL. */
export const endpointDestination = z
  .discriminatedUnion('type', [amqpDestination, kafkaDestination, natsDestination, redisDestination])
  .describe(
    'a broker instead of a URL: the same body, the webhook-* headers as message headers; an attempt succeeds when the broker confirms',
  );
export type EndpointDestination = z.infer<typeof endpointDestination>;
export type BrokerType = EndpointDestination['type'];

export const endpointOrdering = z
  .enum(['unordered', 'fifo'])
  .describe('fifo: one message at a time, in publish order; a failing head blocks the ones behind it');

const maxConcurrency = z
  .number()
  .int()
  .min(1)
  .max(1000)
  .describe('at most this many attempts to the endpoint in flight, across all workers');

export const circuitState = z.enum(['closed', 'open', 'half-open']);

/** The endpoint's circuit breaker (read-only). */
export const endpointCircuit = z.object({
  state: circuitState,
  /** when the circuit last opened; null while closed */
  openedAt: isoDate.nullable(),
  /** consecutive failed attempts */
  failures: z.number().int(),
  /** when the next probe may go (open), null otherwise */
  probeAt: isoDate.nullable(),
});
export type EndpointCircuit = z.infer<typeof endpointCircuit>;

const oneTarget = (v: { url?: unknown; destination?: unknown }, ctx: z.core.$RefinementCtx) => {
  if (v.url !== undefined && v.destination !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['destination'],
      message: 'give either url or destination, not both',
    });
};

export const endpointIn = z
  .strictObject({
    url: endpointUrl.optional(),
    destination: endpointDestination.optional(),
    uid: uid.optional(),
    description: z.string().max(1024).optional(),
    eventTypes: z.array(eventTypeName).max(256).optional(),
    channels: z.array(channel).max(16).optional(),
    secret: endpointSecret.optional(),
    rateLimit: z.number().int().min(1).max(100_000).optional().describe('max deliveries per second'),
    headers: endpointHeaders.optional(),
    disabled: z.boolean().optional(),
    metadata: metadata.optional(),
    maxConcurrency: maxConcurrency.optional(),
    ordering: endpointOrdering.optional(),
  })
  .superRefine((v, ctx) => {
    oneTarget(v, ctx);
    if (v.url === undefined && v.destination === undefined)
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'an endpoint needs a url or a destination' });
  });
export type EndpointIn = z.infer<typeof endpointIn>;

export const endpointPatch = z
  .strictObject({
    url: endpointUrl.optional().describe('an HTTP endpoint; a broker endpoint given a url becomes one'),
    destination: endpointDestination
      .optional()
      .describe('a broker endpoint; a password given as "***" keeps the stored one'),
    uid: uid.nullable().optional(),
    description: z.string().max(1024).optional(),
    eventTypes: z.array(eventTypeName).max(256).optional(),
    channels: z.array(channel).max(16).optional(),
    rateLimit: z.number().int().min(1).max(100_000).nullable().optional(),
    headers: endpointHeaders.optional(),
    disabled: z.boolean().optional(),
    metadata: metadata.optional(),
    maxConcurrency: maxConcurrency.optional(),
    ordering: endpointOrdering.optional(),
  })
  .superRefine(oneTarget);
export type EndpointPatch = z.infer<typeof endpointPatch>;

export const endpoint = z.object({
  id: z.string(),
  appId: z.string(),
  uid: z.string().nullable(),
  url: z
    .string()
    .describe('the HTTP URL; for a broker endpoint a read-only label of its destination, password masked'),
  destination: endpointDestination
    .nullable()
    .describe('the broker of a broker endpoint (passwords shown as "***"); null for HTTP'),
  description: z.string(),
  eventTypes: z.array(z.string()),
  channels: z.array(z.string()),
  rateLimit: z.number().int().nullable(),
  headers: z.record(z.string(), z.string()),
  disabled: z.boolean(),
  disabledReason: z.string().nullable(),
  metadata,
  maxConcurrency: z.number().int(),
  ordering: endpointOrdering,
  circuit: endpointCircuit,
  failingSince: isoDate
    .nullable()
    .describe('the first failed attempt of the current run of failures; null after any success (read-only)'),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Endpoint = z.infer<typeof endpoint>;

export const endpointSecretOut = z.object({
  key: z.string().describe('the signing secret: `whsec_…` (HMAC, v1) or `whsk_…` (ed25519, v1a)'),
  publicKey: z
    .string()
    .nullable()
    .describe(
      'for a `whsk_…` secret, the `whpk_…` public key receivers verify v1a signatures with; else null',
    ),
});
export const rotateSecretIn = z.strictObject({ key: endpointSecret.optional() });

/** The periods the stats route counts over, each ending now. */
export const statsWindow = z.enum(['1h', '6h', '24h']);
export type StatsWindow = z.infer<typeof statsWindow>;
export const statsWindowMs: Record<StatsWindow, number> = {
  '1h': 3600_000,
  '6h': 6 * 3600_000,
  '24h': 24 * 3600_000,
};

export const endpointStatsQuery = z.object({
  window: statsWindow.default('24h').describe('the period counted, ending now'),
  buckets: z.coerce
    .number()
    .int()
    .min(1)
    .max(96)
    .optional()
    .describe(
      'also answer `series`: the window cut into this many equal buckets on round times, the last one holding now',
    ),
});
export type EndpointStatsQuery = z.infer<typeof endpointStatsQuery>;

/** The attempts of one bucket of the series; the latency percentiles are null when there were none. */
export const statsBucket = z.object({
  start: isoDate,
  succeeded: z.number().int(),
  failed: z.number().int(),
  p50: z.number().nullable(),
  p99: z.number().nullable(),
});
export type StatsBucket = z.infer<typeof statsBucket>;

export const endpointStats = z.object({
  since: isoDate,
  counts: z.object({ succeeded: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
  attempts: z.object({ succeeded: z.number().int(), failed: z.number().int() }),
  successRate: z.number().nullable(),
  latencyMs: z.object({ p50: z.number().nullable(), p99: z.number().nullable() }),
  lastAttemptAt: isoDate.nullable(),
  series: z
    .array(statsBucket)
    .optional()
    .describe('with `buckets`: every bucket from `since` on, oldest first, empty ones included'),
});
export type EndpointStats = z.infer<typeof endpointStats>;
