import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROKER_KINDS,
  type Broker,
  type BrokerKind,
  brokerMissing,
  startBrokers,
} from './helpers/brokers.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import { type HeraldProcess, killAll, query, startHeraldProcess } from './helpers/process.ts';
import { type Receiver, startReceiver } from './helpers/receiver.ts';
import { sourcePublisher, type TestMessage } from './helpers/source-publishers.ts';

// Broker sources against real brokers, with real Herald processes: a worker killed with SIGKILL in the
// middle of a stream loses nothing and publishes nothing twice; poison messages go to the dead-letter
// target and the messages behind them still flow; AMQP request/reply answers on the reply queue.

const missing = Object.fromEntries(
  await Promise.all(BROKER_KINDS.map(async (k) => [k, await brokerMissing(k)] as const)),
) as Record<BrokerKind, string | undefined>;
// HERALD_TEST_BROKERS=redis,nats runs only those (a local shortcut; CI runs them all)
const only = process.env.HERALD_TEST_BROKERS?.split(',');
const present = BROKER_KINDS.filter((k) => !missing[k] && (!only || only.includes(k)));

const env = (db: TestDatabase) => ({
  DATABASE_URL: db.url,
  HERALD_SOURCE_SCAN_INTERVAL_MS: '300',
  HERALD_SOURCE_LEASE_SECONDS: '3',
  HERALD_SOURCE_REDELIVERY_SECONDS: '6',
  HERALD_MAX_BODY_BYTES: '4096',
  HERALD_LOG_LEVEL: 'info',
});

let db: TestDatabase;
let brokers: Partial<Record<BrokerKind, Broker>> = {};
let api: HeraldProcess;
let worker: HeraldProcess;
let rc: Receiver;
const closers: Array<() => Promise<void>> = [];
const rates: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  rc = await startReceiver();
  brokers = await startBrokers(present);
  [api, worker] = await Promise.all([
    startHeraldProcess('api', env(db)),
    startHeraldProcess('worker', env(db)),
  ]);
}, 180_000);

afterAll(async () => {
  if (rates.length > 0)
    console.log(`[throughput] broker sources (under the shared machine's load):\n  ${rates.join('\n  ')}`);
  await Promise.all(closers.map((c) => c()));
  await killAll();
  await Promise.all(Object.values(brokers).map((b) => b.close()));
  await rc?.close();
  await db?.drop();
}, 60_000);

async function newApp(name: string) {
  const a = await api.api('POST', '/v1/apps', { name });
  expect(a.status).toBe(201);
  return a.body.id as string;
}

async function createSource(appId: string, body: Record<string, unknown>) {
  const s = await api.api('POST', `/v1/apps/${appId}/sources`, {
    name: 'broker',
    eventType: { header: 'type' },
    ...body,
  });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  return s.body as { id: string; type: string; consumer?: { state: string } };
}

/** Waits for `n` messages of the app; on a timeout the worker's output says why. */
async function waitForCount(appId: string, n: number, timeoutMs: number) {
  try {
    await eventually(async () => (await countMessages(appId)) >= n, timeoutMs, 100);
  } catch (err) {
    throw new Error(
      `${(err as Error).message}; ${await countMessages(appId)} of ${n}; worker output:\n${worker.output().slice(-4000)}`,
    );
  }
}

const countMessages = async (appId: string) =>
  Number((await query(db.url, 'SELECT count(*) AS n FROM messages WHERE app_id = $1', [appId]))[0]!.n);

/** Waits until the worker restarted the consumer of `sourceId` after an edit, `times` times in all. */
async function restartedAfterEdit(sourceId: string, times = 1) {
  const restarts = () =>
    worker
      .output()
      .split('\n')
      .filter((line) => line.includes(sourceId) && line.includes('source edited: its consumer restarted'))
      .length;
  await eventually(async () => restarts() >= times, 15_000);
}

const consumerOf = async (appId: string, sourceId: string) =>
  (await api.api('GET', `/v1/apps/${appId}/sources/${sourceId}`)).body.consumer;

const message = (i: number, run: string): TestMessage => ({
  id: `${run}-${i}`,
  body: JSON.stringify({ seq: i, run }),
  headers: { type: 'order.created' },
});

describe.each(present)('%s source', (kind) => {
  it('a worker killed with SIGKILL mid-stream, then restarted: every message published exactly once', async () => {
    const pub = await sourcePublisher(brokers[kind]!, `crash-${kind}`);
    closers.push(() => pub.close());
    const appId = await newApp(`crash ${kind}`);
    const source = await createSource(appId, pub.source);
    const N = 1500;
    // the producer keeps going through the kill and the restart
    const producing = (async () => {
      for (let i = 0; i < N; i += 50) {
        await pub.publish(Array.from({ length: 50 }, (_, k) => message(i + k, 'crash')));
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    await waitForCount(appId, 200, 60_000);
    worker.kill('SIGKILL');
    await worker.waitForExit();
    const killedAt = Date.now();
    const before = await countMessages(appId);
    worker = await startHeraldProcess('worker', env(db));
    await producing;
    await waitForCount(appId, N, 90_000);
    const afterMs = Date.now() - killedAt;
    console.log(`[${kind}] ${before} of ${N} published at the kill; all ${N} ${afterMs} ms after it`);
    // a little longer: any duplicate would show up now
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await query(
      db.url,
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS ids,
              count(DISTINCT (payload->>'seq'))::int AS seqs
       FROM messages WHERE app_id = $1`,
      [appId],
    );
    expect(rows[0]).toEqual({ n: N, ids: N, seqs: N });

    const shown = await eventually(async () => {
      const s = await api.api('GET', `/v1/apps/${appId}/sources/${source.id}`);
      return s.body.consumer?.state === 'connected' && s.body.consumer.lag === 0 && s.body;
    }, 20_000);
    expect(shown.consumer).toMatchObject({ state: 'connected', workers: 1, lag: 0 });
  }, 180_000);

  it('poison messages go to the dead-letter target and the request log; the messages behind them flow', async () => {
    const pub = await sourcePublisher(brokers[kind]!, `poison-${kind}`);
    closers.push(() => pub.close());
    const appId = await newApp(`poison ${kind}`);
    const source = await createSource(appId, pub.source);
    const checked = `checked.${kind}`;
    const et = await api.api('POST', '/v1/event-types', {
      name: checked,
      schema: { type: 'object', required: ['amount'], properties: { amount: { type: 'integer' } } },
    });
    expect(et.status).toBe(201);
    await pub.publish([
      message(1, 'poison'),
      { id: 'bad-schema', body: JSON.stringify({ amount: 'ten' }), headers: { type: checked } },
      { id: 'bad-json', body: '{"not": json', headers: { type: 'order.created' } },
      { id: 'no-type', body: JSON.stringify({ seq: 2 }) },
      {
        id: 'too-large',
        body: JSON.stringify({ pad: 'x'.repeat(5000) }),
        headers: { type: 'order.created' },
      },
      message(3, 'poison'),
    ]);
    await waitForCount(appId, 2, 30_000);
    const dead = await pub.deadLetters(4);
    expect(dead).toHaveLength(4);
    // (in no particular order: a Kafka topic's partitions are consumed side by side)
    const errors = dead
      .map((d) => d.headers['x-herald-error'] ?? d.headers['herald-error'] ?? d.headers.error)
      .join('\n');
    expect(errors).toMatch(/payload does not match the schema/);
    expect(errors).toMatch(/not JSON/);
    expect(errors).toMatch(/no event type/);
    expect(errors).toMatch(/too large/);
    expect(dead.map((d) => d.body)).toContain('{"not": json');

    // more keep flowing after them
    await pub.publish([message(4, 'poison')]);
    await eventually(async () => (await countMessages(appId)) === 3, 30_000);
    const log = await eventually(async () => {
      const r = await api.api('GET', `/v1/apps/${appId}/sources/${source.id}/requests`);
      return r.body.data.length === 4 && r.body.data;
    });
    expect(log.map((r: { status: string }) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(log.map((r: { error: string }) => r.error).join('\n')).toMatch(/dead-letter/);
    const shown = await eventually(async () => {
      const s = await api.api('GET', `/v1/apps/${appId}/sources/${source.id}`);
      return s.body.consumer?.deadLettered === 4 && s.body.consumer.consumed === 3 && s.body;
    }, 15_000);
    expect(shown.consumer.state).toBe('connected');
  }, 90_000);

  it('an edited event type applies to what is consumed after the edit; the counters go on', async () => {
    const pub = await sourcePublisher(brokers[kind]!, `edit-${kind}`);
    closers.push(() => pub.close());
    const appId = await newApp(`edit ${kind}`);
    const source = await createSource(appId, { ...pub.source, eventType: { fixed: 'order.created' } });
    await pub.publish([message(1, 'edit')]);
    await waitForCount(appId, 1, 30_000);
    const patched = await api.api('PATCH', `/v1/apps/${appId}/sources/${source.id}`, {
      eventType: { fixed: 'order.updated' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // the worker's consumer held the old rule: the next scan restarts it with the new one
    await restartedAfterEdit(source.id);
    await pub.publish([message(2, 'edit')]);
    await waitForCount(appId, 2, 30_000);
    const rows = await query(
      db.url,
      `SELECT payload->>'seq' AS seq, event_type FROM messages WHERE app_id = $1 ORDER BY payload->>'seq'`,
      [appId],
    );
    expect(rows).toEqual([
      { seq: '1', event_type: 'order.created' },
      { seq: '2', event_type: 'order.updated' },
    ]);
    // the first consumer's count is kept beside its successor's
    await eventually(async () => {
      const s = await api.api('GET', `/v1/apps/${appId}/sources/${source.id}`);
      return s.body.consumer?.consumed === 2 && s.body.consumer.state === 'connected';
    }, 15_000);
  }, 90_000);

  it('PATCHed to another queue, topic or stream with the default dead-letter target: consumed from there, poison dead-lettered there, the old place left', async () => {
    const from = await sourcePublisher(brokers[kind]!, `from-${kind}`);
    const to = await sourcePublisher(brokers[kind]!, `to-${kind}`);
    closers.push(
      () => from.close(),
      () => to.close(),
    );
    const appId = await newApp(`move ${kind}`);
    const source = await createSource(appId, from.source);
    await from.publish([message(1, 'move')]);
    await waitForCount(appId, 1, 30_000);

    // the new coordinates; deadLetter null: the default beside them
    const { type: _type, url: _url, ...coordinates } = to.source;
    const patched = await api.api('PATCH', `/v1/apps/${appId}/sources/${source.id}`, {
      ...coordinates,
      deadLetter: null,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject(coordinates);
    await restartedAfterEdit(source.id);
    await to.publish([
      message(2, 'move'),
      { id: 'moved-poison', body: 'moved, not json', headers: { type: 'order.created' } },
      message(3, 'move'),
    ]);
    await waitForCount(appId, 3, 30_000);
    const dead = await to.deadLetters(1);
    expect(dead.map((d) => d.body)).toEqual(['moved, not json']);
    // what still arrives at the old place is not consumed any more
    await from.publish([message(4, 'move')]);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await countMessages(appId)).toBe(3);
    const seqs = await query(db.url, `SELECT payload->>'seq' AS seq FROM messages WHERE app_id = $1`, [
      appId,
    ]);
    expect(seqs.map((r) => r.seq).sort()).toEqual(['1', '2', '3']);
    await eventually(async () => (await consumerOf(appId, source.id))?.deadLettered === 1, 15_000);
  }, 120_000);

  it('a new dead-letter target only: the position stays (nothing read again), poison goes to the new target', async () => {
    const pub = await sourcePublisher(brokers[kind]!, `dl-${kind}`);
    closers.push(() => pub.close());
    const appId = await newApp(`dead-letter ${kind}`);
    const source = await createSource(appId, pub.source);
    await pub.publish([
      message(1, 'dl'),
      { id: 'p1', body: 'poison one', headers: { type: 'order.created' } },
    ]);
    await waitForCount(appId, 1, 30_000);
    expect((await pub.deadLetters(1)).map((d) => d.body)).toEqual(['poison one']);
    await eventually(async () => (await consumerOf(appId, source.id))?.deadLettered === 1, 15_000);

    const target = {
      rabbitmq: 'dl-rabbitmq.poison',
      kafka: 'dl-kafka.poison',
      nats: 'herald.poison.dl-nats',
      redis: 'dl-redis:poison',
    }[kind];
    const patched = await api.api('PATCH', `/v1/apps/${appId}/sources/${source.id}`, { deadLetter: target });
    expect(patched.body.deadLetter).toBe(target);
    await restartedAfterEdit(source.id);
    await pub.publish([
      { id: 'p2', body: 'poison two', headers: { type: 'order.created' } },
      message(2, 'dl'),
    ]);
    await waitForCount(appId, 2, 30_000);
    await eventually(async () => (await consumerOf(appId, source.id))?.deadLettered === 2, 15_000);
    // had the consumer read the stream again from its start, poison one would be in the new target too
    expect((await pub.deadLetters(1, undefined, target)).map((d) => d.body)).toEqual(['poison two']);
    expect((await pub.deadLetters(1)).map((d) => d.body)).toEqual(['poison one']);
    expect(await countMessages(appId)).toBe(2);
    const log = await api.api('GET', `/v1/apps/${appId}/sources/${source.id}/requests`);
    expect(log.body.data.map((r: { error: string }) => r.error).join('\n')).toContain(target);
  }, 120_000);

  it('the broker stopped: the source shows disconnected and /ready degraded; started again, it reconnects and flows', async () => {
    const b = brokers[kind]!;
    const pub = await sourcePublisher(b, `restart-${kind}`);
    const appId = await newApp(`restart ${kind}`);
    const source = await createSource(appId, pub.source);
    await pub.publish([message(1, 'restart')]);
    await waitForCount(appId, 1, 30_000);
    const connected = async () =>
      (await api.api('GET', `/v1/apps/${appId}/sources/${source.id}`)).body.consumer?.state === 'connected';
    await eventually(connected, 30_000);
    await pub.close();
    await b.stop();
    const down = await eventually(async () => {
      const s = await api.api('GET', `/v1/apps/${appId}/sources/${source.id}`);
      return s.body.consumer?.state === 'disconnected' && s.body;
    }, 30_000);
    expect(down.consumer.lastError, `${JSON.stringify(down)}\n${worker.output().slice(-3000)}`).toEqual(
      expect.any(String),
    );
    const ready = await api.api('GET', '/ready', undefined, null);
    expect(ready.status).toBe(200);
    expect(ready.body.checks.sources).toMatch(/^degraded: /);
    await b.start();
    const again = await sourcePublisher(b, `restart-${kind}`).catch(async () => {
      // a broker just started may refuse the first declarations for a moment
      await new Promise((r) => setTimeout(r, 2000));
      return sourcePublisher(b, `restart-${kind}`);
    });
    closers.push(() => again.close());
    await again.publish([message(2, 'restart'), message(3, 'restart')]);
    await waitForCount(appId, 3, 60_000);
    await eventually(connected, 30_000);
  }, 150_000);

  it('throughput: a backlog of messages consumed into Herald', async () => {
    const pub = await sourcePublisher(brokers[kind]!, `rate-${kind}`);
    closers.push(() => pub.close());
    const appId = await newApp(`rate ${kind}`);
    const N = 5000;
    for (let i = 0; i < N; i += 500)
      await pub.publish(Array.from({ length: 500 }, (_, k) => message(i + k, 'rate')));
    const started = Date.now();
    await createSource(appId, pub.source);
    await waitForCount(appId, N, 120_000);
    const [span] = await query(
      db.url,
      `SELECT extract(epoch FROM max(created_at) - min(created_at)) * 1000 AS ms FROM messages WHERE app_id = $1`,
      [appId],
    );
    const ms = Math.max(1, Number(span.ms));
    rates.push(
      `${kind}: ${N} messages in ${Math.round(ms)} ms = ${Math.round((N / ms) * 1000)} msg/s (first to last publish; ${Date.now() - started} ms from creating the source)`,
    );
  }, 180_000);
});

describe.skipIf(!present.includes('rabbitmq'))('amqp specifics', () => {
  it('request/reply: a message with replyTo and correlationId gets the first-attempt results on the reply queue', async () => {
    const b = brokers.rabbitmq!;
    const appId = await newApp('rpc');
    const ep = await api.api('POST', `/v1/apps/${appId}/endpoints`, { url: rc.url });
    expect(ep.status).toBe(201);
    const conn = await amqp.connect(b.url);
    closers.push(() => conn.close().catch(() => {}));
    const ch = await conn.createChannel();
    await ch.assertQueue('rpc-requests', { durable: true });
    await createSource(appId, { type: 'amqp', url: b.url, queue: 'rpc-requests' });
    const { queue: replyQueue } = await ch.assertQueue('', { exclusive: true });
    const replies: Array<{ correlationId: string; body: any }> = [];
    await ch.consume(
      replyQueue,
      (m) => {
        if (m)
          replies.push({ correlationId: m.properties.correlationId, body: JSON.parse(m.content.toString()) });
      },
      { noAck: true },
    );
    ch.sendToQueue('rpc-requests', Buffer.from(JSON.stringify({ amount: 42 })), {
      messageId: 'rpc-1',
      type: 'invoice.paid',
      replyTo: replyQueue,
      correlationId: 'corr-1',
    });
    // a poison request is answered too, with its error
    ch.sendToQueue('rpc-requests', Buffer.from('nope'), {
      messageId: 'rpc-2',
      type: 'invoice.paid',
      replyTo: replyQueue,
      correlationId: 'corr-2',
    });
    await eventually(async () => replies.length >= 2, 30_000);
    const ok = replies.find((r) => r.correlationId === 'corr-1')!;
    expect(ok.body).toMatchObject({
      eventType: 'invoice.paid',
      eventId: 'rpc-1',
      payload: { amount: 42 },
      done: true,
      deliveries: [{ endpointId: ep.body.id, status: 'succeeded', responseStatusCode: 200 }],
    });
    expect(rc.requests.some((r) => JSON.parse(r.body).data.amount === 42)).toBe(true);
    expect(replies.find((r) => r.correlationId === 'corr-2')!.body.error).toMatch(/not JSON/);
  }, 60_000);

  it('broker credentials are never shown by the API nor logged', async () => {
    const b = brokers.rabbitmq!;
    const appId = await newApp('secrets');
    const url = b.url.replace('guest:guest', 'guest:hunter2-not-the-password');
    const s = await createSource(appId, { type: 'amqp', url, queue: 'never' });
    expect(JSON.stringify(s)).not.toContain('hunter2');
    expect((s as any).url).toBe(`amqp://guest:***@127.0.0.1:${b.port}`);
    const shown = await eventually(async () => {
      const r = await api.api('GET', `/v1/apps/${appId}/sources/${s.id}`);
      return r.body.consumer?.lastError && r.body;
    }, 20_000);
    expect(shown.consumer.state).not.toBe('connected');
    expect(JSON.stringify(shown)).not.toContain('hunter2');
    const list = await api.api('GET', `/v1/apps/${appId}/sources`);
    expect(JSON.stringify(list.body)).not.toContain('hunter2');
    expect(worker.output()).toMatch(/source consumer error/);
    expect(worker.output()).not.toContain('hunter2');
    expect(api.output()).not.toContain('hunter2');
    // a source that cannot connect degrades /ready, never fails it
    const ready = await api.api('GET', '/ready', undefined, null);
    expect(ready.status).toBe(200);
    expect(ready.body.checks.sources).toMatch(/^degraded: \d+ of \d+ broker sources not connected/);
    expect(await api.api('DELETE', `/v1/apps/${appId}/sources/${s.id}`)).toMatchObject({ status: 204 });
  }, 60_000);
});

describe.skipIf(!present.includes('redis'))('redis specifics', () => {
  it('credentials rotated in place: a source that cannot log in connects once PATCHed with the password; a masked URL keeps it', async () => {
    const b = brokers.redis!;
    const admin = new Redis(b.url, { maxRetriesPerRequest: 1 });
    closers.push(async () => {
      await admin.call('ACL', 'DELUSER', 'herald-src').catch(() => {});
      admin.disconnect();
    });
    const password = 'r1ght-p4ss-for-redis';
    await admin.call('ACL', 'SETUSER', 'herald-src', 'on', `>${password}`, '~*', '&*', '+@all');
    const pub = await sourcePublisher(b, 'creds-redis');
    closers.push(() => pub.close());
    const appId = await newApp('credentials');
    const at = (pass: string, db = 0) => `redis://herald-src:${pass}@127.0.0.1:${b.port}/${db}`;
    const source = await createSource(appId, { ...pub.source, url: at('wr0ng-p4ss-for-redis') });
    const refused = await eventually(async () => (await consumerOf(appId, source.id))?.lastError, 20_000);
    expect(refused).toMatch(/WRONGPASS|invalid username-password/);

    const path = `/v1/apps/${appId}/sources/${source.id}`;
    const rotated = await api.api('PATCH', path, { url: at(password) });
    expect(rotated.body.url).toBe(`redis://herald-src:***@127.0.0.1:${b.port}/0`);
    await restartedAfterEdit(source.id);
    await pub.publish([message(1, 'creds')]);
    await waitForCount(appId, 1, 30_000);
    await eventually(async () => (await consumerOf(appId, source.id))?.state === 'connected', 15_000);

    // sent back masked, with another database: the stored password still logs in
    const masked = await api.api('PATCH', path, { url: rotated.body.url.replace(/\/0$/, '/1') });
    expect(masked.status, JSON.stringify(masked.body)).toBe(200);
    await restartedAfterEdit(source.id, 2);
    const onDb1 = new Redis(`redis://127.0.0.1:${b.port}/1`, { maxRetriesPerRequest: 1 });
    closers.push(async () => onDb1.disconnect());
    await onDb1.xadd(
      'creds-redis',
      '*',
      'body',
      JSON.stringify({ seq: 2, run: 'creds' }),
      'type',
      'order.created',
    );
    await waitForCount(appId, 2, 30_000);
    await eventually(async () => (await consumerOf(appId, source.id))?.state === 'connected', 15_000);
    for (const out of [worker.output(), api.output()]) {
      expect(out).not.toContain(password);
      expect(out).not.toContain('wr0ng-p4ss');
    }
  }, 90_000);
});

describe('shutdown', () => {
  it('SIGTERM: a worker consuming every broker source exits 0 within the shutdown budget, its reports gone', async () => {
    const started = Date.now();
    worker.kill('SIGTERM');
    expect(await worker.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    const ms = Date.now() - started;
    console.log(`[shutdown] worker with ${present.length} broker types: ${ms} ms`);
    expect(ms).toBeLessThan(10_000);
    expect(worker.output()).not.toMatch(/"level":50/);
    // live reports (the workers killed earlier left stale ones, pruned later)
    const rows = await query(
      db.url,
      `SELECT count(*)::int AS n FROM source_consumers WHERE seen_at > now() - interval '3 seconds'`,
    );
    expect(rows[0]!.n).toBe(0);
    const leases = await query(
      db.url,
      'SELECT count(*)::int AS n FROM sources WHERE lease_holder IS NOT NULL',
    );
    expect(leases[0]!.n).toBe(0);
  }, 30_000);
});
