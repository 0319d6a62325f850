import { AckPolicy, DeliverPolicy, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos, headers as natsHeaders } from '@nats-io/transport-node';
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
/** The most messages delivered and not yet acknowledged on a durable Herald creates. */
const MAX_ACK_PENDING = 1000;

/** Connection options from a nats:// URL: credentials as user/pass (or a lone user as a token). */
export function natsOptions(url: string) {
  const u = new URL(url);
  const server = `${u.protocol === 'tls:' ? 'tls://' : ''}${u.hostname}:${u.port || '4222'}`;
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  return {
    servers: server,
    ...(user && pass ? { user, pass } : user ? { token: user } : {}),
    reconnect: false,
    timeout: CONNECT_TIMEOUT_MS,
  };
}

export function toConsumed(stream: string, m: JsMsg): ConsumedMessage {
  const headers: Record<string, string> = {};
  if (m.headers) for (const k of m.headers.keys()) headers[k.toLowerCase()] = m.headers.get(k);
  headers.subject = m.subject;
  // the stream sequence is the broker's id of the message; redeliveries keep it
  return { id: `${stream}/${m.seq}`, headers, body: Buffer.from(m.data) };
}

/**
 * Consumes a JetStream stream through a durable pull consumer (created by Herald, from the stream's
 * start, explicit acks, ack_wait HERALD_SOURCE_REDELIVERY_SECONDS, when missing). Every worker pulls
 * from the same durable: JetStream shares the messages out, and redelivers what a dead worker held once
 * its ack_wait has passed. Poison messages are published to the dead-letter subject (Herald adds a
 * stream for it when no stream captures it) and acknowledged once JetStream confirmed them.
 */
export function startNatsConsumer(deps: ConsumerDeps): SourceConsumer {
  const { source, ctx } = deps;
  const stream = source.broker!.stream!;
  const durable = source.broker!.durable!;
  const deadLetter = source.broker!.deadLetter;
  const state = new ConsumerState(deps);
  const stopper = new Stopper();
  const backoff = new Backoff();
  let conn: NatsConnection | null = null;

  async function setUp(nc: NatsConnection) {
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.info(stream, durable).catch(async (err: Error) => {
      if (!/consumer not found/i.test(err.message)) throw err;
      await jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ctx.config.HERALD_SOURCE_REDELIVERY_SECONDS * 1000),
        max_ack_pending: MAX_ACK_PENDING,
      });
    });
    const capturing = await jsm.streams.find(deadLetter).catch(() => null);
    if (capturing === stream)
      throw new Error(
        `the dead-letter subject ${deadLetter} is captured by the source's own stream ${stream}: choose another deadLetter`,
      );
    if (capturing === null) {
      const name = `${stream}_DEAD_LETTER`.replace(/[^A-Za-z0-9_-]/g, '_');
      // the source's dead-letter stream exists when its deadLetter was changed: it captures the new
      // subject too (the old one's dead letters stay where they are)
      const existing = await jsm.streams.info(name).catch((err: Error) => {
        if (/stream not found/i.test(err.message)) return null;
        throw err;
      });
      if (existing)
        await jsm.streams.update(name, { subjects: [...(existing.config.subjects ?? []), deadLetter] });
      else await jsm.streams.add({ name, subjects: [deadLetter] });
    }
    return jsm;
  }

  async function session() {
    state.connecting();
    const nc = await connect(natsOptions(source.broker_url!));
    conn = nc;
    try {
      const jsm = await setUp(nc);
      const js = jetstream(nc);
      const consumer = await js.consumers.get(stream, durable);
      const messages = await consumer.consume({ max_messages: deps.batchSize * 2 });
      state.connected();
      backoff.reset();

      const batcher = new MicroBatcher<JsMsg>(deps.batchSize, async (batch) => {
        const items = batch.map((raw) => ({ raw, message: toConsumed(stream, raw) }));
        try {
          await settleBatch(deps, state, items, {
            async deadLetter(poison) {
              await Promise.all(
                poison.map((p) => {
                  const h = natsHeaders();
                  for (const [k, v] of Object.entries(p.message.headers)) if (k !== 'subject') h.set(k, v);
                  h.set('Herald-Error', p.error);
                  h.set('Herald-Source', source.id);
                  h.set('Herald-Subject', p.raw.subject);
                  return js.publish(deadLetter, p.raw.data, { headers: h });
                }),
              );
            },
            async ack(raws) {
              for (const r of raws) r.ack();
              await nc.flush();
            },
          });
          backoff.reset();
        } catch (err) {
          // nothing acknowledged: ask for a redelivery after a pause
          state.failed(err, false);
          const delay = backoff.delay();
          for (const m of batch) m.nak(delay);
        }
      });

      const lagTimer = setInterval(() => {
        within(jsm.consumers.info(stream, durable), CONNECT_TIMEOUT_MS, 'consumer info')
          .then((info) => state.setLag(info.num_pending))
          .catch(() => {});
      }, LAG_EVERY_MS);
      const pump = (async () => {
        for await (const m of messages) batcher.push(m);
      })();
      try {
        const closed = nc.closed().then((err) => err ?? new Error('connection closed'));
        const err = await Promise.race([
          closed,
          pump.then(() => new Error('consumer ended')),
          stopper.whenStopped,
        ]);
        if (err) throw err;
        await messages.close().catch(() => {});
        await batcher.idle();
      } finally {
        clearInterval(lagTimer);
        batcher.clear();
      }
    } finally {
      conn = null;
      await nc.close().catch(() => {});
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
      await (conn as NatsConnection | null)?.close().catch(() => {});
    },
  };
}
