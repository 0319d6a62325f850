import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, resources } from './helpers/api.ts';
import { startTestHerald, type TestHerald } from './helpers/herald.ts';
import { dereference } from './helpers/openapi.ts';
import { startReceiver } from './helpers/receiver.ts';

let h: TestHerald;
let r: ReturnType<typeof resources>;
beforeAll(async () => {
  h = await startTestHerald();
  r = resources(h);
});
afterEach(() => {
  expect(h.serverErrors).toEqual([]);
});
afterAll(async () => {
  await h?.stop();
});

async function newKey(body: Record<string, unknown>) {
  const res = await h.api('POST', '/v1/api-keys', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; app: string | null; key: string };
}

describe('authentication', () => {
  it('answers 401 without a key, with a wrong key, or a malformed header', async () => {
    expectProblem(await h.api('GET', '/v1/apps', undefined, { key: null }), 401);
    expectProblem(await h.api('GET', '/v1/apps', undefined, { key: 'wrong-key-0123456789' }), 401);
    expectProblem(await h.api('POST', '/v1/apps', { name: 'x' }, { key: 'wrong' }), 401);
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'test-root-key-0123456789']) {
      expectProblem(
        await h.api('GET', '/v1/apps', undefined, { key: null, headers: { authorization } }),
        401,
      );
    }
    // no work is done for an unauthenticated request
    const apps = await h.api('GET', '/v1/apps?limit=250');
    expect(apps.body.data.filter((a: any) => a.name === 'x')).toEqual([]);
  });

  it('creates a key shown once that works, lists it without the key, and revokes it at once', async () => {
    const created = await newKey({ name: 'ci' });
    expect(created).toMatchObject({ id: expect.stringMatching(/^key_/), name: 'ci', app: null });
    expect(created.key.length).toBeGreaterThanOrEqual(32);

    const withIt = await h.api('GET', '/v1/apps', undefined, { key: created.key });
    expect(withIt.status).toBe(200);
    expect((await h.api('POST', '/v1/apps', { name: 'made with a key' }, { key: created.key })).status).toBe(
      201,
    );

    const list = await h.api('GET', '/v1/api-keys');
    expect(list.status).toBe(200);
    const listed = list.body.data.find((k: any) => k.id === created.id);
    expect(listed).toMatchObject({ id: created.id, name: 'ci', app: null });
    expect(JSON.stringify(list.body)).not.toContain(created.key);

    expect((await h.api('DELETE', `/v1/api-keys/${created.id}`)).status).toBe(204);
    expectProblem(await h.api('GET', '/v1/apps', undefined, { key: created.key }), 401);
    expect((await h.api('GET', '/v1/api-keys')).body.data.map((k: any) => k.id)).not.toContain(created.id);
    expectProblem(await h.api('DELETE', `/v1/api-keys/${created.id}`), 404);
    expectProblem(await h.api('DELETE', '/v1/api-keys/key_unknown'), 404);
    expectProblem(await h.api('POST', '/v1/api-keys', {}), 422, 'name');
  });
});

describe('a key scoped to one application', () => {
  it('reaches that application only; the other is 404, never 403', async () => {
    const receiver = await startReceiver();
    const a = await r.newApp({ uid: 'scope-a' });
    const b = await r.newApp({ uid: 'scope-b' });
    const bEp = await r.newEndpoint(b.id, receiver.url, { uid: 'b-ep', disabled: true });
    const bMsg = await r.publish(b.id, { eventType: 'a.b', payload: {} });

    const scoped = await newKey({ name: 'tenant a', app: 'scope-a' });
    expect(scoped.app).toBe(a.id);
    const as = (method: string, path: string, body?: unknown) =>
      h.api(method, path, body, { key: scoped.key });

    // its own application, by id and uid
    expect((await as('GET', `/v1/apps/${a.id}`)).status).toBe(200);
    expect((await as('GET', '/v1/apps/scope-a')).body.id).toBe(a.id);
    expect((await as('PATCH', '/v1/apps/scope-a', { name: 'renamed by tenant' })).status).toBe(200);
    const ep = await as('POST', '/v1/apps/scope-a/endpoints', { url: receiver.url });
    expect(ep.status).toBe(201);
    expect((await as('GET', `/v1/apps/scope-a/endpoints/${ep.body.id}/secret`)).status).toBe(200);
    const msg = await as('POST', '/v1/apps/scope-a/messages', {
      eventType: 'tenant.event',
      payload: { a: 1 },
    });
    expect(msg.status).toBe(202);
    const [got] = await receiver.waitFor(1);
    expect(got!.headers['webhook-id']).toBe(msg.body.id);
    expect((await as('GET', `/v1/apps/scope-a/messages/${msg.body.id}`)).status).toBe(200);
    expect((await as('GET', '/v1/apps/scope-a/attempts')).status).toBe(200);

    // only its application in the list
    const list = await as('GET', '/v1/apps');
    expect(list.body.data.map((x: any) => x.id)).toEqual([a.id]);
    expect(list.body.done).toBe(true);

    // the other application does not exist for it, whatever the route
    const hidden: Array<[string, string, unknown?]> = [
      ['GET', `/v1/apps/${b.id}`],
      ['GET', '/v1/apps/scope-b'],
      ['PATCH', `/v1/apps/${b.id}`, { name: 'hijacked' }],
      ['DELETE', `/v1/apps/${b.id}`],
      ['GET', `/v1/apps/${b.id}/endpoints`],
      ['GET', `/v1/apps/${b.id}/endpoints/${bEp.id}`],
      ['GET', '/v1/apps/scope-b/endpoints/b-ep/secret'],
      ['POST', `/v1/apps/${b.id}/endpoints`, { url: receiver.url }],
      ['POST', `/v1/apps/${b.id}/endpoints/${bEp.id}/secret/rotate`],
      ['GET', `/v1/apps/${b.id}/messages`],
      ['GET', `/v1/apps/${b.id}/messages/${bMsg.id}`],
      ['POST', `/v1/apps/${b.id}/messages`, { eventType: 'a.b', payload: {} }],
      ['POST', `/v1/apps/${b.id}/messages/batch`, { messages: [{ eventType: 'a.b', payload: {} }] }],
      ['GET', `/v1/apps/${b.id}/attempts`],
      ['POST', `/v1/apps/${b.id}/messages/${bMsg.id}/endpoints/${bEp.id}/resend`],
      // B's things reached through A's path
      ['GET', `/v1/apps/${a.id}/endpoints/${bEp.id}`],
      ['GET', `/v1/apps/${a.id}/messages/${bMsg.id}`],
      ['GET', `/v1/apps/${a.id}/attempts?endpoint=${bEp.id}`],
      ['POST', `/v1/apps/${a.id}/messages/${bMsg.id}/endpoints/${ep.body.id}/resend`],
    ];
    for (const [method, path, body] of hidden) {
      const res = await as(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // nothing happened to B
    expect((await h.api('GET', `/v1/apps/${b.id}`)).body.name).toBe('test app');
    expect((await h.api('GET', `/v1/apps/${b.id}/messages`)).body.data).toHaveLength(1);

    // it cannot widen its reach
    expectProblem(await as('POST', '/v1/apps', { name: 'mine now' }), 403);
    expectProblem(await as('POST', '/v1/api-keys', { name: 'escalate' }), 403);
    expectProblem(await as('POST', '/v1/api-keys', { name: 'escalate', app: 'scope-a' }), 403);
    expectProblem(await as('GET', '/v1/api-keys'), 403);
    expectProblem(await as('DELETE', `/v1/api-keys/${scoped.id}`), 403);
    expectProblem(await as('POST', '/v1/event-types', { name: 'tenant.made' }), 403);
    expect((await as('GET', '/v1/event-types')).status).toBe(200);

    await receiver.close();
  });

  it('cannot be created for an unknown application, and dies with its application', async () => {
    expectProblem(await h.api('POST', '/v1/api-keys', { name: 'x', app: 'no-such-app' }), 404);
    const app = await r.newApp();
    const scoped = await newKey({ name: 'short-lived', app: app.id });
    expect((await h.api('GET', `/v1/apps/${app.id}`, undefined, { key: scoped.key })).status).toBe(200);
    expect((await h.api('DELETE', `/v1/apps/${app.id}`)).status).toBe(204);
    expectProblem(await h.api('GET', '/v1/apps', undefined, { key: scoped.key }), 401);
  });
});

describe('portal access', () => {
  it('mints a link without a body; its token reaches that application only', async () => {
    const a = await r.newApp();
    const b = await r.newApp();
    const res = await h.api('POST', `/v1/apps/${a.id}/portal-access`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      token: expect.any(String),
      url: expect.stringContaining(res.body.token),
    });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    const token = res.body.token as string;
    expect((await h.api('GET', `/v1/apps/${a.id}`, undefined, { key: token })).status).toBe(200);
    expectProblem(await h.api('GET', `/v1/apps/${b.id}`, undefined, { key: token }), 404);

    const short = await h.api('POST', `/v1/apps/${a.id}/portal-access`, { expiresIn: 60 });
    expect(short.status).toBe(200);
    expect(Date.parse(short.body.expiresAt) - Date.now()).toBeLessThanOrEqual(61_000);
    expectProblem(await h.api('POST', `/v1/apps/${b.id}/portal-access`, undefined, { key: token }), 404);
  });
});

describe('operations', () => {
  it('GET /health is 200 without a key', async () => {
    const res = await h.api('GET', '/health', undefined, { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /ready checks the database and the queue', async () => {
    const res = await h.api('GET', '/ready', undefined, { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ checks: { database: 'ok', queue: 'ok' } });
  });

  it('GET /metrics is Prometheus text', async () => {
    await r.publish((await r.newApp()).id, { eventType: 'a.b', payload: {} });
    const res = await h.api('GET', '/metrics', undefined, { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/^# HELP herald_/m);
    expect(res.body).toMatch(/^# TYPE herald_messages_published_total counter$/m);
    expect(res.body).toMatch(/^herald_messages_published_total [1-9]/m);
  });

  it('GET /openapi.json is OpenAPI 3.1 with the routes', async () => {
    const res = await h.api('GET', '/openapi.json', undefined, { key: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info.title).toMatch(/Herald/);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/v1/apps',
      '/v1/apps/{app}',
      '/v1/apps/{app}/messages',
      '/v1/apps/{app}/messages/batch',
      '/v1/apps/{app}/endpoints/{endpoint}/secret/rotate',
      '/v1/api-keys',
    ]) {
      expect(paths).toContain(p);
    }
    const publish = dereference(res.body).paths['/v1/apps/{app}/messages'].post;
    expect(publish.requestBody.content['application/json'].schema.properties).toHaveProperty('eventType');
    expect(paths.some((p) => p === '/health' || p === '/metrics' || p === '/openapi.json')).toBe(false);
  });

  it('GET /docs is an HTML page', async () => {
    const res = await fetch(`${h.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<html/i);
  });
});
