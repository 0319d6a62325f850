import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect, headers as natsHeaders } from '@nats-io/transport-node';
import { Admin, Consumer, ProduceAcks, Producer } from '@platformatic/kafka';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import type { Broker, BrokerKind } from './brokers.ts';

/** A message a test puts on a broker, for a broker source to consume. */
export interface TestMessage {
  /** AMQP message-id (the other brokers name their messages themselves) */
  id: string;
  body: Buffer | string;
  headers?: Record<string, string>;
}

export interface DeadLetter {
  body: string;
  headers: Record<string, string>;
}

/**
 * What the broker-source tests do on each broker, with the broker's own client: make the place a
 * source consumes (a queue, topic, stream), put messages there, and read the dead-letter target.
 */
export interface SourcePublisher {
  kind: BrokerKind;
  /** the body of POST /v1/apps/:app/sources without name and eventType */
  source: Record<string, unknown>;
  publish(messages: TestMessage[]): Promise<void>;
  /**
   * Waits for at least `count` dead letters in `target` (default: the source's default dead-letter
   * queue, topic, subject or stream) and returns all that are there.
   */
  deadLetters(count: number, timeoutMs?: number, target?: string): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

const text = (b: Buffer | string) => (typeof b === 'string' ? Buffer.from(b) : b);

async function until<T>(
  fn: () => Promise<T[]>,
  count: number,
  timeoutMs: number,
  what: string,
): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await fn();
    if (got.length >= count) return got;
    if (Date.now() > deadline) throw new Error(`${what}: ${got.length} of ${count} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function amqpPublisher(b: Broker, name: string): Promise<SourcePublisher> {
  const conn = await amqp.connect(b.url);
  const ch = await conn.createConfirmChannel();
  await ch.assertQueue(name, { durable: true });
  const seen = new Map<string, DeadLetter[]>();
  return {
    kind: 'rabbitmq',
    source: { type: 'amqp', url: b.url, queue: name },
    async publish(messages) {
      for (const m of messages) {
        const { type, ...rest } = m.headers ?? {};
        ch.sendToQueue(name, text(m.body), {
          messageId: m.id,
          persistent: true,
          contentType: 'application/json',
          ...(type ? { type } : {}),
          headers: rest,
        });
      }
      await ch.waitForConfirms();
    },
    async deadLetters(count, timeoutMs = 15_000, target = `${name}.dead-letter`) {
      const got = seen.get(target) ?? [];
      seen.set(target, got);
      return until(
        async () => {
          for (;;) {
            const m = await ch.get(target, { noAck: true }).catch(() => false as const);
            if (!m) break;
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(m.properties.headers ?? {})) headers[k] = String(v);
            got.push({ body: m.content.toString('utf8'), headers });
          }
          return got;
        },
        count,
        timeoutMs,
        'dead letters',
      );
    },
    async close() {
      await conn.close().catch(() => {});
    },
  };
}

async function kafkaPublisher(b: Broker, name: string): Promise<SourcePublisher> {
  const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [b.url] });
  try {
    await admin.createTopics({ topics: [name], partitions: 3, replicas: 1 });
  } catch (err) {
    const text = `${(err as Error).message} ${JSON.stringify((err as { errors?: unknown }).errors ?? '')}`;
    if (!/exist/i.test(text)) throw err;
  } finally {
    await admin.close();
  }
  // idempotent: a produce retried under load must not write a record twice (two offsets are two
  // broker ids, so Herald would rightly publish both)
  const producer = new Producer({
    clientId: 'test-producer',
    bootstrapBrokers: [b.url],
    autocreateTopics: true,
    idempotent: true,
    acks: ProduceAcks.ALL,
  });
  /** a reader of each dead-letter topic, and what it has read */
  const readers = new Map<string, { consumer: Consumer; seen: DeadLetter[] }>();
  return {
    kind: 'kafka',
    source: { type: 'kafka', brokers: [b.url], topic: name, group: `${name}-group` },
    async publish(messages) {
      await producer.send({
        messages: messages.map((m) => ({
          topic: name,
          key: Buffer.from(m.id),
          value: text(m.body),
          headers: new Map(Object.entries(m.headers ?? {}).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        })),
      });
    },
    async deadLetters(count, timeoutMs = 30_000, target = `${name}.dead-letter`) {
      let reader = readers.get(target);
      if (!reader) {
        const consumer = new Consumer({
          clientId: 'test-dl',
          groupId: `${target}-reader`,
          bootstrapBrokers: [b.url],
        });
        const seen: DeadLetter[] = [];
        reader = { consumer, seen };
        readers.set(target, reader);
        const stream = await consumer.consume({ topics: [target], mode: 'earliest', autocommit: true });
        stream.on('data', (m) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of m.headers) headers[k.toString()] = v.toString();
          seen.push({ body: m.value.toString('utf8'), headers });
        });
        stream.on('error', () => {});
      }
      const { seen } = reader;
      return until(async () => seen, count, timeoutMs, 'dead letters');
    },
    async close() {
      for (const r of readers.values()) await r.consumer.close(true).catch(() => {});
      await producer.close().catch(() => {});
    },
  };
}

async function natsPublisher(b: Broker, name: string): Promise<SourcePublisher> {
  const nc = await natsConnect({ servers: b.url.replace('nats://', '') });
  const jsm = await jetstreamManager(nc);
  const stream = name.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase();
  await jsm.streams.add({ name: stream, subjects: [`${name}.>`] });
  const js = jetstream(nc);
  const seen = new Map<string, DeadLetter[]>();
  return {
    kind: 'nats',
    source: { type: 'nats', url: b.url, stream, durable: 'herald' },
    async publish(messages) {
      await Promise.all(
        messages.map((m) => {
          const h = natsHeaders();
          for (const [k, v] of Object.entries(m.headers ?? {})) h.set(k, v);
          return js.publish(`${name}.events`, text(m.body), { headers: h });
        }),
      );
    },
    async deadLetters(count, timeoutMs = 15_000, target = `herald.dead-letter.${stream}`) {
      const got = seen.get(target) ?? [];
      seen.set(target, got);
      // one reader per subject: a dead-letter stream may capture several (a source's changed deadLetter)
      const reader = `test-reader-${target.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      return until(
        async () => {
          const dlStream = await jsm.streams.find(target).catch(() => null);
          if (!dlStream) return [];
          await jsm.consumers
            .add(dlStream, {
              durable_name: reader,
              filter_subject: target,
              ack_policy: AckPolicy.Explicit,
              deliver_policy: DeliverPolicy.All,
            })
            .catch(() => {});
          const c = await js.consumers.get(dlStream, reader);
          for (;;) {
            const m = await c.next({ expires: 1000 });
            if (!m) break;
            const headers: Record<string, string> = {};
            for (const k of m.headers?.keys() ?? []) headers[k.toLowerCase()] = m.headers!.get(k);
            got.push({ body: Buffer.from(m.data).toString('utf8'), headers });
            m.ack();
          }
          return got;
        },
        count,
        timeoutMs,
        'dead letters',
      );
    },
    async close() {
      await nc.close().catch(() => {});
    },
  };
}

async function redisPublisher(b: Broker, name: string): Promise<SourcePublisher> {
  const redis = new Redis(b.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  return {
    kind: 'redis',
    source: { type: 'redis', url: b.url, stream: name, group: 'herald' },
    async publish(messages) {
      const multi = redis.multi();
      for (const m of messages)
        multi.xadd(name, '*', 'body', text(m.body), ...Object.entries(m.headers ?? {}).flat());
      await multi.exec();
    },
    async deadLetters(count, timeoutMs = 15_000, target = `${name}:dead-letter`) {
      return until(
        async () => {
          const entries = await redis.xrange(target, '-', '+');
          return entries.map(([, fields]) => {
            const headers: Record<string, string> = {};
            for (let i = 0; i + 1 < fields.length; i += 2) headers[fields[i]!] = fields[i + 1]!;
            return { body: headers.body ?? '', headers };
          });
        },
        count,
        timeoutMs,
        'dead letters',
      );
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** A queue, topic or stream of its own on broker `b`, named after `name`, with a publisher for it. */
export function sourcePublisher(b: Broker, name: string): Promise<SourcePublisher> {
  switch (b.kind) {
    case 'rabbitmq':
      return amqpPublisher(b, name);
    case 'kafka':
      return kafkaPublisher(b, name);
    case 'nats':
      return natsPublisher(b, name);
    case 'redis':
      return redisPublisher(b, name);
  }
}
