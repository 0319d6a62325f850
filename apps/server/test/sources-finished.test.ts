import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, queryDb, resources } from './helpers/api.ts';
import { type ApiResponse, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// Sources, finished: HMAC variants of real senders (Shopify, Slack), per-source limits, editing a
// source, and replaying a rejected request once its secret is fixed. Signatures are computed here
// with node:crypto as each provider documents them, never with Herald's code.

let h: TestHerald;
let r: ReturnType<typeof resources>;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await startTestHerald({ HERALD_MAX_BODY_BYTES: '65536' });
  r = resources(h);
});
afterEach(() => {
  expect(h.serverErrors).toEqual([]);
});
afterAll(async () => {
  for (const rc of receivers) await rc.close();
  await h?.stop();
});

const hmac = (secret: string, data: string) => createHmac('sha256', secret).update(data);
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function setup(body: Record<string, unknown>) {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const app = await r.newApp();
  const ep = await r.newEndpoint(app.id, receiver.url);
  const res = await h.api('POST', `/v1/apps/${app.id}/sources`, { name: 'provider', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { app, ep, receiver, source: res.body as { id: string; verification: any } };
}

async function send(
  sourceId: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const res = await fetch(`${h.url}/in/${sourceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {}
  if (res.status >= 500)
    h.serverErrors.push({ method: 'POST', path: `/in/${sourceId}`, status: res.status, body: parsed });
  return { status: res.status, headers: res.headers, body: parsed };
}

const requestsOf = (app: string, source: string) =>
  h.api('GET', `/v1/apps/${app}/sources/${source}/requests`).then((x) => x.body.data as any[]);

describe('hmac-sha256 as real senders sign', () => {
  it('Shopify: base64 of the body HMAC in x-shopify-hmac-sha256', async () => {
    const secret = 'shpss_0123456789abcdef';
    const s = await setup({
      verification: { type: 'hmac-sha256', secret, header: 'X-Shopify-Hmac-Sha256', encoding: 'base64' },
      // Shopify's topic, orders/create, becomes the event type orders.create
      eventType: { header: 'x-shopify-topic' },
    });
    expect(s.source.verification).toEqual({
      type: 'hmac-sha256',
      header: 'x-shopify-hmac-sha256',
      encoding: 'base64',
      prefix: null,
      timestampHeader: null,
      signedContent: '{body}',
    });
    const body = '{"id":820982911946154500,"email":"jon@example.com","total_price":"254.98"}';
    const headers = { 'x-shopify-topic': 'orders/create' };
    const ok = await send(s.source.id, body, {
      ...headers,
      'x-shopify-hmac-sha256': hmac(secret, body).digest('base64'),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    const [got] = await s.receiver.waitFor(1);
    const delivered = verifyWithStandardWebhooks(s.ep.secret, got!);
    expect(delivered.type).toBe('orders.create');
    expect(delivered.data).toMatchObject({ email: 'jon@example.com' });

    // hex of the right digest is not what this source takes; a changed body fails
    expectProblem(
      await send(s.source.id, body, {
        ...headers,
        'x-shopify-hmac-sha256': hmac(secret, body).digest('hex'),
      }),
      401,
    );
    expectProblem(
      await send(s.source.id, body.replace('254.98', '0.01'), {
        ...headers,
        'x-shopify-hmac-sha256': hmac(secret, body).digest('base64'),
      }),
      401,
    );
  });

  it('Slack: "v0=" + hex of HMAC("v0:<timestamp>:<body>"), the timestamp within 300 s', async () => {
    const secret = '8f742231b10e8888abcd99yyyzzz85a5';
    const s = await setup({
      verification: {
        type: 'hmac-sha256',
        secret,
        header: 'X-Slack-Signature',
        prefix: 'v0=',
        timestampHeader: 'X-Slack-Request-Timestamp',
        signedContent: 'v0:{timestamp}:{body}',
      },
      eventType: { bodyPath: 'event.type' },
    });
    const body = '{"token":"x","type":"event_callback","event":{"type":"app_mention","text":"hi"}}';
    const slack = (ts: number, content = `v0:${ts}:${body}`, key = secret) => ({
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${hmac(key, content).digest('hex')}`,
    });
    const ts = nowSeconds();
    const ok = await send(s.source.id, body, slack(ts));
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    const [got] = await s.receiver.waitFor(1);
    expect(verifyWithStandardWebhooks(s.ep.secret, got!).type).toBe('app_mention');

    // the digest alone, without "v0=": refused
    const bare = slack(ts);
    bare['x-slack-signature'] = bare['x-slack-signature'].slice(3);
    expect((await send(s.source.id, body, bare)).body.detail).toMatch(/does not start with "v0="/);
    // a signature over the body alone, a wrong secret, a stale or missing timestamp: refused
    expectProblem(await send(s.source.id, body, slack(ts, body)), 401);
    expectProblem(await send(s.source.id, body, slack(ts, undefined, 'wrong')), 401);
    const stale = await send(s.source.id, body, slack(ts - 400));
    expectProblem(stale, 401);
    expect(stale.body.detail).toMatch(/tolerance/);
    const { 'x-slack-signature': onlySignature } = slack(ts);
    expectProblem(await send(s.source.id, body, { 'x-slack-signature': onlySignature }), 401);
    const kept = await requestsOf(s.app.id, s.source.id);
    expect(kept.map((k) => k.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'accepted',
    ]);
  });

  it('names the field of a verification that does not fit together', async () => {
    const app = await r.newApp();
    const create = (verification: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      h.api('POST', `/v1/apps/${app.id}/sources`, {
        name: 'x',
        verification,
        eventType: { fixed: 'a.b' },
        ...extra,
      });
    expectProblem(
      await create({ type: 'github', secret: 's', encoding: 'base64' }),
      422,
      'verification.encoding',
    );
    expectProblem(await create({ type: 'stripe', secret: 's', prefix: 'v1=' }), 422, 'verification.prefix');
    expectProblem(
      await create({ type: 'hmac-sha256', secret: 's', encoding: 'b64' }),
      422,
      'verification.encoding',
    );
    expectProblem(
      await create({ type: 'hmac-sha256', secret: 's', signedContent: 'v0:{timestamp}' }),
      422,
      'verification.signedContent',
    );
    expectProblem(
      await create({ type: 'hmac-sha256', secret: 's', signedContent: 'v0:{timestamp}:{body}' }),
      422,
      'verification.signedContent',
    );
    expectProblem(await create({ type: 'none' }, { maxBodyBytes: 65537 }), 422, 'maxBodyBytes');
    expectProblem(await create({ type: 'none' }, { rateLimitPerMinute: 0 }), 422, 'rateLimitPerMinute');
  });
});

describe('per-source limits', () => {
  it('refuses a body over maxBodyBytes with 413, by Content-Length or once read; kept without its body', async () => {
    const s = await setup({
      verification: { type: 'none' },
      eventType: { fixed: 'big.thing' },
      maxBodyBytes: 100,
    });
    const fits = JSON.stringify({ pad: 'x'.repeat(100 - 10) });
    expect(Buffer.byteLength(fits)).toBe(100);
    expect((await send(s.source.id, fits)).status).toBe(202);
    const over = JSON.stringify({ pad: 'x'.repeat(100 - 9) });
    const refused = await send(s.source.id, over);
    expectProblem(refused, 413);
    expect(refused.body.detail).toMatch(/at most 100 bytes/);
    // chunked, no Content-Length: measured once read
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(over.slice(0, 50)));
        c.enqueue(new TextEncoder().encode(over.slice(50)));
        c.close();
      },
    });
    expectProblem(await send(s.source.id, chunked), 413);
    const kept = await requestsOf(s.app.id, s.source.id);
    expect(kept.map((k) => [k.status, k.truncated])).toEqual([
      ['rejected', true],
      ['rejected', true],
      ['accepted', false],
    ]);
    expect(kept[1].body).toBe('');
    expect(kept[1].error).toMatch(/at most 100 bytes/);
    // the server's own limit still applies to the others
    const other = await setup({ verification: { type: 'none' }, eventType: { fixed: 'big.thing' } });
    expect((await send(other.source.id, over)).status).toBe(202);
  });

  it('answers 429 with Retry-After over rateLimitPerMinute; refused requests are not kept; other sources go on', async () => {
    const s = await setup({
      verification: { type: 'none' },
      eventType: { fixed: 'tick.tock' },
      rateLimitPerMinute: 3,
    });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await send(s.source.id, `{"n":${i}}`));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 429, 429]);
    expect(answers.map((a) => a.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0', '0']);
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe('3');
    const limited = expectProblem(answers[3]!, 429);
    expect(limited.detail).toMatch(/3 requests per minute/);
    const retryAfter = Number(answers[3]!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await requestsOf(s.app.id, s.source.id)).toHaveLength(3);
    const other = await setup({ verification: { type: 'none' }, eventType: { fixed: 'tick.tock' } });
    expect((await send(other.source.id, '{}')).status).toBe(202);

    // lifting the limit takes effect at once
    const patched = await h.api('PATCH', `/v1/apps/${s.app.id}/sources/${s.source.id}`, {
      rateLimitPerMinute: null,
    });
    expect(patched.body.rateLimitPerMinute).toBeNull();
    expect((await send(s.source.id, '{}')).status).toBe(202);
  });
});

describe('editing a source', () => {
  it('changes name, limits and verification; the same type keeps the secret, a new type needs one', async () => {
    const app = await r.newApp();
    const created = await h.api('POST', `/v1/apps/${app.id}/sources`, {
      name: 'acme',
      uid: 'acme',
      verification: { type: 'hmac-sha256', secret: 'first', header: 'x-acme-signature' },
      eventType: { fixed: 'a.b' },
    });
    const path = `/v1/apps/${app.id}/sources/acme`;
    const renamed = await h.api('PATCH', path, { name: 'Acme Inc', maxBodyBytes: 2048 });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Acme Inc', maxBodyBytes: 2048, rateLimitPerMinute: null });
    expect(renamed.body.verification).toMatchObject({ header: 'x-acme-signature' });

    // only the encoding: secret and header stay
    const body = '{"k":1}';
    await h.api('PATCH', path, { verification: { encoding: 'base64' } });
    const sent = await send(created.body.id, body, {
      'x-acme-signature': hmac('first', body).digest('base64'),
    });
    expect(sent.status).toBe(202);

    expectProblem(
      await h.api('PATCH', path, { verification: { type: 'stripe' } }),
      422,
      'verification.secret',
    );
    expectProblem(
      await h.api('PATCH', path, { verification: { type: 'standard-webhooks', secret: 'not-whsec' } }),
      422,
      'verification.secret',
    );
    expectProblem(
      await h.api('PATCH', path, { verification: { type: 'github', secret: 'x', header: 'x-y' } }),
      422,
      'verification.header',
    );
    const github = await h.api('PATCH', path, { verification: { type: 'github', secret: 'gh' } });
    expect(github.body.verification).toMatchObject({
      type: 'github',
      header: 'x-hub-signature-256',
      encoding: null,
      prefix: null,
    });
    expect(JSON.stringify(github.body)).not.toContain('"gh"');
    expectProblem(await h.api('PATCH', path, { bogus: 1 }), 422, 'bogus');
    expectProblem(await h.api('PATCH', `/v1/apps/${app.id}/sources/missing`, { name: 'x' }), 404);
  });
});

describe('replay of a rejected request', () => {
  it('fails while the secret is wrong, publishes once it is fixed, and only once', async () => {
    const s = await setup({
      verification: { type: 'hmac-sha256', secret: 'typo-secret', header: 'x-acme-signature' },
      eventType: { header: 'x-acme-event' },
    });
    const base = `/v1/apps/${s.app.id}/sources/${s.source.id}/requests`;
    const body = '{"order":7}';
    const headers = {
      'x-acme-event': 'order.paid',
      'x-acme-signature': hmac('real-secret', body).digest('hex'),
    };
    expectProblem(await send(s.source.id, body, headers), 401);
    const [rejected] = await requestsOf(s.app.id, s.source.id);
    expect(rejected).toMatchObject({ status: 'rejected', replayOf: null, messageId: null });
    expect((await h.api('GET', `${base}/${rejected.id}`)).body).toEqual(rejected);

    // still the wrong secret: the replay is kept, rejected again, nothing published
    const again = await h.api('POST', `${base}/${rejected.id}/replay`);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ status: 'rejected', replayOf: rejected.id, messageId: null, body });
    expect(again.body.error).toMatch(/no matching signature/);

    await h.api('PATCH', `/v1/apps/${s.app.id}/sources/${s.source.id}`, {
      verification: { secret: 'real-secret' },
    });
    const replayed = await h.api('POST', `${base}/${rejected.id}/replay`);
    expect(replayed.status).toBe(201);
    expect(replayed.body).toMatchObject({ status: 'accepted', replayOf: rejected.id, error: null });
    expect(replayed.body.messageId).toMatch(/^msg_/);
    const [got] = await s.receiver.waitFor(1);
    const delivered = verifyWithStandardWebhooks(s.ep.secret, got!);
    expect(delivered).toMatchObject({ type: 'order.paid', data: { order: 7 } });
    expect(got!.headers['webhook-id']).toBe(replayed.body.messageId);

    // twice would publish twice: refused, as is replaying an accepted request
    expectProblem(await h.api('POST', `${base}/${rejected.id}/replay`), 409);
    expectProblem(await h.api('POST', `${base}/${replayed.body.id}/replay`), 409);
    expectProblem(await h.api('POST', `${base}/inreq_missing/replay`), 404);
    const kept = await requestsOf(s.app.id, s.source.id);
    expect(kept.map((k) => [k.status, k.replayOf])).toEqual([
      ['accepted', rejected.id],
      ['rejected', rejected.id],
      ['rejected', null],
    ]);
  });

  it('verifies a signed timestamp as of when the request was received', async () => {
    const s = await setup({
      verification: {
        type: 'hmac-sha256',
        secret: 'wrong',
        header: 'x-slack-signature',
        prefix: 'v0=',
        timestampHeader: 'x-slack-request-timestamp',
        signedContent: 'v0:{timestamp}:{body}',
      },
      eventType: { fixed: 'slack.event' },
    });
    const body = '{"type":"event_callback"}';
    const ts = nowSeconds();
    expectProblem(
      await send(s.source.id, body, {
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': `v0=${hmac('right', `v0:${ts}:${body}`).digest('hex')}`,
      }),
      401,
    );
    const [kept] = await requestsOf(s.app.id, s.source.id);
    // as if it came an hour ago, signed then: outside the tolerance now, fresh when it arrived
    const hourAgo = ts - 3600;
    await queryDb(
      h,
      `UPDATE source_requests SET received_at = to_timestamp($2),
         headers = headers || jsonb_build_object('x-slack-request-timestamp', $3::text, 'x-slack-signature', $4::text)
       WHERE id = $1`,
      [kept.id, hourAgo, String(hourAgo), `v0=${hmac('right', `v0:${hourAgo}:${body}`).digest('hex')}`],
    );
    await h.api('PATCH', `/v1/apps/${s.app.id}/sources/${s.source.id}`, {
      verification: { secret: 'right' },
    });
    const replayed = await h.api(
      'POST',
      `/v1/apps/${s.app.id}/sources/${s.source.id}/requests/${kept.id}/replay`,
    );
    expect(replayed.body).toMatchObject({ status: 'accepted', error: null });
    expect((await s.receiver.waitFor(1)).length).toBe(1);
  });

  it('cannot replay a request whose body was not kept in full', async () => {
    const s = await setup({ verification: { type: 'none' }, eventType: { fixed: 'a.b' }, maxBodyBytes: 10 });
    expectProblem(await send(s.source.id, '{"too":"large"}'), 413);
    const [kept] = await requestsOf(s.app.id, s.source.id);
    const res = await h.api('POST', `/v1/apps/${s.app.id}/sources/${s.source.id}/requests/${kept.id}/replay`);
    expect(expectProblem(res, 409).detail).toMatch(/not kept in full/);
  });
});
