import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { type Reply, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald({ HERALD_RETRY_JITTER: '0', HERALD_OPERATIONAL_APP: 'ops' });
});
afterAll(async () => {
  await h?.stop();
});

async function newApp(body: Record<string, unknown> = {}) {
  const res = await h.api('POST', '/v1/apps', { name: 'test app', ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function newEndpoint(appId: string, url: string, body: Record<string, unknown> = {}) {
  const res = await h.api('POST', `/v1/apps/${appId}/endpoints`, { url, ...body });
  expect(res.status).toBe(201);
  const secret = await h.api('GET', `/v1/apps/${appId}/endpoints/${res.body.id}/secret`);
  return { id: res.body.id as string, secret: secret.body.key as string };
}

async function publish(appId: string, body: Record<string, unknown>) {
  const res = await h.api('POST', `/v1/apps/${appId}/messages`, body);
  expect(res.status).toBe(202);
  return res.body as { id: string; timestamp: string };
}

const attemptsOf = (appId: string, msgId: string) =>
  h.api('GET', `/v1/apps/${appId}/messages/${msgId}/attempts`).then((r) => r.body.data as any[]);
const deliveriesOf = (appId: string, msgId: string) =>
  h.api('GET', `/v1/apps/${appId}/messages/${msgId}/deliveries`).then((r) => r.body.data as any[]);

describe('delivery pipeline', () => {
  it('delivers a signed event that the official Standard Webhooks verifier accepts', async () => {
    const receiver = await startReceiver();
    const app = await newApp();
    const ep = await newEndpoint(app.id, receiver.url, { headers: { 'x-tenant': 'acme' } });
    const msg = await publish(app.id, {
      eventType: 'invoice.paid',
      payload: { amount: 100, note: 'café ☃' },
    });

    const [r] = await receiver.waitFor(1);
    const verified = verifyWithStandardWebhooks(ep.secret, r!);
    expect(verified).toEqual({
      type: 'invoice.paid',
      timestamp: msg.timestamp,
      data: { amount: 100, note: 'café ☃' },
    });
    expect(r!.body).toBe(
      `{"type":"invoice.paid","timestamp":"${msg.timestamp}","data":{"amount":100,"note":"café ☃"}}`,
    );
    expect(r!.headers['webhook-id']).toBe(msg.id);
    expect(r!.headers['content-type']).toBe('application/json');
    expect(r!.headers['user-agent']).toMatch(/^Herald\/\d+\.\d+\.\d+/);
    expect(r!.headers['x-tenant']).toBe('acme');
    expect(Math.abs(Number(r!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);

    const attempts = await eventually(async () => {
      const a = await attemptsOf(app.id, msg.id);
      return a.length === 1 && a;
    });
    expect(attempts[0]).toMatchObject({
      endpointId: ep.id,
      attempt: 1,
      trigger: 'scheduled',
      status: 'succeeded',
      responseStatusCode: 200,
      responseBody: 'ok',
      truncated: false,
    });
    expect(attempts[0].id).toMatch(/^atmpt_/);
    const deliveries = await deliveriesOf(app.id, msg.id);
    expect(deliveries).toMatchObject([
      { endpointId: ep.id, status: 'succeeded', attempts: 1, nextAttemptAt: null },
    ]);
    await receiver.close();
  });

  it('filters by event type and channels', async () => {
    const all = await startReceiver();
    const paidOnly = await startReceiver();
    const euOnly = await startReceiver();
    const app = await newApp();
    await newEndpoint(app.id, all.url);
    await newEndpoint(app.id, paidOnly.url, { eventTypes: ['invoice.paid'] });
    await newEndpoint(app.id, euOnly.url, { channels: ['eu'] });

    await publish(app.id, { eventType: 'invoice.created', payload: { n: 1 } });
    await publish(app.id, { eventType: 'invoice.paid', payload: { n: 2 } });
    await publish(app.id, { eventType: 'invoice.created', payload: { n: 3 }, channels: ['eu', 'fr'] });
    await publish(app.id, { eventType: 'invoice.paid', payload: { n: 4 }, channels: ['us'] });

    await all.waitFor(4);
    await paidOnly.waitFor(2);
    await euOnly.waitFor(1);
    await new Promise((r) => setTimeout(r, 500)); // nothing else should arrive
    const data = (rc: typeof all) => rc.requests.map((r) => JSON.parse(r.body).data.n).sort();
    expect(data(all)).toEqual([1, 2, 3, 4]);
    expect(data(paidOnly)).toEqual([2, 4]);
    expect(data(euOnly)).toEqual([3]);
    for (const r of [all, paidOnly, euOnly]) await r.close();
  });

  it('retries on the application schedule, then succeeds; webhook-id stays, timestamp is fresh', async () => {
    const receiver = await startReceiver((n) => ({ status: n < 3 ? 500 : 204 }));
    const app = await newApp({ retrySchedule: [1, 1, 1] });
    const ep = await newEndpoint(app.id, receiver.url);
    const msg = await publish(app.id, { eventType: 'user.created', payload: { id: 1 } });

    const reqs = await receiver.waitFor(3);
    for (const r of reqs) verifyWithStandardWebhooks(ep.secret, r);
    expect(new Set(reqs.map((r) => r.headers['webhook-id']))).toEqual(new Set([msg.id]));
    expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(900);
    expect(reqs[2]!.at - reqs[1]!.at).toBeGreaterThanOrEqual(900);
    expect(Number(reqs[2]!.headers['webhook-timestamp'])).toBeGreaterThan(
      Number(reqs[0]!.headers['webhook-timestamp']),
    );

    const attempts = await eventually(async () => {
      const a = await attemptsOf(app.id, msg.id);
      return a.length === 3 && a;
    });
    expect(attempts.map((a) => [a.attempt, a.status, a.responseStatusCode])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'succeeded', 204],
    ]);
    expect(await deliveriesOf(app.id, msg.id)).toMatchObject([{ status: 'succeeded', attempts: 3 }]);
    await receiver.close();
  });

  it('honours Retry-After on 429', async () => {
    const receiver = await startReceiver(
      (n): Reply => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : {}),
    );
    const app = await newApp({ retrySchedule: [0] });
    await newEndpoint(app.id, receiver.url);
    const msg = await publish(app.id, { eventType: 'a.b', payload: {} });
    const reqs = await receiver.waitFor(2);
    expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(1900);
    const deliveries = await eventually(async () => {
      const d = await deliveriesOf(app.id, msg.id);
      return d[0]?.status === 'succeeded' && d;
    });
    expect(deliveries[0].attempts).toBe(2);
    await receiver.close();
  });

  it('marks the delivery failed when the schedule is spent and publishes message.attempt.exhausted', async () => {
    const ops = await startReceiver();
    const opsApp = await newApp({ uid: 'ops' });
    const opsEp = await newEndpoint(opsApp.id, ops.url);

    const receiver = await startReceiver(() => ({ status: 500, body: 'boom' }));
    const app = await newApp({ uid: 'customer-a', retrySchedule: [0, 0] });
    const ep = await newEndpoint(app.id, receiver.url);
    const msg = await publish(app.id, { eventType: 'order.shipped', payload: { id: 7 } });

    await receiver.waitFor(3);
    const deliveries = await eventually(async () => {
      const d = await deliveriesOf(app.id, msg.id);
      return d[0]?.status === 'failed' && d;
    });
    expect(deliveries[0]).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null });
    const attempts = await attemptsOf(app.id, msg.id);
    expect(attempts.map((a) => a.responseBody)).toEqual(['boom', 'boom', 'boom']);

    // endpoint.created and message.attempt.failing come first: find the exhausted one
    const body = await eventually(async () =>
      ops.requests
        .map((r) => verifyWithStandardWebhooks(opsEp.secret, r))
        .find((b) => b.type === 'message.attempt.exhausted'),
    );
    expect(body.data).toMatchObject({
      appId: app.id,
      appUid: 'customer-a',
      msgId: msg.id,
      endpointId: ep.id,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(3);
    await ops.close();
    await receiver.close();
  });

  it('disables the endpoint at once on 410 Gone and publishes endpoint.disabled', async () => {
    const ops = await startReceiver();
    const opsApp = (await h.api('GET', '/v1/apps/ops')).body;
    const opsEp = await newEndpoint(opsApp.id, ops.url);

    const receiver = await startReceiver(() => ({ status: 410 }));
    const app = await newApp({ retrySchedule: [0, 0, 0] });
    const ep = await newEndpoint(app.id, receiver.url);
    const msg = await publish(app.id, { eventType: 'x.y', payload: {} });
    await receiver.waitFor(1);
    const endpoint = await eventually(async () => {
      const e = (await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}`)).body;
      return e.disabled && e;
    });
    expect(endpoint.disabledReason).toBe('gone');
    expect((await deliveriesOf(app.id, msg.id))[0].status).toBe('failed');

    const events = await eventually(async () => {
      const got = ops.requests.map((r) => verifyWithStandardWebhooks(opsEp.secret, r));
      return got.find((b) => b.type === 'endpoint.disabled');
    });
    expect(events.data).toMatchObject({ appId: app.id, endpointId: ep.id, reason: 'gone' });

    // a disabled endpoint gets nothing more
    await publish(app.id, { eventType: 'x.y', payload: {} });
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests).toHaveLength(1);
    await ops.close();
    await receiver.close();
  });

  it('spaces deliveries to an endpoint with rateLimit, delivering all of them', async () => {
    const receiver = await startReceiver();
    const app = await newApp();
    await newEndpoint(app.id, receiver.url, { rateLimit: 4 });
    const batch = Array.from({ length: 10 }, (_, i) => ({ eventType: 'rl.x', payload: { i } }));
    expect((await h.api('POST', `/v1/apps/${app.id}/messages/batch`, { messages: batch })).status).toBe(202);
    const reqs = await receiver.waitFor(10, 20_000);
    const at = reqs.map((r) => r.at).sort((a, b) => a - b);
    // 10 sends at 4/s: the last goes at least 9 x 250 ms after the first (timer slack allowed)
    expect(at[9]! - at[0]!).toBeGreaterThanOrEqual(2150);
    for (let i = 4; i < at.length; i++) expect(at[i]! - at[i - 4]!).toBeGreaterThanOrEqual(900);
    expect(new Set(reqs.map((r) => JSON.parse(r.body).data.i)).size).toBe(10);
    await receiver.close();
  });

  it('keeps the first 4 KiB of a large response and flags it truncated', async () => {
    const receiver = await startReceiver(() => ({ body: 'x'.repeat(10_000) }));
    const app = await newApp();
    await newEndpoint(app.id, receiver.url);
    const msg = await publish(app.id, { eventType: 'big.body', payload: {} });
    const attempts = await eventually(async () => {
      const a = await attemptsOf(app.id, msg.id);
      return a.length === 1 && a;
    });
    expect(attempts[0].responseBody).toHaveLength(4096);
    expect(attempts[0].truncated).toBe(true);
    await receiver.close();
  });

  it('records a connection failure without a status code and retries it', async () => {
    const receiver = await startReceiver();
    const deadUrl = receiver.url;
    await receiver.close(); // nothing listens there now
    const app = await newApp({ retrySchedule: [0] });
    await newEndpoint(app.id, deadUrl);
    const msg = await publish(app.id, { eventType: 'x.y', payload: {} });
    const attempts = await eventually(async () => {
      const a = await attemptsOf(app.id, msg.id);
      return a.length === 2 && a;
    });
    expect(attempts.every((a) => a.status === 'failed' && a.responseStatusCode === null && a.error)).toBe(
      true,
    );
    expect((await deliveriesOf(app.id, msg.id))[0].status).toBe('failed');
  });
});
