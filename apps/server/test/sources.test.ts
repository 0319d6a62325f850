import { createHmac, randomUUID } from 'node:crypto';
import { generateSecret } from '@herald/signing';
import pg from 'pg';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { runRetention } from '../src/services/retention.ts';
import { expectProblem, resources, sleep } from './helpers/api.ts';
import { type ApiResponse, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

let h: TestHerald;
let r: ReturnType<typeof resources>;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await startTestHerald({ HERALD_RETRY_JITTER: '0' });
  r = resources(h);
});
afterEach(() => {
  expect(h.serverErrors).toEqual([]);
});
afterAll(async () => {
  for (const rc of receivers) await rc.close();
  await h?.stop();
});

const hmacHex = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An application with one endpoint (and its receiver) and a source created with `body`. */
async function setup(body: Record<string, unknown>) {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const app = await r.newApp();
  const ep = await r.newEndpoint(app.id, receiver.url);
  const res = await h.api('POST', `/v1/apps/${app.id}/sources`, { name: 'provider', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { app, ep, receiver, source: res.body as { id: string; ingestUrl: string } };
}

/** POSTs `body` as is to the source's ingest URL, without an API key. */
async function send(
  sourceId: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const res = await fetch(`${h.url}/in/${sourceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {}
  if (res.status >= 500)
    h.serverErrors.push({ method: 'POST', path: `/in/${sourceId}`, status: res.status, body: parsed });
  return { status: res.status, headers: res.headers, body: parsed };
}

const messagesOf = (app: string) =>
  h.api('GET', `/v1/apps/${app}/messages`).then((x) => x.body.data as any[]);
const requestsOf = (app: string, source: string) =>
  h.api('GET', `/v1/apps/${app}/sources/${source}/requests`).then((x) => x.body.data as any[]);

/** The one delivery the receiver got, verified, checked against the accepted message. */
async function expectDelivered(
  s: Awaited<ReturnType<typeof setup>>,
  messageId: string,
  type: string,
  data: unknown,
) {
  const [got] = await s.receiver.waitFor(1);
  const verified = verifyWithStandardWebhooks(s.ep.secret, got!);
  expect(verified.type).toBe(type);
  expect(verified.data).toEqual(data);
  expect(got!.headers['webhook-id']).toBe(messageId);
}

describe('sources', () => {
  it('creates, reads, lists and deletes a source; the secret never comes back', async () => {
    const app = await r.newApp();
    const res = await h.api('POST', `/v1/apps/${app.id}/sources`, {
      name: 'github',
      uid: 'gh',
      verification: { type: 'github', secret: 'gh-secret' },
      eventType: { header: 'x-github-event' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      appId: app.id,
      uid: 'gh',
      name: 'github',
      verification: { type: 'github', header: 'x-hub-signature-256' },
      eventType: { header: 'x-github-event' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.body.id).toMatch(/^src_/);
    expect(res.body.ingestUrl).toBe(`${h.url}/in/${res.body.id}`);
    expect(JSON.stringify(res.body)).not.toContain('gh-secret');

    expect((await h.api('GET', `/v1/apps/${app.id}/sources/gh`)).body).toEqual(res.body);
    expect((await h.api('GET', `/v1/apps/${app.id}/sources/${res.body.id}`)).body).toEqual(res.body);
    const list = await h.api('GET', `/v1/apps/${app.id}/sources?limit=10`);
    expect(list.body).toEqual({ data: [res.body], iterator: res.body.id, done: true });

    const hmac = await h.api('POST', `/v1/apps/${app.id}/sources`, {
      name: 'custom',
      verification: { type: 'hmac-sha256', secret: 's' },
      eventType: { fixed: 'a.b' },
    });
    expect(hmac.body.verification).toMatchObject({ type: 'hmac-sha256', header: 'x-signature' });

    expect((await h.api('DELETE', `/v1/apps/${app.id}/sources/gh`)).status).toBe(204);
    expectProblem(await h.api('GET', `/v1/apps/${app.id}/sources/gh`), 404);
    expectProblem(await send(res.body.id, '{}'), 404);
  });

  it('uses HERALD_PUBLIC_URL for the ingest URL when set', async () => {
    const other = await startTestHerald({ HERALD_PUBLIC_URL: 'https://hooks.example.com/' });
    try {
      const app = await other.api('POST', '/v1/apps', { name: 'public' });
      const res = await other.api('POST', `/v1/apps/${app.body.id}/sources`, {
        name: 'open',
        verification: { type: 'none' },
        eventType: { fixed: 'a.b' },
      });
      expect(res.body.ingestUrl).toBe(`https://hooks.example.com/in/${res.body.id}`);
    } finally {
      await other.stop();
    }
  });

  it('names the field of a validation error', async () => {
    const app = await r.newApp();
    const create = (body: Record<string, unknown>) =>
      h.api('POST', `/v1/apps/${app.id}/sources`, {
        name: 'x',
        verification: { type: 'none' },
        eventType: { fixed: 'a.b' },
        ...body,
      });
    for (const type of ['hmac-sha256', 'standard-webhooks', 'github', 'stripe']) {
      expectProblem(await create({ verification: { type } }), 422, 'verification.secret');
    }
    expectProblem(
      await create({ verification: { type: 'standard-webhooks', secret: 'not-a-whsec' } }),
      422,
      'verification.secret',
    );
    expectProblem(await create({ verification: { type: 'gitlab', secret: 's' } }), 422, 'verification.type');
    expectProblem(
      await create({ verification: { type: 'github', secret: 's', header: 'x-other' } }),
      422,
      'verification.header',
    );
    expectProblem(await create({ name: undefined }), 422, 'name');
    expectProblem(await create({ eventType: { column: 'x' } }), 422, 'eventType');
    expectProblem(await create({ eventType: { fixed: 'not valid!' } }), 422, 'eventType.fixed');
    expectProblem(await create({ uid: 'no spaces' }), 422, 'uid');
    expect((await h.api('GET', `/v1/apps/${app.id}/sources`)).body.data).toEqual([]);
  });

  it('is 404 to a key scoped to another application', async () => {
    const mine = await r.newApp();
    const theirs = await r.newApp();
    const src = await h.api('POST', `/v1/apps/${theirs.id}/sources`, {
      name: 'theirs',
      verification: { type: 'none' },
      eventType: { fixed: 'a.b' },
    });
    const key = (await h.api('POST', '/v1/api-keys', { name: 'mine', app: mine.id })).body.key as string;
    const as = (method: string, path: string, body?: unknown) => h.api(method, path, body, { key });
    const base = `/v1/apps/${theirs.id}/sources`;
    expectProblem(await as('GET', base), 404);
    expectProblem(await as('GET', `${base}/${src.body.id}`), 404);
    expectProblem(await as('GET', `${base}/${src.body.id}/requests`), 404);
    expectProblem(await as('DELETE', `${base}/${src.body.id}`), 404);
    expectProblem(
      await as('POST', base, { name: 'x', verification: { type: 'none' }, eventType: { fixed: 'a.b' } }),
      404,
    );
    // its own source is fine, and another app's source is not found under its app
    expect((await as('GET', `/v1/apps/${mine.id}/sources`)).status).toBe(200);
    expectProblem(await as('GET', `/v1/apps/${mine.id}/sources/${src.body.id}`), 404);
  });

  it('answers 404 for an unknown source, without an API key', async () => {
    expectProblem(await send('src_unknown', '{"a":1}'), 404);
  });
});

describe('inbound webhooks: verification', () => {
  it('none: accepts and delivers', async () => {
    const s = await setup({ verification: { type: 'none' }, eventType: { fixed: 'ping.sent' } });
    const res = await send(s.source.id, '{"hello":"world"}');
    expect(res.status).toBe(202);
    expect(res.body.messageId).toMatch(/^msg_/);
    await expectDelivered(s, res.body.messageId, 'ping.sent', { hello: 'world' });
  });

  it('hmac-sha256: hex in a custom header, with or without "sha256=", in constant time', async () => {
    const s = await setup({
      verification: { type: 'hmac-sha256', secret: 'shared-secret', header: 'X-Acme-Signature' },
      eventType: { header: 'x-acme-event' },
    });
    const body = '{"order":42}';
    const sig = hmacHex('shared-secret', body);
    const a = await send(s.source.id, body, { 'x-acme-signature': sig, 'x-acme-event': 'order.created' });
    expect(a.status).toBe(202);
    await expectDelivered(s, a.body.messageId, 'order.created', { order: 42 });
    const b = await send(s.source.id, body, {
      'x-acme-signature': `sha256=${sig.toUpperCase()}`,
      'x-acme-event': 'order.created',
    });
    expect(b.status).toBe(202);

    expectProblem(
      await send(s.source.id, body, { 'x-acme-signature': hmacHex('wrong', body), 'x-acme-event': 'x.y' }),
      401,
    );
    expectProblem(await send(s.source.id, body, { 'x-acme-event': 'x.y' }), 401);
    // the default header is not the configured one
    expectProblem(await send(s.source.id, body, { 'x-signature': sig, 'x-acme-event': 'x.y' }), 401);
    expect(await messagesOf(s.app.id)).toHaveLength(2);
  });

  it('github: x-hub-signature-256, and a retried delivery publishes once', async () => {
    const s = await setup({
      verification: { type: 'github', secret: 'gh-secret' },
      eventType: { header: 'x-github-event' },
    });
    const body = JSON.stringify({ action: 'opened', number: 7 });
    const headers = {
      'x-hub-signature-256': `sha256=${hmacHex('gh-secret', body)}`,
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
    };
    const first = await send(s.source.id, body, headers);
    expect(first.status).toBe(202);
    await expectDelivered(s, first.body.messageId, 'pull_request', { action: 'opened', number: 7 });
    const retry = await send(s.source.id, body, headers);
    expect(retry.status).toBe(202);
    expect(retry.body.messageId).toBe(first.body.messageId);
    const messages = await messagesOf(s.app.id);
    expect(messages).toHaveLength(1);
    expect(messages[0].eventId).toBe(headers['x-github-delivery']);

    const bad = { ...headers, 'x-github-delivery': randomUUID() };
    expectProblem(
      await send(s.source.id, body, { ...bad, 'x-hub-signature-256': `sha256=${hmacHex('x', body)}` }),
      401,
    );
    // the signature of another body
    expectProblem(await send(s.source.id, '{"action":"closed"}', bad), 401);
    // the old SHA-1 header alone is not enough
    const { 'x-hub-signature-256': _, ...withoutSig } = bad;
    expectProblem(await send(s.source.id, body, { ...withoutSig, 'x-hub-signature': 'sha1=00' }), 401);
    await sleep(300);
    expect(await messagesOf(s.app.id)).toHaveLength(1);
    expect(s.receiver.requests).toHaveLength(1);
  });

  it('stripe: t and v1 entries within 300 s; a stale timestamp is refused; the event id dedupes', async () => {
    const secret = 'whsec_stripe_test_secret';
    const s = await setup({ verification: { type: 'stripe', secret }, eventType: { bodyPath: 'type' } });
    const signed = (body: string, t = nowSeconds(), key = secret) =>
      `t=${t},v1=${hmacHex(key, `${t}.${body}`)}`;
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid', data: { amount: 5 } });
    // several v1 entries (during a secret roll) and a v0 are fine as long as one v1 matches
    const t = nowSeconds();
    const header = `t=${t},v1=${hmacHex('old', `${t}.${body}`)},v1=${hmacHex(secret, `${t}.${body}`)},v0=abc`;
    const ok = await send(s.source.id, body, { 'stripe-signature': header });
    expect(ok.status).toBe(202);
    await expectDelivered(s, ok.body.messageId, 'invoice.paid', JSON.parse(body));
    const again = await send(s.source.id, body, { 'stripe-signature': signed(body) });
    expect(again.body.messageId).toBe(ok.body.messageId);

    const other = JSON.stringify({ id: 'evt_2', type: 'invoice.paid' });
    expectProblem(
      await send(s.source.id, other, { 'stripe-signature': signed(other, nowSeconds() - 301) }),
      401,
    );
    expectProblem(
      await send(s.source.id, other, { 'stripe-signature': signed(other, nowSeconds() + 400) }),
      401,
    );
    expectProblem(
      await send(s.source.id, other, { 'stripe-signature': signed(other, undefined, 'wrong') }),
      401,
    );
    expectProblem(await send(s.source.id, other, { 'stripe-signature': `t=${nowSeconds()}` }), 401);
    expectProblem(await send(s.source.id, other), 401);
    await sleep(300);
    expect(await messagesOf(s.app.id)).toHaveLength(1);
  });

  it('standard-webhooks: webhook-* or svix-* headers; webhook-id dedupes', async () => {
    const secret = generateSecret();
    const s = await setup({
      verification: { type: 'standard-webhooks', secret },
      eventType: { bodyPath: 'type' },
    });
    const wh = new Webhook(secret);
    const body = JSON.stringify({ type: 'user.created', data: { id: 'u1' } });
    const id = 'msg_provider_1';
    const at = new Date();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': wh.sign(id, at, body),
    };
    const ok = await send(s.source.id, body, headers);
    expect(ok.status).toBe(202);
    await expectDelivered(s, ok.body.messageId, 'user.created', JSON.parse(body));
    expect((await send(s.source.id, body, headers)).body.messageId).toBe(ok.body.messageId);

    // svix-* twins are accepted too
    const svixBody = JSON.stringify({ type: 'user.deleted' });
    const svix = await send(s.source.id, svixBody, {
      'svix-id': 'msg_provider_2',
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': wh.sign('msg_provider_2', at, svixBody),
    });
    expect(svix.status).toBe(202);

    const wrong = new Webhook(generateSecret());
    expectProblem(
      await send(s.source.id, body, {
        ...headers,
        'webhook-id': 'x3',
        'webhook-signature': wrong.sign('x3', at, body),
      }),
      401,
    );
    const { 'webhook-signature': _, ...unsigned } = headers;
    expectProblem(await send(s.source.id, body, { ...unsigned, 'webhook-id': 'x4' }), 401);
    const stale = new Date(Date.now() - 600_000);
    expectProblem(
      await send(s.source.id, body, {
        'webhook-id': 'x5',
        'webhook-timestamp': String(Math.floor(stale.getTime() / 1000)),
        'webhook-signature': wh.sign('x5', stale, body),
      }),
      401,
    );
    await sleep(300);
    expect((await messagesOf(s.app.id)).map((m) => m.eventId).sort()).toEqual([
      'msg_provider_1',
      'msg_provider_2',
    ]);
  });
});

describe('inbound webhooks: event type, body and inspection', () => {
  it('takes the event type from a header, a nested body path or a fixed value; missing is 422', async () => {
    const byHeader = await setup({ verification: { type: 'none' }, eventType: { header: 'x-event' } });
    const a = await send(byHeader.source.id, '{"n":1}', { 'x-event': 'thing.happened' });
    expect(a.status).toBe(202);
    await expectDelivered(byHeader, a.body.messageId, 'thing.happened', { n: 1 });
    expectProblem(await send(byHeader.source.id, '{"n":2}'), 422, 'eventType');
    expectProblem(await send(byHeader.source.id, '{"n":3}', { 'x-event': 'not valid!' }), 422, 'eventType');

    const byPath = await setup({ verification: { type: 'none' }, eventType: { bodyPath: 'a.b' } });
    const b = await send(byPath.source.id, '{"a":{"b":"nested.kind"},"n":1}');
    expect(b.status).toBe(202);
    await expectDelivered(byPath, b.body.messageId, 'nested.kind', { a: { b: 'nested.kind' }, n: 1 });
    for (const body of ['{"a":{}}', '{"a":"b"}', '{"a":{"b":7}}', '{"b":"x.y"}']) {
      expectProblem(await send(byPath.source.id, body), 422, 'eventType');
    }

    const fixed = await setup({ verification: { type: 'none' }, eventType: { fixed: 'always.this' } });
    const c = await send(fixed.source.id, '{"type":"ignored"}');
    expect(c.status).toBe(202);
    await expectDelivered(fixed, c.body.messageId, 'always.this', { type: 'ignored' });

    await sleep(300);
    expect(await messagesOf(byHeader.app.id)).toHaveLength(1);
    expect(await messagesOf(byPath.app.id)).toHaveLength(1);
    const kept = await requestsOf(byHeader.app.id, byHeader.source.id);
    expect(kept.map((k) => k.status)).toEqual(['rejected', 'rejected', 'accepted']);
    expect(kept[1].error).toMatch(/x-event/);
  });

  it('refuses a body that is not a JSON object, and publishes nothing', async () => {
    const s = await setup({ verification: { type: 'none' }, eventType: { fixed: 'a.b' } });
    expectProblem(
      await send(s.source.id, 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
    );
    expectProblem(await send(s.source.id, 'hello', { 'content-type': 'text/plain' }), 415);
    expectProblem(await send(s.source.id, '{"a":'), 400);
    expectProblem(await send(s.source.id, '[1,2]'), 400);
    expectProblem(await send(s.source.id, '"text"'), 400);
    expectProblem(await send(s.source.id, ''), 400);
    // a JSON media type with parameters or a +json suffix is fine
    expect(
      (await send(s.source.id, '{"ok":1}', { 'content-type': 'application/json; charset=utf-8' })).status,
    ).toBe(202);
    expect(
      (await send(s.source.id, '{"ok":2}', { 'content-type': 'application/cloudevents+json' })).status,
    ).toBe(202);
    await sleep(300);
    expect(await messagesOf(s.app.id)).toHaveLength(2);
    expect((await requestsOf(s.app.id, s.source.id)).map((k) => k.status)).toEqual([
      'accepted',
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
  });

  it('keeps every request, accepted or not, newest first, paged, with a capped body', async () => {
    const s = await setup({
      verification: { type: 'hmac-sha256', secret: 'k' },
      eventType: { fixed: 'kept.request' },
    });
    const body = '{"x":1}';
    const ok = await send(s.source.id, body, { 'x-signature': hmacHex('k', body), 'x-trace': 't1' });
    expect(ok.status).toBe(202);
    expectProblem(await send(s.source.id, body, { 'x-signature': hmacHex('nope', body) }), 401);
    expectProblem(await send(s.source.id, body), 401);
    const big = JSON.stringify({ pad: 'y'.repeat(70 * 1024) });
    expect((await send(s.source.id, big, { 'x-signature': hmacHex('k', big) })).status).toBe(202);

    const kept = await requestsOf(s.app.id, s.source.id);
    expect(kept).toHaveLength(4);
    expect(kept.map((k) => k.status)).toEqual(['accepted', 'rejected', 'rejected', 'accepted']);
    expect(kept[0]).toMatchObject({
      truncated: true,
      error: null,
      messageId: expect.stringMatching(/^msg_/),
    });
    expect(kept[0].body).toHaveLength(64 * 1024);
    expect(kept[1]).toMatchObject({ status: 'rejected', messageId: null, truncated: false, body });
    expect(kept[1].error).toMatch(/x-signature/);
    expect(kept[2].error).toMatch(/signature/);
    expect(kept[3]).toMatchObject({ messageId: ok.body.messageId, body, error: null });
    expect(kept[3].headers['x-trace']).toBe('t1');
    expect(kept[3].id).toMatch(/^inreq_/);
    expect(Date.parse(kept[3].receivedAt)).toBeGreaterThan(Date.now() - 60_000);

    const first = await h.api('GET', `/v1/apps/${s.app.id}/sources/${s.source.id}/requests?limit=3`);
    expect(first.body.done).toBe(false);
    const rest = await h.api(
      'GET',
      `/v1/apps/${s.app.id}/sources/${s.source.id}/requests?limit=3&iterator=${first.body.iterator}`,
    );
    expect(rest.body).toMatchObject({ done: true });
    expect([...first.body.data, ...rest.body.data].map((k: any) => k.id)).toEqual(kept.map((k) => k.id));
  });

  it('deleting the application deletes its sources', async () => {
    const s = await setup({ verification: { type: 'none' }, eventType: { fixed: 'a.b' } });
    expect((await send(s.source.id, '{}')).status).toBe(202);
    expect((await h.api('DELETE', `/v1/apps/${s.app.id}`)).status).toBe(204);
    expectProblem(await send(s.source.id, '{}'), 404);
  });

  it('retention deletes inbound requests older than the server retention', async () => {
    const s = await setup({ verification: { type: 'none' }, eventType: { fixed: 'a.b' } });
    expect((await send(s.source.id, '{}')).status).toBe(202);
    const pool = new pg.Pool({ connectionString: h.db.url });
    try {
      const ctx = { pool, config: h.config, log: pino({ level: 'silent' }) } as unknown as Context;
      const early = await runRetention(ctx, { now: new Date(Date.now() + 86400_000) });
      expect(early!.sourceRequests).toBe(0);
      expect(await requestsOf(s.app.id, s.source.id)).toHaveLength(1);
      const late = await runRetention(ctx, { now: new Date(Date.now() + 31 * 86400_000) });
      expect(late!.sourceRequests).toBeGreaterThanOrEqual(1);
      expect(await requestsOf(s.app.id, s.source.id)).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
