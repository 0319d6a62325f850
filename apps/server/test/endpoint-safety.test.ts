import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver } from './helpers/receiver.ts';

describe('production mode refuses private destinations (SSRF)', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startTestHerald({ NODE_ENV: 'production', HERALD_RETRY_SCHEDULE: '0' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('rejects loopback, private and localhost URLs at registration with 422 naming url', async () => {
    const app = (await h.api('POST', '/v1/apps', { name: 'prod' })).body;
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://localhost:8080/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://169.254.169.254/latest/meta-data',
      'http://2130706433/x',
    ]) {
      const res = await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url });
      expect(res.status, url).toBe(422);
      expect(res.body.errors[0].path).toBe('url');
    }
    const ok = await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'https://hooks.example.com/in' });
    expect(ok.status).toBe(201);
    const patch = await h.api('PATCH', `/v1/apps/${app.id}/endpoints/${ok.body.id}`, {
      url: 'http://192.168.0.1/',
    });
    expect(patch.status).toBe(422);
  });

  it('refuses to connect to a private address at send time, records why, and sends nothing', async () => {
    const receiver = await startReceiver();
    const app = (await h.api('POST', '/v1/apps', { name: 'prod-2' })).body;
    const ep = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'https://hooks.example.com/in' }))
      .body;
    // an endpoint whose address became private after registration (as DNS rebinding would make it)
    const db = new pg.Client({ connectionString: h.db.url });
    await db.connect();
    await db.query('UPDATE endpoints SET url = $1 WHERE id = $2', [receiver.url, ep.id]);
    await db.end();

    const msg = (await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'x.y', payload: {} })).body;
    const attempts = await eventually(async () => {
      const a = (await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}/attempts`)).body.data as any[];
      return a.length === 2 && a;
    });
    for (const a of attempts) {
      expect(a.status).toBe('failed');
      expect(a.responseStatusCode).toBeNull();
      expect(a.error).toMatch(/not allowed/);
    }
    expect(receiver.requests).toHaveLength(0);
    await receiver.close();
  });
});

describe('an endpoint that has only failed for the configured time is disabled', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startTestHerald({
      HERALD_DISABLE_FAILING_ENDPOINT_AFTER_SECONDS: '1',
      HERALD_RETRY_JITTER: '0',
      HERALD_OPERATIONAL_APP: 'ops',
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('disables with reason "failing" and publishes endpoint.disabled; one that recovered stays enabled', async () => {
    const ops = await startReceiver();
    const opsApp = (await h.api('POST', '/v1/apps', { name: 'ops', uid: 'ops' })).body;
    await h.api('POST', `/v1/apps/${opsApp.id}/endpoints`, { url: ops.url });

    // this one fails once, then succeeds: a success clears its run of failures
    let calls = 0;
    const flaky = await startReceiver(() => ({ status: ++calls === 2 ? 200 : 500 }));
    const failing = await startReceiver(() => ({ status: 500 }));
    const app = (await h.api('POST', '/v1/apps', { name: 'customer', retrySchedule: [1, 1, 1] })).body;
    const bad = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: failing.url })).body;
    const ok = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: flaky.url })).body;
    await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'a.b', payload: {} });

    const disabled = await eventually(async () => {
      const e = (await h.api('GET', `/v1/apps/${app.id}/endpoints/${bad.id}`)).body;
      return e.disabled && e;
    }, 15_000);
    expect(disabled.disabledReason).toBe('failing');
    // once disabled it gets no further attempts
    const seen = failing.requests.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(failing.requests.length).toBe(seen);

    const event = await eventually(async () =>
      ops.requests.map((r) => JSON.parse(r.body)).find((b) => b.type === 'endpoint.disabled'),
    );
    expect(event.data).toMatchObject({ endpointId: bad.id, reason: 'failing' });

    expect((await h.api('GET', `/v1/apps/${app.id}/endpoints/${ok.id}`)).body.disabled).toBe(false);

    // re-enabling starts a fresh window: it is not disabled again at once
    const reenabled = await h.api('PATCH', `/v1/apps/${app.id}/endpoints/${bad.id}`, { disabled: false });
    expect(reenabled.body).toMatchObject({ disabled: false, disabledReason: null });
    for (const r of [ops, flaky, failing]) await r.close();
  });
});
