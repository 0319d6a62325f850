import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, queryDb, resources, sleep } from './helpers/api.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

let h: TestHerald;
let r: ReturnType<typeof resources>;
beforeAll(async () => {
  // no socket needed: the API is called through inject()
  h = await startTestHerald({ HERALD_RETRY_JITTER: '0' }, ['api', 'worker'], { inject: true });
  r = resources(h);
});
afterEach(() => {
  expect(h.serverErrors).toEqual([]);
});
afterAll(async () => {
  await h?.stop();
});

const secretOf = async (app: string, ep: string) =>
  (await h.api('GET', `/v1/apps/${app}/endpoints/${ep}/secret`)).body.key as string;
const b64 = (bytes: number, fill = 7) => Buffer.alloc(bytes, fill).toString('base64');

describe('applications', () => {
  it('creates, reads by id and by uid, updates and lists', async () => {
    const created = await h.api('POST', '/v1/apps', {
      name: 'Acme',
      uid: 'acme-1',
      metadata: { plan: 'pro' },
      retrySchedule: [5, 300],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme',
      uid: 'acme-1',
      metadata: { plan: 'pro' },
      retrySchedule: [5, 300],
    });
    const id = created.body.id as string;
    expect(id).toMatch(/^app_/);

    const byId = await h.api('GET', `/v1/apps/${id}`);
    const byUid = await h.api('GET', '/v1/apps/acme-1');
    expect(byId.status).toBe(200);
    expect(byUid.status).toBe(200);
    expect(byUid.body).toEqual(byId.body);

    const patched = await h.api('PATCH', '/v1/apps/acme-1', { name: 'Acme Inc', retrySchedule: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, name: 'Acme Inc', uid: 'acme-1', retrySchedule: null });
    expect(patched.body.metadata).toEqual({ plan: 'pro' }); // untouched fields stay

    // the uid can be changed, and then the old one no longer resolves
    await h.api('PATCH', `/v1/apps/${id}`, { uid: 'acme-2' });
    expect((await h.api('GET', '/v1/apps/acme-2')).body.id).toBe(id);
    expectProblem(await h.api('GET', '/v1/apps/acme-1'), 404);
    expectProblem(await h.api('GET', '/v1/apps/app_00000000000000000000000000'), 404);
  });

  it('refuses a duplicate uid with 409', async () => {
    await r.newApp({ uid: 'dup-app' });
    expectProblem(await h.api('POST', '/v1/apps', { name: 'again', uid: 'dup-app' }), 409);
    const other = await r.newApp();
    expectProblem(await h.api('PATCH', `/v1/apps/${other.id}`, { uid: 'dup-app' }), 409);
  });

  it('pages the list with limit and iterator until done', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push((await r.newApp({ name: `page ${i}` })).id);

    const seen: string[] = [];
    let iterator: string | null = null;
    let pages = 0;
    for (;;) {
      const qs: string = iterator ? `limit=2&iterator=${iterator}` : 'limit=2';
      const res = await h.api('GET', `/v1/apps?${qs}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((a: any) => a.id));
      pages++;
      if (res.body.done) break;
      expect(res.body.data).toHaveLength(2);
      expect(res.body.iterator).toBe(res.body.data[1].id);
      iterator = res.body.iterator;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length); // no repeats across pages
    expect([...seen].sort()).toEqual(seen); // oldest first, by id
    expect(seen.filter((id) => mine.includes(id))).toEqual(mine);

    const all = await h.api('GET', '/v1/apps?limit=250');
    expect(all.body).toMatchObject({ done: true });
    expect(all.body.data.map((a: any) => a.id)).toEqual(seen);
  });

  it('delete removes the application with its endpoints, messages and deliveries', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp({ uid: 'doomed' });
    const ep = await r.newEndpoint(app.id, receiver.url, { uid: 'doomed-ep' });
    const msg = await r.publish(app.id, { eventType: 'a.b', payload: { x: 1 } });
    await receiver.waitFor(1);
    await eventually(async () => (await r.attemptsOf(app.id, msg.id)).length === 1);

    const del = await h.api('DELETE', '/v1/apps/doomed');
    expect(del.status).toBe(204);
    expectProblem(await h.api('GET', `/v1/apps/${app.id}`), 404);
    expectProblem(await h.api('GET', '/v1/apps/doomed'), 404);
    expectProblem(await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}`), 404);
    expectProblem(await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}`), 404);
    expectProblem(await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}/attempts`), 404);
    expectProblem(await h.api('DELETE', '/v1/apps/doomed'), 404);

    // gone from the database, not merely hidden
    for (const table of ['endpoints', 'messages', 'deliveries', 'attempts', 'idempotency_keys']) {
      const rows = await queryDb(h, `SELECT count(*)::int AS n FROM ${table} WHERE app_id = $1`, [app.id]);
      expect(rows[0].n, table).toBe(0);
    }
    // the uid is free again
    expect((await h.api('POST', '/v1/apps', { name: 'reborn', uid: 'doomed' })).status).toBe(201);
    await receiver.close();
  });
});

describe('event types', () => {
  it('creates, replaces and lists the catalogue', async () => {
    const created = await h.api('POST', '/v1/event-types', {
      name: 'invoice.created',
      description: 'An invoice was drafted',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'invoice.created',
      description: 'An invoice was drafted',
      schema: null,
    });
    const again = await h.api('POST', '/v1/event-types', { name: 'invoice.created', description: 'v2' });
    expect(again.status).toBe(200);
    expect(again.body.description).toBe('v2');

    await h.api('POST', '/v1/event-types', { name: 'invoice.voided' });
    const list = await h.api('GET', '/v1/event-types');
    expect(list.status).toBe(200);
    const names = list.body.data.map((t: any) => t.name);
    expect(names).toEqual(expect.arrayContaining(['invoice.created', 'invoice.voided']));
    expect(list.body.data.find((t: any) => t.name === 'invoice.created').description).toBe('v2');

    const paged = await h.api('GET', '/v1/event-types?limit=1');
    expect(paged.body).toMatchObject({ done: false, iterator: paged.body.data[0].name });
    const next = await h.api('GET', `/v1/event-types?limit=1&iterator=${paged.body.iterator}`);
    expect(next.body.data[0].name > paged.body.data[0].name).toBe(true);

    expectProblem(await h.api('POST', '/v1/event-types', { name: 'has spaces' }), 422, 'name');
    expectProblem(await h.api('POST', '/v1/event-types', {}), 422, 'name');
  });

  it('validates published payloads against the schema; a violation is 422 naming the field and sends nothing', async () => {
    const schema = {
      type: 'object',
      properties: {
        amount: { type: 'integer', minimum: 0 },
        currency: { type: 'string', enum: ['EUR', 'USD'] },
        customer: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
      },
      required: ['amount', 'currency'],
    };
    const t = await h.api('POST', '/v1/event-types', { name: 'payment.made', schema });
    expect(t.status).toBe(201);
    expect(t.body.schema).toEqual(schema);

    const receiver = await startReceiver();
    const app = await r.newApp();
    await r.newEndpoint(app.id, receiver.url);
    const publish = (payload: unknown) =>
      h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'payment.made', payload });

    expectProblem(await publish({ amount: 'ten', currency: 'EUR' }), 422, 'payload.amount');
    expectProblem(await publish({ amount: -1, currency: 'EUR' }), 422, 'payload.amount');
    expectProblem(await publish({ amount: 1, currency: 'GBP' }), 422, 'payload.currency');
    expectProblem(
      await publish({ amount: 1, currency: 'EUR', customer: { email: 'nope' } }),
      422,
      'payload.customer.email',
    );
    // a missing required field is named too, not just its parent object
    expectProblem(await publish({ currency: 'EUR' }), 422, 'payload.amount');

    const ok = await publish({ amount: 10, currency: 'EUR', customer: { email: 'a@example.com' } });
    expect(ok.status).toBe(202);
    const [got] = await receiver.waitFor(1);
    expect(JSON.parse(got!.body).data).toEqual({
      amount: 10,
      currency: 'EUR',
      customer: { email: 'a@example.com' },
    });
    await sleep(300);
    expect(receiver.requests).toHaveLength(1); // none of the rejected ones went out
    const list = await h.api('GET', `/v1/apps/${app.id}/messages`);
    expect(list.body.data.map((m: any) => m.id)).toEqual([ok.body.id]);
    await receiver.close();
  });

  it('accepts schemas with an $id, and replacing them', async () => {
    const schema = (max: number) => ({
      $id: 'https://schemas.example.com/shipment.json',
      type: 'object',
      properties: { weight: { type: 'number', maximum: max } },
    });
    expect(
      (await h.api('POST', '/v1/event-types', { name: 'shipment.sent', schema: schema(10) })).status,
    ).toBe(201);
    const app = await r.newApp();
    const publish = (weight: number) =>
      h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'shipment.sent', payload: { weight } });
    expect((await publish(5)).status).toBe(202);
    expectProblem(await publish(50), 422, 'payload.weight');

    const replaced = await h.api('POST', '/v1/event-types', { name: 'shipment.sent', schema: schema(100) });
    expect(replaced.status).toBe(200);
    expect((await publish(50)).status).toBe(202);
    expectProblem(await publish(500), 422, 'payload.weight');
    // another type may reuse the same $id
    expect(
      (await h.api('POST', '/v1/event-types', { name: 'shipment.copy', schema: schema(1) })).status,
    ).toBe(201);
  });

  it('takes schemas of the draft their $schema names (2020-12, 2019-09, draft-07)', async () => {
    const app = await r.newApp();
    const dialects = {
      'https://json-schema.org/draft/2020-12/schema': 'd2020',
      'https://json-schema.org/draft/2019-09/schema': 'd2019',
      'http://json-schema.org/draft-07/schema#': 'd07',
    };
    for (const [dialect, name] of Object.entries(dialects)) {
      const schema = {
        $schema: dialect,
        type: 'object',
        properties: { tags: { type: 'array', items: { type: 'string' } } },
        required: ['tags'],
      };
      const res = await h.api('POST', '/v1/event-types', { name: `dialect.${name}`, schema });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const publish = (payload: unknown) =>
        h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: `dialect.${name}`, payload });
      expect((await publish({ tags: ['a'] })).status).toBe(202);
      expectProblem(await publish({ tags: [1] }), 422, 'payload.tags.0');
      expectProblem(await publish({}), 422, 'payload.tags');
    }
    // 2020-12 keywords work
    const tuple = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] } },
    };
    expect((await h.api('POST', '/v1/event-types', { name: 'dialect.tuple', schema: tuple })).status).toBe(
      201,
    );
    const bad = await h.api('POST', `/v1/apps/${app.id}/messages`, {
      eventType: 'dialect.tuple',
      payload: { pair: [1, 'x'] },
    });
    expectProblem(bad, 422, 'payload.pair.0');
  });

  it('rejects an invalid JSON Schema with 422 on schema', async () => {
    const bad = await h.api('POST', '/v1/event-types', {
      name: 'broken.schema',
      schema: { type: 'objekt' },
    });
    expectProblem(bad, 422, 'schema');
    expectProblem(
      await h.api('POST', '/v1/event-types', { name: 'broken.schema', schema: { minimum: 'zero' } }),
      422,
      'schema',
    );
    expectProblem(
      await h.api('POST', '/v1/event-types', { name: 'broken.schema', schema: 'not an object' }),
      422,
      'schema',
    );
    expectProblem(await h.api('GET', '/v1/event-types/broken.schema'), 404);
  });
});

describe('endpoints', () => {
  it('creates, reads by id and uid, updates, lists and deletes; the secret is not in the endpoint', async () => {
    const app = await r.newApp({ uid: 'ep-crud' });
    const res = await h.api('POST', '/v1/apps/ep-crud/endpoints', {
      url: 'https://example.com/hook',
      uid: 'main',
      description: 'primary',
      eventTypes: ['a.b'],
      channels: ['eu'],
      rateLimit: 10,
      headers: { 'x-tenant': 'acme' },
      metadata: { team: 'core' },
    });
    expect(res.status).toBe(201);
    const ep = res.body;
    expect(ep).toMatchObject({
      appId: app.id,
      uid: 'main',
      url: 'https://example.com/hook',
      description: 'primary',
      eventTypes: ['a.b'],
      channels: ['eu'],
      rateLimit: 10,
      headers: { 'x-tenant': 'acme' },
      disabled: false,
      disabledReason: null,
      metadata: { team: 'core' },
    });
    expect(ep.id).toMatch(/^ep_/);
    expect(JSON.stringify(ep)).not.toMatch(/whsec_|secret/i);

    const byUid = await h.api('GET', `/v1/apps/${app.id}/endpoints/main`);
    expect(byUid.status).toBe(200);
    expect(byUid.body).toEqual(ep);
    expect((await h.api('GET', `/v1/apps/ep-crud/endpoints/${ep.id}`)).body).toEqual(ep);

    const secret = await h.api('GET', '/v1/apps/ep-crud/endpoints/main/secret');
    expect(secret.status).toBe(200);
    expect(secret.body.key).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);

    const patched = await h.api('PATCH', '/v1/apps/ep-crud/endpoints/main', {
      url: 'https://example.com/v2',
      eventTypes: [],
      rateLimit: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      url: 'https://example.com/v2',
      eventTypes: [],
      rateLimit: null,
      description: 'primary',
      channels: ['eu'],
    });

    const second = await r.newEndpoint(app.id, 'https://example.com/second');
    expectProblem(
      await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'https://example.com/x', uid: 'main' }),
      409,
    );
    const list = await h.api('GET', `/v1/apps/${app.id}/endpoints?limit=1`);
    expect(list.body).toMatchObject({ done: false, iterator: ep.id });
    expect(list.body.data.map((e: any) => e.id)).toEqual([ep.id]);
    const rest = await h.api('GET', `/v1/apps/${app.id}/endpoints?limit=1&iterator=${ep.id}`);
    expect(rest.body.data.map((e: any) => e.id)).toEqual([second.id]);
    expect(rest.body.data[0]).not.toHaveProperty('secret');

    expect((await h.api('DELETE', '/v1/apps/ep-crud/endpoints/main')).status).toBe(204);
    expectProblem(await h.api('GET', `/v1/apps/ep-crud/endpoints/${ep.id}`), 404);
    expectProblem(await h.api('GET', '/v1/apps/ep-crud/endpoints/main/secret'), 404);
    expectProblem(await h.api('DELETE', '/v1/apps/ep-crud/endpoints/main'), 404);

    // an endpoint is only found under its own application
    const other = await r.newApp();
    expectProblem(await h.api('GET', `/v1/apps/${other.id}/endpoints/${second.id}`), 404);
  });

  it('accepts a custom secret and rejects malformed ones with 422 naming secret', async () => {
    const app = await r.newApp();
    const custom = `whsec_${b64(32)}`;
    const ok = await r.newEndpoint(app.id, 'https://example.com/a', { secret: custom });
    expect(ok.secret).toBe(custom);
    expect(
      (await r.newEndpoint(app.id, 'https://example.com/b', { secret: `whsec_${b64(24)}` })).secret,
    ).toBe(`whsec_${b64(24)}`);
    expect(
      (await r.newEndpoint(app.id, 'https://example.com/c', { secret: `whsec_${b64(64)}` })).secret,
    ).toBe(`whsec_${b64(64)}`);

    const bad = [
      `whsec_${Buffer.alloc(32, 0xfb).toString('base64url')}`, // base64url alphabet
      `whsec_${b64(16)}`, // too short
      `whsec_${b64(65)}`, // too long
      b64(32), // no prefix
      `whsec_${b64(32)}`.replace(/=*$/, '!'),
      'whsec_',
      `whsec_${'A'.repeat(33)}B==`, // not canonical: its last bits are not zero, so no one could decode it alike
    ];
    for (const secret of bad) {
      const res = await h.api('POST', `/v1/apps/${app.id}/endpoints`, {
        url: 'https://example.com/x',
        secret,
      });
      expectProblem(res, 422, 'secret');
    }
  });

  it('rejects reserved and malformed headers, and bad urls', async () => {
    const app = await r.newApp();
    const post = (body: Record<string, unknown>) => h.api('POST', `/v1/apps/${app.id}/endpoints`, body);
    for (const name of ['webhook-id', 'Webhook-Signature', 'content-type', 'User-Agent', 'host']) {
      const res = await post({ url: 'https://example.com/x', headers: { [name]: 'v' } });
      const problem = expectProblem(res, 422);
      expect(problem.errors![0].path).toMatch(/^headers/);
    }
    expectProblem(await post({ url: 'https://example.com/x', headers: { 'bad name': 'v' } }), 422);
    expectProblem(await post({ url: 'https://example.com/x', headers: { 'x-a': 'line\r\nbreak' } }), 422);
    expectProblem(await post({ url: 'ftp://example.com/x' }), 422, 'url');
    expectProblem(await post({ url: 'not a url' }), 422, 'url');
    expectProblem(await post({}), 422, 'url');
    const ep = await r.newEndpoint(app.id, 'https://example.com/ok');
    expectProblem(
      await h.api('PATCH', `/v1/apps/${app.id}/endpoints/${ep.id}`, {
        headers: { 'webhook-timestamp': '1' },
      }),
      422,
    );
  });

  it('is disabled and enabled with PATCH; a disabled endpoint gets nothing', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp();
    const ep = await r.newEndpoint(app.id, receiver.url);

    const off = await h.api('PATCH', `/v1/apps/${app.id}/endpoints/${ep.id}`, { disabled: true });
    expect(off.body).toMatchObject({ disabled: true, disabledReason: 'manual' });
    const skipped = await r.publish(app.id, { eventType: 'x.y', payload: { n: 1 } });
    expect(await r.deliveriesOf(app.id, skipped.id)).toEqual([]);

    const on = await h.api('PATCH', `/v1/apps/${app.id}/endpoints/${ep.id}`, { disabled: false });
    expect(on.body).toMatchObject({ disabled: false, disabledReason: null });
    const sent = await r.publish(app.id, { eventType: 'x.y', payload: { n: 2 } });
    const [got] = await receiver.waitFor(1);
    expect(got!.headers['webhook-id']).toBe(sent.id);
    await sleep(200);
    expect(receiver.requests).toHaveLength(1);

    // created disabled
    const born = await r.newEndpoint(app.id, receiver.url, { disabled: true });
    expect(born.body).toMatchObject({ disabled: true, disabledReason: 'manual' });
    await receiver.close();
  });

  it('reports stats after deliveries', async () => {
    const receiver = await startReceiver((n) => ({ status: n === 1 ? 200 : 500 }));
    const app = await r.newApp({ retrySchedule: [] });
    const ep = await r.newEndpoint(app.id, receiver.url, { uid: 'stats' });
    const empty = await h.api('GET', `/v1/apps/${app.id}/endpoints/stats/stats`);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      counts: { succeeded: 0, failed: 0, pending: 0 },
      successRate: null,
      lastAttemptAt: null,
    });

    const m1 = await r.publish(app.id, { eventType: 'a.b', payload: {} });
    await eventually(async () => (await r.deliveriesOf(app.id, m1.id))[0]?.status === 'succeeded');
    const m2 = await r.publish(app.id, { eventType: 'a.b', payload: {} });
    await eventually(async () => (await r.deliveriesOf(app.id, m2.id))[0]?.status === 'failed');

    const stats = await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      counts: { succeeded: 1, failed: 1, pending: 0 },
      attempts: { succeeded: 1, failed: 1 },
      successRate: 0.5,
    });
    expect(stats.body.latencyMs.p50).toEqual(expect.any(Number));
    expect(stats.body.latencyMs.p99).toBeGreaterThanOrEqual(stats.body.latencyMs.p50);
    expect(Date.parse(stats.body.lastAttemptAt)).toBeGreaterThan(Date.now() - 60_000);
    await receiver.close();
  });
});

describe('secret rotation', () => {
  it('signs with both the old and the new secret after a rotation; both verify with standardwebhooks', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp();
    const ep = await r.newEndpoint(app.id, receiver.url, { uid: 'rot' });
    const before = ep.secret;

    const rotated = await h.api('POST', `/v1/apps/${app.id}/endpoints/rot/secret/rotate`);
    expect(rotated.status).toBe(204);
    const after = await secretOf(app.id, ep.id);
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);

    await r.publish(app.id, { eventType: 'rotate.me', payload: { step: 1 } });
    const [got] = await receiver.waitFor(1);
    const signatures = String(got!.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
    for (const secret of [before, after]) {
      expect(verifyWithStandardWebhooks(secret, got!).data).toEqual({ step: 1 });
      const headers = Object.fromEntries(Object.entries(got!.headers).map(([k, v]) => [k, String(v)]));
      expect(() => new Webhook(secret).verify(got!.body, headers)).not.toThrow();
    }
    const stranger = `whsec_${b64(32, 1)}`;
    expect(() => verifyWithStandardWebhooks(stranger, got!)).toThrow();
    await receiver.close();
  });

  it('uses an explicit key as the new secret; the previous one still verifies', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp();
    const ep = await r.newEndpoint(app.id, receiver.url);
    const old = ep.secret;
    const chosen = `whsec_${b64(40, 9)}`;

    const res = await h.api('POST', `/v1/apps/${app.id}/endpoints/${ep.id}/secret/rotate`, { key: chosen });
    expect(res.status).toBe(204);
    expect(await secretOf(app.id, ep.id)).toBe(chosen);

    await r.publish(app.id, { eventType: 'rotate.me', payload: { step: 2 } });
    const [got] = await receiver.waitFor(1);
    expect(verifyWithStandardWebhooks(chosen, got!).data).toEqual({ step: 2 });
    expect(verifyWithStandardWebhooks(old, got!).data).toEqual({ step: 2 });

    expectProblem(
      await h.api('POST', `/v1/apps/${app.id}/endpoints/${ep.id}/secret/rotate`, { key: 'whsec_short' }),
      422,
      'key',
    );
    expect(await secretOf(app.id, ep.id)).toBe(chosen); // a refused rotation changes nothing
    expectProblem(await h.api('POST', `/v1/apps/${app.id}/endpoints/ep_nope/secret/rotate`), 404);
    await receiver.close();
  });
});
