/**
 * Kafka destinations with @platformatic/kafka: one idempotent producer (acks=all, so a record counts
 * only once every in-sync replica has it, and the broker drops a resend the client makes itself) per
 * bootstrap broker list. A send fails with the broker's error; when the cluster cannot be reached the
 * producer is dropped and made again after a backoff (link.ts).
 */
import type { EndpointDestination } from '@herald/contracts';
import { NetworkError, ProduceAcks, Producer, stringSerializers, TimeoutError } from '@platformatic/kafka';
import { createLink, type Link } from './link.ts';
import { type BrokerMessage, errorText, type Publisher, PublishTimeoutError, within } from './publisher.ts';
import { trackConnection } from './state.ts';

type KafkaDestination = Extract<EndpointDestination, { type: 'kafka' }>;
type StringProducer = Producer<string, string, string, string>;

/** The cluster is away (as opposed to refusing this record: unknown topic, too large, ...). */
function unreachable(err: unknown): boolean {
  if (err instanceof NetworkError || err instanceof TimeoutError || err instanceof PublishTimeoutError)
    return true;
  if (err instanceof AggregateError) return err.errors.length > 0 && err.errors.every(unreachable);
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== err && unreachable(cause);
}

export const kafkaKey = (template: string | undefined, m: BrokerMessage) =>
  template?.replaceAll('{messageId}', m.id).replaceAll('{eventType}', m.eventType);

export function createKafkaPublisher(brokers: string[], timeoutMs: number): Publisher<KafkaDestination> {
  const tracked = trackConnection('kafka', 'destination', `kafka://${brokers.join(',')}`);
  const link: Link<StringProducer> = createLink<StringProducer>({
    tracked,
    describe: errorText,
    async open() {
      const producer: StringProducer = new Producer({
        clientId: 'herald',
        bootstrapBrokers: brokers,
        serializers: stringSerializers,
        idempotent: true,
        acks: ProduceAcks.ALL,
        // bounded by the attempt's timeout; a slow cluster is a failed attempt, retried on schedule
        connectTimeout: Math.min(timeoutMs, 5000),
        timeout: timeoutMs,
        requestTimeout: timeoutMs,
        retries: 1,
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

  return {
    async publish(d, m, ms) {
      const producer = await link.get();
      try {
        const key = kafkaKey(d.key, m);
        const result = await within(
          producer.send({
            messages: [
              { topic: d.topic, ...(key !== undefined ? { key } : {}), value: m.body, headers: m.headers },
            ],
          }),
          ms,
          'Kafka produce',
        );
        tracked.set('connected', null);
        const o = result.offsets?.[0];
        return o ? `partition ${o.partition} offset ${o.offset}` : 'acknowledged by Kafka';
      } catch (err) {
        if (unreachable(err)) link.lost(producer, err);
        throw new Error(errorText(err));
      }
    },
    connect: () => void link.get().catch(() => {}),
    close: () => link.close(),
  };
}
