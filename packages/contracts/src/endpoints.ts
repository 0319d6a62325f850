import { z } from 'zod';
import { channel, eventTypeName, isoDate, metadata, uid } from './common.ts';

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

export const endpointIn = z.strictObject({
  url: endpointUrl,
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
});
export type EndpointIn = z.infer<typeof endpointIn>;

export const endpointPatch = z.strictObject({
  url: endpointUrl.optional(),
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
});
export type EndpointPatch = z.infer<typeof endpointPatch>;

export const endpoint = z.object({
  id: z.string(),
  appId: z.string(),
  uid: z.string().nullable(),
  url: z.string(),
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
