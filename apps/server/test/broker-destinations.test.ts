import { createServer, type Socket } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, connect as natsConnect } from '@nats-io/transport-node';
import { Admin, Consumer, MessagesStreamModes, stringDeserializers } from '@platformatic/kafka';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipher } from '../src/secrets/cipher.ts';
import { type Broker, type BrokerKind, brokerMissing, startBroker } from './helpers/brokers.ts';
import { eventually, startTestHerald, TEST_ENCRYPTION_KEY, type TestHerald } from './helpers/herald.ts';
import { startReceiver } from './helpers/receiver.ts';

// Broker destinations against real servers: an endpoint whose `destination` is RabbitMQ, Kafka, NATS
// JetStream or a Redis stream gets the same body and Standard Webhooks headers as an HTTP endpoint,
// a consumer verifies every signature with the official library, attempts succeed only on the
// broker's confirmation, and a broker stopped and started again gets its messages through retries.

const N = Number(process.env.HERALD_BROKER_TEST_N ?? 1000);

interface Got {
  body: string;
  headers: Record<string, string>;
}

/** What each broker needs for the tests: its destination, and a consumer that reads what arrived. */
interface Rig {
  destination: Record<string, unknown>;
  /** a destination on the same broker that it refuses, and the error that says so */
  refused: { destination: Record<string, unknown>; error: RegExp };
  /** every message on the destination so far, oldest first */
  read(): Promise<Got[]>;
  close(): Promise<void>;
}

const rigs: Record<BrokerKind, (b: Broker) => Promise<Rig>> = {
  async rabbitmq(b) {
    const conn = await amqp.connect(b.url);
    const ch = await conn.createChannel();
    await ch.assertExchange('herald', 'direct', { durable: true });
    await ch.assertQueue('orders', { durable: true });
    await ch.bindQueue('orders', 'herald', 'orders.paid');
    const got: Got[] = [];
    let consumer: amqp.ChannelModel | null = null;
    // a consumer of its own, reconnecting after the broker restarts (the test stops it)
    const consume = async () => {
      const c0 = await amqp.connect(b.url);
      consumer = c0;
      c0.on('error', () => {});
      c0.on('close', () => {
        if (consumer === c0) consumer = null;
      });
      const c = await c0.createChannel();
      await c.consume(
        'orders',
        (m) => {
          if (!m) return;
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(m.properties.headers ?? {})) headers[k] = String(v);
          got.push({ body: m.content.toString('utf8'), headers });
        },
        { noAck: true },
      );
    };
    await consume();
    await conn.close();
    return {
      destination: { type: 'amqp', url: b.url, exchange: 'herald', routingKey: 'orders.paid' },
      refused: {
        destination: { type: 'amqp', url: b.url, exchange: 'no-such-exchange', routingKey: 'x' },
        error: /NOT_FOUND - no exchange 'no-such-exchange'/,
      },
      async read() {
        if (!consumer) await consume().catch(() => {});
        return got;
      },
      async close() {
        await (consumer as amqp.ChannelModel | null)?.close().catch(() => {});
      },
    };
  },

  async kafka(b) {
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [b.url] });
    await admin.createTopics({ topics: ['herald-orders'], partitions: 1, replicas: 1 });
    await admin.close();
    // a consumer that survives the test's broker restart: one of its own for each read, from the start
    // of the topic, until nothing new arrived for 500 ms
    let reads = 0;
    const readAll = async (): Promise<Got[]> => {
      const consumer = new Consumer({
        clientId: 'test-consumer',
        groupId: `test-${Date.now()}-${++reads}`,
        bootstrapBrokers: [b.url],
        deserializers: stringDeserializers,
        maxWaitTime: 200,
      });
      const got: Got[] = [];
      try {
        const stream = await consumer.consume({
          topics: ['herald-orders'],
          mode: MessagesStreamModes.EARLIEST,
        });
        stream.on('error', () => {});
        let last = Date.now();
        stream.on('data', (m) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of m.headers as Map<string, string>) headers[k] = v;
          got.push({ body: m.value as string, headers });
          last = Date.now();
        });
        const deadline = Date.now() + 15_000;
        while (Date.now() - last < 500 || (got.length === 0 && Date.now() < last + 3000)) {
          if (Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await stream.close().catch(() => {});
      } finally {
        await consumer.close(true).catch(() => {});
      }
      return got;
    };
    return {
      destination: { type: 'kafka', brokers: [b.url], topic: 'herald-orders', key: '{eventType}' },
      refused: {
        destination: { type: 'kafka', brokers: [b.url], topic: 'no-such-topic' },
        error: /topic "no-such-topic" does not exist/,
      },
      read: readAll,
      close: async () => {},
    };
  },

  async nats(b) {
    const nc: NatsConnection = await natsConnect({
      servers: b.url,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 200,
    });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'HERALD', subjects: ['herald.>'] });
    return {
      destination: { type: 'nats', url: b.url, subject: 'herald.orders' },
      // no stream captures the subject: nobody acknowledges it
      refused: {
        destination: { type: 'nats', url: b.url, subject: 'nowhere.orders' },
        error: /no JetStream stream captures subject "nowhere.orders"/,
      },
      async read() {
        const info = await jsm.streams.info('HERALD');
        const out: Got[] = [];
        for (let seq = 1; seq <= info.state.last_seq; seq++) {
          const m = await jsm.streams.getMessage('HERALD', { seq });
          if (!m) continue;
          const headers: Record<string, string> = {};
          for (const [k, v] of m.header ?? []) headers[k.toLowerCase()] = v[0]!;
          out.push({ body: m.string(), headers });
        }
        return out;
      },
      close: () => nc.close(),
    };
  },

  async redis(b) {
    const r = new Redis(b.url, { maxRetriesPerRequest: 1 });
    r.on('error', () => {});
    await r.set('not-a-stream', 'x');
    return {
      destination: { type: 'redis', url: b.url, stream: 'herald:orders' },
      refused: { destination: { type: 'redis', url: b.url, stream: 'not-a-stream' }, error: /WRONGTYPE/ },
      async read() {
        const entries = await r.xrange('herald:orders', '-', '+');
        return entries.map(([, fields]) => {
          const f: Record<string, string> = {};
          for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
          const { body, ...headers } = f;
          return { body: body!, headers };
        });
      },
      close: async () => {
        r.disconnect();
      },
    };
  },
};

const KINDS: BrokerKind[] = ['rabbitmq', 'kafka', 'nats', 'redis'];
const TYPE: Record<BrokerKind, string> = { rabbitmq: 'amqp', kafka: 'kafka', nats: 'nats', redis: 'redis' };
const missing = Object.fromEntries(
  await Promise.all(KINDS.map(async (k) => [k, await brokerMissing(k)] as const)),
) as Record<BrokerKind, string | undefined>;

let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald({
    HERALD_RETRY_JITTER: '0',
    HERALD_HTTP_TIMEOUT_MS: '3000',
    HERALD_OPERATIONAL_APP: 'ops',
    // the worker reports its broker connections and counts on the heartbeat: /ready and /metrics follow
    HERALD_INSTANCE_HEARTBEAT_MS: '200',
    HERALD_INSTANCE_GONE_AFTER_MS: '2000',
  });
});
afterAll(async () => {
  await h?.stop();
});

async function newApp() {
  // a retry every second for a while: the broker outage test waits on it
  const res = await h.api('POST', '/v1/apps', { name: 'brokers', retrySchedule: Array(20).fill(1) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function newBrokerEndpoint(appId: string, destination: Record<string, unknown>, extra = {}) {
  const res = await h.api('POST', `/v1/apps/${appId}/endpoints`, { destination, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const secret = await h.api('GET', `/v1/apps/${appId}/endpoints/${res.body.id}/secret`);
  return { id: res.body.id as string, secret: secret.body.key as string, body: res.body };
}

async function publishMany(appId: string, n: number, eventType = 'order.paid') {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 500) {
    const messages = Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
      eventType,
      payload: { n: i + j, note: 'café ☃' },
    }));
    const res = await h.api('POST', `/v1/apps/${appId}/messages/batch`, { messages });
    expect(res.status).toBe(202);
    ids.push(...res.body.data.map((m: { id: string }) => m.id));
  }
  return ids;
}

const attemptsOf = async (appId: string, endpointId: string) =>
  (await h.api('GET', `/v1/apps/${appId}/attempts?endpoint=${endpointId}&limit=250`)).body.data as any[];

/** Every message verified with the official library: returns the payloads by message id. */
function verifyAll(secret: string, got: Got[]) {
  const wh = new Webhook(secret);
  const byId = new Map<string, any>();
  for (const g of got) {
    const payload = wh.verify(g.body, g.headers) as { type: string; data: { n: number } };
    byId.set(g.headers['webhook-id']!, payload);
  }
  return byId;
}

/** Deliveries of an endpoint that succeeded (read straight from the database: counting N attempts). */
const succeeded = async (endpointId: string) =>
  (
    await h.herald.app!.pg.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND status = 'succeeded'`,
      [endpointId],
    )
  ).rows[0]!.n;

/**
 * Messages per second through each destination type, from the first publish until the broker confirmed
 * the last one, with an HTTP endpoint as the baseline of the same run (printed at the end; noisy on a
 * shared machine, the ratios less so).
 */
const rates: string[] = [];
const rate = (what: string, ms: number, failed = 0) =>
  rates.push(
    `${what.padEnd(8)} ${String(Math.round((N / ms) * 1000)).padStart(5)} msg/s (${ms} ms${failed ? `, ${failed} failed attempts retried` : ''})`,
  );
const failedAttempts = async (endpointId: string) =>
  (
    await h.herald.app!.pg.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attempts WHERE endpoint_id = $1 AND status = 'failed'`,
      [endpointId],
    )
  ).rows[0]!.n;
afterAll(() => {
  if (rates.length)
    console.log(`\ndestinations, ${N} messages each, publish to last confirmed:\n  ${rates.join('\n  ')}\n`);
});

describe('HTTP baseline', () => {
  it(`delivers ${N} messages to an HTTP receiver`, async () => {
    const receiver = await startReceiver();
    const appId = await newApp();
    const res = await h.api('POST', `/v1/apps/${appId}/endpoints`, { url: receiver.url });
    const started = Date.now();
    await publishMany(appId, N);
    await eventually(async () => (await succeeded(res.body.id)) >= N, 60_000, 20);
    rate('http', Date.now() - started);
    await receiver.close();
  }, 120_000);
});

for (const kind of KINDS) {
  describe.skipIf(missing[kind])(`${kind} destination`, () => {
    let broker: Broker;
    let rig: Rig;
    let appId: string;

    beforeAll(async () => {
      broker = await startBroker(kind);
      rig = await rigs[kind](broker);
      appId = await newApp();
    }, 120_000);
    afterAll(async () => {
      await rig?.close();
      await broker?.close();
    }, 60_000);

    it(`delivers ${N} messages that a consumer verifies with standardwebhooks`, async () => {
      const ep = await newBrokerEndpoint(appId, rig.destination, { headers: { 'x-tenant': 'acme' } });
      const started = Date.now();
      const ids = await publishMany(appId, N);
      await eventually(async () => (await succeeded(ep.id)) >= N, 60_000, 20);
      rate(kind, Date.now() - started, await failedAttempts(ep.id));
      const got = await eventually(async () => {
        const g = await rig.read();
        return g.length >= N ? g : null;
      }, 60_000);

      const verified = verifyAll(ep.secret, got);
      expect(new Set(verified.keys())).toEqual(new Set(ids));
      expect([...verified.values()].map((v) => v.data.n).sort((a, b) => a - b)).toEqual(
        Array.from({ length: N }, (_, i) => i),
      );
      const one = got[0]!;
      expect(one.headers['content-type']).toBe('application/json');
      expect(one.headers['x-tenant']).toBe('acme');
      expect(JSON.parse(one.body)).toMatchObject({ type: 'order.paid', data: { note: 'café ☃' } });

      // every delivery succeeded on the broker's confirmation, logged like an HTTP attempt
      await eventually(async () => {
        const a = await attemptsOf(appId, ep.id);
        return a.length >= Math.min(N, 250) && a.every((x) => x.status === 'succeeded') ? a : null;
      }, 20_000);
      const [attempt] = await attemptsOf(appId, ep.id);
      expect(attempt.responseStatusCode).toBeNull();
      expect(attempt.responseBody).toMatch(
        {
          rabbitmq: /confirmed by RabbitMQ/,
          kafka: /all in-sync replicas: partition 0, batch of \d+ from offset \d+/,
          nats: /stream HERALD seq \d+/,
          redis: /entry \d+-\d+/,
        }[kind],
      );
      expect(attempt.requestHeaders['webhook-signature']).toMatch(/^v1,/);
      await h.api('DELETE', `/v1/apps/${appId}/endpoints/${ep.id}`);
    }, 120_000);

    it('fails an attempt the broker refuses, with its error, and retries it', async () => {
      const ep = await newBrokerEndpoint(appId, rig.refused.destination);
      const [id] = await publishMany(appId, 1, 'order.refused');
      const attempts = await eventually(async () => {
        const a = (await h.api('GET', `/v1/apps/${appId}/messages/${id}/attempts`)).body.data;
        return a.length >= 2 ? a : null;
      }, 30_000);
      for (const a of attempts) {
        expect(a.status).toBe('failed');
        expect(a.responseStatusCode).toBeNull();
        expect(a.error).toMatch(rig.refused.error);
      }
      const d = (await h.api('GET', `/v1/apps/${appId}/messages/${id}/deliveries`)).body.data[0];
      expect(d.status).toBe('pending');
      await h.api('DELETE', `/v1/apps/${appId}/endpoints/${ep.id}`);
    }, 60_000);

    it('keeps one connection per broker URL, though each endpoint stores it encrypted apart', async () => {
      const a = await newBrokerEndpoint(appId, rig.destination);
      const b = await newBrokerEndpoint(appId, rig.destination);
      const { rows } = await h.herald.app!.pg.pool.query(
        `SELECT destination ->> 'url' AS url FROM endpoints WHERE id = ANY($1)`,
        [[a.id, b.id]],
      );
      // a fresh IV each: equal URLs are different stored values (Kafka's brokers are not encrypted)
      if (kind !== 'kafka') expect(rows[0].url).not.toBe(rows[1].url);
      await publishMany(appId, 2);
      await eventually(async () => (await succeeded(a.id)) >= 2 && (await succeeded(b.id)) >= 2, 30_000);
      const type = rig.destination.type as string;
      const connected = new RegExp(
        `^herald_broker_connections\\{type="${type}",role="destination",state="connected"\\} (\\d+)`,
        'm',
      );
      // one, though this process is api and worker at once: counted from the worker's report alone
      await eventually(async () => {
        const m = (await h.api('GET', '/metrics', undefined, { key: null })).body as string;
        return m.match(connected)?.[1] === '1';
      }, 10_000);
      await h.api('DELETE', `/v1/apps/${appId}/endpoints/${a.id}`);
      await h.api('DELETE', `/v1/apps/${appId}/endpoints/${b.id}`);
    }, 60_000);

    it('shows the destination with its password masked', async () => {
      if (kind === 'kafka') return; // no URL credentials: Kafka's SASL password is in kafka-security.test.ts
      const withPassword = {
        ...rig.destination,
        url: (rig.destination.url as string).replace(/\/\/([^@]*@)?/, '//herald:s3cret-pw@'),
      };
      const ep = await newBrokerEndpoint(appId, withPassword, { disabled: true });
      const shown = JSON.stringify([ep.body, (await h.api('GET', `/v1/apps/${appId}/endpoints`)).body]);
      expect(shown).not.toContain('s3cret-pw');
      expect(ep.body.destination.url).toContain('herald:***@');
      expect(ep.body.url).toContain('herald:***@');
      // the masked password sent back keeps the stored one
      const patched = await h.api('PATCH', `/v1/apps/${appId}/endpoints/${ep.id}`, {
        destination: ep.body.destination,
      });
      expect(patched.status).toBe(200);
      const rows = await h.herald.app!.pg.pool.query('SELECT destination FROM endpoints WHERE id = $1', [
        ep.id,
      ]);
      // stored encrypted (secrets-at-rest.test.ts): the row holds no password, its plaintext does
      const stored = rows.rows[0].destination.url as string;
      expect(stored).toMatch(/^enc:v1:/);
      expect(stored).not.toContain('s3cret-pw');
      expect(createCipher(TEST_ENCRYPTION_KEY).decrypt(stored)).toContain('herald:s3cret-pw@');
      await h.api('DELETE', `/v1/apps/${appId}/endpoints/${ep.id}`);
    });

    it('gets messages through retries after the broker was stopped and started again', async () => {
      const ep = await newBrokerEndpoint(appId, rig.destination);
      const before = (await rig.read()).length;
      await broker.stop();
      const ids = await publishMany(appId, 5, 'order.retried');
      // attempts fail with the broker's error while it is down ...
      const failed = await eventually(async () => {
        const a = await attemptsOf(appId, ep.id);
        return a.filter((x) => x.status === 'failed').length >= 5 ? a : null;
      }, 30_000);
      expect(failed[0].error).toMatch(/^(RabbitMQ|Kafka|NATS|Redis): ./);
      const ready = await eventually(async () => {
        const r = await h.api('GET', '/ready', undefined, { key: null });
        return String(r.body.checks.brokers).includes(TYPE[kind]) ? r : null;
      }, 10_000);
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.checks.brokers).toMatch(new RegExp(`^degraded: .*${TYPE[kind]}`));
      // ... and go through once it is back
      await broker.start();
      const got = await eventually(async () => {
        const g = (await rig.read()).slice(before);
        const seen = new Set(g.map((x) => x.headers['webhook-id']));
        return ids.every((id) => seen.has(id)) ? g : null;
      }, 60_000);
      const verified = verifyAll(ep.secret, got);
      for (const id of ids) expect(verified.get(id)?.type).toBe('order.retried');
      await eventually(async () => {
        const d = await Promise.all(
          ids.map((id) =>
            h.api('GET', `/v1/apps/${appId}/messages/${id}/deliveries`).then((r) => r.body.data[0]),
          ),
        );
        return d.every((x) => x.status === 'succeeded');
      }, 20_000);
      // (other brokers of this file may be down by now: only this one counts here)
      await eventually(async () => {
        const r = await h.api('GET', '/ready', undefined, { key: null });
        return r.status === 200 && !String(r.body.checks.brokers).includes(TYPE[kind]);
      }, 20_000);
      await h.api('DELETE', `/v1/apps/${appId}/endpoints/${ep.id}`);
    }, 150_000);
  });
}

describe.skipIf(missing.rabbitmq)('amqp specifics', () => {
  let broker: Broker;
  let appId: string;
  beforeAll(async () => {
    broker = await startBroker('rabbitmq');
    const conn = await amqp.connect(broker.url);
    const ch = await conn.createChannel();
    await ch.assertExchange('nobody-home', 'direct', { durable: true });
    await conn.close();
    appId = await newApp();
  }, 120_000);
  afterAll(() => broker?.close(), 60_000);

  it('an unroutable message (mandatory, no queue bound) is a failed attempt', async () => {
    const ep = await newBrokerEndpoint(appId, {
      type: 'amqp',
      url: broker.url,
      exchange: 'nobody-home',
      routingKey: 'x',
    });
    const [id] = await publishMany(appId, 1);
    const attempts = await eventually(async () => {
      const a = (await h.api('GET', `/v1/apps/${appId}/messages/${id}/attempts`)).body.data;
      return a.length > 0 ? a : null;
    });
    expect(attempts[0].status).toBe('failed');
    expect(attempts[0].error).toMatch(/unroutable.*NO_ROUTE/);
    const d = (await h.api('GET', `/v1/apps/${appId}/messages/${id}/deliveries`)).body.data[0];
    expect(d.status).toBe('pending');
    expect(d.nextAttemptAt).not.toBeNull();
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${ep.id}`);
  });

  it('a missing exchange is a failed attempt with the broker error, and other endpoints on the broker still deliver', async () => {
    const conn = await amqp.connect(broker.url);
    const ch = await conn.createChannel();
    await ch.assertQueue('fine', { durable: true });
    const bad = await newBrokerEndpoint(appId, {
      type: 'amqp',
      url: broker.url,
      exchange: 'no-such-exchange',
      routingKey: 'x',
    });
    const good = await newBrokerEndpoint(appId, {
      type: 'amqp',
      url: broker.url,
      exchange: '',
      routingKey: 'fine',
    });
    const ids = await publishMany(appId, 3);
    await eventually(async () => (await ch.checkQueue('fine')).messageCount >= 3, 15_000);
    const a = await eventually(async () => {
      const x = await attemptsOf(appId, bad.id);
      return x.length >= 3 ? x : null;
    });
    expect(a[0].status).toBe('failed');
    expect(a[0].error).toMatch(/NOT_FOUND - no exchange 'no-such-exchange'/);
    expect(ids).toHaveLength(3);
    await conn.close();
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${bad.id}`);
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${good.id}`);
  });

  it('counts publishes in /metrics', async () => {
    // the worker's counts reach the database on its next report
    const m = await eventually(async () => {
      const text = (await h.api('GET', '/metrics', undefined, { key: null })).body as string;
      return /^herald_broker_failed_total\{type="amqp"\} [1-9]/m.test(text) ? text : null;
    }, 10_000);
    expect(m).toMatch(/^herald_broker_published_total\{type="amqp"\} [1-9]/m);
    expect(m).toMatch(/^herald_broker_confirmed_total\{type="amqp"\} [1-9]/m);
    expect(m).toMatch(/^herald_broker_failed_total\{type="amqp"\} [1-9]/m);
    expect(m).toMatch(
      /^herald_broker_connections\{type="amqp",role="destination",state="connected"\} [1-9]/m,
    );
  });
});

describe('broker destination input', () => {
  let appId: string;
  beforeAll(async () => {
    appId = await newApp();
  });
  const post = (body: unknown) => h.api('POST', `/v1/apps/${appId}/endpoints`, body);

  it('takes a url or a destination, not both, not neither', async () => {
    const both = await post({
      url: 'https://example.com/x',
      destination: { type: 'redis', url: 'redis://r:6379', stream: 's' },
    });
    expect(both.status).toBe(422);
    expect(JSON.stringify(both.body.errors)).toContain('destination');
    const neither = await post({ description: 'x' });
    expect(neither.status).toBe(422);
    expect(JSON.stringify(neither.body.errors)).toContain('url');
  });

  const kafka = { type: 'kafka', brokers: ['kafka.example:9092'], topic: 't' };

  it('names the bad field of a destination', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'amqp', url: 'http://x', exchange: 'e', routingKey: 'k' }, /destination.*url/],
      [{ type: 'kafka', brokers: [], topic: 't' }, /destination.*brokers/],
      [{ type: 'kafka', brokers: ['k:9092'], topic: 'bad topic' }, /destination.*topic/],
      [{ type: 'nats', url: 'nats://n:4222', subject: 'a.*' }, /destination.*subject/],
      [{ type: 'mqtt', url: 'mqtt://m' }, /destination/],
      [
        { ...kafka, sasl: { mechanism: 'gssapi', username: 'u', password: 'p' } },
        /destination\.sasl\.mechanism/,
      ],
      [{ ...kafka, sasl: { mechanism: 'plain', username: 'u' } }, /destination\.sasl\.password/],
      [{ ...kafka, tls: 'yes' }, /destination\.tls/],
      [{ ...kafka, tls: { ca: 'not a certificate' } }, /destination\.tls\.ca/],
      [{ ...kafka, tls: { verify: false } }, /destination\.tls\.verify/],
      // PEM framing around something that is no certificate: the server's own check
      [
        { ...kafka, tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' } },
        /destination\.tls\.ca.*not a valid X\.509 certificate/,
      ],
    ];
    for (const [destination, path] of cases) {
      const res = await post({ destination });
      expect(res.status, JSON.stringify(destination)).toBe(422);
      expect(JSON.stringify(res.body.errors)).toMatch(path);
    }
  });

  it('keeps a Kafka SASL password sent back as "***" only for the same brokers and user', async () => {
    const destination = {
      ...kafka,
      brokers: ['k1.example:9093', 'k2.example:9093'],
      sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'kept-pa55word' },
      tls: true,
    };
    const ep = await post({ destination, disabled: true });
    expect(ep.status, JSON.stringify(ep.body)).toBe(201);
    expect(ep.body.destination.sasl.password).toBe('***');
    expect(ep.body.url).toBe(
      'kafka://app:***@k1.example:9093,k2.example:9093 topic=t sasl=scram-sha-512 tls',
    );
    expect(JSON.stringify(ep.body)).not.toContain('kept-pa55word');
    const patch = (d: unknown) =>
      h.api('PATCH', `/v1/apps/${appId}/endpoints/${ep.body.id}`, { destination: d });
    const shown = ep.body.destination;
    // the same brokers (in any order) and user: kept
    const same = await patch({ ...shown, brokers: ['k2.example:9093', 'k1.example:9093'], topic: 't2' });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    const stored = async () =>
      (await h.herald.app!.pg.pool.query('SELECT destination FROM endpoints WHERE id = $1', [ep.body.id]))
        .rows[0].destination;
    expect(createCipher(TEST_ENCRYPTION_KEY).decrypt((await stored()).sasl.password)).toBe('kept-pa55word');
    // elsewhere, or as someone else: the stored password does not follow; the field says why
    for (const d of [
      { ...shown, brokers: ['elsewhere.example:9093'] },
      { ...shown, brokers: [...shown.brokers, 'elsewhere.example:9093'] },
      { ...shown, sasl: { ...shown.sasl, username: 'other' } },
    ]) {
      const res = await patch(d);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        { path: 'destination.sasl.password', message: expect.stringContaining('same brokers and username') },
      ]);
    }
    // a new password replaces it; SASL left out removes it
    expect((await patch({ ...shown, sasl: { ...shown.sasl, password: 'new-pa55word' } })).status).toBe(200);
    expect(createCipher(TEST_ENCRYPTION_KEY).decrypt((await stored()).sasl.password)).toBe('new-pa55word');
    const { sasl: _, ...without } = shown;
    expect((await patch(without)).body.destination.sasl).toBeUndefined();
    expect((await stored()).sasl).toBeUndefined();
  });

  it('turns an HTTP endpoint into a broker one and back', async () => {
    const ep = await post({ url: 'https://example.com/hook', disabled: true });
    expect(ep.body.destination).toBeNull();
    const toRedis = await h.api('PATCH', `/v1/apps/${appId}/endpoints/${ep.body.id}`, {
      destination: { type: 'redis', url: 'redis://:pw-123@redis.example:6379/0', stream: 'events' },
    });
    expect(toRedis.status).toBe(200);
    expect(toRedis.body.destination).toEqual({
      type: 'redis',
      url: 'redis://:***@redis.example:6379/0',
      stream: 'events',
    });
    expect(toRedis.body.url).toBe('redis://:***@redis.example:6379/0 stream=events');
    const back = await h.api('PATCH', `/v1/apps/${appId}/endpoints/${ep.body.id}`, {
      url: 'https://example.com/again',
    });
    expect(back.body.destination).toBeNull();
    expect(back.body.url).toBe('https://example.com/again');
  });
});

describe('a broker that never answers', () => {
  it('fails its attempts with a timeout and does not delay HTTP endpoints', async () => {
    // accepts TCP connections and says nothing, like a hung broker or a black-holed address
    const sockets: Socket[] = [];
    const hole = createServer((s) => {
      sockets.push(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', r));
    const port = (hole.address() as { port: number }).port;
    const receiver = await startReceiver();
    try {
      const appId = await newApp();
      const dead = [
        { type: 'amqp', url: `amqp://guest:guest@127.0.0.1:${port}`, exchange: '', routingKey: 'q' },
        { type: 'kafka', brokers: [`127.0.0.1:${port}`], topic: 't' },
        { type: 'nats', url: `nats://127.0.0.1:${port}`, subject: 's' },
        { type: 'redis', url: `redis://127.0.0.1:${port}`, stream: 's' },
      ];
      const eps = [];
      for (const d of dead) eps.push(await newBrokerEndpoint(appId, d));
      await h.api('POST', `/v1/apps/${appId}/endpoints`, { url: receiver.url });
      const started = Date.now();
      await publishMany(appId, 20);
      await receiver.waitFor(20, 10_000);
      // all 20 HTTP deliveries arrived while 80 broker attempts were still waiting on the hole
      expect(Date.now() - started).toBeLessThan(3000);
      for (const ep of eps) {
        const a = await eventually(async () => {
          const x = await attemptsOf(appId, ep.id);
          return x.length > 0 ? x : null;
        }, 20_000);
        expect(a[0].status).toBe('failed');
        expect(a[0].error).toMatch(/^(RabbitMQ|Kafka|NATS|Redis): .+/);
      }
    } finally {
      await receiver.close();
      for (const s of sockets) s.destroy();
      hole.close();
    }
  }, 60_000);
});

describe.skipIf(missing.redis)('operational events on a broker (event bus out)', () => {
  let redis: Broker;
  beforeAll(async () => {
    redis = await startBroker('redis');
  });
  afterAll(() => redis?.close());

  it('mirrors endpoint.disabled to a Redis stream endpoint of the operational application', async () => {
    const ops = await h.api('POST', '/v1/apps', { name: 'operations', uid: 'ops' });
    expect(ops.status).toBe(201);
    const bus = await newBrokerEndpoint(
      ops.body.id,
      { type: 'redis', url: redis.url, stream: 'herald:ops' },
      { eventTypes: ['endpoint.disabled', 'message.attempt.exhausted'] },
    );
    // an endpoint that answers 410 Gone is disabled at once, which is an operational event
    const gone = await startReceiver(() => ({ status: 410 }));
    try {
      const appId = await newApp();
      const ep = await h.api('POST', `/v1/apps/${appId}/endpoints`, { url: gone.url });
      await publishMany(appId, 1);
      const client = new Redis(redis.url);
      try {
        const entries = await eventually(async () => {
          const e = await client.xrange('herald:ops', '-', '+');
          return e.length > 0 ? e : null;
        }, 20_000);
        const f: Record<string, string> = {};
        const fields = entries[0]![1];
        for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
        const { body, ...headers } = f;
        const event = new Webhook(bus.secret).verify(body!, headers) as any;
        expect(event.type).toBe('endpoint.disabled');
        expect(JSON.stringify(event.data)).toContain(ep.body.id);
      } finally {
        client.disconnect();
      }
    } finally {
      await gone.close();
    }
  }, 60_000);
});
