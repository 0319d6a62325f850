import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver } from './helpers/receiver.ts';

// The duplicate-delivery bug of queue-based senders: a receiver slower than the queue's job expiry or
// heartbeat window gets a second, concurrent attempt. Here the receiver takes 12 s, longer than the
// delivery queue's 10 s heartbeat window, within the 15 s HTTP timeout: the worker's heartbeats and
// lease renewals must keep the job its own, so the receiver sees exactly one request.
let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald({ HERALD_HTTP_TIMEOUT_MS: '15000' });
});
afterAll(async () => {
  await h?.stop();
});

describe('a slow receiver', () => {
  it('gets one attempt, never a second concurrent one, while it takes longer than the heartbeat window', async () => {
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 12_000 }));
    const app = (await h.api('POST', '/v1/apps', { name: 'slow' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url });
    const msg = (await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 's.x', payload: {} })).body;
    await receiver.waitFor(1);
    const sending = await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}/deliveries`);
    expect(sending.body.data[0].status).toBe('sending');
    const attempts = await eventually(
      async () => {
        const a = (await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}/attempts`)).body.data;
        return a.length > 0 && a;
      },
      20_000,
      200,
    );
    expect(attempts).toMatchObject([{ status: 'succeeded', responseStatusCode: 200 }]);
    expect(attempts[0].durationMs).toBeGreaterThanOrEqual(11_900);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests).toHaveLength(1);
    expect((await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}/attempts`)).body.data).toHaveLength(1);
    await receiver.close();
  }, 40_000);
});
