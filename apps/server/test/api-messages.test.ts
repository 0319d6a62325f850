import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, resources, sleep } from './helpers/api.ts';
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

const ids = (res: { body: any }) => (res.body.data as any[]).map((m) => m.id);
const listMessages = (app: string, qs = '') => h.api('GET', `/v1/apps/${app}/messages${qs ? `?${qs}` : ''}`);

describe('publishing', () => {
  it('answers 202 with the message, readable afterwards', async () => {
    const app = await r.newApp();
    const res = await h.api('POST', `/v1/apps/${app.id}/messages`, {
      eventType: 'order.placed',
      payload: { id: 42, lines: [{ sku: 'a', qty: 2 }] },
      eventId: 'evt-order-42',
      channels: ['eu', 'tenant:7'],
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^msg_/),
      eventType: 'order.placed',
      eventId: 'evt-order-42',
      channels: ['eu', 'tenant:7'],
      payload: { id: 42, lines: [{ sku: 'a', qty: 2 }] },
      timestamp: expect.any(String),
      // no x-request-id was sent: the one Herald made, also in the answer's header
      requestId: res.headers.get('x-request-id'),
    });
    expect(res.body.requestId).toMatch(/^req_/);
    expect(Math.abs(Date.parse(res.body.timestamp) - Date.now())).toBeLessThan(10_000);

    const one = await h.api('GET', `/v1/apps/${app.id}/messages/${res.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(res.body);

    expectProblem(await h.api('GET', `/v1/apps/${app.id}/messages/msg_00000000000000000000000000`), 404);
    const other = await r.newApp();
    expectProblem(await h.api('GET', `/v1/apps/${other.id}/messages/${res.body.id}`), 404);
    expectProblem(await h.api('GET', `/v1/apps/${other.id}/messages/${res.body.id}/deliveries`), 404);
  });

  it('is idempotent by eventId: a repeat returns the first message and is delivered once', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp();
    await r.newEndpoint(app.id, receiver.url);
    const first = await h.api('POST', `/v1/apps/${app.id}/messages`, {
      eventType: 'user.signed_up',
      payload: { n: 1 },
      eventId: 'signup-1',
    });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const repeat = await h.api('POST', `/v1/apps/${app.id}/messages`, {
      eventType: 'user.signed_up',
      payload: { n: 2 },
      eventId: 'signup-1',
    });
    expect(repeat.status).toBe(202);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body).toEqual(first.body);

    // racing repeats all get the same message
    const racing = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        h.api('POST', `/v1/apps/${app.id}/messages`, {
          eventType: 'user.signed_up',
          payload: { n: 10 + i },
          eventId: 'signup-2',
        }),
      ),
    );
    expect(racing.map((x) => x.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(racing.map((x) => x.body.id)).size).toBe(1);

    // eventIds are per application
    const app2 = await r.newApp();
    const elsewhere = await r.publish(app2.id, {
      eventType: 'user.signed_up',
      payload: {},
      eventId: 'signup-1',
    });
    expect(elsewhere.id).not.toBe(first.body.id);

    await receiver.waitFor(2);
    await sleep(500);
    expect(receiver.requests.map((q) => q.headers['webhook-id']).sort()).toEqual(
      [first.body.id, racing[0]!.body.id].sort(),
    );
    expect(
      JSON.parse(receiver.requests.find((q) => q.headers['webhook-id'] === first.body.id)!.body).data,
    ).toEqual({ n: 1 });
    expect(ids(await listMessages(app.id))).toHaveLength(2);
    await receiver.close();
  });

  it('is idempotent by the Idempotency-Key header', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp();
    await r.newEndpoint(app.id, receiver.url);
    const headers = { 'idempotency-key': 'req-7f3a' };
    const first = await r.publish(app.id, { eventType: 'a.b', payload: { n: 1 } }, headers);
    const again = await h.api(
      'POST',
      `/v1/apps/${app.id}/messages`,
      { eventType: 'a.b', payload: { n: 2 } },
      { headers },
    );
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.id);
    expect(again.body.payload).toEqual({ n: 1 });

    const different = await r.publish(
      app.id,
      { eventType: 'a.b', payload: { n: 3 } },
      {
        'idempotency-key': 'req-other',
      },
    );
    expect(different.id).not.toBe(first.id);

    await receiver.waitFor(2);
    await sleep(500);
    expect(receiver.requests.map((q) => q.headers['webhook-id']).sort()).toEqual(
      [first.id, different.id].sort(),
    );
    await receiver.close();
  });

  it('a repeat matched by one key does not poison the other key it carried', async () => {
    const app = await r.newApp();
    const first = await r.publish(
      app.id,
      { eventType: 'a.b', payload: { n: 1 } },
      { 'idempotency-key': 'K1' },
    );
    // same header key, new eventId: a repeat of the first message
    const repeat = await r.publish(
      app.id,
      { eventType: 'a.b', payload: { n: 2 }, eventId: 'E1' },
      {
        'idempotency-key': 'K1',
      },
    );
    expect(repeat.id).toBe(first.id);
    // E1 was never used by a message that exists: publishing with it now creates one, and only once
    const fresh = await r.publish(app.id, { eventType: 'a.b', payload: { n: 3 }, eventId: 'E1' });
    expect(fresh.id).not.toBe(first.id);
    const again = await r.publish(app.id, { eventType: 'a.b', payload: { n: 4 }, eventId: 'E1' });
    expect(again.id).toBe(fresh.id);
  });

  it('publishes a batch, all delivered', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp();
    const ep = await r.newEndpoint(app.id, receiver.url);
    const res = await h.api('POST', `/v1/apps/${app.id}/messages/batch`, {
      messages: [
        { eventType: 'batch.item', payload: { n: 1 } },
        { eventType: 'batch.item', payload: { n: 2 }, eventId: 'b-2' },
        { eventType: 'batch.other', payload: { n: 3 }, channels: ['eu'] },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.data).toHaveLength(3);
    expect(res.body.data.map((m: any) => m.payload.n)).toEqual([1, 2, 3]);
    expect(new Set(ids(res)).size).toBe(3);

    const got = await receiver.waitFor(3);
    const bodies = got.map((q) => verifyWithStandardWebhooks(ep.secret, q));
    expect(bodies.map((b) => (b.data as any).n).sort()).toEqual([1, 2, 3]);
    expect(new Set(got.map((q) => q.headers['webhook-id']))).toEqual(new Set(ids(res)));

    // eventIds in a batch are idempotent with single publishes, and within the batch
    const single = await r.publish(app.id, { eventType: 'batch.item', payload: {}, eventId: 'b-2' });
    expect(single.id).toBe(res.body.data[1].id);
    const twice = await h.api('POST', `/v1/apps/${app.id}/messages/batch`, {
      messages: [
        { eventType: 'batch.item', payload: { n: 4 }, eventId: 'b-4' },
        { eventType: 'batch.item', payload: { n: 5 }, eventId: 'b-4' },
        { eventType: 'batch.item', payload: { n: 6 }, eventId: 'b-2' },
      ],
    });
    expect(twice.status).toBe(202);
    expect(ids(twice)[1]).toBe(ids(twice)[0]);
    expect(ids(twice)[2]).toBe(res.body.data[1].id);
    expect(twice.body.data[1].payload).toEqual({ n: 4 });
    await receiver.waitFor(4);
    await sleep(300);
    expect(receiver.requests).toHaveLength(4);
    expect(JSON.parse(receiver.requests[3]!.body).data).toEqual({ n: 4 });
    await receiver.close();
  });

  it('a batch is all or nothing: one bad message and none of it exists or is sent', async () => {
    await h.api('POST', '/v1/event-types', {
      name: 'batch.strict',
      schema: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
    });
    const receiver = await startReceiver();
    const app = await r.newApp();
    await r.newEndpoint(app.id, receiver.url);
    const existing = await r.publish(app.id, { eventType: 'batch.strict', payload: { amount: 1 } });
    await receiver.waitFor(1);
    const before = ids(await listMessages(app.id));
    expect(before).toEqual([existing.id]);

    const batch = (messages: unknown[]) => h.api('POST', `/v1/apps/${app.id}/messages/batch`, { messages });
    const good = { eventType: 'batch.strict', payload: { amount: 2 } };

    // schema violation in the second message
    expectProblem(
      await batch([good, { eventType: 'batch.strict', payload: { amount: 'two' } }, good]),
      422,
      'messages.1.payload.amount',
    );
    // a bad field
    expectProblem(
      await batch([good, good, { eventType: 'no spaces allowed', payload: {} }]),
      422,
      'messages.2.eventType',
    );
    expectProblem(await batch([good, { eventType: 'x.y' }]), 422, 'messages.1.payload');
    expectProblem(await batch([good, { eventType: 'x.y', payload: [1, 2] }]), 422, 'messages.1.payload');
    // an eventId already used is not an error: that one is a repeat, the rest are new
    expectProblem(await batch([]), 422, 'messages');
    expectProblem(await batch(Array.from({ length: 1001 }, () => good)), 422, 'messages');

    await sleep(500);
    expect(ids(await listMessages(app.id))).toEqual(before);
    expect(receiver.requests).toHaveLength(1);
    await receiver.close();
  });

  it('refuses a payload nested deeper than 128 levels with 422, however deep', async () => {
    const app = await r.newApp();
    const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    const raw = (depth: number) => `{"eventType":"deep.nest","payload":${nested(depth)}}`;
    expect((await h.api('POST', `/v1/apps/${app.id}/messages`, raw(128))).status).toBe(202);
    expectProblem(await h.api('POST', `/v1/apps/${app.id}/messages`, raw(129)), 422, 'payload');
    expectProblem(await h.api('POST', `/v1/apps/${app.id}/messages`, raw(50_000)), 422, 'payload');
    expectProblem(
      await h.api('POST', `/v1/apps/${app.id}/messages/batch`, `{"messages":[${raw(20_000)}]}`),
      422,
      'messages.0.payload',
    );
    expect(ids(await listMessages(app.id))).toHaveLength(1);
  });

  it('answers 404 for an unknown application', async () => {
    expectProblem(await h.api('POST', '/v1/apps/nope/messages', { eventType: 'a.b', payload: {} }), 404);
    expectProblem(
      await h.api('POST', '/v1/apps/nope/messages/batch', { messages: [{ eventType: 'a.b', payload: {} }] }),
      404,
    );
  });
});

describe('the delivery log', () => {
  it('lists newest first, filters by eventType, channel, status, before and after, and pages', async () => {
    const receiver = await startReceiver((_n, q) => ({ status: JSON.parse(q.body).data.fail ? 500 : 200 }));
    const app = await r.newApp({ retrySchedule: [] });
    await r.newEndpoint(app.id, receiver.url);
    const m1 = await r.publish(app.id, { eventType: 'a.created', payload: {}, channels: ['eu'] });
    await sleep(5);
    const m2 = await r.publish(app.id, { eventType: 'b.updated', payload: { fail: true }, channels: ['us'] });
    await sleep(5);
    const m3 = await r.publish(app.id, { eventType: 'a.created', payload: {} });
    await receiver.waitFor(3);
    await eventually(async () => {
      const d = await Promise.all([m1, m2, m3].map((m) => r.deliveriesOf(app.id, m.id)));
      return d.every((x) => x[0]?.status === 'succeeded' || x[0]?.status === 'failed');
    });

    const list = await listMessages(app.id);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ done: true });
    expect(ids(list)).toEqual([m3.id, m2.id, m1.id]);

    expect(ids(await listMessages(app.id, 'eventType=a.created'))).toEqual([m3.id, m1.id]);
    expect(ids(await listMessages(app.id, 'channel=eu'))).toEqual([m1.id]);
    expect(ids(await listMessages(app.id, 'channel=nowhere'))).toEqual([]);
    expect(ids(await listMessages(app.id, 'status=failed'))).toEqual([m2.id]);
    expect(ids(await listMessages(app.id, 'status=succeeded'))).toEqual([m3.id, m1.id]);
    expect(ids(await listMessages(app.id, 'status=pending'))).toEqual([]);
    const enc = encodeURIComponent;
    expect(ids(await listMessages(app.id, `after=${enc(m1.timestamp)}`))).toEqual([m3.id, m2.id]);
    expect(ids(await listMessages(app.id, `before=${enc(m3.timestamp)}`))).toEqual([m2.id, m1.id]);
    expect(ids(await listMessages(app.id, `after=${enc(m1.timestamp)}&before=${enc(m3.timestamp)}`))).toEqual(
      [m2.id],
    );
    expect(ids(await listMessages(app.id, 'eventType=a.created&status=succeeded&channel=eu'))).toEqual([
      m1.id,
    ]);

    const p1 = await listMessages(app.id, 'limit=2');
    expect(ids(p1)).toEqual([m3.id, m2.id]);
    expect(p1.body).toMatchObject({ done: false, iterator: m2.id });
    const p2 = await listMessages(app.id, `limit=2&iterator=${p1.body.iterator}`);
    expect(ids(p2)).toEqual([m1.id]);
    expect(p2.body.done).toBe(true);

    expectProblem(await listMessages(app.id, 'status=bogus'), 422, 'status');
    expectProblem(await listMessages(app.id, 'before=yesterday'), 422, 'before');
    // per endpoint: a second endpoint that only takes b.updated
    const other = await startReceiver();
    const ep2 = await r.newEndpoint(app.id, other.url, { eventTypes: ['b.updated'], uid: 'only-b' });
    const m4 = await r.publish(app.id, { eventType: 'b.updated', payload: {} });
    await other.waitFor(1);
    await eventually(async () =>
      (await r.deliveriesOf(app.id, m4.id)).every((d: any) => d.status === 'succeeded'),
    );
    expect(ids(await listMessages(app.id, `endpoint=${ep2.id}`))).toEqual([m4.id]);
    expect(ids(await listMessages(app.id, 'endpoint=only-b&status=succeeded'))).toEqual([m4.id]);
    expect(ids(await listMessages(app.id, 'endpoint=only-b&status=failed'))).toEqual([]);
    expect((await listMessages(app.id, 'endpoint=nope')).status).toBe(404);
    const withDeliveries = await listMessages(app.id, 'withDeliveries=true&limit=2');
    expect(withDeliveries.body.data[0]).toMatchObject({ id: m4.id });
    expect(withDeliveries.body.data[0].deliveries.map((d: any) => [d.endpointId, d.status]).sort()).toEqual(
      [
        [ep2.id, 'succeeded'],
        [expect.any(String), 'succeeded'],
      ].sort(),
    );
    expect((await listMessages(app.id, 'limit=1')).body.data[0].deliveries).toBeUndefined();
    await other.close();
    await receiver.close();
  });

  it('searches by message id, eventId and payload text, and filters by the last HTTP status', async () => {
    // each message says what to answer, until the receiver is healthy again
    let healthy = false;
    const receiver = await startReceiver((_n, q) => {
      const data = JSON.parse(q.body).data;
      if (healthy) return { status: 200 };
      if (data.answer === 503)
        return {
          status: 503,
          body: '<html><body>busy</body></html>',
          headers: { 'x-upstream': 'lb-7', 'set-cookie': 'sid=1' },
        };
      if (data.answer === 404) return { status: 404 };
      return { status: 200 };
    });
    const app = await r.newApp({ retrySchedule: [] });
    const ep = await r.newEndpoint(app.id, receiver.url, { uid: 'rx' });
    const a = await r.publish(app.id, {
      eventType: 'order.placed',
      payload: { customer: 'Ada Lovelace', answer: 200 },
      eventId: 'ord-1',
    });
    const b = await r.publish(app.id, {
      eventType: 'order.placed',
      payload: { customer: 'Grace 100%_sure', answer: 503 },
    });
    const c = await r.publish(app.id, {
      eventType: 'order.placed',
      payload: { customer: 'Alan', answer: 404 },
    });
    await receiver.waitFor(3);
    await eventually(async () => {
      const d = await Promise.all([a, b, c].map((m) => r.deliveriesOf(app.id, m.id)));
      return d.every((x) => x[0]?.status === 'succeeded' || x[0]?.status === 'failed');
    });

    // search: the id and the eventId exactly, payload text anywhere (case-insensitive), LIKE characters literal
    expect(ids(await listMessages(app.id, `q=${a.id}`))).toEqual([a.id]);
    expect(ids(await listMessages(app.id, 'q=ord-1'))).toEqual([a.id]);
    expect(ids(await listMessages(app.id, 'q=lovelace'))).toEqual([a.id]);
    expect(ids(await listMessages(app.id, `q=${encodeURIComponent('100%_s')}`))).toEqual([b.id]);
    expect(ids(await listMessages(app.id, `q=${encodeURIComponent('0%')}`))).toEqual([b.id]);
    expect(ids(await listMessages(app.id, 'q=nobody'))).toEqual([]);
    expect(ids(await listMessages(app.id, 'q=customer&status=failed'))).toEqual([c.id, b.id]);

    // the last attempt's HTTP status: a code, a class, none; with the endpoint, on the same delivery
    expect(ids(await listMessages(app.id, 'responseStatus=503'))).toEqual([b.id]);
    expect(ids(await listMessages(app.id, 'responseStatus=4xx'))).toEqual([c.id]);
    expect(ids(await listMessages(app.id, 'responseStatus=2xx&endpoint=rx'))).toEqual([a.id]);
    expect(ids(await listMessages(app.id, 'responseStatus=none'))).toEqual([]);
    expectProblem(await listMessages(app.id, 'responseStatus=99'), 422, 'responseStatus');
    expectProblem(await listMessages(app.id, 'responseStatus=6xx'), 422, 'responseStatus');
    expectProblem(await listMessages(app.id, 'q='), 422, 'q');

    // the attempt kept the receiver's headers (capped, no set-cookie)
    const [attempt] = await r.attemptsOf(app.id, b.id);
    expect(attempt.responseHeaders).toMatchObject({ 'x-upstream': 'lb-7' });
    expect(attempt.responseHeaders['set-cookie']).toBeUndefined();
    expect(attempt.responseBody).toBe('<html><body>busy</body></html>');

    // a resend that succeeds moves the message out of responseStatus=503 (only the last attempt counts)
    healthy = true;
    const resent = await h.api('POST', `/v1/apps/${app.id}/messages/${b.id}/endpoints/${ep.id}/resend`);
    expect(resent.status).toBe(202);
    await eventually(async () => (await r.attemptsOf(app.id, b.id)).length === 2);
    expect(ids(await listMessages(app.id, 'responseStatus=503'))).toEqual([]);
    expect(ids(await listMessages(app.id, 'responseStatus=2xx'))).toEqual([b.id, a.id]);
    await receiver.close();
  });

  it('shows deliveries per endpoint and every attempt; attempts across messages filter by endpoint and status', async () => {
    const okRx = await startReceiver();
    const badRx = await startReceiver(() => ({ status: 503, body: 'down' }));
    const app = await r.newApp({ retrySchedule: [0] });
    const ok = await r.newEndpoint(app.id, okRx.url, { uid: 'ok' });
    const bad = await r.newEndpoint(app.id, badRx.url, { uid: 'bad' });
    const msg = await r.publish(app.id, { eventType: 'a.b', payload: { v: 1 } });
    await okRx.waitFor(1);
    await badRx.waitFor(2);

    const deliveries = await eventually(async () => {
      const d = await r.deliveriesOf(app.id, msg.id);
      return d.length === 2 && d.every((x) => x.status !== 'pending' && x.status !== 'sending') && d;
    });
    const byEp = Object.fromEntries(deliveries.map((d: any) => [d.endpointId, d]));
    expect(byEp[ok.id]).toMatchObject({
      url: okRx.url,
      status: 'succeeded',
      attempts: 1,
      nextAttemptAt: null,
    });
    expect(byEp[bad.id]).toMatchObject({
      url: badRx.url,
      status: 'failed',
      attempts: 2,
      nextAttemptAt: null,
    });

    const attempts = await eventually(async () => {
      const a = await r.attemptsOf(app.id, msg.id);
      return a.length === 3 && a;
    });
    for (const a of attempts) {
      expect(a).toMatchObject({
        id: expect.stringMatching(/^atmpt_/),
        messageId: msg.id,
        trigger: 'scheduled',
        durationMs: expect.any(Number),
        timestamp: expect.any(String),
        truncated: false,
      });
    }
    const badAttempts = attempts.filter((a: any) => a.endpointId === bad.id);
    expect(badAttempts.map((a: any) => [a.attempt, a.status, a.responseStatusCode, a.responseBody])).toEqual([
      [1, 'failed', 503, 'down'],
      [2, 'failed', 503, 'down'],
    ]);

    const all = await h.api('GET', `/v1/apps/${app.id}/attempts`);
    expect(all.status).toBe(200);
    expect(ids(all)).toEqual(attempts.map((a: any) => a.id).reverse()); // newest first
    const badOnes = await h.api('GET', `/v1/apps/${app.id}/attempts?endpoint=bad`);
    expect(ids(badOnes)).toEqual(badAttempts.map((a: any) => a.id).reverse());
    const byId = await h.api('GET', `/v1/apps/${app.id}/attempts?endpoint=${bad.id}&status=failed`);
    expect(ids(byId)).toEqual(ids(badOnes));
    const okOnes = await h.api('GET', `/v1/apps/${app.id}/attempts?status=succeeded`);
    expect(okOnes.body.data.map((a: any) => a.endpointId)).toEqual([ok.id]);
    expect(ids(await h.api('GET', `/v1/apps/${app.id}/attempts?endpoint=ok&status=failed`))).toEqual([]);

    const paged = await h.api('GET', `/v1/apps/${app.id}/attempts?limit=2`);
    expect(paged.body).toMatchObject({ done: false });
    const rest = await h.api('GET', `/v1/apps/${app.id}/attempts?limit=2&iterator=${paged.body.iterator}`);
    expect([...ids(paged), ...ids(rest)]).toEqual(ids(all));
    expect(rest.body.done).toBe(true);

    expectProblem(await h.api('GET', `/v1/apps/${app.id}/attempts?endpoint=ep_missing`), 404);
    expectProblem(await h.api('GET', `/v1/apps/${app.id}/attempts?status=pending`), 422, 'status');
    await okRx.close();
    await badRx.close();
  });
});

describe('resend', () => {
  const resend = (app: string, msg: string, ep: string) =>
    h.api('POST', `/v1/apps/${app}/messages/${msg}/endpoints/${ep}/resend`);

  it('sends a failed delivery again now, with the same webhook-id, recorded as a manual attempt', async () => {
    let healthy = false;
    const receiver = await startReceiver(() => ({ status: healthy ? 200 : 500 }));
    const app = await r.newApp({ retrySchedule: [] });
    const ep = await r.newEndpoint(app.id, receiver.url, { uid: 'flaky' });
    const msg = await r.publish(app.id, { eventType: 'a.b', payload: { v: 1 } });
    await eventually(async () => (await r.deliveriesOf(app.id, msg.id))[0]?.status === 'failed');

    healthy = true;
    const res = await resend(app.id, msg.id, 'flaky');
    expect(res.status).toBe(202);
    const reqs = await receiver.waitFor(2);
    expect(reqs[1]!.headers['webhook-id']).toBe(msg.id);
    expect(verifyWithStandardWebhooks(ep.secret, reqs[1]!).data).toEqual({ v: 1 });
    expect(reqs[1]!.body).toBe(reqs[0]!.body);

    const attempts = await eventually(async () => {
      const a = await r.attemptsOf(app.id, msg.id);
      return a.length === 2 && a;
    });
    expect(attempts.map((a: any) => [a.attempt, a.trigger, a.status])).toEqual([
      [1, 'scheduled', 'failed'],
      [2, 'manual', 'succeeded'],
    ]);
    expect(await r.deliveriesOf(app.id, msg.id)).toMatchObject([{ status: 'succeeded', attempts: 2 }]);
    await receiver.close();
  });

  it('sends again after the delivery already succeeded', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp();
    const ep = await r.newEndpoint(app.id, receiver.url);
    const msg = await r.publish(app.id, { eventType: 'a.b', payload: {} });
    await eventually(async () => (await r.deliveriesOf(app.id, msg.id))[0]?.status === 'succeeded');

    expect((await resend(app.id, msg.id, ep.id)).status).toBe(202);
    const reqs = await receiver.waitFor(2);
    expect(reqs.map((q) => q.headers['webhook-id'])).toEqual([msg.id, msg.id]);
    const attempts = await eventually(async () => {
      const a = await r.attemptsOf(app.id, msg.id);
      return a.length === 2 && a;
    });
    expect(attempts[1]).toMatchObject({ trigger: 'manual', status: 'succeeded', endpointId: ep.id });
    await sleep(300);
    expect(receiver.requests).toHaveLength(2);
    await receiver.close();
  });

  it('sends to an endpoint created after the message was published', async () => {
    const first = await startReceiver();
    const late = await startReceiver();
    const app = await r.newApp();
    await r.newEndpoint(app.id, first.url);
    const msg = await r.publish(app.id, { eventType: 'a.b', payload: { early: true } });
    await first.waitFor(1);

    const ep = await r.newEndpoint(app.id, late.url, { uid: 'late' });
    expect(late.requests).toHaveLength(0);
    expect((await resend(app.id, msg.id, 'late')).status).toBe(202);
    const [got] = await late.waitFor(1);
    expect(got!.headers['webhook-id']).toBe(msg.id);
    expect(verifyWithStandardWebhooks(ep.secret, got!).data).toEqual({ early: true });

    const deliveries = await eventually(async () => {
      const d = await r.deliveriesOf(app.id, msg.id);
      return d.find((x: any) => x.endpointId === ep.id && x.status === 'succeeded') && d;
    });
    expect(deliveries).toHaveLength(2);
    const attempts = await r.attemptsOf(app.id, msg.id);
    expect(attempts.find((a: any) => a.endpointId === ep.id)).toMatchObject({
      trigger: 'manual',
      attempt: 1,
    });
    await first.close();
    await late.close();
  });

  it('sends to a disabled endpoint too: a manual resend works whatever the state', async () => {
    const receiver = await startReceiver();
    const app = await r.newApp();
    const ep = await r.newEndpoint(app.id, receiver.url, { disabled: true });
    const msg = await r.publish(app.id, { eventType: 'a.b', payload: { off: true } });
    expect((await resend(app.id, msg.id, ep.id)).status).toBe(202);
    const [got] = await receiver.waitFor(1);
    expect(verifyWithStandardWebhooks(ep.secret, got!).data).toEqual({ off: true });
    const attempts = await eventually(async () => {
      const a = await r.attemptsOf(app.id, msg.id);
      return a.length === 1 && a;
    });
    expect(attempts[0]).toMatchObject({ trigger: 'manual', status: 'succeeded' });
    await receiver.close();
  });

  it('answers 404 for an unknown message or endpoint', async () => {
    const app = await r.newApp();
    const ep = await r.newEndpoint(app.id, 'https://example.com/x', { disabled: true });
    const msg = await r.publish(app.id, { eventType: 'a.b', payload: {} });
    expectProblem(await resend(app.id, 'msg_nope', ep.id), 404);
    expectProblem(await resend(app.id, msg.id, 'ep_nope'), 404);
    const other = await r.newApp();
    const otherEp = await r.newEndpoint(other.id, 'https://example.com/y', { disabled: true });
    expectProblem(await resend(other.id, msg.id, otherEp.id), 404);
    expectProblem(await resend(app.id, msg.id, otherEp.id), 404);
  });
});
