import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
} from '@platformatic/kafka';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipher } from '../src/secrets/cipher.ts';
import { queryDb } from './helpers/api.ts';
import { type Broker, brokerMissing, selfSignedKeystore, startBroker } from './helpers/brokers.ts';
import { eventually, startTestHerald, TEST_ENCRYPTION_KEY, type TestHerald } from './helpers/herald.ts';

// Kafka with SASL and TLS, against a real broker: one Kafka (KRaft) with PLAINTEXT, SASL_PLAINTEXT
// (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), SSL and SASL_SSL listeners and a self-signed certificate made by
// keytool. Destinations deliver over each, verified with the official standardwebhooks library; a wrong
// password or a wrong CA is a failed attempt that says why and never holds the password; sources
// consume through SASL and TLS. Every log line Herald wrote is grepped for the passwords at the end.

const missing = await brokerMissing('kafka');
const N = Number(process.env.HERALD_BROKER_TEST_N ?? 1000);
const PASSWORD = 'herald-sasl-pw-8d1f3c';
const OTHER_PASSWORD = 'other-sasl-pw-51c2e9';
const WRONG_PASSWORD = 'wrong-sasl-pw-77ab40';
const cipher = createCipher(TEST_ENCRYPTION_KEY);

type Sasl = { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
const scram256: Sasl = { mechanism: 'scram-sha-256', username: 'herald', password: PASSWORD };

/** @platformatic/kafka's options for the test's own clients (the same SASL and TLS Herald is given). */
const clientSecurity = (sasl?: Sasl, ca?: string) => ({
  ...(sasl ? { sasl: { ...sasl, mechanism: sasl.mechanism.toUpperCase() as 'PLAIN' } } : {}),
  ...(ca ? { tls: { ca } } : {}),
});

interface Got {
  body: string;
  headers: Record<string, string>;
}

describe.skipIf(missing)('Kafka with SASL and TLS', () => {
  let kafka: Broker;
  let h: TestHerald;
  let appId: string;
  let wrongCa: string;
  let certDir: string;
  const lines: string[] = [];
  const rates: string[] = [];

  beforeAll(async () => {
    certDir = await mkdtemp(join(tmpdir(), 'herald-wrong-ca-'));
    [kafka, wrongCa, h] = await Promise.all([
      startBroker('kafka', { kafka: { users: { herald: PASSWORD, other: OTHER_PASSWORD }, tls: true } }),
      // a certificate the broker's is not: the CA of the "wrong CA" test
      selfSignedKeystore(certDir, 'stranger').then((k) => k.ca),
      startTestHerald(
        {
          HERALD_RETRY_JITTER: '0',
          HERALD_HTTP_TIMEOUT_MS: '3000',
          HERALD_INSTANCE_HEARTBEAT_MS: '200',
          HERALD_SOURCE_SCAN_INTERVAL_MS: '200',
          HERALD_SOURCE_LEASE_SECONDS: '2',
        },
        ['api', 'worker'],
        { log: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }) },
      ),
    ]);
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [kafka.url] });
    try {
      await admin.createTopics({
        topics: [
          'sec-plaintext',
          'sec-sasl',
          'sec-sasl-ssl',
          'sec-mechanisms',
          'sec-tls',
          'sec-in',
          'sec-in-tls',
        ],
        partitions: 1,
        replicas: 1,
      });
    } finally {
      await admin.close();
    }
    const app = await h.api('POST', '/v1/apps', { name: 'kafka-security', retrySchedule: Array(20).fill(1) });
    appId = app.body.id;
  }, 180_000);

  afterAll(async () => {
    if (rates.length)
      console.log(
        `\nKafka destinations, ${N} messages each, publish to last confirmed:\n  ${rates.join('\n  ')}\n`,
      );
    await h?.stop();
    await kafka?.close();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  }, 60_000);

  async function newEndpoint(destination: Record<string, unknown>) {
    const res = await h.api('POST', `/v1/apps/${appId}/endpoints`, { destination });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const secret = await h.api('GET', `/v1/apps/${appId}/endpoints/${res.body.id}/secret`);
    return { id: res.body.id as string, secret: secret.body.key as string, body: res.body };
  }

  async function publishMany(n: number, eventType = 'order.paid') {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 500) {
      const messages = Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
        eventType,
        payload: { n: i + j },
      }));
      const res = await h.api('POST', `/v1/apps/${appId}/messages/batch`, { messages });
      expect(res.status).toBe(202);
      ids.push(...res.body.data.map((m: { id: string }) => m.id));
    }
    return ids;
  }

  const succeeded = async (endpointId: string) =>
    (
      await queryDb<{ n: number }>(
        h,
        `SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND status = 'succeeded'`,
        [endpointId],
      )
    )[0]!.n;

  const attemptsOf = async (endpointId: string) =>
    (await h.api('GET', `/v1/apps/${appId}/attempts?endpoint=${endpointId}&limit=250`)).body.data as Array<{
      status: string;
      error: string | null;
    }>;

  /** Every record of `topic`, read through `bootstrap` with the given SASL and TLS, until 500 ms of quiet. */
  async function readTopic(bootstrap: string, topic: string, sasl?: Sasl, ca?: string): Promise<Got[]> {
    const consumer = new Consumer({
      clientId: 'test-reader',
      groupId: `test-${topic}-${Date.now()}`,
      bootstrapBrokers: [bootstrap],
      deserializers: stringDeserializers,
      maxWaitTime: 200,
      ...clientSecurity(sasl, ca),
    });
    const got: Got[] = [];
    try {
      const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST });
      stream.on('error', () => {});
      let last = Date.now();
      stream.on('data', (m) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of m.headers as Map<string, string>) headers[k] = v;
        got.push({ body: m.value as string, headers });
        last = Date.now();
      });
      const deadline = Date.now() + 20_000;
      while (Date.now() - last < 500 || (got.length === 0 && Date.now() < last + 3000)) {
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await stream.close().catch(() => {});
    } finally {
      await consumer.close(true).catch(() => {});
    }
    return got;
  }

  /** Every record verified with the official library; returns the message ids. */
  function verifyAll(secret: string, got: Got[]): Set<string> {
    const wh = new Webhook(secret);
    for (const g of got) wh.verify(g.body, g.headers);
    return new Set(got.map((g) => g.headers['webhook-id']!));
  }

  it(`delivers ${N} messages over SASL (SCRAM-SHA-256), verified with standardwebhooks; plaintext and SASL_SSL alongside`, async () => {
    const s = kafka.security!;
    const runs = [
      { what: 'plaintext', topic: 'sec-plaintext', bootstrap: kafka.url, sasl: undefined, ca: undefined },
      { what: 'sasl', topic: 'sec-sasl', bootstrap: s.sasl, sasl: scram256, ca: undefined },
      { what: 'sasl_ssl', topic: 'sec-sasl-ssl', bootstrap: s.saslSsl!, sasl: scram256, ca: s.ca! },
    ];
    for (const run of runs) {
      const ep = await newEndpoint({
        type: 'kafka',
        brokers: [run.bootstrap],
        topic: run.topic,
        ...(run.sasl ? { sasl: run.sasl } : {}),
        ...(run.ca ? { tls: { ca: run.ca } } : {}),
      });
      // connected and the topic known before the clock starts: the rate is the steady state's
      const warm = await publishMany(5, 'order.warm-up');
      await eventually(async () => (await succeeded(ep.id)) >= 5, 30_000, 20);
      const started = Date.now();
      const ids = [...warm, ...(await publishMany(N))];
      await eventually(async () => (await succeeded(ep.id)) >= N + 5, 90_000, 20);
      const ms = Date.now() - started;
      rates.push(
        `${run.what.padEnd(10)} ${String(Math.round((N / ms) * 1000)).padStart(5)} msg/s (${ms} ms)`,
      );
      // the consumer reads through the same kind of listener
      const got = await eventually(async () => {
        const g = await readTopic(run.bootstrap, run.topic, run.sasl, run.ca);
        return g.length >= N + 5 ? g : null;
      }, 60_000);
      expect(verifyAll(ep.secret, got)).toEqual(new Set(ids));
      await h.api('DELETE', `/v1/apps/${appId}/endpoints/${ep.id}`);
    }
  }, 300_000);

  it('logs in with PLAIN and SCRAM-SHA-512 too; each user has a connection of its own', async () => {
    const s = kafka.security!;
    const plain = await newEndpoint({
      type: 'kafka',
      brokers: [s.sasl],
      topic: 'sec-mechanisms',
      sasl: { mechanism: 'plain', username: 'herald', password: PASSWORD },
    });
    const scram512 = await newEndpoint({
      type: 'kafka',
      brokers: [s.sasl],
      topic: 'sec-mechanisms',
      sasl: { mechanism: 'scram-sha-512', username: 'other', password: OTHER_PASSWORD },
    });
    const ids = await publishMany(3, 'order.mechanisms');
    await eventually(
      async () => (await succeeded(plain.id)) >= 3 && (await succeeded(scram512.id)) >= 3,
      30_000,
    );
    const got = await readTopic(s.sasl, 'sec-mechanisms', scram256);
    const bySecret = (secret: string) => {
      const wh = new Webhook(secret);
      return got.filter((g) => {
        try {
          wh.verify(g.body, g.headers);
          return true;
        } catch {
          return false;
        }
      });
    };
    for (const ep of [plain, scram512])
      expect(new Set(bySecret(ep.secret).map((g) => g.headers['webhook-id']))).toEqual(new Set(ids));
    // one producer per user: the worker reports both, named without their passwords
    const targets = await eventually(async () => {
      const rows = await queryDb<{ target: string }>(
        h,
        `SELECT target FROM broker_connections WHERE type = 'kafka' AND status = 'connected'`,
      );
      const t = rows.map((r) => r.target);
      return t.includes(`kafka://herald:***@${s.sasl}`) && t.includes(`kafka://other:***@${s.sasl}`)
        ? t
        : null;
    }, 10_000);
    expect(JSON.stringify(targets)).not.toContain(PASSWORD);
    expect(plain.body.url).toBe(`kafka://herald:***@${s.sasl} topic=sec-mechanisms sasl=plain`);
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${plain.id}`);
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${scram512.id}`);
  }, 60_000);

  it('a wrong password is a failed attempt that says so without the password; the right one beside it delivers', async () => {
    const s = kafka.security!;
    const good = await newEndpoint({ type: 'kafka', brokers: [s.sasl], topic: 'sec-sasl', sasl: scram256 });
    const bad = await newEndpoint({
      type: 'kafka',
      brokers: [s.sasl],
      topic: 'sec-sasl',
      sasl: { ...scram256, password: WRONG_PASSWORD },
    });
    await publishMany(2, 'order.wrong-password');
    await eventually(async () => (await succeeded(good.id)) >= 2, 30_000);
    const failed = await eventually(async () => {
      const a = await attemptsOf(bad.id);
      return a.length >= 2 ? a : null;
    }, 30_000);
    for (const a of failed) {
      expect(a.status).toBe('failed');
      expect(a.error).toMatch(/^Kafka: .*SASL authentication failed/);
      expect(a.error).not.toContain(WRONG_PASSWORD);
    }
    expect(await succeeded(bad.id)).toBe(0);
    // the connection's state says it too, without the password
    const down = await eventually(async () => {
      const rows = await queryDb<{ last_error: string | null }>(
        h,
        `SELECT last_error FROM broker_connections WHERE type = 'kafka' AND status = 'down'`,
      );
      return rows.find((r) => r.last_error?.includes('SASL authentication failed'));
    }, 10_000);
    expect(down.last_error).not.toContain(WRONG_PASSWORD);
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${good.id}`);
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${bad.id}`);
  }, 60_000);

  it('delivers over TLS with the CA given; a wrong CA fails, saying the certificate is not trusted', async () => {
    const s = kafka.security!;
    const trusted = await newEndpoint({
      type: 'kafka',
      brokers: [s.ssl!],
      topic: 'sec-tls',
      tls: { ca: s.ca },
    });
    const stranger = await newEndpoint({
      type: 'kafka',
      brokers: [s.ssl!],
      topic: 'sec-tls',
      tls: { ca: wrongCa },
    });
    const ids = await publishMany(3, 'order.tls');
    await eventually(async () => (await succeeded(trusted.id)) >= 3, 30_000);
    const got = await readTopic(s.ssl!, 'sec-tls', undefined, s.ca);
    expect(verifyAll(trusted.secret, got)).toEqual(new Set(ids));
    const failed = await eventually(async () => {
      const a = await attemptsOf(stranger.id);
      return a.length >= 1 ? a : null;
    }, 30_000);
    expect(failed[0]!.status).toBe('failed');
    expect(failed[0]!.error).toMatch(/self-signed certificate/);
    expect(failed[0]!.error).toMatch(
      /TLS: the broker's certificate is not trusted, DEPTH_ZERO_SELF_SIGNED_CERT/,
    );
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${trusted.id}`);
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${stranger.id}`);
  }, 60_000);

  it('stores the password encrypted, shows it masked, and keeps it when "***" comes back', async () => {
    const s = kafka.security!;
    const ep = await newEndpoint({
      type: 'kafka',
      brokers: [s.sasl],
      topic: 'sec-sasl',
      sasl: scram256,
      tls: false,
    });
    expect(ep.body.destination.sasl).toEqual({ ...scram256, password: '***' });
    const [row] = await queryDb(h, 'SELECT destination, url FROM endpoints WHERE id = $1', [ep.id]);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(row.destination.sasl.password).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(cipher.decrypt(row.destination.sasl.password)).toBe(PASSWORD);
    const patched = await h.api('PATCH', `/v1/apps/${appId}/endpoints/${ep.id}`, {
      destination: { ...ep.body.destination, topic: 'sec-mechanisms' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const [after] = await queryDb(h, 'SELECT destination FROM endpoints WHERE id = $1', [ep.id]);
    expect(cipher.decrypt(after.destination.sasl.password)).toBe(PASSWORD);
    // and it still logs in: the kept password is the real one
    const [id] = await publishMany(1, 'order.kept');
    await eventually(async () => {
      const d = (await h.api('GET', `/v1/apps/${appId}/messages/${id}/deliveries`)).body.data;
      return (
        d.find((x: { endpointId: string; status: string }) => x.endpointId === ep.id)?.status === 'succeeded'
      );
    }, 30_000);
    await h.api('DELETE', `/v1/apps/${appId}/endpoints/${ep.id}`);
  }, 60_000);

  describe('sources', () => {
    async function produce(bootstrap: string, topic: string, n: number, sasl: Sasl, ca?: string) {
      const producer = new Producer({
        clientId: 'test-producer',
        bootstrapBrokers: [bootstrap],
        idempotent: true,
        acks: ProduceAcks.ALL,
        ...clientSecurity(sasl, ca),
      });
      try {
        await producer.send({
          messages: Array.from({ length: n }, (_, i) => ({
            topic,
            key: Buffer.from(`k${i}`),
            value: Buffer.from(JSON.stringify({ n: i })),
            headers: new Map([[Buffer.from('type'), Buffer.from('order.created')]]),
          })),
        });
      } finally {
        await producer.close();
      }
    }

    const messagesOf = async (sourceApp: string) =>
      (
        await queryDb<{ n: number }>(h, 'SELECT count(*)::int AS n FROM messages WHERE app_id = $1', [
          sourceApp,
        ])
      )[0]!.n;

    async function newSource(body: Record<string, unknown>) {
      const app = await h.api('POST', '/v1/apps', { name: 'kafka-in' });
      const res = await h.api('POST', `/v1/apps/${app.body.id}/sources`, {
        type: 'kafka',
        name: 'kafka in',
        eventType: { header: 'type' },
        ...body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { appId: app.body.id as string, source: res.body };
    }

    it('a Kafka source with SASL consumes into Herald; over SASL_SSL too; the password stored encrypted, shown masked', async () => {
      const s = kafka.security!;
      const sasl = await newSource({
        brokers: [s.sasl],
        topic: 'sec-in',
        group: 'herald-sasl',
        sasl: scram256,
      });
      expect(sasl.source.sasl).toEqual({ ...scram256, password: '***' });
      const [row] = await queryDb(h, 'SELECT broker, broker_url FROM sources WHERE id = $1', [
        sasl.source.id,
      ]);
      expect(JSON.stringify(row)).not.toContain(PASSWORD);
      expect(cipher.decrypt(row.broker.sasl.password)).toBe(PASSWORD);
      const tls = await newSource({
        brokers: [s.saslSsl!],
        topic: 'sec-in-tls',
        group: 'herald-sasl-ssl',
        sasl: { mechanism: 'scram-sha-512', username: 'other', password: OTHER_PASSWORD },
        tls: { ca: s.ca },
      });
      await produce(s.sasl, 'sec-in', 50, scram256);
      await produce(s.saslSsl!, 'sec-in-tls', 20, scram256, s.ca);
      await eventually(async () => (await messagesOf(sasl.appId)) >= 50, 60_000, 100);
      await eventually(async () => (await messagesOf(tls.appId)) >= 20, 60_000, 100);
      const shown = await eventually(async () => {
        const r = await h.api('GET', `/v1/apps/${sasl.appId}/sources/${sasl.source.id}`);
        return r.body.consumer?.state === 'connected' && r.body.consumer.consumed >= 50 ? r.body : null;
      }, 15_000);
      expect(JSON.stringify(shown)).not.toContain(PASSWORD);
      // effectively once: the records' ids are their event ids
      const events = await queryDb(h, 'SELECT DISTINCT event_id FROM messages WHERE app_id = $1', [
        sasl.appId,
      ]);
      expect(events).toHaveLength(50);
      await h.api('DELETE', `/v1/apps/${sasl.appId}/sources/${sasl.source.id}`);
      await h.api('DELETE', `/v1/apps/${tls.appId}/sources/${tls.source.id}`);
    }, 120_000);

    it('a source with a wrong password is disconnected, with an error that does not hold the password', async () => {
      const s = kafka.security!;
      const bad = await newSource({
        brokers: [s.sasl],
        topic: 'sec-in',
        group: 'herald-wrong',
        sasl: { ...scram256, password: WRONG_PASSWORD },
      });
      const shown = await eventually(async () => {
        const r = await h.api('GET', `/v1/apps/${bad.appId}/sources/${bad.source.id}`);
        return r.body.consumer?.lastError ? r.body : null;
      }, 20_000);
      expect(shown.consumer.state).toMatch(/^(disconnected|connecting)$/);
      expect(shown.consumer.lastError).toMatch(/SASL authentication failed/);
      expect(JSON.stringify(shown)).not.toContain(WRONG_PASSWORD);
      const [report] = await queryDb(h, 'SELECT last_error FROM source_consumers WHERE source_id = $1', [
        bad.source.id,
      ]);
      expect(report.last_error).not.toContain(WRONG_PASSWORD);
      expect(await messagesOf(bad.appId)).toBe(0);
      await h.api('DELETE', `/v1/apps/${bad.appId}/sources/${bad.source.id}`);
    }, 60_000);
  });

  it('no log line holds a password', () => {
    const log = lines.join('');
    // the capture is real: attempts and the failed logins are in it
    expect(log).toMatch(/"msg":"attempt"/);
    expect(log).toMatch(/SASL authentication failed/);
    for (const p of [PASSWORD, OTHER_PASSWORD, WRONG_PASSWORD])
      expect(log.includes(p), `a log line holds ${p.slice(0, 6)}…`).toBe(false);
  });
});
