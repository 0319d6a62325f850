import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from './helpers/api.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// The operational events Svix has beside message.attempt.exhausted and endpoint.disabled:
// endpoint.created / updated / deleted, message.attempt.failing (first failure of a delivery) and
// message.attempt.recovered (success after failures), delivered as messages of the operational app.

let h: TestHerald;
let ops: Receiver;
let opsSecret: string;
beforeAll(async () => {
  h = await startTestHerald({
    HERALD_RETRY_JITTER: '0',
    HERALD_OPERATIONAL_APP: 'ops',
    HERALD_RETRY_SCHEDULE: '0,0,0',
  });
  ops = await startReceiver();
  const { newApp, newEndpoint } = resources(h);
  const opsApp = await newApp({ uid: 'ops' });
  opsSecret = (await newEndpoint(opsApp.id, ops.url)).secret;
});
afterAll(async () => {
  await ops?.close();
  await h?.stop();
});

const events = () => ops.requests.map((r) => verifyWithStandardWebhooks(opsSecret, r));
const eventsOf = (type: string, match: (d: any) => boolean) =>
  events().filter((e) => e.type === type && match(e.data));

describe('operational events', () => {
  it('endpoint.created, endpoint.updated and endpoint.deleted, with the request id', async () => {
    const { newApp } = resources(h);
    const app = await newApp({ uid: 'shop-a' });
    const created = await h.api(
      'POST',
      `/v1/apps/${app.id}/endpoints`,
      { url: 'http://127.0.0.1:9/hook', uid: 'orders' },
      { headers: { 'x-request-id': 'create-ep-1' } },
    );
    expect(created.status).toBe(201);
    const ep = created.body.id as string;
    expect((await h.api('PATCH', `/v1/apps/${app.id}/endpoints/${ep}`, { description: 'new' })).status).toBe(
      200,
    );
    expect((await h.api('DELETE', `/v1/apps/${app.id}/endpoints/${ep}`)).status).toBe(204);
    const about = { appId: app.id, appUid: 'shop-a', endpointId: ep, endpointUid: 'orders' };
    for (const type of ['endpoint.created', 'endpoint.updated', 'endpoint.deleted']) {
      const [e] = await eventually(async () => {
        const found = eventsOf(type, (d) => d.endpointId === ep);
        return found.length > 0 && found;
      });
      expect(e!.data).toEqual(about);
    }
    // exactly once each
    for (const type of ['endpoint.created', 'endpoint.updated', 'endpoint.deleted'])
      expect(eventsOf(type, (d) => d.endpointId === ep)).toHaveLength(1);
    // the stored operational message carries the request id of the change
    const opsMessages = (await h.api('GET', '/v1/apps/ops/messages?eventType=endpoint.created')).body.data;
    const mine = opsMessages.find((m: any) => m.payload.endpointId === ep);
    expect(mine.requestId).toBe('create-ep-1');
    // a failed change publishes nothing
    const refused = await h.api('PATCH', `/v1/apps/${app.id}/endpoints/nope`, { description: 'x' });
    expect(refused.status).toBe(404);
  });

  it('message.attempt.failing on the first failure, message.attempt.recovered on the success after', async () => {
    const { newApp, newEndpoint, publish } = resources(h);
    // fails twice, then answers
    let n = 0;
    const rc = await startReceiver(() => (++n <= 2 ? { status: 503, body: 'busy' } : { status: 200 }));
    const healthy = await startReceiver();
    try {
      const app = await newApp({ uid: 'shop-b' });
      const ep = await newEndpoint(app.id, rc.url);
      const ok = await newEndpoint(app.id, healthy.url);
      const msg = await publish(app.id, { eventType: 'order.paid', payload: { n: 1 } });
      await rc.waitFor(3);
      const [recovered] = await eventually(async () => {
        const r = eventsOf('message.attempt.recovered', (d) => d.msgId === msg.id);
        return r.length > 0 && r;
      });
      const failing = eventsOf('message.attempt.failing', (d) => d.msgId === msg.id);
      // once, on the first of the two failures
      expect(failing).toHaveLength(1);
      expect(failing[0]!.data).toMatchObject({
        appId: app.id,
        appUid: 'shop-b',
        msgId: msg.id,
        endpointId: ep.id,
        lastAttempt: { responseStatusCode: 503, id: expect.stringMatching(/^atmpt_/) },
      });
      expect(recovered!.data).toMatchObject({
        msgId: msg.id,
        endpointId: ep.id,
        lastAttempt: { responseStatusCode: 200 },
      });
      const attempts = (await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}/attempts`)).body.data;
      const first = attempts
        .filter((a: any) => a.endpointId === ep.id)
        .sort((a: any, b: any) => a.attempt - b.attempt)[0];
      expect((failing[0]!.data as { lastAttempt: { id: string } }).lastAttempt.id).toBe(first.id);
      // the endpoint that succeeded at once: neither event
      await new Promise((r) => setTimeout(r, 300));
      expect(eventsOf('message.attempt.failing', (d) => d.endpointId === ok.id)).toEqual([]);
      expect(eventsOf('message.attempt.recovered', (d) => d.endpointId === ok.id)).toEqual([]);
      expect(eventsOf('message.attempt.recovered', (d) => d.msgId === msg.id)).toHaveLength(1);
    } finally {
      await rc.close();
      await healthy.close();
    }
  });
});
