/**
 * The broker clients of one worker process: one publisher per broker URL (per bootstrap list and
 * credentials for Kafka), made on first use and reused by every endpoint that names it, closed at
 * shutdown.
 */
import type { EndpointDestination } from '@herald/contracts';
import { createAmqpPublisher } from './amqp.ts';
import { createKafkaPublisher } from './kafka.ts';
import { kafkaConnectionKey } from './kafka-security.ts';
import { createNatsPublisher } from './nats.ts';
import type { BrokerMessage, Publisher } from './publisher.ts';
import { createRedisPublisher } from './redis.ts';
import { countPublish } from './state.ts';

export interface BrokerClients {
  /** Resolves with the broker's receipt once it confirmed; rejects with its (redacted) error. */
  publish(d: EndpointDestination, m: BrokerMessage, timeoutMs: number): Promise<string>;
  /**
   * The destinations of all enabled broker endpoints: connects to them ahead of their first message (so
   * /ready knows about them), and closes connections no endpoint names any more, once idle for a minute.
   */
  warm(ds: EndpointDestination[]): void;
  close(): Promise<void>;
}

/** A connection no endpoint names any more is closed after this long without a publish. */
const IDLE_MS = 60_000;
/** Closing a connection at shutdown waits at most this long. */
const CLOSE_MS = 2000;

/** The connection a destination uses; it holds credentials (a URL's, or a digest of Kafka's): never log it. */
const keyOf = (d: EndpointDestination) =>
  d.type === 'kafka' ? kafkaConnectionKey(d.brokers, d) : `${d.type} ${d.url}`;

function createPublisher(d: EndpointDestination, connectTimeoutMs: number): Publisher<EndpointDestination> {
  // each publisher is only ever handed destinations of its own type (keyOf starts with the type)
  type Any = Publisher<EndpointDestination>;
  switch (d.type) {
    case 'amqp':
      return createAmqpPublisher(d.url, connectTimeoutMs) as Any;
    case 'kafka':
      return createKafkaPublisher(d, connectTimeoutMs) as Any;
    case 'nats':
      return createNatsPublisher(d.url, connectTimeoutMs) as Any;
    case 'redis':
      return createRedisPublisher(d.url, connectTimeoutMs) as Any;
  }
}

export function createBrokerClients(opts: { connectTimeoutMs: number }): BrokerClients {
  const publishers = new Map<string, { p: Publisher<EndpointDestination>; usedAt: number }>();
  let closed = false;

  const publisherFor = (d: EndpointDestination) => {
    const key = keyOf(d);
    let entry = publishers.get(key);
    if (!entry) {
      entry = { p: createPublisher(d, opts.connectTimeoutMs), usedAt: 0 };
      publishers.set(key, entry);
    }
    entry.usedAt = Date.now();
    return entry.p;
  };

  return {
    async publish(d, m, timeoutMs) {
      if (closed) throw new Error('worker stopping: broker clients closed');
      countPublish(d.type, 'published');
      try {
        const receipt = await publisherFor(d).publish(d, m, timeoutMs);
        countPublish(d.type, 'confirmed');
        return receipt;
      } catch (err) {
        countPublish(d.type, 'failed');
        throw err;
      }
    },
    warm(ds) {
      if (closed) return;
      const wanted = new Set(ds.map(keyOf));
      for (const [key, e] of publishers) {
        if (!wanted.has(key) && Date.now() - e.usedAt > IDLE_MS) {
          publishers.delete(key);
          void e.p.close().catch(() => {});
        }
      }
      for (const d of ds) if (!publishers.has(keyOf(d))) publisherFor(d).connect();
    },
    async close() {
      closed = true;
      // a broker that stopped answering must not hold up the shutdown
      const bounded = (p: Promise<void>) =>
        Promise.race([p.catch(() => {}), new Promise<void>((r) => setTimeout(r, CLOSE_MS).unref())]);
      await Promise.all([...publishers.values()].map((e) => bounded(e.p.close())));
      publishers.clear();
    },
  };
}
