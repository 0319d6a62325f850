import type { BrokerType, Source, SourcePatch, SourceType } from '@herald/contracts';
import { brokerList } from '../../../lib/brokers.ts';
import {
  type KafkaSecurityValues,
  kafkaSecurity,
  kafkaSecurityField,
  kafkaSecurityValues,
} from '../../../lib/kafka-security.ts';

export type VerificationType = NonNullable<Source['verification']>['type'];
export type EventTypeMode = 'header' | 'bodyPath' | 'fixed';

/**
 * A broker source's coordinates, as typed; each broker uses some (the contract names them). Kafka's
 * SASL and TLS are `KafkaSecurityValues`.
 */
export interface BrokerSourceValues extends KafkaSecurityValues {
  /** amqp, nats, redis: with its credentials on a create; afterwards shown with its password as *** */
  url: string;
  /** amqp */
  queue: string;
  /** kafka: bootstrap brokers, comma-separated */
  brokers: string;
  /** kafka */
  topic: string;
  /** kafka, redis: the consumer group */
  group: string;
  /** nats, redis */
  stream: string;
  /** nats: the durable pull consumer */
  durable: string;
  /** blank: the broker's default beside the source's own queue, topic or stream */
  deadLetter: string;
}

/** The source form's fields, as typed (numbers too: they are checked when sent). */
export interface SourceValues {
  /** what it receives: webhooks at its ingest URL, or a broker's messages */
  kind: SourceType;
  name: string;
  uid: string;
  /** HTTP sources: how a request is verified */
  type: VerificationType;
  /** blank on an edit: keep the current secret */
  secret: string;
  header: string;
  encoding: 'hex' | 'base64';
  prefix: string;
  timestampHeader: string;
  signedContent: string;
  /** broker sources (those of other broker types are kept but not sent) */
  broker: BrokerSourceValues;
  eventTypeMode: EventTypeMode;
  eventTypeValue: string;
  rateLimitPerMinute: string;
  maxBodyBytes: string;
}

function brokerValues(s: Source | undefined): BrokerSourceValues {
  return {
    url: s?.url ?? '',
    queue: s?.queue ?? '',
    brokers: s?.brokers?.join(', ') ?? '',
    topic: s?.topic ?? '',
    group: s?.group ?? '',
    stream: s?.stream ?? '',
    durable: s?.durable ?? '',
    deadLetter: s?.deadLetter ?? '',
    ...kafkaSecurityValues(s?.sasl, s?.tls),
  };
}

export function initialValues(s?: Source): SourceValues {
  const v = s?.verification;
  const hmac = v?.type === 'hmac-sha256';
  const rule = s?.eventType;
  const mode: EventTypeMode = rule
    ? 'header' in rule
      ? 'header'
      : 'bodyPath' in rule
        ? 'bodyPath'
        : 'fixed'
    : 'header';
  return {
    kind: s?.type ?? 'http',
    name: s?.name ?? '',
    uid: s?.uid ?? '',
    type: v?.type ?? 'hmac-sha256',
    secret: '',
    header: hmac ? (v?.header ?? '') : '',
    encoding: (hmac && v?.encoding) || 'hex',
    prefix: (hmac && v?.prefix) || '',
    timestampHeader: (hmac && v?.timestampHeader) || '',
    signedContent: hmac && v?.signedContent && v.signedContent !== '{body}' ? v.signedContent : '',
    broker: brokerValues(s),
    eventTypeMode: mode,
    eventTypeValue: rule ? Object.values(rule)[0]! : '',
    rateLimitPerMinute: s?.rateLimitPerMinute == null ? '' : String(s.rateLimitPerMinute),
    maxBodyBytes: s?.maxBodyBytes == null ? '' : String(s.maxBodyBytes),
  };
}

/** Where poison messages go when the dead-letter field is left blank (the server's default). */
export function defaultDeadLetter(kind: BrokerType, b: BrokerSourceValues): string {
  const at = (name: string, what: string) => name.trim() || `<${what}>`;
  switch (kind) {
    case 'amqp':
      return `${at(b.queue, 'queue')}.dead-letter`;
    case 'kafka':
      return `${at(b.topic, 'topic')}.dead-letter`;
    case 'nats':
      return `herald.dead-letter.${at(b.stream, 'stream')}`;
    case 'redis':
      return `${at(b.stream, 'stream')}:dead-letter`;
  }
}

/** A number field: blank is none; anything else is sent as typed and checked by the contract. */
const numberOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));
const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

const hmacFields = (v: SourceValues) => ({
  header: optional(v.header),
  encoding: v.encoding,
  prefix: optional(v.prefix),
  timestampHeader: optional(v.timestampHeader),
  signedContent: optional(v.signedContent),
});

function verificationOf(v: SourceValues) {
  const secret = v.type === 'none' ? undefined : optional(v.secret);
  return { type: v.type, secret, ...(v.type === 'hmac-sha256' ? hmacFields(v) : {}) };
}

const eventTypeOf = (v: SourceValues) => ({ [v.eventTypeMode]: v.eventTypeValue.trim() });

/** The fields of `kind` in the body of a create (unchecked: the contract checks them). */
function coordinatesOf(kind: BrokerType, b: BrokerSourceValues): Record<string, unknown> {
  const deadLetter = optional(b.deadLetter);
  switch (kind) {
    case 'amqp':
      return { url: b.url.trim(), queue: b.queue.trim(), deadLetter };
    case 'kafka':
      return {
        brokers: brokerList(b.brokers),
        topic: b.topic.trim(),
        group: b.group.trim(),
        deadLetter,
        ...kafkaSecurity(b),
      };
    case 'nats':
      return { url: b.url.trim(), stream: b.stream.trim(), durable: b.durable.trim(), deadLetter };
    case 'redis':
      return { url: b.url.trim(), stream: b.stream.trim(), group: b.group.trim(), deadLetter };
  }
}

/** The body of POST …/sources (to be checked with the contract's `sourceIn`). */
export function toCreate(v: SourceValues): Record<string, unknown> {
  const common = { name: v.name.trim(), uid: optional(v.uid), eventType: eventTypeOf(v) };
  if (v.kind !== 'http') return drop({ type: v.kind, ...common, ...coordinatesOf(v.kind, v.broker) });
  const rate = numberOrNull(v.rateLimitPerMinute);
  const max = numberOrNull(v.maxBodyBytes);
  return drop({
    ...common,
    verification: drop(verificationOf(v)),
    rateLimitPerMinute: rate ?? undefined,
    maxBodyBytes: max ?? undefined,
  });
}

/**
 * The PATCH body: only what differs from what the form opened with. The same verification type
 * sends only its changed fields (a blank secret keeps the current one, a cleared field is null);
 * a new type sends the whole verification with its secret. A broker source sends the broker fields
 * of its type that changed: its URL (shown with the password as ***) only when it was edited, a
 * cleared dead-letter target as null (back to the default). Kafka's SASL goes whole when it changed
 * (its password "***" as shown, which keeps the stored one), null when it went to none; its TLS
 * whole when it changed, false when it went off.
 */
export function toPatch(opened: SourceValues, v: SourceValues): SourcePatch {
  const patch: Record<string, unknown> = {};
  if (v.name.trim() !== opened.name) patch.name = v.name.trim();
  if (v.eventTypeMode !== opened.eventTypeMode || v.eventTypeValue.trim() !== opened.eventTypeValue)
    patch.eventType = eventTypeOf(v);
  if (opened.kind !== 'http') {
    const before = coordinatesOf(opened.kind, opened.broker);
    const now = coordinatesOf(opened.kind, v.broker);
    for (const k of new Set([...Object.keys(before), ...Object.keys(now)]))
      if (JSON.stringify(now[k]) !== JSON.stringify(before[k]))
        patch[k] = now[k] ?? (k === 'tls' ? false : null);
    return patch as SourcePatch;
  }
  if (v.rateLimitPerMinute.trim() !== opened.rateLimitPerMinute)
    patch.rateLimitPerMinute = numberOrNull(v.rateLimitPerMinute);
  if (v.maxBodyBytes.trim() !== opened.maxBodyBytes) patch.maxBodyBytes = numberOrNull(v.maxBodyBytes);
  if (v.type !== opened.type) {
    patch.verification = drop(verificationOf(v));
  } else {
    const changes: Record<string, unknown> = {};
    if (v.type !== 'none' && v.secret.trim() !== '') changes.secret = v.secret.trim();
    if (v.type === 'hmac-sha256') {
      const now = hmacFields(v);
      const before = hmacFields(opened);
      for (const k of Object.keys(now) as Array<keyof typeof now>)
        if (now[k] !== before[k]) changes[k] = now[k] ?? null;
    }
    if (Object.keys(changes).length > 0) patch.verification = changes;
  }
  return patch as SourcePatch;
}

/**
 * Messages by the form field they belong to, from messages by input path (`ApiError.fieldErrors()` or
 * the contract's own check): one Kafka broker's (`brokers.1`) goes on the brokers field, Kafka's
 * `sasl` and `tls` on their fields (`sasl.password` on `saslPassword`, `tls.ca` on `ca`); every other
 * path is its field's key (`verification.secret`, `eventType.fixed`, `stream`), `''` the whole input.
 */
export function byField(byPath: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(byPath))
    out[path.startsWith('brokers.') ? 'brokers' : (kafkaSecurityField(path) ?? path)] ??= message;
  return out;
}

function drop<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}
