import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, resources } from './helpers/api.ts';
import { ROOT_KEY, startTestHerald, type TestHerald } from './helpers/herald.ts';

const MAX_BODY = 8192;

let h: TestHerald;
let r: ReturnType<typeof resources>;
beforeAll(async () => {
  h = await startTestHerald({ HERALD_MAX_BODY_BYTES: String(MAX_BODY) });
  r = resources(h);
  await r.newApp({ uid: 'validation' });
});
afterEach(() => {
  expect(h.serverErrors).toEqual([]);
});
afterAll(async () => {
  await h?.stop();
});

/** A raw request without content-length (chunked), which fetch cannot send without a stream. */
function chunked(path: string, chunks: string[]): Promise<{ status: number; type: string; body: any }> {
  const url = new URL(path, h.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ROOT_KEY}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            type: String(res.headers['content-type']),
            body: JSON.parse(text),
          }),
        );
      },
    );
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('request bodies', () => {
  it('answers 400 for malformed or empty JSON', async () => {
    expectProblem(await h.api('POST', '/v1/apps', '{"name": '), 400);
    expectProblem(await h.api('POST', '/v1/apps', "{'name': 'single quotes'}"), 400);
    expectProblem(
      await h.api('POST', '/v1/apps/validation/messages', '{"eventType":"a.b","payload":{}}}'),
      400,
    );
    expectProblem(await h.api('POST', '/v1/apps', ''), 400);
  });

  it('refuses a __proto__ key rather than polluting anything', async () => {
    const res = await h.api('POST', '/v1/apps', '{"name":"p","__proto__":{"admin":true}}');
    expect([400, 422]).toContain(res.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers 415 for a content type other than JSON', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data',
    ]) {
      const res = await h.api('POST', '/v1/apps', '{"name":"typed"}', { headers: { 'content-type': type } });
      expectProblem(res, 415);
    }
    // a charset parameter on JSON is fine
    const ok = await h.api('POST', '/v1/apps', '{"name":"typed"}', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(ok.status).toBe(201);
  });

  it('answers 413 for a body over HERALD_MAX_BODY_BYTES, with or without content-length', async () => {
    const big = { eventType: 'a.b', payload: { blob: 'x'.repeat(MAX_BODY) } };
    expectProblem(await h.api('POST', '/v1/apps/validation/messages', big), 413);
    const streamed = await chunked('/v1/apps/validation/messages', [
      '{"eventType":"a.b","payload":{"blob":"',
      'y'.repeat(MAX_BODY),
      '"}}',
    ]);
    expect(streamed.status).toBe(413);
    expect(streamed.type).toMatch(/^application\/problem\+json/);
    // just under the limit is accepted
    const fits = { eventType: 'a.b', payload: { blob: 'z'.repeat(MAX_BODY - 200) } };
    expect((await h.api('POST', '/v1/apps/validation/messages', fits)).status).toBe(202);
    expect(await h.api('GET', '/v1/apps/validation/messages').then((x) => x.body.data.length)).toBe(1);
  });
});

describe('field validation', () => {
  it('names missing and invalid fields with 422', async () => {
    const countMessages = () => h.api('GET', '/v1/apps/validation/messages').then((x) => x.body.data.length);
    const messagesBefore = await countMessages();
    expectProblem(await h.api('POST', '/v1/apps', {}), 422, 'name');
    expectProblem(await h.api('POST', '/v1/apps', { name: '' }), 422, 'name');
    expectProblem(await h.api('POST', '/v1/apps', { name: 42 }), 422, 'name');
    expectProblem(await h.api('POST', '/v1/apps', { name: 'x', uid: 'has space' }), 422, 'uid');
    expectProblem(await h.api('POST', '/v1/apps', { name: 'x', metadata: { n: 1 } }), 422, 'metadata.n');
    expectProblem(
      await h.api('POST', '/v1/apps', { name: 'x', retrySchedule: [5, -1] }),
      422,
      'retrySchedule.1',
    );
    expectProblem(
      await h.api('POST', '/v1/apps', { name: 'x', retrySchedule: [1.5] }),
      422,
      'retrySchedule.0',
    );
    expectProblem(await h.api('POST', '/v1/apps', [{ name: 'array' }]), 422);
    expectProblem(await h.api('PATCH', '/v1/apps/validation', { name: '' }), 422, 'name');

    expectProblem(await h.api('POST', '/v1/apps/validation/endpoints', {}), 422, 'url');
    expectProblem(
      await h.api('POST', '/v1/apps/validation/endpoints', { url: 'https://x.test', rateLimit: 0 }),
      422,
      'rateLimit',
    );
    expectProblem(
      await h.api('POST', '/v1/apps/validation/endpoints', {
        url: 'https://x.test',
        eventTypes: ['ok', 'not ok'],
      }),
      422,
      'eventTypes.1',
    );
    expectProblem(
      await h.api('POST', '/v1/apps/validation/endpoints', { url: 'https://x.test', channels: 'eu' }),
      422,
      'channels',
    );

    const publish = (body: unknown) => h.api('POST', '/v1/apps/validation/messages', body);
    expectProblem(await publish({ payload: {} }), 422, 'eventType');
    expectProblem(await publish({ eventType: 'a.b' }), 422, 'payload');
    expectProblem(await publish({ eventType: 'a.b', payload: 'text' }), 422, 'payload');
    expectProblem(await publish({ eventType: 'a b', payload: {} }), 422, 'eventType');
    expectProblem(await publish({ eventType: 'a.b', payload: {}, eventId: '' }), 422, 'eventId');
    expectProblem(
      await publish({ eventType: 'a.b', payload: {}, channels: ['bad channel'] }),
      422,
      'channels.0',
    );
    const problem = expectProblem(await publish({ eventType: 7, payload: null }), 422);
    expect(problem.errors!.map((e) => e.path).sort()).toEqual(['eventType', 'payload']);
    expectProblem(
      await h.api(
        'POST',
        '/v1/apps/validation/messages',
        { eventType: 'a.b', payload: {} },
        { headers: { 'idempotency-key': '' } },
      ),
      422,
    );
    expect(await countMessages()).toBe(messagesBefore);
  });

  it('checks list parameters: limit from 1 to 250', async () => {
    for (const path of [
      '/v1/apps',
      '/v1/apps/validation/messages',
      '/v1/apps/validation/endpoints',
      '/v1/event-types',
    ]) {
      expectProblem(await h.api('GET', `${path}?limit=0`), 422, 'limit');
      expectProblem(await h.api('GET', `${path}?limit=251`), 422, 'limit');
      expectProblem(await h.api('GET', `${path}?limit=ten`), 422, 'limit');
      expectProblem(await h.api('GET', `${path}?limit=2.5`), 422, 'limit');
      expect((await h.api('GET', `${path}?limit=250`)).status).toBe(200);
      expect((await h.api('GET', `${path}?limit=1`)).status).toBe(200);
    }
    const res = await h.api('GET', '/v1/apps');
    expect(res.body).toMatchObject({ data: expect.any(Array), done: true });
    expect(res.body.iterator).toBe(res.body.data.at(-1).id);
    expectProblem(await h.api('GET', `/v1/apps/${'x'.repeat(300)}`), 422, 'app');
    expectProblem(await h.api('GET', `/v1/apps/${'x'.repeat(5000)}`), 414);
  });

  it('takes a uid of the longest allowed length in the path', async () => {
    const uid = 'u'.repeat(256);
    const created = await r.newApp({ uid });
    expect((await h.api('GET', `/v1/apps/${uid}`)).body.id).toBe(created.id);
    const ep = await r.newEndpoint(uid, 'https://example.com/x', { uid, disabled: true });
    expect((await h.api('GET', `/v1/apps/${uid}/endpoints/${uid}`)).body.id).toBe(ep.id);
    expectProblem(await h.api('POST', '/v1/apps', { name: 'x', uid: 'u'.repeat(257) }), 422, 'uid');
  });

  it('never answers 500 for strange but well-formed input', async () => {
    const strange: Array<[string, string, unknown?]> = [
      ['POST', '/v1/apps', { name: 'nul \u0000 inside' }],
      ['POST', '/v1/apps', { name: 'x', metadata: { k: 'nul \u0000' } }],
      [
        'POST',
        '/v1/apps/validation/messages',
        { eventType: 'a.b', payload: { s: 'nul \u0000 ok in a payload' } },
      ],
      ['POST', '/v1/apps/validation/messages', { eventType: 'a.b', payload: { s: '\ud800' } }],
      ['POST', '/v1/apps/validation/messages', { eventType: 'a.b', payload: { '\ud83d': 1 } }],
      ['POST', '/v1/apps/validation/messages', { eventType: 'a.b', payload: {}, eventId: 'id\u0000' }],
      ['POST', '/v1/event-types', { name: 'nul.desc', description: 'a\u0000b' }],
      ['POST', '/v1/event-types', { name: 'nul.schema', schema: { description: 'a\u0000b' } }],
      ['GET', '/v1/apps/%00'],
      ['GET', '/v1/apps?iterator=%00'],
      ['GET', '/v1/apps/validation/messages/msg%00x'],
      ['GET', '/v1/apps/validation/messages?iterator=%00'],
      ['DELETE', '/v1/api-keys/%00'],
      ['GET', '/v1/apps/validation/messages?after=2024-02-30T00:00:00Z'],
      ['GET', '/v1/apps/validation/messages?before=9999-12-31T23:59:59Z'],
      ['GET', '/v1/apps/%ZZ'],
    ];
    const wrong: string[] = [];
    for (const [method, path, body] of strange) {
      const res = await h.api(method, path, body);
      const type = res.headers.get('content-type') ?? '';
      if (res.status >= 500 || (res.status >= 400 && !type.startsWith('application/problem+json')))
        wrong.push(`${method} ${path} ${JSON.stringify(body)} -> ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(wrong).toEqual([]);
    h.serverErrors.length = 0; // reported above, one by one

    // PostgreSQL cannot store a NUL character in text: 422 naming where it was
    expectProblem(await h.api('POST', '/v1/apps', { name: 'a\u0000b' }), 422, 'name');
    expectProblem(
      await h.api('POST', '/v1/apps', { name: 'x', metadata: { k: '\u0000' } }),
      422,
      'metadata.k',
    );
    expectProblem(await h.api('GET', '/v1/apps/%00'), 422, 'app');
    expectProblem(await h.api('GET', '/v1/apps?iterator=%00'), 422, 'iterator');
    // inside a payload it is fine: payloads are stored as JSON text, escapes and all
    const nul = await r.publish('validation', { eventType: 'a.b', payload: { s: 'x\u0000y' } });
    expect((await h.api('GET', `/v1/apps/validation/messages/${nul.id}`)).body.payload).toEqual({
      s: 'x\u0000y',
    });
  });
});

describe('unknown routes', () => {
  it('answer 404 problem+json, with or without a key', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing'],
      ['GET', '/nothing/here'],
      ['POST', '/v1/apps/validation/unknown'],
      ['PUT', '/v1/apps'],
    ] as const) {
      expectProblem(await h.api(method, path), 404);
      expectProblem(await h.api(method, path, undefined, { key: null }), 404);
    }
  });
});
