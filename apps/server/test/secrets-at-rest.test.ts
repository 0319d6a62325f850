import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startHerald } from '../src/runtime.ts';
import { createCipher, generateEncryptionKey, keyIdOf } from '../src/secrets/cipher.ts';
import { loadCipher } from '../src/secrets/keys.ts';
import { queryDb, resources } from './helpers/api.ts';
import { eventually, startTestHerald, TEST_ENCRYPTION_KEY, type TestHerald } from './helpers/herald.ts';
import { startReceiver } from './helpers/receiver.ts';

let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald({ HERALD_JOB_PAGE_SIZE: '2' });
});
afterAll(async () => {
  await h?.stop();
});

const silent = pino({ level: 'silent' });
const current = createCipher(TEST_ENCRYPTION_KEY);
const BROKER_PASSWORD = 'hunter2-broker-password';
/** Every stored broker credential: URLs (endpoints, sources) and Kafka SASL passwords (endpoints, sources). */
const BROKER_SECRETS = `SELECT destination ->> 'url' AS v FROM endpoints WHERE destination ? 'url'
  UNION ALL SELECT destination #>> '{sasl,password}' FROM endpoints WHERE destination ? 'sasl'
  UNION ALL SELECT broker_url FROM sources WHERE broker_url IS NOT NULL
  UNION ALL SELECT broker #>> '{sasl,password}' FROM sources WHERE broker ? 'sasl'`;
/** the app of the broker destination and source (the later tests find them there) */
let brokerApp = '';

describe('secrets at rest', () => {
  it('stores endpoint and source secrets encrypted; the API and the signatures use the plaintext', async () => {
    const { newApp, newEndpoint, publish } = resources(h);
    const app = await newApp();
    const rc = await startReceiver();
    try {
      const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
      const ep = await newEndpoint(app.id, rc.url, { secret });
      expect(ep.secret).toBe(secret);
      const [row] = await queryDb(h, 'SELECT secret FROM endpoints WHERE id = $1', [ep.id]);
      expect(row.secret).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      expect(row.secret).not.toContain(secret.slice(6));
      expect(keyIdOf(row.secret)).toBe(current.primaryKeyId);

      const msg = await publish(app.id, { eventType: 'a.b', payload: { n: 1 } });
      const [got] = await rc.waitFor(1);
      expect(new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>)).toMatchObject({
        data: { n: 1 },
      });
      expect(got!.headers['webhook-id']).toBe(msg.id);

      // rotation: both stored encrypted, both sign
      expect((await h.api('POST', `/v1/apps/${app.id}/endpoints/${ep.id}/secret/rotate`, {})).status).toBe(
        204,
      );
      const [rotated] = await queryDb(h, 'SELECT secret, previous_secret FROM endpoints WHERE id = $1', [
        ep.id,
      ]);
      expect(rotated.secret).toMatch(/^enc:v1:/);
      expect(current.decrypt(rotated.previous_secret)).toBe(secret);
      const newSecret = (await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}/secret`)).body.key;
      expect(newSecret).toBe(current.decrypt(rotated.secret));
      await publish(app.id, { eventType: 'a.b', payload: { n: 2 } });
      const second = (await rc.waitFor(2))[1]!;
      for (const s of [secret, newSecret])
        new Webhook(s).verify(second.body, second.headers as Record<string, string>);

      const src = await h.api('POST', `/v1/apps/${app.id}/sources`, {
        name: 'gh',
        verification: { type: 'github', secret: 'github-shared-secret' },
        eventType: { header: 'x-github-event' },
      });
      expect(src.status, JSON.stringify(src.body)).toBe(201);
      const [srow] = await queryDb(h, 'SELECT secret FROM sources WHERE id = $1', [src.body.id]);
      expect(srow.secret).toMatch(/^enc:v1:/);
      expect(current.decrypt(srow.secret)).toBe('github-shared-secret');
      // the inbound check still verifies against the decrypted secret
      const body = '{"zen":"hi"}';
      const { createHmac } = await import('node:crypto');
      const sig = `sha256=${createHmac('sha256', 'github-shared-secret').update(body).digest('hex')}`;
      const inbound = await fetch(`${h.url}/in/${src.body.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig, 'x-github-event': 'ping' },
        body,
      });
      expect(inbound.status).toBe(202);
    } finally {
      await rc.close();
    }
  });

  it('stores broker URLs encrypted (destinations and sources); the API masks them from the plaintext', async () => {
    const { newApp } = resources(h);
    const app = await newApp();
    brokerApp = app.id;
    // nothing listens there: the rows are what this test is about (disabled: no warm-up, no delivery)
    const url = `redis://:${BROKER_PASSWORD}@127.0.0.1:9`;
    const created = await h.api('POST', `/v1/apps/${app.id}/endpoints`, {
      destination: { type: 'redis', url, stream: 'orders' },
      disabled: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.destination.url).toBe('redis://:***@127.0.0.1:9');
    expect(created.body.url).not.toContain(BROKER_PASSWORD);
    const [row] = await queryDb(h, 'SELECT destination, url FROM endpoints WHERE id = $1', [created.body.id]);
    expect(JSON.stringify(row)).not.toContain(BROKER_PASSWORD);
    expect(row.destination.url).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(current.decrypt(row.destination.url)).toBe(url);
    expect(row.destination).toMatchObject({ type: 'redis', stream: 'orders' });

    // reading it back masks from the decrypted URL: host and port shown, never the password
    const got = await h.api('GET', `/v1/apps/${app.id}/endpoints/${created.body.id}`);
    expect(got.body.destination).toEqual({
      type: 'redis',
      url: 'redis://:***@127.0.0.1:9',
      stream: 'orders',
    });
    // a client sending the masked URL back keeps the stored password, still encrypted
    const patched = await h.api('PATCH', `/v1/apps/${app.id}/endpoints/${created.body.id}`, {
      destination: { ...got.body.destination, stream: 'orders-2' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.destination.url).toBe('redis://:***@127.0.0.1:9');
    const [after] = await queryDb(h, 'SELECT destination FROM endpoints WHERE id = $1', [created.body.id]);
    expect(JSON.stringify(after)).not.toContain(BROKER_PASSWORD);
    expect(current.decrypt(after.destination.url)).toBe(url);
    expect(after.destination.stream).toBe('orders-2');

    const src = await h.api('POST', `/v1/apps/${app.id}/sources`, {
      type: 'redis',
      name: 'orders in',
      url: `redis://herald:${BROKER_PASSWORD}@127.0.0.1:9`,
      stream: 'in',
      group: 'herald',
      eventType: { header: 'type' },
    });
    expect(src.status, JSON.stringify(src.body)).toBe(201);
    expect(src.body.url).toBe('redis://herald:***@127.0.0.1:9');
    const [srow] = await queryDb(h, 'SELECT * FROM sources WHERE id = $1', [src.body.id]);
    expect(JSON.stringify(srow)).not.toContain(BROKER_PASSWORD);
    expect(srow.broker_url).toMatch(/^enc:v1:/);
    expect(current.decrypt(srow.broker_url)).toBe(`redis://herald:${BROKER_PASSWORD}@127.0.0.1:9`);
    const listed = await h.api('GET', `/v1/apps/${app.id}/sources`);
    expect(JSON.stringify(listed.body)).not.toContain(BROKER_PASSWORD);
    expect(listed.body.data.find((s: { id: string }) => s.id === src.body.id).url).toBe(
      'redis://herald:***@127.0.0.1:9',
    );
  });

  it("a broker source's PATCH: the masked URL keeps the stored password, a new one replaces it; both encrypted", async () => {
    const { newApp } = resources(h);
    const app = await newApp();
    const path = `/v1/apps/${app.id}/sources`;
    const src = await h.api('POST', path, {
      type: 'amqp',
      name: 'orders in',
      url: `amqp://herald:${BROKER_PASSWORD}@127.0.0.1:9/prod`,
      queue: 'orders',
      eventType: { header: 'type' },
    });
    expect(src.status, JSON.stringify(src.body)).toBe(201);
    const one = `${path}/${src.body.id}`;
    const stored = async () => {
      const [row] = await queryDb(h, 'SELECT broker_url FROM sources WHERE id = $1', [src.body.id]);
      expect(row.broker_url).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      return current.decrypt(row.broker_url);
    };

    // sent back as shown, with another vhost and queue: the password stays, encrypted again
    const shown = (await h.api('GET', one)).body.url;
    expect(shown).toBe('amqp://herald:***@127.0.0.1:9/prod');
    const moved = await h.api('PATCH', one, { url: shown.replace('/prod', '/staging'), queue: 'orders-2' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ url: 'amqp://herald:***@127.0.0.1:9/staging', queue: 'orders-2' });
    expect(await stored()).toBe(`amqp://herald:${BROKER_PASSWORD}@127.0.0.1:9/staging`);
    // a PATCH that does not name the URL leaves it as it was
    await h.api('PATCH', one, { deadLetter: 'orders-2.poison' });
    expect(await stored()).toBe(`amqp://herald:${BROKER_PASSWORD}@127.0.0.1:9/staging`);

    // the mask on another host would hand the stored password to that host: refused, nothing written
    const elsewhere = await h.api('PATCH', one, { url: 'amqp://herald:***@127.0.0.2:9/staging' });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors).toEqual([{ path: 'url', message: expect.stringMatching(/same host/) }]);
    expect(await stored()).toBe(`amqp://herald:${BROKER_PASSWORD}@127.0.0.1:9/staging`);

    // rotated: the new password is stored (encrypted, under the current key), never shown
    const rotatedTo = 'n3w-broker-p4ss%40word';
    const rotated = await h.api('PATCH', one, { url: `amqp://herald2:${rotatedTo}@127.0.0.2:9/staging` });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.url).toBe('amqp://herald2:***@127.0.0.2:9/staging');
    expect(JSON.stringify(rotated.body)).not.toContain('n3w-broker');
    expect(await stored()).toBe(`amqp://herald2:${rotatedTo}@127.0.0.2:9/staging`);
    const [row] = await queryDb(h, 'SELECT * FROM sources WHERE id = $1', [src.body.id]);
    expect(keyIdOf(row.broker_url)).toBe(current.primaryKeyId);
    expect(JSON.stringify(row)).not.toContain('n3w-broker');
    expect(JSON.stringify(row)).not.toContain(BROKER_PASSWORD);
    // a percent-encoded password kept through a mask stays as it was written
    await h.api('PATCH', one, { url: 'amqp://herald2:***@127.0.0.2:9/prod' });
    expect(await stored()).toBe(`amqp://herald2:${rotatedTo}@127.0.0.2:9/prod`);
    expect((await h.api('DELETE', `/v1/apps/${app.id}`)).status).toBe(204);
  });

  it('stores Kafka SASL passwords encrypted (destinations and sources); the API masks them', async () => {
    const sasl = { mechanism: 'scram-sha-256', username: 'herald', password: BROKER_PASSWORD };
    const created = await h.api('POST', `/v1/apps/${brokerApp}/endpoints`, {
      destination: { type: 'kafka', brokers: ['127.0.0.1:9'], topic: 'orders', sasl, tls: true },
      disabled: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.destination.sasl).toEqual({ ...sasl, password: '***' });
    const [row] = await queryDb(h, 'SELECT destination, url FROM endpoints WHERE id = $1', [created.body.id]);
    expect(JSON.stringify(row)).not.toContain(BROKER_PASSWORD);
    expect(row.destination.sasl.password).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(current.decrypt(row.destination.sasl.password)).toBe(BROKER_PASSWORD);
    expect(row.destination).toMatchObject({
      brokers: ['127.0.0.1:9'],
      sasl: { username: 'herald' },
      tls: true,
    });

    const src = await h.api('POST', `/v1/apps/${brokerApp}/sources`, {
      type: 'kafka',
      name: 'kafka in',
      brokers: ['127.0.0.1:9'],
      topic: 'in',
      group: 'herald',
      sasl,
      eventType: { header: 'type' },
    });
    expect(src.status, JSON.stringify(src.body)).toBe(201);
    expect(src.body.sasl).toEqual({ ...sasl, password: '***' });
    const [srow] = await queryDb(h, 'SELECT * FROM sources WHERE id = $1', [src.body.id]);
    expect(JSON.stringify(srow)).not.toContain(BROKER_PASSWORD);
    expect(current.decrypt(srow.broker.sasl.password)).toBe(BROKER_PASSWORD);
  });

  it("a Kafka source's PATCH: a masked SASL password is kept only with the same brokers and username", async () => {
    const { newApp } = resources(h);
    const app = await newApp();
    const sasl = { mechanism: 'scram-sha-256', username: 'herald', password: BROKER_PASSWORD };
    const src = await h.api('POST', `/v1/apps/${app.id}/sources`, {
      type: 'kafka',
      name: 'kafka in',
      brokers: ['127.0.0.1:9', '127.0.0.2:9'],
      topic: 'in',
      group: 'herald',
      sasl,
      tls: true,
      eventType: { header: 'type' },
    });
    expect(src.status, JSON.stringify(src.body)).toBe(201);
    const one = `/v1/apps/${app.id}/sources/${src.body.id}`;
    const row = async () => (await queryDb(h, 'SELECT * FROM sources WHERE id = $1', [src.body.id]))[0];
    const password = async () => {
      const r = await row();
      expect(r.broker.sasl.password).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      expect(JSON.stringify(r)).not.toContain(BROKER_PASSWORD);
      return current.decrypt(r.broker.sasl.password);
    };
    const refusedOn = (res: { status: number; body: { errors?: unknown } }) => {
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors).toEqual([
        { path: 'sasl.password', message: expect.stringMatching(/same brokers and username/) },
      ]);
    };

    // sent back as shown (the brokers in another order), with another topic: the password stays
    const shown = (await h.api('GET', one)).body;
    expect(shown.sasl).toEqual({ ...sasl, password: '***' });
    const moved = await h.api('PATCH', one, {
      brokers: ['127.0.0.2:9', '127.0.0.1:9'],
      topic: 'in-2',
      sasl: shown.sasl,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ topic: 'in-2', sasl: { ...sasl, password: '***' }, tls: true });
    expect(await password()).toBe(BROKER_PASSWORD);
    // a PATCH that does not name sasl keeps it
    expect((await h.api('PATCH', one, { group: 'herald-2' })).status).toBe(200);
    expect(await password()).toBe(BROKER_PASSWORD);
    expect((await row()).broker).toMatchObject({ topic: 'in-2', group: 'herald-2', tls: true });

    // the stored password never goes to other brokers or for another user: refused, nothing written
    refusedOn(await h.api('PATCH', one, { brokers: ['127.0.0.3:9'], sasl: shown.sasl }));
    refusedOn(await h.api('PATCH', one, { brokers: ['127.0.0.1:9', '127.0.0.2:9', '127.0.0.3:9'] }));
    refusedOn(await h.api('PATCH', one, { sasl: { ...shown.sasl, username: 'other' } }));
    expect(await password()).toBe(BROKER_PASSWORD);
    expect((await row()).broker).toMatchObject({ brokers: ['127.0.0.2:9', '127.0.0.1:9'], topic: 'in-2' });

    // a new password for other brokers: stored encrypted under the current key, never shown
    const rotatedTo = 'n3w-kafka-pa55word';
    const rotated = await h.api('PATCH', one, {
      brokers: ['127.0.0.3:9'],
      sasl: { mechanism: 'scram-sha-512', username: 'other', password: rotatedTo },
    });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'other', password: '***' });
    expect(JSON.stringify(rotated.body)).not.toContain(rotatedTo);
    expect(JSON.stringify(await row())).not.toContain(rotatedTo);
    expect(keyIdOf((await row()).broker.sasl.password)).toBe(current.primaryKeyId);
    expect(await password()).toBe(rotatedTo);

    // null: no SASL any more (nothing stored); a bad SASL setting is refused as on create
    expect(
      (await h.api('PATCH', one, { sasl: { mechanism: 'md5', username: 'a', password: 'b' } })).status,
    ).toBe(422);
    const cleared = await h.api('PATCH', one, { sasl: null });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.sasl).toBeUndefined();
    expect((await row()).broker.sasl).toBeUndefined();
    expect((await h.api('DELETE', `/v1/apps/${app.id}`)).status).toBe(204);
  });

  it('encrypts plaintext rows at the next start, and refuses keys that cannot read what is stored', async () => {
    const { newApp, newEndpoint } = resources(h);
    const app = await newApp();
    const ep = await newEndpoint(app.id, 'http://127.0.0.1:9/x');
    // as a row written before encryption existed
    await queryDb(h, 'UPDATE endpoints SET secret = $2, previous_secret = $3 WHERE id = $1', [
      ep.id,
      ep.secret,
      'whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0LW9sZC1zZWNyZXQ=',
    ]);
    await queryDb(
      h,
      `UPDATE sources SET secret = 'plain-source-secret' WHERE app_id IN (SELECT id FROM applications)`,
    );
    // broker URLs as written before they were encrypted
    await queryDb(
      h,
      `UPDATE endpoints SET destination = jsonb_set(destination, '{url}', to_jsonb($1::text))
       WHERE destination ? 'url'`,
      [`redis://:${BROKER_PASSWORD}@127.0.0.1:9`],
    );
    await queryDb(h, 'UPDATE sources SET broker_url = $1 WHERE broker_url IS NOT NULL', [
      `redis://herald:${BROKER_PASSWORD}@127.0.0.1:9`,
    ]);
    // and Kafka SASL passwords
    await queryDb(
      h,
      `UPDATE endpoints SET destination = jsonb_set(destination, '{sasl,password}', to_jsonb($1::text))
       WHERE destination ? 'sasl'`,
      [BROKER_PASSWORD],
    );
    await queryDb(
      h,
      `UPDATE sources SET broker = jsonb_set(broker, '{sasl,password}', to_jsonb($1::text)) WHERE broker ? 'sasl'`,
      [BROKER_PASSWORD],
    );
    const brokerRows = Number(
      (await queryDb(h, `SELECT count(*) AS n FROM endpoints WHERE destination ? 'url'`))[0].n,
    );
    expect(brokerRows).toBeGreaterThan(0);
    const api = await startHerald({
      config: h.config,
      databaseUrl: h.db.url,
      roles: ['api'],
      log: silent,
      listen: false,
    });
    await api.stop();
    const [row] = await queryDb(h, 'SELECT secret, previous_secret FROM endpoints WHERE id = $1', [ep.id]);
    expect(keyIdOf(row.secret)).toBe(current.primaryKeyId);
    expect(current.decrypt(row.secret)).toBe(ep.secret);
    expect(current.decrypt(row.previous_secret)).toBe('whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0LW9sZC1zZWNyZXQ=');
    const plain = await queryDb(
      h,
      `SELECT id FROM endpoints WHERE secret NOT LIKE 'enc:v1:%' OR destination ->> 'url' NOT LIKE 'enc:v1:%'
          OR destination #>> '{sasl,password}' NOT LIKE 'enc:v1:%'
       UNION ALL SELECT id FROM sources WHERE secret NOT LIKE 'enc:v1:%' OR broker_url NOT LIKE 'enc:v1:%'
          OR broker #>> '{sasl,password}' NOT LIKE 'enc:v1:%'`,
    );
    expect(plain).toEqual([]);
    const brokers = await queryDb(h, BROKER_SECRETS);
    // redis and kafka: a destination and a source each
    expect(brokers.length).toBeGreaterThan(brokerRows + 2);
    for (const b of brokers) expect(current.decrypt(b.v)).toContain(BROKER_PASSWORD);

    // a process whose keys lack the one that encrypted the rows does not start
    const other = loadConfig({ ...envOf(h.config), HERALD_ENCRYPTION_KEY: generateEncryptionKey() });
    await expect(
      startHerald({ config: other, databaseUrl: h.db.url, roles: ['api'], log: silent, listen: false }),
    ).rejects.toThrow(
      new RegExp(
        `key id\\(s\\) ${current.primaryKeyId} \\(\\d+ secrets\\) that HERALD_ENCRYPTION_KEY does not hold`,
      ),
    );
  });

  it('a re-encryption job moves every secret to the first key, with progress', async () => {
    const { newApp, newEndpoint } = resources(h);
    const app = await newApp();
    for (let i = 0; i < 3; i++) await newEndpoint(app.id, `http://127.0.0.1:9/${i}`);
    const fresh = generateEncryptionKey();
    const rotatedKeys = `${fresh},${TEST_ENCRYPTION_KEY}`;
    const rotated = createCipher(rotatedKeys);
    const total = (
      await queryDb(
        h,
        // every row holding a secret, each once
        `SELECT (SELECT count(*) FROM endpoints)
              + (SELECT count(*) FROM sources
                 WHERE secret IS NOT NULL OR broker_url IS NOT NULL OR broker ? 'sasl') AS n`,
      )
    )[0].n;
    // the whole cluster restarted with the new key first (this file's Herald stays on the old one: it
    // must not run the job, so it stops first)
    await h.herald.stop();
    const config = loadConfig({ ...envOf(h.config), HERALD_ENCRYPTION_KEY: rotatedKeys });
    const herald = await startHerald({
      config,
      databaseUrl: h.db.url,
      roles: ['api', 'worker'],
      log: silent,
      listen: false,
    });
    try {
      const call = async (method: 'GET' | 'POST', url: string) => {
        const res = await herald.app!.inject({
          method,
          url,
          headers: { authorization: `Bearer ${config.HERALD_API_KEY}` },
        });
        return { status: res.statusCode, body: res.json() };
      };
      // a scoped key may not start it
      const scoped = await herald.app!.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: { authorization: `Bearer ${config.HERALD_API_KEY}` },
        payload: { name: 'scoped', app: app.id },
      });
      const denied = await herald.app!.inject({
        method: 'POST',
        url: '/v1/secrets/reencrypt',
        headers: { authorization: `Bearer ${scoped.json().key}` },
      });
      expect(denied.statusCode).toBe(403);

      const started = await call('POST', '/v1/secrets/reencrypt');
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      expect(started.body).toMatchObject({
        type: 'reencrypt',
        appId: null,
        progress: { done: 0, total: Number(total) },
      });
      const done = await eventually(async () => {
        const j = await call('GET', `/v1/jobs/${started.body.id}`);
        return j.body.status === 'completed' ? j.body : null;
      }, 15_000);
      expect(done.progress).toEqual({ done: Number(total), total: Number(total) });
      expect(done.result).toEqual({ reencrypted: Number(total), keyId: rotated.primaryKeyId });
      const left = await queryDb(
        h,
        `SELECT v FROM (SELECT secret AS v FROM endpoints UNION ALL SELECT previous_secret FROM endpoints
                        UNION ALL SELECT destination ->> 'url' FROM endpoints
                        UNION ALL SELECT destination #>> '{sasl,password}' FROM endpoints
                        UNION ALL SELECT secret FROM sources UNION ALL SELECT broker_url FROM sources
                        UNION ALL SELECT broker #>> '{sasl,password}' FROM sources) s
         WHERE v IS NOT NULL AND v NOT LIKE $1`,
        [`enc:v1:${rotated.primaryKeyId}:%`],
      );
      expect(left).toEqual([]);
      // the old key can now be dropped: the new one alone starts and reads everything
      const endpoints = await queryDb(h, 'SELECT secret FROM endpoints');
      const alone = createCipher(fresh);
      for (const e of endpoints) expect(alone.decrypt(e.secret)).toMatch(/^whsec_/);
      // broker URLs and Kafka passwords included: destinations and sources still read with the new key alone
      const brokers = await queryDb(h, BROKER_SECRETS);
      expect(brokers.length).toBeGreaterThanOrEqual(4);
      for (const b of brokers) {
        expect(keyIdOf(b.v)).toBe(rotated.primaryKeyId);
        expect(alone.decrypt(b.v)).toContain(BROKER_PASSWORD);
      }
      // and the API still masks them, decrypting under the new key
      const { data } = (await call('GET', `/v1/apps/${brokerApp}/endpoints`)).body;
      expect(data[0].destination.url).toBe('redis://:***@127.0.0.1:9');
      expect(data[1].destination.sasl.password).toBe('***');
    } finally {
      await herald.stop();
    }
  });
});

describe('the development key', () => {
  it('is generated once in the data dir (mode 0600) and reused; production has none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-key-'));
    try {
      const config = loadConfig({ NODE_ENV: 'development', HERALD_DATA_DIR: dir });
      const first = loadCipher(config);
      expect(first.source).toBe('dev-generated');
      expect(first.file).toBe(join(dir, 'encryption-key'));
      expect((await stat(first.file!)).mode & 0o777).toBe(0o600);
      const second = loadCipher(config);
      expect(second.source).toBe('dev-file');
      expect(second.cipher.primaryKeyId).toBe(first.cipher.primaryKeyId);
      expect(createCipher((await readFile(first.file!, 'utf8')).trim()).primaryKeyId).toBe(
        first.cipher.primaryKeyId,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A config's environment again, to load a variant of it. */
function envOf(config: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (!/^(NODE_ENV|PORT|HOST|DATABASE_URL|HERALD_[A-Z_]+)$/.test(k) || v === undefined) continue;
    env[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return env;
}
