import type { BrokerType, Endpoint, EndpointDestination } from '@herald/contracts';
import { brokerList } from '../../../lib/brokers.ts';
import {
  type KafkaSecurityValues,
  kafkaSecurity,
  kafkaSecurityField,
  kafkaSecurityValues,
} from '../../../lib/kafka-security.ts';

export interface HeaderRow {
  key: number;
  name: string;
  value: string;
}

/** The endpoint form's state: what the inputs hold, as text. */
export interface Values {
  /** where it delivers: POST to a URL, or publish to a broker */
  target: 'http' | BrokerType;
  url: string;
  /** the broker's fields, as text (those of other broker types are kept but not sent) */
  broker: BrokerValues;
  description: string;
  eventTypes: string[];
  channels: string;
  rateLimit: string;
  headers: HeaderRow[];
  maxConcurrency: string;
  ordering: Endpoint['ordering'];
}

/** The broker's fields; Kafka's SASL and TLS as `KafkaSecurityValues`. */
export interface BrokerValues extends KafkaSecurityValues {
  url: string;
  exchange: string;
  routingKey: string;
  /** Kafka bootstrap brokers, comma-separated */
  brokers: string;
  topic: string;
  key: string;
  subject: string;
  stream: string;
  maxLen: string;
}

function brokerValues(d: EndpointDestination | null | undefined): BrokerValues {
  const kafka = d?.type === 'kafka' ? d : null;
  return {
    url: d && 'url' in d ? d.url : '',
    exchange: d?.type === 'amqp' ? d.exchange : '',
    routingKey: d?.type === 'amqp' ? d.routingKey : '',
    brokers: d?.type === 'kafka' ? d.brokers.join(', ') : '',
    topic: d?.type === 'kafka' ? d.topic : '',
    key: d?.type === 'kafka' ? (d.key ?? '') : '',
    ...kafkaSecurityValues(kafka?.sasl, kafka?.tls),
    subject: d?.type === 'nats' ? d.subject : '',
    stream: d?.type === 'redis' ? d.stream : '',
    maxLen: d?.type === 'redis' && d.maxLen !== undefined ? String(d.maxLen) : '',
  };
}

/** The broker destination the form describes (unchecked: the contract checks it). */
function toDestination(type: BrokerType, b: BrokerValues): Record<string, unknown> {
  const url = b.url.trim();
  switch (type) {
    case 'amqp':
      return { type, url, exchange: b.exchange.trim(), routingKey: b.routingKey.trim() };
    case 'kafka':
      return {
        type,
        brokers: brokerList(b.brokers),
        topic: b.topic.trim(),
        ...(b.key.trim() ? { key: b.key.trim() } : {}),
        ...kafkaSecurity(b),
      };
    case 'nats':
      return { type, url, subject: b.subject.trim() };
    case 'redis':
      return {
        type,
        url,
        stream: b.stream.trim(),
        ...(b.maxLen.trim() ? { maxLen: Number(b.maxLen) } : {}),
      };
  }
}

let rowKey = 0;
export const row = (name = '', value = ''): HeaderRow => ({ key: ++rowKey, name, value });

export function initial(e: Endpoint | undefined): Values {
  return {
    target: e?.destination?.type ?? 'http',
    // a broker endpoint's url is a label of its destination, not an input
    url: e && !e.destination ? e.url : '',
    broker: brokerValues(e?.destination),
    description: e?.description ?? '',
    eventTypes: e?.eventTypes ?? [],
    channels: e?.channels.join(', ') ?? '',
    rateLimit: e?.rateLimit ? String(e.rateLimit) : '',
    headers: e ? Object.entries(e.headers).map(([n, v]) => row(n, v)) : [],
    // the API reads 1 for a FIFO endpoint: that is what the (disabled) field shows
    maxConcurrency: e ? String(e.maxConcurrency) : '',
    ordering: e?.ordering ?? 'unordered',
  };
}

const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

/** The form's values as the API's fields; empty numbers are null. */
function toInput(v: Values) {
  const channels = v.channels
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const headers = Object.fromEntries(
    v.headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value]),
  );
  return {
    target: v.target === 'http' ? { url: v.url.trim() } : { destination: toDestination(v.target, v.broker) },
    description: v.description.trim(),
    eventTypes: v.eventTypes,
    channels,
    headers,
    rateLimit: numberOrNull(v.rateLimit),
    maxConcurrency: numberOrNull(v.maxConcurrency),
    ordering: v.ordering,
  };
}

/**
 * The body of a create: empty optional numbers are left out (the server's defaults apply), and so is
 * max concurrency for FIFO, which sends one at a time whatever the limit.
 */
export function toCreate(v: Values): Record<string, unknown> {
  const { rateLimit, maxConcurrency, target, ...rest } = toInput(v);
  return {
    ...target,
    ...rest,
    ...(rateLimit === null ? {} : { rateLimit }),
    ...(maxConcurrency === null || v.ordering === 'fifo' ? {} : { maxConcurrency }),
  };
}

/** Fields an edit sends when they changed, as they are; max concurrency has its own rule. */
const compared = ['description', 'eventTypes', 'channels', 'headers', 'rateLimit', 'ordering'] as const;

export const MAX_CONCURRENCY_REQUIRED =
  'Enter a number from 1 to 1000: an endpoint cannot go back to the default.';

/**
 * The body of an edit: only the fields that differ from what the form opened with, so an edit never
 * overwrites a field it did not touch (nor one someone else changed meanwhile). Max concurrency goes
 * when it changed, or when the endpoint leaves FIFO (the field then shows the limit it will have), and
 * never while FIFO. `error` is set when the limit was emptied: the API has no way back to the default.
 */
export function toPatch(before: Values, after: Values): { patch: Record<string, unknown>; error?: string } {
  const from = toInput(before);
  const to = toInput(after);
  const patch: Record<string, unknown> = {};
  // the target goes whole when it changed: a URL, or the broker destination (a masked password "***" keeps the stored one)
  if (JSON.stringify(from.target) !== JSON.stringify(to.target)) Object.assign(patch, to.target);
  for (const k of compared) if (JSON.stringify(from[k]) !== JSON.stringify(to[k])) patch[k] = to[k];
  const leavesFifo = from.ordering === 'fifo' && to.ordering !== 'fifo';
  if (to.ordering !== 'fifo' && (leavesFifo || from.maxConcurrency !== to.maxConcurrency)) {
    if (to.maxConcurrency === null) return { patch, error: MAX_CONCURRENCY_REQUIRED };
    patch.maxConcurrency = to.maxConcurrency;
  }
  return { patch };
}

/** The fields the form shows errors on; the rest go into its notice. */
const formFields = new Set<string>([
  'url',
  'destination',
  'description',
  'eventTypes',
  'channels',
  'rateLimit',
  'headers',
  'maxConcurrency',
  'ordering',
]);

/**
 * Messages by form field from messages by input path (`ApiError.fieldErrors()`, or the contract's
 * own check): `headers.X-Foo` belongs to `headers`, the first message of a field wins, and paths the
 * form has no field for are left out.
 */
export function byField(byPath: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(byPath)) {
    const [field, sub] = path.split('.');
    // a broker field's error shows on that field (destination.url, destination.brokers.0 -> destination.brokers,
    // destination.sasl.password -> destination.saslPassword)
    if (field === 'destination' && sub) {
      const name = kafkaSecurityField(path.slice('destination.'.length)) ?? sub;
      out[`destination.${name}`] ??= message;
    } else if (formFields.has(field!)) out[field!] ??= message;
  }
  return out;
}
