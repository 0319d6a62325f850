import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createPool, type Pool } from '../src/db/pool.ts';
import { runRetention } from '../src/services/retention.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver } from './helpers/receiver.ts';

let h: TestHerald;
let pool: Pool;
beforeAll(async () => {
  h = await startTestHerald({ HERALD_RETRY_JITTER: '0' });
  pool = createPool(h.db.url, 2, 'test');
});
afterAll(async () => {
  await pool?.end();
  await h?.stop();
});

const since = () => new Date(Date.now() - 3600_000).toISOString();
const waitForJob = (id: string) =>
  eventually(async () => {
    const j = (await h.api('GET', `/v1/jobs/${id}`)).body;
    return ['completed', 'failed'].includes(j.status) && j;
  });

describe('bulk replay by filter', () => {
  it('re-sends matching messages, also to endpoints added after they were published', async () => {
    const a = await startReceiver();
    const b = await startReceiver();
    const app = (await h.api('POST', '/v1/apps', { name: 'replay' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: a.url });
    const x1 = (await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'r.x', payload: { n: 1 } }))
      .body;
    const x2 = (await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'r.x', payload: { n: 2 } }))
      .body;
    await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'r.y', payload: { n: 3 } });
    await a.waitFor(3);
    // B only takes r.x and did not exist when they were published
    const epB = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: b.url, eventTypes: ['r.x'] }))
      .body;

    const started = await h.api('POST', `/v1/apps/${app.id}/messages/replay`, {
      since: since(),
      eventTypes: ['r.x'],
    });
    expect(started.status).toBe(202);
    expect(started.body.count).toBe(2);
    const job = await waitForJob(started.body.job.id);
    expect(job).toMatchObject({ status: 'completed', type: 'replay', progress: { done: 2, total: 2 } });

    await a.waitFor(5);
    await b.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      a.requests
        .slice(3)
        .map((r) => r.headers['webhook-id'])
        .sort(),
    ).toEqual([x1.id, x2.id].sort());
    expect(b.requests.map((r) => r.headers['webhook-id']).sort()).toEqual([x1.id, x2.id].sort());
    const deliveries = (await h.api('GET', `/v1/apps/${app.id}/messages/${x1.id}/deliveries`)).body.data;
    expect(deliveries.map((d: any) => d.endpointId)).toContain(epB.id);

    // to one endpoint only
    const one = await h.api('POST', `/v1/apps/${app.id}/messages/replay`, {
      since: since(),
      endpoint: epB.id,
    });
    expect(one.body.count).toBe(3);
    await waitForJob(one.body.job.id);
    await b.waitFor(5);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.requests).toHaveLength(5);
    for (const r of [a, b]) await r.close();
  });
});

describe('bulk replay of failed deliveries, previewed', () => {
  it('counts first, then re-sends only the deliveries that failed for good', async () => {
    const good = await startReceiver();
    const bad = await startReceiver(() => ({ status: 500 }));
    const app = (await h.api('POST', '/v1/apps', { name: 'replay-failed', retrySchedule: [] })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: good.url });
    const epBad = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: bad.url, eventTypes: ['f.x'] }))
      .body;
    const x = (await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'f.x', payload: {} })).body;
    await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'f.y', payload: {} });
    await good.waitFor(2);
    await bad.waitFor(1);
    await eventually(async () => {
      const d = (await h.api('GET', `/v1/apps/${app.id}/messages/${x.id}/deliveries`)).body.data;
      return d.find((e: any) => e.endpointId === epBad.id)?.status === 'failed';
    });

    const preview = (body: Record<string, unknown>) =>
      h.api('POST', `/v1/apps/${app.id}/messages/replay/preview`, { since: since(), ...body });
    expect((await preview({})).body).toEqual({ count: 2 });
    expect((await preview({ failedOnly: true })).body).toEqual({ count: 1 });
    expect((await preview({ failedOnly: true, eventTypes: ['f.y'] })).body).toEqual({ count: 0 });
    expect((await preview({ failedOnly: true, endpoint: epBad.id })).body).toEqual({ count: 1 });
    expect((await preview({ endpoint: 'ep_missing' })).status).toBe(404);
    expect((await preview({ failedOnly: 'yes' })).status).toBe(422);

    const started = await h.api('POST', `/v1/apps/${app.id}/messages/replay`, {
      since: since(),
      failedOnly: true,
    });
    expect(started.body.count).toBe(1);
    await waitForJob(started.body.job.id);
    await bad.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    // the failed delivery went again; the good endpoint, whose delivery succeeded, got nothing more
    expect(bad.requests.map((r) => r.headers['webhook-id'])).toEqual([x.id, x.id]);
    expect(good.requests).toHaveLength(2);
    for (const r of [good, bad]) await r.close();
  });
});

describe('exports', () => {
  it('writes the delivery log as NDJSON and CSV, downloadable from the job', async () => {
    let n = 0;
    const receiver = await startReceiver(() => ({
      status: ++n === 1 ? 500 : 200,
      body: n === 1 ? 'no, "sorry"' : 'ok',
    }));
    const app = (await h.api('POST', '/v1/apps', { name: 'export', retrySchedule: [0] })).body;
    const ep = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url })).body;
    const m1 = (
      await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'e.x', payload: { z: 1, a: [1, 2] } })
    ).body;
    await eventually(async () => {
      const d = (await h.api('GET', `/v1/apps/${app.id}/messages/${m1.id}/deliveries`)).body.data;
      return d[0]?.status === 'succeeded';
    });
    const m2 = (
      await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'e.y', payload: { text: 'a,b\n"c"' } })
    ).body;
    await eventually(
      async () =>
        (await h.api('GET', `/v1/apps/${app.id}/messages/${m2.id}/attempts`)).body.data.length === 1,
    );

    const ndjsonJob = await h.api('POST', `/v1/apps/${app.id}/exports`, { since: since(), format: 'ndjson' });
    expect(ndjsonJob.status).toBe(202);
    const early = await h.api('GET', `/v1/jobs/${ndjsonJob.body.id}/download`);
    expect([200, 409]).toContain(early.status);
    expect((await waitForJob(ndjsonJob.body.id)).status).toBe('completed');
    const dl = await fetch(`${h.url}/v1/jobs/${ndjsonJob.body.id}/download`, {
      headers: { authorization: 'Bearer test-root-key-0123456789' },
    });
    expect(dl.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await dl.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3); // m1: two attempts, m2: one
    expect(lines.map((l) => [l.messageId, l.attempt, l.attemptStatus, l.responseStatusCode])).toEqual([
      [m1.id, 1, 'failed', 500],
      [m1.id, 2, 'succeeded', 200],
      [m2.id, 1, 'succeeded', 200],
    ]);
    expect(lines[0]).toMatchObject({
      endpointId: ep.id,
      endpointUrl: receiver.url,
      payload: { z: 1, a: [1, 2] },
    });

    const csvJob = await h.api('POST', `/v1/apps/${app.id}/exports`, { since: since(), format: 'csv' });
    await waitForJob(csvJob.body.id);
    const csv = await (
      await fetch(`${h.url}/v1/jobs/${csvJob.body.id}/download`, {
        headers: { authorization: 'Bearer test-root-key-0123456789' },
      })
    ).text();
    const rows = csv.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe(
      'messageId,eventType,eventId,channels,messageTimestamp,payload,endpointId,endpointUrl,deliveryStatus,attemptId,attempt,trigger,attemptStatus,responseStatusCode,durationMs,error,attemptTimestamp',
    );
    expect(csv).toContain('"{""text"":""a,b\\n\\""c\\""""}"');
    expect(csv.split('\r\n').filter((l) => l.startsWith('msg_'))).toHaveLength(3);
    await receiver.close();
  });
});

describe('retention', () => {
  it("deletes only what is older than the app's or the server's retention; feed and log stay correct", async () => {
    const short = (await h.api('POST', '/v1/apps', { name: 'short', retentionDays: 1 })).body;
    const long = (await h.api('POST', '/v1/apps', { name: 'long' })).body; // server default: 30 days
    expect(short.retentionDays).toBe(1);
    for (let i = 0; i < 5; i++) {
      await h.api('POST', `/v1/apps/${short.id}/messages`, { eventType: 't.x', payload: { i } });
      await h.api('POST', `/v1/apps/${long.id}/messages`, { eventType: 't.x', payload: { i } });
    }
    const feedBefore = await h.api('GET', `/v1/apps/${long.id}/events?limit=2`);

    const ctx = { pool, config: h.config, log: pino({ level: 'silent' }) } as unknown as Context;
    // two days from now: the 1-day app's messages are old, the 30-day app's are not
    const result = await runRetention(ctx, { batchSize: 2, now: new Date(Date.now() + 2 * 86400_000) });
    expect(result!.messages).toBeGreaterThanOrEqual(5);
    expect((await h.api('GET', `/v1/apps/${short.id}/messages`)).body.data).toHaveLength(0);
    expect((await h.api('GET', `/v1/apps/${long.id}/messages`)).body.data).toHaveLength(5);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM attempts WHERE app_id = $1', [
      short.id,
    ]);
    expect(rows[0].n).toBe(0);
    const rest = await h.api('GET', `/v1/apps/${long.id}/events?iterator=${feedBefore.body.iterator}`);
    expect(rest.body.data).toHaveLength(3);

    // 31 days on, the long app goes too
    await runRetention(ctx, { now: new Date(Date.now() + 31 * 86400_000) });
    expect((await h.api('GET', `/v1/apps/${long.id}/messages`)).body.data).toHaveLength(0);
    const after = await h.api('GET', `/v1/apps/${long.id}/events?iterator=${feedBefore.body.iterator}`);
    expect(after.body).toMatchObject({ data: [], done: true });
  });
});
