import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
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

const CONNECT_TIMEOUT_MS = 5000;
const LAG_EVERY_MS = 2000;

/** AMQP properties a source may take its event type from, under header-like names. */
function headersOf(m: ConsumeMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const p = m.properties;
  const props: Array<[string, unknown]> = [
    ['content-type', p.contentType],
    ['type', p.type],
    ['message-id', p.messageId],
    ['correlation-id', p.correlationId],
    ['reply-to', p.replyTo],
    ['app-id', p.appId],
    ['routing-key', m.fields.routingKey],
  ];
  for (const [k, v] of props) if (v !== undefined && v !== null && v !== '') out[k] = String(v);
  // message headers win over properties of the same name
  for (const [k, v] of Object.entries(p.headers ?? {}))
    if (v !== undefined && v !== null && typeof v !== 'object') out[k.toLowerCase()] = String(v);
  return out;
}

export const toConsumed = (m: ConsumeMessage): ConsumedMessage => ({
  id: m.properties.messageId === undefined ? undefined : String(m.properties.messageId),
  headers: headersOf(m),
  body: m.content,
});

/** Checks a queue on a channel of its own (a missing queue closes the channel it was asked on) and declares it when missing. */
async function ensureQueue(conn: ChannelModel, queue: string) {
  const probe = await conn.createChannel();
  probe.on('error', () => {});
  try {
    await probe.checkQueue(queue);
    await probe.close();
  } catch {
    const ch = await conn.createChannel();
    await ch.assertQueue(queue, { durable: true });
    await ch.close();
  }
}

/**
 * Consumes an AMQP queue with manual acknowledgements. Deliveries are gathered into batches; a batch
 * is acknowledged after its publish committed (poison messages after the dead-letter queue confirmed
 * them), so a worker that dies leaves its unacknowledged deliveries to the broker, which hands them to
 * another consumer (competing consumers: every worker consumes). A message with `replyTo` and
 * `correlationId` gets the first-attempt results on its reply queue.
 */
export function startAmqpConsumer(deps: ConsumerDeps): SourceConsumer {
  const { source, ctx } = deps;
  const queue = source.broker!.queue!;
  const deadLetter = source.broker!.deadLetter;
  const state = new ConsumerState(deps);
  const stopper = new Stopper();
  const backoff = new Backoff();
  const replyTimeoutMs = ctx.config.HERALD_SOURCE_REPLY_TIMEOUT_SECONDS * 1000;
  let conn: ChannelModel | null = null;
  const replies = new Set<Promise<void>>();

  async function reply(ch: ConfirmChannel, m: ConsumeMessage, body: () => Promise<Record<string, unknown>>) {
    const { replyTo, correlationId } = m.properties;
    try {
      const content = Buffer.from(JSON.stringify(await body()));
      // through the default exchange, to the queue named by replyTo (a direct reply-to works the same)
      ch.sendToQueue(String(replyTo), content, {
        correlationId: String(correlationId),
        contentType: 'application/json',
      });
      await ch.waitForConfirms();
    } catch (err) {
      state.failed(err, false);
    }
  }
  const wantsReply = (m: ConsumeMessage) =>
    m.properties.replyTo !== undefined && m.properties.correlationId !== undefined;

  async function session() {
    state.connecting();
    const c = await amqp.connect(source.broker_url!, { timeout: CONNECT_TIMEOUT_MS });
    conn = c;
    let closed!: (err?: Error) => void;
    const whenClosed = new Promise<Error | undefined>((resolve) => {
      closed = resolve;
    });
    c.on('error', (err: Error) => closed(err));
    c.on('close', (err?: Error) => closed(err ?? new Error('connection closed')));
    try {
      await ensureQueue(c, queue);
      await ensureQueue(c, deadLetter);
      const ch = await c.createConfirmChannel();
      ch.on('error', (err: Error) => closed(err));
      ch.on('close', () => closed(new Error('channel closed')));
      await ch.prefetch(deps.batchSize * 2);

      const batcher = new MicroBatcher<ConsumeMessage>(deps.batchSize, async (batch) => {
        const items = batch.map((raw) => ({ raw, message: toConsumed(raw) }));
        try {
          const outcomes = await settleBatch(deps, state, items, {
            async deadLetter(poison) {
              for (const p of poison) {
                ch.sendToQueue(deadLetter, p.raw.content, {
                  persistent: true,
                  headers: {
                    ...p.raw.properties.headers,
                    'x-herald-error': p.error,
                    'x-herald-source': source.id,
                  },
                  messageId: p.raw.properties.messageId,
                  contentType: p.raw.properties.contentType,
                  type: p.raw.properties.type,
                });
              }
              await ch.waitForConfirms();
            },
            async ack(raws) {
              for (const r of raws) ch.ack(r);
            },
          });
          backoff.reset();
          for (const [i, o] of outcomes.entries()) {
            const m = batch[i]!;
            if (!wantsReply(m)) continue;
            const p = reply(ch, m, async () =>
              o.ok ? deps.waiter.reply(o.published, replyTimeoutMs) : { error: o.error },
            ).finally(() => replies.delete(p));
            replies.add(p);
          }
        } catch (err) {
          // the database (or the dead-letter queue) failed: nothing was acknowledged; hand the batch
          // back after a pause, so a database outage does not spin through redeliveries
          state.failed(err, false);
          await stopper.sleep(backoff.delay());
          try {
            for (const m of batch) ch.nack(m, false, true);
          } catch {}
        }
      });
      // null: the broker cancelled the consumer (the queue was deleted): start over
      const { consumerTag } = await ch.consume(
        queue,
        (m) => (m ? batcher.push(m) : closed(new Error(`the broker cancelled the consumer of ${queue}`))),
        { noAck: false },
      );
      state.connected();
      backoff.reset();

      const lagTimer = setInterval(() => {
        within(ch.checkQueue(queue), CONNECT_TIMEOUT_MS, 'checkQueue')
          .then((q) => state.setLag(q.messageCount))
          .catch(() => {});
      }, LAG_EVERY_MS);
      try {
        const err = await Promise.race([whenClosed, stopper.whenStopped.then(() => undefined)]);
        if (err) throw err;
        // stopping: no more deliveries; finish the batch in flight, replies too, then close
        await ch.cancel(consumerTag).catch(() => {});
        await batcher.idle();
        await Promise.race([Promise.allSettled([...replies]), stopper.sleep(2000)]);
      } finally {
        clearInterval(lagTimer);
        batcher.clear();
      }
    } finally {
      conn = null;
      await c.close().catch(() => {});
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
      await (conn as ChannelModel | null)?.close().catch(() => {});
    },
  };
}
