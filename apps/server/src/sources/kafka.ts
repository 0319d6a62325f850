import { Consumer, type Message, Producer } from '@platformatic/kafka';
import { kafkaClientOptions } from '../brokers/kafka-security.ts';
import type { ConsumedMessage } from '../services/consume.ts';
import {
  Backoff,
  type ConsumerDeps,
  ConsumerState,
  MicroBatcher,
  type SourceConsumer,
  Stopper,
  settleBatch,
  within,
} from './consumer.ts';

const TIMEOUT_MS = 5000;
const LAG_EVERY_MS = 2000;

export function toConsumed(m: Message): ConsumedMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of m.headers) headers[k.toString('utf8').toLowerCase()] = v.toString('utf8');
  if (m.key && m.key.length > 0 && headers.key === undefined) headers.key = m.key.toString('utf8');
  // topic, partition and offset name a record for good: a redelivery has the same id
  return { id: `${m.topic}/${m.partition}/${m.offset}`, headers, body: m.value ?? Buffer.alloc(0) };
}

/** The last record of each partition in a batch: committing it commits everything before it. */
function lastPerPartition(batch: Message[]): Message[] {
  const last = new Map<number, Message>();
  for (const m of batch) {
    const seen = last.get(m.partition);
    if (!seen || seen.offset < m.offset) last.set(m.partition, m);
  }
  return [...last.values()];
}

/**
 * Consumes a Kafka topic in a consumer group, with automatic commits off: a batch's offsets are
 * committed after its publish committed (poison records after the dead-letter topic acknowledged them,
 * acks=all, idempotent producer). Every worker joins the group; Kafka shares the partitions out and,
 * when a worker dies, hands its partitions to the others after the session timeout
 * (HERALD_SOURCE_REDELIVERY_SECONDS), from the last committed offset. A new group starts at the earliest
 * offset. Consumer and dead-letter producer authenticate and encrypt as the source says (SASL, TLS).
 */
export function startKafkaConsumer(deps: ConsumerDeps): SourceConsumer {
  const { source, ctx } = deps;
  const brokers = source.broker!.brokers!;
  const topic = source.broker!.topic!;
  const group = source.broker!.group!;
  const deadLetter = source.broker!.deadLetter;
  // SASL and TLS as the source gives them (the supervisor decrypted the password)
  const security = kafkaClientOptions(brokers, source.broker!);
  const state = new ConsumerState(deps);
  const stopper = new Stopper();
  const backoff = new Backoff();
  const clientId = `herald-${source.id}`;
  let closing: Array<() => Promise<void>> = [];

  async function session() {
    state.connecting();
    const sessionTimeout = ctx.config.HERALD_SOURCE_REDELIVERY_SECONDS * 1000;
    const consumer = new Consumer({
      clientId,
      bootstrapBrokers: brokers,
      ...security,
      groupId: group,
      sessionTimeout,
      rebalanceTimeout: sessionTimeout,
      heartbeatInterval: Math.min(1000, Math.floor(sessionTimeout / 3)),
      autocommit: false,
      autocreateTopics: true,
      timeout: TIMEOUT_MS,
      retries: 0,
    });
    const producer = new Producer({
      clientId: `${clientId}-dead-letter`,
      bootstrapBrokers: brokers,
      ...security,
      idempotent: true,
      acks: -1,
      autocreateTopics: true,
      timeout: TIMEOUT_MS,
      retries: 0,
    });
    const close = async () => {
      await consumer.close(true).catch(() => {});
      await producer.close().catch(() => {});
    };
    closing.push(close);
    try {
      const stream = await consumer.consume({
        topics: [topic],
        mode: 'committed',
        fallbackMode: 'earliest',
        autocommit: false,
        maxWaitTime: 500,
      });
      state.connected();
      backoff.reset();
      let failure!: (err: Error) => void;
      const failed = new Promise<Error>((resolve) => {
        failure = resolve;
      });
      // the client rejoins by itself after a broker hiccup: the heartbeats say whether it is connected
      consumer.on('consumer:heartbeat:error', (e: { error?: Error }) => {
        if (e?.error) state.failed(e.error);
      });
      consumer.on('consumer:heartbeat:end', () => state.connected());

      const batcher: MicroBatcher<Message> = new MicroBatcher<Message>(deps.batchSize, async (batch) => {
        const items = batch.map((raw) => ({ raw, message: toConsumed(raw) }));
        try {
          await settleBatch(deps, state, items, {
            async deadLetter(poison) {
              await producer.send({
                messages: poison.map((p) => ({
                  topic: deadLetter,
                  key: p.raw.key,
                  value: p.raw.value,
                  headers: new Map([
                    ...p.raw.headers,
                    [Buffer.from('herald-error'), Buffer.from(p.error)],
                    [Buffer.from('herald-source'), Buffer.from(source.id)],
                    [Buffer.from('herald-record'), Buffer.from(p.message.id!)],
                  ]),
                })),
              });
            },
            async ack(raws) {
              await consumer.commit({
                offsets: lastPerPartition(raws).map((m) => ({
                  topic: m.topic,
                  partition: m.partition,
                  offset: m.offset + 1n,
                  leaderEpoch: -1,
                })),
              });
            },
          });
          backoff.reset();
        } catch (err) {
          // nothing committed: start again from the last committed offsets, on a new session
          failure(err as Error);
        }
        if (stream.isPaused() && batcher.pending < deps.batchSize) stream.resume();
      });
      stream.on('data', (m: Message) => {
        batcher.push(m);
        // backpressure: the stream fetches ahead only as far as the batches keep up
        if (batcher.pending > deps.batchSize * 4) stream.pause();
      });
      stream.on('error', (err: Error) => failure(err));

      const lagTimer = setInterval(() => {
        within(consumer.getLag({ topics: [topic] }), TIMEOUT_MS, 'lag')
          .then((offsets) => {
            const lags = offsets.get(topic) ?? [];
            state.setLag(Number(lags.reduce((sum, l) => (l > 0n ? sum + l : sum), 0n)));
          })
          .catch(() => {});
      }, LAG_EVERY_MS);
      try {
        const err = await Promise.race([failed, stopper.whenStopped.then(() => undefined)]);
        stream.pause();
        if (err) throw err;
        await batcher.idle();
        await stream.close().catch(() => {});
      } finally {
        clearInterval(lagTimer);
        batcher.clear();
      }
    } finally {
      await close();
      closing = closing.filter((c) => c !== close);
    }
  }

  const run = (async () => {
    while (!stopper.stopped) {
      try {
        await session();
      } catch (err) {
        if (stopper.stopped) break;
        state.failed(err);
        await stopper.sleep(backoff.delay());
      }
    }
  })();

  return {
    report: () => state.report(),
    async stop() {
      stopper.stop();
      await run;
      await Promise.all(closing.map((c) => c()));
    },
  };
}
