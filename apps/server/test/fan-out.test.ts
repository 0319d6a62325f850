import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// With an inline limit of 3, an app with more endpoints is fanned out by a job instead of in the request.
let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald({ HERALD_FANOUT_INLINE_LIMIT: '3' });
});
afterAll(async () => {
  await h?.stop();
});

describe('fan-out', () => {
  it('delivers to every matching endpoint of a large app through the fan-out job', async () => {
    const receiver = await startReceiver();
    const app = (await h.api('POST', '/v1/apps', { name: 'many endpoints' })).body;
    const secrets: string[] = [];
    for (let i = 0; i < 7; i++) {
      const ep = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}?ep=${i}` }))
        .body;
      secrets.push((await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}/secret`)).body.key);
    }
    // one endpoint that does not take this event type, and one disabled: neither gets it
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: `${receiver.url}?ep=other`,
      eventTypes: ['other.type'],
    });
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}?ep=off`, disabled: true });

    const msg = (
      await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'bulk.event', payload: { ok: true } })
    ).body;
    const got = await receiver.waitFor(7);
    expect(new Set(got.map((r) => r.path))).toEqual(
      new Set(Array.from({ length: 7 }, (_, i) => `/webhook?ep=${i}`)),
    );
    for (const r of got) {
      const i = Number(new URL(r.path, 'http://x').searchParams.get('ep'));
      expect(verifyWithStandardWebhooks(secrets[i]!, r).data).toEqual({ ok: true });
    }
    const deliveries = await eventually(async () => {
      const d = (await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}/deliveries`)).body.data as any[];
      return d.length === 7 && d.every((x) => x.status === 'succeeded') && d;
    });
    expect(deliveries).toHaveLength(7);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(7);
    await receiver.close();
  });

  it('two concurrent publishes with the same eventId make one message and one delivery', async () => {
    const receiver = await startReceiver();
    const app = (await h.api('POST', '/v1/apps', { name: 'race' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url });
    const body = { eventType: 'race.event', eventId: 'evt-42', payload: { n: 1 } };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => h.api('POST', `/v1/apps/${app.id}/messages`, body)),
    );
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    await receiver.waitFor(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.requests).toHaveLength(1);
    const list = (await h.api('GET', `/v1/apps/${app.id}/messages`)).body.data;
    expect(list).toHaveLength(1);
    await receiver.close();
  });
});
