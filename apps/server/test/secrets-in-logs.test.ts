import { createHmac, randomBytes } from 'node:crypto';
import { generateAsymmetricSecret, generateSecret, signatureHeader } from '@herald/signing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { type Herald, startHerald } from '../src/runtime.ts';
import { generateEncryptionKey } from '../src/secrets/cipher.ts';
import { freePort } from './helpers/brokers.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import { type Receiver, startReceiver } from './helpers/receiver.ts';

// A full run with every log line of both roles captured at debug level (request lines included),
// then grepped for every secret it handled: API keys, portal tokens, endpoint and source secrets,
// the encryption key. Error bodies the API answered are grepped too.
const ROOT = `root-${generateSecret().slice(6, 30)}`;
const ENCRYPTION_KEY = generateEncryptionKey();
const lines: string[] = [];
let db: TestDatabase;
let herald: Herald;
let receiver: Receiver;
const errorBodies: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HERALD_API_KEY: ROOT,
    HERALD_ENCRYPTION_KEY: ENCRYPTION_KEY,
    HERALD_LOG_LEVEL: 'debug',
    HERALD_WORKER_POLL_INTERVAL_MS: '100',
    HERALD_RATE_LIMIT_PER_MINUTE: '0',
    HERALD_RETRY_SCHEDULE: '1',
    HERALD_RETRY_JITTER: '0',
    HERALD_DB_POOL_SIZE: '6',
    HERALD_OPERATIONAL_APP: 'ops',
  });
  const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  herald = await startHerald({ config, databaseUrl: db.url, roles: ['api', 'worker'], log });
  // the first attempt of every delivery fails: retries, failure logs and operational events run too
  const seen = new Set<string>();
  receiver = await startReceiver((_, r) => {
    const key = `${r.path}:${r.headers['webhook-id']}`;
    if (seen.has(key)) return { status: 200 };
    seen.add(key);
    return { status: 500, body: 'try later' };
  });
});
afterAll(async () => {
  await receiver?.close();
  await herald?.stop();
  await db?.drop();
});

async function api(method: string, path: string, body?: unknown, key = ROOT) {
  const res = await fetch(herald.url + path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) errorBodies.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function inbound(source: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${herald.url}/in/${source}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  if (res.status >= 400) errorBodies.push(text);
  return res.status;
}

describe('no secret in any log line or error body', () => {
  it('runs endpoints, sources, publishes, deliveries, rotations and errors, then finds none', async () => {
    const secrets: string[] = [ROOT, ENCRYPTION_KEY];
    await api('POST', '/v1/apps', { name: 'ops', uid: 'ops' });
    const key = (await api('POST', '/v1/api-keys', { name: 'ci' })).body.key as string;
    secrets.push(key);
    const app = (await api('POST', '/v1/apps', { name: 'shop', uid: 'shop' }, key)).body;
    const portal = (await api('POST', `/v1/apps/${app.id}/portal-access`, {})).body.token as string;
    secrets.push(portal);
    await api('GET', `/v1/apps/${app.id}`, undefined, portal);

    const hmacSecret = generateSecret();
    const edSecret = generateAsymmetricSecret();
    const a = (
      await api('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}/a`, secret: hmacSecret })
    ).body;
    const b = (
      await api('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}/b`, secret: edSecret })
    ).body;
    const c = (await api('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}/c` })).body;
    const generated = (await api('GET', `/v1/apps/${app.id}/endpoints/${c.id}/secret`)).body.key as string;
    const edPublic = (await api('GET', `/v1/apps/${app.id}/endpoints/${b.id}/secret`)).body
      .publicKey as string;
    secrets.push(hmacSecret, edSecret, generated);
    expect(edPublic).toMatch(/^whpk_/);
    // refused secrets: the error names the field, never the value
    const badSecret = `whsec_${Buffer.alloc(8, 9).toString('base64')}`;
    const refused = await api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: `${receiver.url}/x`,
      secret: badSecret,
    });
    expect(refused.status).toBe(422);
    secrets.push(badSecret);
    // a uid clash (a database constraint)
    await api('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}/d`, uid: 'dup' });
    expect(
      (await api('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}/e`, uid: 'dup' })).status,
    ).toBe(409);

    const ghSecret = `gh-${generateSecret().slice(6, 30)}`;
    const hmacSourceSecret = `hm-${generateSecret().slice(6, 30)}`;
    const swSecret = generateSecret();
    secrets.push(ghSecret, hmacSourceSecret, swSecret);
    const gh = (
      await api('POST', `/v1/apps/${app.id}/sources`, {
        name: 'gh',
        verification: { type: 'github', secret: ghSecret },
        eventType: { header: 'x-github-event' },
      })
    ).body;
    const hm = (
      await api('POST', `/v1/apps/${app.id}/sources`, {
        name: 'hm',
        verification: { type: 'hmac-sha256', secret: hmacSourceSecret, header: 'x-sig' },
        eventType: { fixed: 'order.created' },
      })
    ).body;
    const sw = (
      await api('POST', `/v1/apps/${app.id}/sources`, {
        name: 'sw',
        verification: { type: 'standard-webhooks', secret: swSecret },
        eventType: { bodyPath: 'type' },
      })
    ).body;
    const body = '{"type":"repo.push","n":1}';
    const hex = (s: string) => createHmac('sha256', s).update(body).digest('hex');
    expect(
      await inbound(gh.id, body, {
        'x-github-event': 'push',
        'x-hub-signature-256': `sha256=${hex(ghSecret)}`,
      }),
    ).toBe(202);
    expect(
      await inbound(gh.id, body, {
        'x-github-event': 'push',
        'x-hub-signature-256': `sha256=${hex('wrong')}`,
      }),
    ).toBe(401);
    expect(await inbound(hm.id, body, { 'x-sig': hex(hmacSourceSecret) })).toBe(202);
    expect(await inbound(hm.id, body, { 'x-sig': 'nope' })).toBe(401);
    const ts = Math.floor(Date.now() / 1000);
    const sig = signatureHeader([swSecret], 'in_1', ts, body);
    expect(
      await inbound(sw.id, body, {
        'webhook-id': 'in_1',
        'webhook-timestamp': String(ts),
        'webhook-signature': sig,
      }),
    ).toBe(202);

    // a broker source whose broker cannot be reached (its errors are logged), its password rotated,
    // a masked URL kept, and one refused for another host
    const brokerPassword = `bp-${randomBytes(12).toString('hex')}`;
    const rotatedBrokerPassword = `bq-${randomBytes(12).toString('hex')}`;
    secrets.push(brokerPassword, rotatedBrokerPassword);
    const rd = await api('POST', `/v1/apps/${app.id}/sources`, {
      type: 'redis',
      name: 'rd',
      url: `redis://herald:${brokerPassword}@127.0.0.1:9/0`,
      stream: 'in',
      group: 'herald',
      eventType: { header: 'type' },
    });
    expect(rd.status).toBe(201);
    const rdPath = `/v1/apps/${app.id}/sources/${rd.body.id}`;
    const consumerError = () =>
      eventually(async () => (await api('GET', rdPath)).body.consumer?.lastError, 15_000);
    await consumerError();
    const restarts = () => lines.filter((l) => l.includes('source edited: its consumer restarted')).length;
    expect(
      (await api('PATCH', rdPath, { url: `redis://herald:${rotatedBrokerPassword}@127.0.0.1:9/0` })).status,
    ).toBe(200);
    await eventually(async () => restarts() >= 1, 15_000);
    expect((await api('PATCH', rdPath, { url: 'redis://herald:***@127.0.0.1:9/1' })).status).toBe(200);
    expect((await api('PATCH', rdPath, { url: 'redis://herald:***@127.0.0.2:9/1' })).status).toBe(422);
    await eventually(async () => restarts() >= 2, 15_000);
    await consumerError();

    // a Kafka SASL password (a destination and a source; nothing listens there: connecting fails and is
    // logged), and the same password in input that is refused
    const kafkaPassword = `kafka-${generateSecret().slice(6, 30)}`;
    secrets.push(kafkaPassword);
    const brokers = [`127.0.0.1:${await freePort()}`];
    const sasl = { mechanism: 'scram-sha-512', username: 'herald', password: kafkaPassword };
    const kafka = (
      await api('POST', `/v1/apps/${app.id}/endpoints`, {
        destination: { type: 'kafka', brokers, topic: 't', sasl },
      })
    ).body;
    expect(kafka.destination.sasl.password).toBe('***');
    const refusedKafka = await api('POST', `/v1/apps/${app.id}/endpoints`, {
      destination: { type: 'kafka', brokers, topic: 't', sasl: { ...sasl, mechanism: 'md5' } },
    });
    expect(refusedKafka.status).toBe(422);
    const moved = await api('PATCH', `/v1/apps/${app.id}/endpoints/${kafka.id}`, {
      destination: { ...kafka.destination, brokers: ['elsewhere.example:9092'] },
    });
    expect(moved.status).toBe(422);
    const kafkaSource = await api('POST', `/v1/apps/${app.id}/sources`, {
      type: 'kafka',
      name: 'kafka in',
      brokers,
      topic: 't',
      group: 'g',
      sasl,
      eventType: { header: 'type' },
    });
    expect(kafkaSource.status).toBe(201);

    for (let i = 0; i < 3; i++)
      expect(
        (await api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'order.paid', payload: { i } }, key))
          .status,
      ).toBe(202);
    // 3 messages + 3 inbound ones, to 3 endpoints (+ the uid one), each failing once first
    await eventually(async () => receiver.requests.filter((r) => r.path !== '/d').length >= 36, 20_000);

    const rotatedTo = generateSecret();
    secrets.push(rotatedTo);
    expect(
      (await api('POST', `/v1/apps/${app.id}/endpoints/${a.id}/secret/rotate`, { key: rotatedTo })).status,
    ).toBe(204);
    expect((await api('POST', `/v1/apps/${app.id}/endpoints/${c.id}/secret/rotate`, {})).status).toBe(204);
    secrets.push((await api('GET', `/v1/apps/${app.id}/endpoints/${c.id}/secret`)).body.key);
    const before = receiver.requests.length;
    await api(
      'POST',
      `/v1/apps/${app.id}/messages`,
      { eventType: 'order.paid', payload: { last: true } },
      key,
    );
    await eventually(async () => receiver.requests.length >= before + 8, 20_000);
    // wrong keys and a revoked one
    await api('GET', '/v1/apps', undefined, `${ROOT}x`);
    const keys = (await api('GET', '/v1/api-keys')).body.data as Array<{ id: string; name: string }>;
    await api('DELETE', `/v1/api-keys/${keys.find((k) => k.name === 'ci')!.id}`);
    expect((await api('GET', '/v1/apps', undefined, key)).status).toBe(401);

    const log = lines.join('');
    // the capture is real: request lines, attempts and failures of both roles are in it
    expect(log).toMatch(/"msg":"incoming request"/);
    expect(log).toMatch(/"msg":"attempt"/);
    expect(log).toMatch(/"status":"failed"/);
    // the Kafka endpoint's attempts and the source's consumer failed to connect, and said so
    expect(log).toMatch(new RegExp(`"endpointId":"${kafka.id}"[^\\n]*"status":"failed"`));
    expect(log).toMatch(/source consumer error/);
    expect(lines.length).toBeGreaterThan(100);
    // and the grep finds what is there: the ids of the same run
    expect(log).toContain(a.id);
    expect(log).toContain(gh.id);
    expect(errorBodies.length).toBeGreaterThanOrEqual(6);

    const errors = errorBodies.join('\n');
    for (const secret of secrets) {
      // the whole secret, and its key material without the prefix
      const forms = [secret, secret.replace(/^wh(sec|sk)_/, '')];
      if (/^[A-Za-z0-9+/=]+$/.test(forms[1]!)) forms.push(Buffer.from(forms[1]!, 'base64').toString('hex'));
      for (const form of forms) {
        expect(log.includes(form), `a log line holds ${secret.slice(0, 8)}…`).toBe(false);
        expect(errors.includes(form), `an error body holds ${secret.slice(0, 8)}…`).toBe(false);
      }
    }
  });
});
