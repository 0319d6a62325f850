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
  deadLetters(count: number, timeoutMs?: number): Promise<DeadLetter[]>;
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
  const deadLetter = `${name}.dead-letter`;
  const seen: DeadLetter[] = [];
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
    async deadLetters(count, timeoutMs = 15_000) {
      return until(
        async () => {
          for (;;) {
            const m = await ch.get(deadLetter, { noAck: true }).catch(() => false as const);
            if (!m) break;
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(m.properties.headers ?? {})) headers[k] = String(v);
            seen.push({ body: m.content.toString('utf8'), headers });
          }
          return seen;
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
  const deadLetter = `${name}.dead-letter`;
  let dl: Consumer | null = null;
  const seen: DeadLetter[] = [];
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
    async deadLetters(count, timeoutMs = 30_000) {
      if (!dl) {
        dl = new Consumer({ clientId: 'test-dl', groupId: `${name}-dl-reader`, bootstrapBrokers: [b.url] });
        const stream = await dl.consume({ topics: [deadLetter], mode: 'earliest', autocommit: true });
        stream.on('data', (m) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of m.headers) headers[k.toString()] = v.toString();
          seen.push({ body: m.value.toString('utf8'), headers });
        });
        stream.on('error', () => {});
      }
      return until(async () => seen, count, timeoutMs, 'dead letters');
    },
    async close() {
      await dl?.close(true).catch(() => {});
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
  const deadLetter = `herald.dead-letter.${stream}`;
  const seen: DeadLetter[] = [];
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
    async deadLetters(count, timeoutMs = 15_000) {
      return until(
        async () => {
          const dlStream = await jsm.streams.find(deadLetter).catch(() => null);
          if (!dlStream) return [];
          await jsm.consumers
            .add(dlStream, {
              durable_name: 'test-reader',
              ack_policy: AckPolicy.Explicit,
              deliver_policy: DeliverPolicy.All,
            })
            .catch(() => {});
          const c = await js.consumers.get(dlStream, 'test-reader');
          for (;;) {
            const m = await c.next({ expires: 1000 });
            if (!m) break;
            const headers: Record<string, string> = {};
            for (const k of m.headers?.keys() ?? []) headers[k.toLowerCase()] = m.headers!.get(k);
            seen.push({ body: Buffer.from(m.data).toString('utf8'), headers });
            m.ack();
          }
          return seen;
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
  const deadLetter = `${name}:dead-letter`;
  return {
    kind: 'redis',
    source: { type: 'redis', url: b.url, stream: name, group: 'herald' },
    async publish(messages) {
      const multi = redis.multi();
      for (const m of messages)
        multi.xadd(name, '*', 'body', text(m.body), ...Object.entries(m.headers ?? {}).flat());
      await multi.exec();
    },
    async deadLetters(count, timeoutMs = 15_000) {
      return until(
        async () => {
          const entries = await redis.xrange(deadLetter, '-', '+');
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
