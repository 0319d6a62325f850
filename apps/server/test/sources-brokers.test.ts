import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, resources } from './helpers/api.ts';
import { freePort } from './helpers/brokers.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';

// Broker sources through the API, with no broker running: validation, what is shown (never the
// credentials), and the state of a consumer whose broker cannot be reached. The brokers themselves are
// in processes-broker-sources.test.ts.

let h: TestHerald;
let r: ReturnType<typeof resources>;
beforeAll(async () => {
  h = await startTestHerald(
    { HERALD_SOURCE_SCAN_INTERVAL_MS: '200', HERALD_SOURCE_LEASE_SECONDS: '2' },
    ['api', 'worker'],
    { inject: true },
  );
  r = resources(h);
});
afterEach(() => {
  expect(h.serverErrors).toEqual([]);
});
afterAll(async () => {
  await h?.stop();
});

const create = (appId: string, body: Record<string, unknown>) =>
  h.api('POST', `/v1/apps/${appId}/sources`, { name: 'broker', eventType: { header: 'type' }, ...body });

describe('broker sources through the API', () => {
  it('names the missing or bad field of each broker type', async () => {
    const app = await r.newApp();
    expectProblem(await create(app.id, { type: 'amqp', url: 'amqp://127.0.0.1:1' }), 422, 'queue');
    expectProblem(await create(app.id, { type: 'amqp', url: 'http://x', queue: 'q' }), 422, 'url');
    expectProblem(
      await create(app.id, { type: 'kafka', brokers: [], topic: 't', group: 'g' }),
      422,
      'brokers',
    );
    expectProblem(
      await create(app.id, { type: 'kafka', brokers: ['no-port'], topic: 't', group: 'g' }),
      422,
      'brokers.0',
    );
    expectProblem(
      await create(app.id, { type: 'kafka', brokers: ['k:9092'], topic: 'bad topic', group: 'g' }),
      422,
      'topic',
    );
    const kafka = { type: 'kafka', brokers: ['k:9092'], topic: 't', group: 'g' };
    expectProblem(
      await create(app.id, { ...kafka, sasl: { mechanism: 'oauthbearer', username: 'u', password: 'p' } }),
      422,
      'sasl.mechanism',
    );
    expectProblem(
      await create(app.id, { ...kafka, sasl: { mechanism: 'plain', password: 'p' } }),
      422,
      'sasl.username',
    );
    expectProblem(await create(app.id, { ...kafka, tls: { ca: 'not pem' } }), 422, 'tls.ca');
    expectProblem(
      await create(app.id, {
        ...kafka,
        tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' },
      }),
      422,
      'tls.ca',
    );
    expectProblem(await create(app.id, { ...kafka, tls: 1 }), 422, 'tls');
    expectProblem(await create(app.id, { type: 'nats', url: 'nats://n:4222', stream: 'S' }), 422, 'durable');
    expectProblem(
      await create(app.id, { type: 'nats', url: 'nats://n:4222', stream: 'a.b', durable: 'd' }),
      422,
      'stream',
    );
    expectProblem(await create(app.id, { type: 'redis', url: 'redis://r', group: 'g' }), 422, 'stream');
    expectProblem(await create(app.id, { type: 'mqtt', url: 'mqtt://m' }), 422, 'type');
    // broker sources take no verification: an unknown key in a strict object
    const v = expectProblem(
      await create(app.id, {
        type: 'redis',
        url: 'redis://r',
        stream: 's',
        group: 'g',
        verification: { type: 'none' },
      }),
      422,
    );
    expect(JSON.stringify(v)).toMatch(/verification/);
    // absent type is an HTTP source, as before
    const http = await create(app.id, { verification: { type: 'none' } });
    expect(http.status).toBe(201);
    expect(http.body).toMatchObject({ type: 'http', ingestUrl: expect.stringContaining('/in/src_') });
    expect(http.body.consumer).toBeUndefined();
  });

  it('shows the coordinates and the default dead-letter target, the password masked; /in/:source refuses it', async () => {
    const app = await r.newApp();
    const res = await create(app.id, {
      type: 'amqp',
      uid: 'orders',
      url: 'amqp://herald:s3cr%40t-pw@127.0.0.1:1/prod',
      queue: 'orders',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      type: 'amqp',
      url: 'amqp://herald:***@127.0.0.1:1/prod',
      queue: 'orders',
      deadLetter: 'orders.dead-letter',
      verification: null,
      ingestUrl: null,
    });
    const kafka = await create(app.id, {
      type: 'kafka',
      brokers: ['127.0.0.1:1'],
      topic: 'payments',
      group: 'herald',
      deadLetter: 'payments-dlq',
      sasl: { mechanism: 'scram-sha-256', username: 'herald', password: 's3cr-kafka-pw' },
      tls: true,
    });
    expect(kafka.body).toMatchObject({
      brokers: ['127.0.0.1:1'],
      topic: 'payments',
      deadLetter: 'payments-dlq',
      sasl: { mechanism: 'scram-sha-256', username: 'herald', password: '***' },
      tls: true,
    });
    const all = await h.api('GET', `/v1/apps/${app.id}/sources`);
    expect(all.body.data).toHaveLength(2);
    const one = await h.api('GET', `/v1/apps/${app.id}/sources/orders`);
    const kafkaOne = await h.api('GET', `/v1/apps/${app.id}/sources/${kafka.body.id}`);
    for (const body of [res.body, all.body, one.body, kafka.body, kafkaOne.body]) {
      expect(JSON.stringify(body)).not.toContain('s3cr');
    }
    expectProblem(await h.api('POST', `/in/${res.body.id}`, { a: 1 }, { key: null }), 404);
    // its request log holds dead letters; they are not replayed through the HTTP gateway
    expectProblem(
      await h.api('POST', `/v1/apps/${app.id}/sources/${res.body.id}/requests/req_any/replay`),
      409,
    );
    // PATCH refuses what only HTTP sources have
    expectProblem(
      await h.api('PATCH', `/v1/apps/${app.id}/sources/${res.body.id}`, { maxBodyBytes: 1000 }),
      422,
      'maxBodyBytes',
    );
    await h.api('DELETE', `/v1/apps/${app.id}/sources/${res.body.id}`);
    await h.api('DELETE', `/v1/apps/${app.id}/sources/${kafka.body.id}`);
  });

  it("PATCH checks the broker fields of the source's own type as on create: 422 naming the field, never 500", async () => {
    const app = await r.newApp();
    const made = await Promise.all([
      create(app.id, { type: 'amqp', url: 'amqp://u:pw@127.0.0.1:1', queue: 'q' }),
      create(app.id, { type: 'kafka', brokers: ['127.0.0.1:1'], topic: 't', group: 'g' }),
      create(app.id, { type: 'nats', url: 'nats://127.0.0.1:1', stream: 'S', durable: 'd' }),
      create(app.id, { type: 'redis', url: 'redis://:pw@127.0.0.1:1', stream: 's', group: 'g' }),
      create(app.id, { verification: { type: 'none' } }),
    ]);
    for (const m of made) expect(m.status, JSON.stringify(m.body)).toBe(201);
    const [amqp, kafka, nats, redis, http] = made.map((m) => m.body as { id: string });
    const patch = (s: { id: string }, body: Record<string, unknown>) =>
      h.api('PATCH', `/v1/apps/${app.id}/sources/${s!.id}`, body);

    // each type's own rules, as on create
    expectProblem(await patch(amqp!, { url: 'redis://127.0.0.1:1' }), 422, 'url');
    expectProblem(await patch(amqp!, { queue: 'two words' }), 422, 'queue');
    expectProblem(await patch(kafka!, { brokers: [] }), 422, 'brokers');
    expectProblem(await patch(kafka!, { brokers: ['k:9092', 'no-port'] }), 422, 'brokers.1');
    expectProblem(await patch(kafka!, { topic: 'bad topic' }), 422, 'topic');
    expectProblem(await patch(kafka!, { deadLetter: 'bad/dl' }), 422, 'deadLetter');
    expectProblem(await patch(nats!, { url: 'amqp://x' }), 422, 'url');
    expectProblem(await patch(nats!, { stream: 'a.b' }), 422, 'stream');
    expectProblem(await patch(nats!, { deadLetter: 'dl.*' }), 422, 'deadLetter');
    expectProblem(await patch(redis!, { group: '' }), 422, 'group');
    expectProblem(await patch(redis!, { stream: 5 }), 422, 'stream');
    // every bad field named at once
    const both = expectProblem(await patch(redis!, { url: 'nats://x', stream: 'a b' }), 422);
    expect(both.errors!.map((e) => e.path).sort()).toEqual(['stream', 'url']);

    // the fields of another type, and an HTTP source's, are not this one's
    const other = expectProblem(await patch(redis!, { queue: 'q' }), 422, 'queue');
    expect(other.errors![0].message).toMatch(/amqp/);
    expectProblem(await patch(amqp!, { durable: 'd' }), 422, 'durable');
    expectProblem(await patch(nats!, { brokers: ['k:1'] }), 422, 'brokers');
    expectProblem(await patch(kafka!, { url: 'amqp://x' }), 422, 'url');
    expectProblem(await patch(redis!, { verification: { type: 'none' } }), 422, 'verification');
    expectProblem(await patch(redis!, { rateLimitPerMinute: 5 }), 422, 'rateLimitPerMinute');
    expectProblem(await patch(http!, { stream: 's' }), 422, 'stream');
    expectProblem(await patch(http!, { deadLetter: null }), 422, 'deadLetter');
    expectProblem(await patch(redis!, { zzUnknown: 1 }), 422, 'zzUnknown');

    // the type stays: another is refused, its own is fine
    expect(expectProblem(await patch(redis!, { type: 'nats' }), 422, 'type').detail).toMatch(/cannot change/);
    expectProblem(await patch(http!, { type: 'redis' }), 422, 'type');
    expectProblem(await patch(redis!, { type: 'mqtt' }), 422, 'type');
    expect((await patch(redis!, { type: 'redis', name: 'same type' })).status).toBe(200);

    // nothing refused was written
    const shown = await h.api('GET', `/v1/apps/${app.id}/sources/${redis!.id}`);
    expect(shown.body).toMatchObject({
      name: 'same type',
      url: 'redis://:***@127.0.0.1:1',
      stream: 's',
      group: 'g',
      deadLetter: 's:dead-letter',
    });
    // (the last test counts every broker source)
    expect((await h.api('DELETE', `/v1/apps/${app.id}`)).status).toBe(204);
  });

  it('PATCH moves a broker source in place: id, request log and creation stay; dead-letter null is the default again', async () => {
    const app = await r.newApp();
    const made = await create(app.id, {
      type: 'nats',
      uid: 'audit',
      url: 'nats://127.0.0.1:1',
      stream: 'AUDIT',
      durable: 'herald',
    });
    const path = `/v1/apps/${app.id}/sources/audit`;
    const moved = await h.api('PATCH', path, { stream: 'AUDIT_V2', durable: 'herald-2' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // the stored dead-letter target stays until it is changed or reset
    expect(moved.body).toMatchObject({
      id: made.body.id,
      createdAt: made.body.createdAt,
      stream: 'AUDIT_V2',
      durable: 'herald-2',
      deadLetter: 'herald.dead-letter.AUDIT',
    });
    expect(moved.body.updatedAt > made.body.updatedAt).toBe(true);
    const reset = await h.api('PATCH', path, { deadLetter: null });
    expect(reset.body.deadLetter).toBe('herald.dead-letter.AUDIT_V2');
    const own = await h.api('PATCH', path, { deadLetter: 'audit.poison', url: 'tls://127.0.0.1:2' });
    expect(own.body).toMatchObject({ deadLetter: 'audit.poison', url: 'tls://127.0.0.1:2' });
    const kafka = await create(app.id, { type: 'kafka', brokers: ['127.0.0.1:1'], topic: 't', group: 'g' });
    const k = await h.api('PATCH', `/v1/apps/${app.id}/sources/${kafka.body.id}`, {
      brokers: ['127.0.0.1:2', '127.0.0.1:3'],
      topic: 't2',
    });
    expect(k.body).toMatchObject({ brokers: ['127.0.0.1:2', '127.0.0.1:3'], topic: 't2', group: 'g' });
    expect(k.body.url).toBeUndefined();
    expect((await h.api('DELETE', `/v1/apps/${app.id}`)).status).toBe(204);
  });

  it('a broker that cannot be reached: the consumer is disconnected with its error, /ready degraded (200), /metrics says so', async () => {
    const app = await r.newApp();
    const port = await freePort();
    const res = await create(app.id, {
      type: 'redis',
      url: `redis://:p4ssw0rd-x@127.0.0.1:${port}`,
      stream: 's',
      group: 'g',
    });
    expect(res.status).toBe(201);
    const shown = await eventually(async () => {
      const s = await h.api('GET', `/v1/apps/${app.id}/sources/${res.body.id}`);
      return s.body.consumer?.lastError && s.body;
    }, 15_000);
    expect(shown.consumer).toMatchObject({
      state: expect.stringMatching(/^(disconnected|connecting)$/),
      workers: 1,
      lag: null,
      consumed: 0,
      deadLettered: 0,
      lastError: expect.stringContaining('ECONNREFUSED'),
    });
    expect(JSON.stringify(shown)).not.toContain('p4ssw0rd');
    const ready = await h.api('GET', '/ready', undefined, { key: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'degraded',
      checks: { database: 'ok', queue: 'ok', sources: 'degraded: 1 of 1 broker sources not connected' },
    });
    const metrics = await h.api('GET', '/metrics', undefined, { key: null });
    expect(metrics.body).toContain(`herald_source_connected{source="${res.body.id}",type="redis"} 0`);

    // deleted: the worker stops it, and Herald is ready again
    expect((await h.api('DELETE', `/v1/apps/${app.id}/sources/${res.body.id}`)).status).toBe(204);
    const again = await h.api('GET', '/ready', undefined, { key: null });
    expect(again.body).toMatchObject({ status: 'ready', checks: { sources: 'ok' } });
  });
});
