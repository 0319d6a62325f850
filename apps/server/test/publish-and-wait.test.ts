import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver } from './helpers/receiver.ts';

let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald();
});
afterAll(async () => {
  await h?.stop();
});

describe('publish-and-wait (?wait=S)', () => {
  it('answers 200 with every first attempt when all endpoints answer in time', async () => {
    const ok = await startReceiver(() => ({ status: 204 }));
    const bad = await startReceiver(() => ({ status: 500 }));
    const app = (await h.api('POST', '/v1/apps', { name: 'wait' })).body;
    const e1 = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: ok.url })).body;
    const e2 = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: bad.url })).body;
    const t = Date.now();
    const res = await h.api('POST', `/v1/apps/${app.id}/messages?wait=10`, {
      eventType: 'w.x',
      payload: { a: 1 },
    });
    expect(res.status).toBe(200);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(res.body.id).toMatch(/^msg_/);
    const byEndpoint = Object.fromEntries(res.body.deliveries.map((d: any) => [d.endpointId, d]));
    expect(byEndpoint[e1.id]).toMatchObject({ status: 'succeeded', responseStatusCode: 204 });
    expect(byEndpoint[e2.id]).toMatchObject({ status: 'failed', responseStatusCode: 500 });
    expect(typeof byEndpoint[e1.id].durationMs).toBe('number');
    await ok.close();
    await bad.close();
  });

  it('answers 200 as soon as the first attempt to a FIFO endpoint is done (head jobs wake the wait too)', async () => {
    const ok = await startReceiver(() => ({ status: 204 }));
    const app = (await h.api('POST', '/v1/apps', { name: 'wait fifo' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: ok.url, ordering: 'fifo' });
    const t = Date.now();
    const res = await h.api('POST', `/v1/apps/${app.id}/messages?wait=10`, { eventType: 'w.x', payload: {} });
    expect(res.status).toBe(200);
    expect(res.body.deliveries[0]).toMatchObject({ status: 'succeeded', responseStatusCode: 204 });
    // woken by the record stage, not by the poll that ends the wait
    expect(Date.now() - t).toBeLessThan(3000);
    await ok.close();
  });

  it('answers 202 right after S seconds when an endpoint is slow, and the delivery still completes', async () => {
    const slow = await startReceiver(() => ({ delayMs: 2500 }));
    const app = (await h.api('POST', '/v1/apps', { name: 'slow' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: slow.url });
    const t = Date.now();
    const res = await h.api('POST', `/v1/apps/${app.id}/messages?wait=1`, {
      eventType: 'w.slow',
      payload: {},
    });
    const took = Date.now() - t;
    expect(res.status).toBe(202);
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(2000);
    expect(res.body.deliveries).toHaveLength(1);
    expect(['pending', 'sending']).toContain(res.body.deliveries[0].status);
    // delivery carries on in the background
    const deadline = Date.now() + 10_000;
    let status = '';
    while (Date.now() < deadline && status !== 'succeeded') {
      await new Promise((r) => setTimeout(r, 100));
      status = (await h.api('GET', `/v1/apps/${app.id}/messages/${res.body.id}/deliveries`)).body.data[0]
        .status;
    }
    expect(status).toBe('succeeded');
    await slow.close();
  });

  it('many concurrent waiters do not block other publishes (no connection held while waiting)', async () => {
    const slow = await startReceiver(() => ({ delayMs: 1500 }));
    const app = (await h.api('POST', '/v1/apps', { name: 'crowd' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: slow.url });
    // more waiters than the pool has connections (HERALD_DB_POOL_SIZE is 8 in tests)
    const waiters = Array.from({ length: 40 }, (_, i) =>
      h.api('POST', `/v1/apps/${app.id}/messages?wait=5`, { eventType: 'w.crowd', payload: { i } }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const t = Date.now();
    const plain = await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'w.plain', payload: {} });
    expect(plain.status).toBe(202);
    expect(Date.now() - t).toBeLessThan(1000);
    const results = await Promise.all(waiters);
    expect(results.every((r) => r.status === 200 && r.body.deliveries[0].status === 'succeeded')).toBe(true);
    await slow.close();
  });

  it('rejects wait above 30 seconds', async () => {
    const app = (await h.api('POST', '/v1/apps', { name: 'bad wait' })).body;
    const res = await h.api('POST', `/v1/apps/${app.id}/messages?wait=31`, { eventType: 'w.x', payload: {} });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('wait');
  });
});
