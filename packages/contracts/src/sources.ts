import { z } from 'zod';
import { eventTypeName, isoDate, kafkaSasl, kafkaTls, uid } from './common.ts';

export const sourceVerificationType = z.enum([
  'none',
  'hmac-sha256',
  'standard-webhooks',
  'github',
  'stripe',
]);

const headerName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not a valid header name');

/** hmac-sha256 only: how the digest is written in the signature header. */
export const signatureEncoding = z.enum(['hex', 'base64']);

/** The fields of a verification; `sourceVerificationIn` adds the rules between them. */
const verificationFields = z.strictObject({
  type: sourceVerificationType,
  secret: z.string().min(1).max(1024).optional().describe('required for every type but "none"'),
  header: headerName.optional().describe('hmac-sha256 only: the signature header (default x-signature)'),
  encoding: signatureEncoding
    .optional()
    .describe('hmac-sha256 only: the digest as hex (default) or base64 (e.g. Shopify)'),
  prefix: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe(
      'hmac-sha256 only: text before the digest in the header, e.g. "sha256=" or "v0="; without it an optional "sha256=" is accepted',
    ),
  timestampHeader: headerName
    .optional()
    .describe(
      'hmac-sha256 only: a header with the unix time of sending (e.g. x-slack-request-timestamp); requests more than 300 s off are refused',
    ),
  signedContent: z
    .string()
    .min(6)
    .max(256)
    .optional()
    .describe(
      'hmac-sha256 only: what is signed, with {body} (the raw body) and {timestamp} (needs timestampHeader), e.g. Slack\'s "v0:{timestamp}:{body}"; default "{body}"',
    ),
});

const HMAC_ONLY = ['header', 'encoding', 'prefix', 'timestampHeader', 'signedContent'] as const;

export const sourceVerificationIn = verificationFields.superRefine((v, ctx) => {
  if (v.type !== 'none' && v.secret === undefined)
    ctx.addIssue({ code: 'custom', path: ['secret'], message: `is required for type ${v.type}` });
  for (const field of HMAC_ONLY) {
    if (v[field] !== undefined && v.type !== 'hmac-sha256')
      ctx.addIssue({ code: 'custom', path: [field], message: 'applies to type hmac-sha256 only' });
  }
  if (v.signedContent !== undefined) {
    if (v.signedContent.split('{body}').length !== 2)
      ctx.addIssue({ code: 'custom', path: ['signedContent'], message: 'must contain {body} exactly once' });
    if (v.signedContent.includes('{timestamp}') && v.timestampHeader === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['signedContent'],
        message: '{timestamp} needs timestampHeader',
      });
  }
});
export type SourceVerificationIn = z.infer<typeof sourceVerificationIn>;

/**
 * A change of verification: the fields given replace the current ones, `null` removes an hmac-only
 * one. `type` kept and `secret` absent keeps the secret (to fix only the header, say); a new type
 * starts afresh and needs its secret.
 */
export const sourceVerificationPatch = z.strictObject({
  type: verificationFields.shape.type.optional(),
  secret: verificationFields.shape.secret,
  header: verificationFields.shape.header.nullable(),
  encoding: verificationFields.shape.encoding.nullable(),
  prefix: verificationFields.shape.prefix.nullable(),
  timestampHeader: verificationFields.shape.timestampHeader.nullable(),
  signedContent: verificationFields.shape.signedContent.nullable(),
});
export type SourceVerificationPatch = z.infer<typeof sourceVerificationPatch>;

/** Where the event type of an inbound request comes from: a header, a dotted path in the body, or fixed. */
export const sourceEventType = z.union([
  z.strictObject({ header: headerName }),
  z.strictObject({
    bodyPath: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[^.]+(\.[^.]+)*$/, 'a dotted path such as "data.type"'),
  }),
  z.strictObject({ fixed: eventTypeName }),
]);
export type SourceEventType = z.infer<typeof sourceEventType>;

/** Limits of one source, on top of the server's (HERALD_MAX_BODY_BYTES). */
const sourceLimits = {
  rateLimitPerMinute: z
    .int()
    .min(1)
    .max(1_000_000)
    .describe('inbound requests per minute this source accepts, across all api processes; more get 429'),
  maxBodyBytes: z
    .int()
    .min(1)
    .max(50 * 1_048_576)
    .describe(
      'largest inbound body this source accepts, bytes (at most HERALD_MAX_BODY_BYTES); larger gets 413',
    ),
};

/** The kinds of source: an HTTP ingest URL, or a broker Herald consumes from. */
export const sourceType = z.enum(['http', 'amqp', 'kafka', 'nats', 'redis']);
export type SourceType = z.infer<typeof sourceType>;

const common = {
  name: z.string().min(1).max(256),
  uid: uid.optional(),
  eventType: sourceEventType.describe(
    'where the event type comes from: {header} (an HTTP header, or a message header/property), {bodyPath} or {fixed}',
  ),
};

/** A broker URL: its credentials are secrets, never shown back. */
const brokerUrl = (schemes: string[]) =>
  z
    .string()
    .min(1)
    .max(2048)
    .refine(
      (v) => {
        try {
          return schemes.includes(new URL(v).protocol.slice(0, -1));
        } catch {
          return false;
        }
      },
      `a URL with scheme ${schemes.join(' or ')}`,
    );

const name = (max: number, pattern: RegExp, message: string) =>
  z.string().min(1).max(max).regex(pattern, message);
const amqpName = name(255, /^[^\s]+$/, 'no whitespace');
const kafkaName = name(249, /^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" and "-"');
const natsName = name(256, /^[^\s.*>]+$/, 'no whitespace, ".", "*" or ">"');
const natsSubject = name(512, /^[^\s*>]+$/, 'a subject without wildcards');
const redisKey = name(1024, /^[^\s]+$/, 'no whitespace');

export const httpSourceIn = z.strictObject({
  type: z.literal('http').default('http'),
  ...common,
  verification: sourceVerificationIn,
  rateLimitPerMinute: sourceLimits.rateLimitPerMinute.optional(),
  maxBodyBytes: sourceLimits.maxBodyBytes.optional(),
});

export const amqpSourceIn = z.strictObject({
  type: z.literal('amqp'),
  ...common,
  url: brokerUrl(['amqp', 'amqps']).describe('amqp://user:pass@host:5672/vhost'),
  queue: amqpName.describe('the queue to consume (declared durable if missing)'),
  deadLetter: amqpName
    .optional()
    .describe('the dead-letter queue for poison messages (default "<queue>.dead-letter")'),
});

export const kafkaSourceIn = z.strictObject({
  type: z.literal('kafka'),
  ...common,
  brokers: z
    .array(name(512, /^[^\s:]+:\d{1,5}$/, 'host:port'))
    .min(1)
    .max(32)
    .describe('bootstrap brokers, "host:port"'),
  topic: kafkaName,
  group: kafkaName.describe('the consumer group; offsets are committed after each publish'),
  deadLetter: kafkaName
    .optional()
    .describe('the dead-letter topic for poison messages (default "<topic>.dead-letter")'),
  sasl: kafkaSasl.optional().describe('SASL authentication; absent: none'),
  tls: kafkaTls.optional().describe('TLS to the brokers; absent: plaintext'),
});

export const natsSourceIn = z.strictObject({
  type: z.literal('nats'),
  ...common,
  url: brokerUrl(['nats', 'tls']).describe('nats://user:pass@host:4222'),
  stream: natsName.describe('an existing JetStream stream'),
  durable: natsName.describe('the durable pull consumer Herald creates on the stream'),
  deadLetter: natsSubject
    .optional()
    .describe(
      'the dead-letter subject for poison messages (default "herald.dead-letter.<stream>"; a stream is created for it if none captures it)',
    ),
});

export const redisSourceIn = z.strictObject({
  type: z.literal('redis'),
  ...common,
  url: brokerUrl(['redis', 'rediss']).describe('redis://:pass@host:6379/0'),
  stream: redisKey.describe('the stream; each entry carries the JSON body in its field "body"'),
  group: redisKey.describe('the consumer group Herald creates on the stream'),
  deadLetter: redisKey
    .optional()
    .describe('the dead-letter stream for poison messages (default "<stream>:dead-letter")'),
});

/** `type` absent means an HTTP source (the inbound gateway). */
export const sourceIn = z.discriminatedUnion('type', [
  httpSourceIn,
  amqpSourceIn,
  kafkaSourceIn,
  natsSourceIn,
  redisSourceIn,
]);
export type SourceIn = z.input<typeof sourceIn>;
export type ParsedSourceIn = z.output<typeof sourceIn>;
export type BrokerSourceIn = Exclude<ParsedSourceIn, { type: 'http' }>;

/** The consumer of a broker source, as its workers last reported it. */
export const sourceConsumer = z.object({
  state: z
    .enum(['connected', 'connecting', 'disconnected', 'stopped'])
    .describe('connected: at least one worker consumes; stopped: no worker runs it'),
  workers: z.number().int().describe('workers consuming it now'),
  lag: z.number().int().nullable().describe('messages waiting in the broker, where the broker tells it'),
  consumed: z.number().int().describe('messages published from it (since the consumers started)'),
  deadLettered: z.number().int().describe('poison messages sent to the dead-letter target'),
  lastError: z.string().nullable(),
  lastErrorAt: isoDate.nullable(),
});
export type SourceConsumer = z.infer<typeof sourceConsumer>;

/** A patch may name the type, but only as it is: a source's kind never changes. */
const sameType = <T extends SourceType>(type: T) =>
  z
    .literal(type, {
      error: `cannot change (this is a ${type} source): add a new source and delete this one`,
    })
    .optional();

/** What every source's patch may change. */
const commonPatch = {
  name: common.name.optional(),
  uid: uid.nullable().optional(),
  eventType: sourceEventType.optional(),
};

/** What a PATCH of an HTTP source changes: fields given are changed, `null` removes a limit. */
export const httpSourcePatch = z.strictObject({
  type: sameType('http'),
  ...commonPatch,
  verification: sourceVerificationPatch.optional(),
  rateLimitPerMinute: sourceLimits.rateLimitPerMinute.nullable().optional(),
  maxBodyBytes: sourceLimits.maxBodyBytes.nullable().optional(),
});

/** What the broker fields of a create are not: the fields every source has. */
const notBroker = { type: true, name: true, uid: true, eventType: true } as const;

/**
 * What a PATCH of a broker source changes: its name, uid and event type, and the broker fields of
 * its own type under the rules of its create schema (one definition: a field added there can be
 * changed here). `deadLetter: null` goes back to the default beside the source's queue, topic or
 * stream.
 */
function brokerPatchOf<
  Shape extends typeof common & {
    type: z.ZodLiteral<Exclude<SourceType, 'http'>>;
    deadLetter: z.ZodOptional<z.ZodString>;
  },
>(schema: z.ZodObject<Shape, z.core.$strict>) {
  // the fields every source has are replaced by their patch forms
  return schema.partial().extend({
    type: sameType(schema.shape.type.value),
    ...commonPatch,
    deadLetter: schema.shape.deadLetter.unwrap().nullable().optional(),
  });
}

export const brokerSourcePatch = {
  amqp: brokerPatchOf(amqpSourceIn),
  kafka: brokerPatchOf(kafkaSourceIn).extend({
    sasl: kafkaSasl
      .nullable()
      .optional()
      .describe(
        'SASL authentication; null: none. A password given as "***" keeps the stored one with the same brokers and username',
      ),
  }),
  nats: brokerPatchOf(natsSourceIn),
  redis: brokerPatchOf(redisSourceIn),
};

/** The rules of a patch of a source of `type`: which of `sourcePatch`'s fields apply, and how. */
export const sourcePatchOf = (type: SourceType) =>
  type === 'http' ? httpSourcePatch : brokerSourcePatch[type];

/**
 * A change of a source, every field any source can change: the fields given are changed. Which
 * apply, and under which rules, depends on the source's type (`sourcePatchOf`): an HTTP source's
 * verification and limits; a broker source's broker fields of its own type, checked as on create.
 * A field another type has is refused (422 naming it), and so is another `type`.
 */
export const sourcePatch = z.strictObject({
  ...httpSourcePatch.shape,
  type: sourceType.optional().describe("given, it must be the source's own type: a type cannot change"),
  // the broker fields of one type, with its rules (a field added to that type's create joins them)
  ...brokerSourcePatch.amqp.omit({ ...notBroker, url: true, deadLetter: true }).shape,
  ...brokerSourcePatch.kafka.omit({ ...notBroker, group: true, deadLetter: true }).shape,
  ...brokerSourcePatch.nats.omit({ ...notBroker, url: true, stream: true, deadLetter: true }).shape,
  // the fields several broker types have: each type's own rules apply (sourcePatchOf)
  url: z
    .string()
    .optional()
    .describe(
      'amqp, nats, redis: the broker URL (its scheme as on create). A password given as "***", as the API shows it, keeps the stored one on the same host',
    ),
  group: z
    .string()
    .optional()
    .describe('kafka, redis: the consumer group; a new one starts where the broker starts a new group'),
  stream: z.string().optional().describe('nats, redis: the stream'),
  deadLetter: z
    .string()
    .nullable()
    .optional()
    .describe('broker sources: the dead-letter target; null goes back to the default'),
});
export type SourcePatch = z.infer<typeof sourcePatch>;

export const source = z.object({
  id: z.string(),
  appId: z.string(),
  uid: z.string().nullable(),
  name: z.string(),
  type: sourceType,
  verification: z
    .object({
      type: sourceVerificationType,
      header: z.string().nullable().describe('the header carrying the signature; null for "none"'),
      encoding: signatureEncoding.nullable().describe('hmac-sha256: hex or base64; null for other types'),
      prefix: z.string().nullable().describe('hmac-sha256: the text before the digest, if configured'),
      timestampHeader: z.string().nullable(),
      signedContent: z.string().nullable().describe('hmac-sha256: what is signed; null for other types'),
    })
    .nullable()
    .describe('HTTP sources only'),
  eventType: sourceEventType,
  rateLimitPerMinute: z.number().int().nullable().describe('HTTP sources: inbound requests per minute'),
  maxBodyBytes: z.number().int().nullable().describe('HTTP sources: largest inbound body, bytes'),
  ingestUrl: z
    .string()
    .nullable()
    .describe('HTTP sources: where the provider sends its webhooks (POST, no API key)'),
  url: z.string().optional().describe('amqp, nats, redis: the broker URL with its password shown as "***"'),
  queue: z.string().optional(),
  brokers: z.array(z.string()).optional(),
  topic: z.string().optional(),
  group: z.string().optional(),
  stream: z.string().optional(),
  durable: z.string().optional(),
  deadLetter: z.string().optional().describe('broker sources: where poison messages go'),
  sasl: kafkaSasl.optional().describe('kafka: SASL authentication, the password shown as "***"'),
  tls: kafkaTls.optional().describe('kafka: TLS to the brokers'),
  consumer: sourceConsumer.optional().describe('broker sources: the consumer state'),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Source = z.infer<typeof source>;

export const sourceRequest = z.object({
  id: z.string(),
  receivedAt: isoDate,
  headers: z.record(z.string(), z.string()),
  body: z.string().describe('the body as text, its first 64 KiB'),
  truncated: z.boolean(),
  status: z.enum(['accepted', 'rejected']),
  error: z.string().nullable(),
  messageId: z.string().nullable(),
  replayOf: z.string().nullable().describe('the request this one replayed, if it is a replay'),
});
export type SourceRequest = z.infer<typeof sourceRequest>;

export const ingestAccepted = z.object({ messageId: z.string() });
