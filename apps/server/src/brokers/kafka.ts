/**
 * Kafka destinations with @platformatic/kafka: one idempotent producer (acks=all, so a record counts
 * only once every in-sync replica has it, and the broker drops a resend the client makes itself) per
 * bootstrap broker list and credentials (SASL, TLS: kafka-security.ts). A send fails with the broker's
 * error; when the cluster cannot be reached, or refuses the login, the producer is dropped and made
 * again after a backoff (link.ts). Error text never holds the SASL password.
 */
import type { EndpointDestination } from '@herald/contracts';
import {
  type MessageToProduce,
  NetworkError,
  ProduceAcks,
  Producer,
  stringSerializers,
  TimeoutError,
} from '@platformatic/kafka';
import { type KafkaSecurity, kafkaClientOptions, tlsHint } from './kafka-security.ts';
import { createLink, type Link } from './link.ts';
import { type BrokerMessage, errorText, type Publisher, PublishTimeoutError, within } from './publisher.ts';
import { trackConnection } from './state.ts';
import { kafkaTarget, redact, saslSecrets } from './urls.ts';

type KafkaDestination = Extract<EndpointDestination, { type: 'kafka' }>;
type StringProducer = Producer<string, string, string, string>;

/** The cluster is away (as opposed to refusing this record: unknown topic, too large, ...). */
function unreachable(err: unknown): boolean {
  // no answer within the attempt's timeout counts too: after a broker restart the old producer may never
  // recover (tried here), a new one does
  if (err instanceof NetworkError || err instanceof TimeoutError || err instanceof PublishTimeoutError)
    return true;
  if (err instanceof AggregateError) return err.errors.length > 0 && err.errors.every(unreachable);
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== err && unreachable(cause);
}

/** Records that arrive within this many ms share one produce request, up to MAX_BATCH. */
const LINGER_MS = 2;
const MAX_BATCH = 500;
/** A topic's existence is checked again after this long. */
const TOPIC_CHECK_MS = 30_000;

export const kafkaKey = (template: string | undefined, m: BrokerMessage) =>
  template?.replaceAll('{messageId}', m.id).replaceAll('{eventType}', m.eventType);

/** Where a producer connects, and how: the destination's brokers and credentials. */
export interface KafkaConnection extends KafkaSecurity {
  brokers: string[];
}

export function createKafkaPublisher(conn: KafkaConnection, timeoutMs: number): Publisher<KafkaDestination> {
  const { brokers } = conn;
  const tracked = trackConnection('kafka', 'destination', kafkaTarget(conn));
  const secrets = saslSecrets(conn.sasl);
  /** The error as attempts and /ready show it: no password, and a hint when a certificate was refused. */
  const describe = (err: unknown) => redact(errorText(err), secrets) + tlsHint(err);
  const link: Link<StringProducer> = createLink<StringProducer>({
    tracked,
    describe,
    async open() {
      const producer: StringProducer = new Producer({
        clientId: 'herald',
        bootstrapBrokers: brokers,
        ...kafkaClientOptions(brokers, conn),
        serializers: stringSerializers,
        idempotent: true,
        acks: ProduceAcks.ALL,
        // bounded by the attempt's timeout; a slow cluster is a failed attempt, retried on schedule
        connectTimeout: Math.min(timeoutMs, 5000),
        timeout: timeoutMs,
        requestTimeout: timeoutMs,
        // an idempotent producer turns retries <= 1 into "retry forever" (@platformatic/kafka's Producer):
        // 2 is the least it keeps, so a refused login or a refused certificate fails with its reason
        // instead of running into the attempt's timeout
        retries: 2,
        retryDelay: 200,
      });
      try {
        await within(producer.metadata({ topics: [] }), timeoutMs, 'connecting to Kafka');
      } catch (err) {
        await producer.close(true).catch(() => {});
        throw err;
      }
      return producer;
    },
    shut: (p) => p.close(true),
  });

  type Record = MessageToProduce<string, string, string, string>;
  interface Pending {
    record: Record;
    resolve: (receipt: string) => void;
    reject: (err: Error) => void;
  }
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;

  /**
   * One produce request for every record waiting: the idempotent producer keeps at most 5 requests in
   * flight per connection, so one record per request would cap a worker at 5 round trips' worth. A batch
   * succeeds or fails as a whole (each of its attempts with the same receipt or error).
   */
  const flush = async (producer: StringProducer, ms: number) => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    try {
      const result = await within(
        producer.send({ messages: batch.map((p) => p.record) }),
        ms,
        'Kafka produce',
      );
      tracked.set('connected', null);
      const offsets = new Map((result.offsets ?? []).map((o) => [`${o.topic} ${o.partition}`, o.offset]));
      for (const p of batch) {
        const at = [...offsets].find(([k]) => k.startsWith(`${p.record.topic} `));
        p.resolve(
          at
            ? `acknowledged by all in-sync replicas: partition ${at[0].split(' ')[1]}, batch of ${batch.length} from offset ${at[1]}`
            : 'acknowledged by all in-sync replicas',
        );
      }
    } catch (err) {
      if (unreachable(err)) link.lost(producer, err);
      const e = new Error(describe(err));
      for (const p of batch) p.reject(e);
    }
  };

  /** Topics seen in the cluster's metadata lately: a record for any other is refused before it joins a batch. */
  const topicSeen = new Map<string, number>();
  const checkTopic = async (producer: StringProducer, topic: string, ms: number) => {
    const seen = topicSeen.get(topic);
    if (seen !== undefined && Date.now() - seen < TOPIC_CHECK_MS) return;
    let exists: boolean;
    try {
      const meta = await within(
        // `retries` given: without it an unknown topic is looked up again and again, never answered
        producer.metadata({
          topics: [topic],
          autocreateTopics: false,
          forceUpdate: seen !== undefined,
          retries: 1,
        }),
        ms,
        'Kafka metadata',
      );
      exists = meta.topics.has(topic);
    } catch (err) {
      if (unreachable(err)) {
        link.lost(producer, err);
        throw new Error(describe(err));
      }
      exists = false;
    }
    // a bad topic fails its own attempts, not a whole batch of other endpoints' records
    if (!exists) throw new Error(`topic "${topic}" does not exist (UNKNOWN_TOPIC_OR_PARTITION)`);
    topicSeen.set(topic, Date.now());
  };

  return {
    async publish(d, m, ms) {
      const producer = await link.get();
      await checkTopic(producer, d.topic, ms);
      const key = kafkaKey(d.key, m);
      const record: Record = {
        topic: d.topic,
        ...(key !== undefined ? { key } : {}),
        value: m.body,
        headers: m.headers,
      };
      return new Promise<string>((resolve, reject) => {
        pending.push({ record, resolve, reject });
        // what arrives within LINGER_MS goes in one request
        if (pending.length >= MAX_BATCH) void flush(producer, ms);
        else timer ??= setTimeout(() => void flush(producer, ms), LINGER_MS);
      });
    },
    connect: () => void link.get().catch(() => {}),
    close: () => link.close(),
  };
}
