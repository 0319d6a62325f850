import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHerald } from '../src/runtime.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver } from './helpers/receiver.ts';

let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald({ HERALD_RETRY_JITTER: '0' });
});
afterAll(async () => {
  await h?.stop();
});

/** An app whose endpoint has `n` deliveries that failed for good; the receiver is fixed afterwards. */
async function failedDeliveries(n: number) {
  let healthy = false;
  const receiver = await startReceiver(() => ({ status: healthy ? 200 : 500 }));
  const app = (await h.api('POST', '/v1/apps', { name: 'recover', retrySchedule: [] })).body;
  const ep = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url })).body;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      (await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'r.x', payload: { i } })).body.id,
    );
  }
  await eventually(async () => {
    const failed = (await h.api('GET', `/v1/apps/${app.id}/messages?status=failed&limit=250`)).body.data;
    return failed.length === n;
  });
  await receiver.waitFor(n);
  healthy = true;
  return { app, ep, ids, receiver };
}

const since = () => new Date(Date.now() - 3600_000).toISOString();

describe('portal access and whoami', () => {
  it('mints a short-lived link that reaches one application only', async () => {
    const a = (await h.api('POST', '/v1/apps', { name: 'A', uid: 'portal-a' })).body;
    const b = (await h.api('POST', '/v1/apps', { name: 'B', uid: 'portal-b' })).body;
    expect((await h.api('GET', '/v1/auth/whoami')).body).toEqual({
      keyId: 'root',
      app: null,
      root: true,
      portal: false,
      branding: { name: null, logoUrl: null, color: null },
    });

    const access = await h.api('POST', `/v1/apps/portal-a/portal-access`, { expiresIn: 600 });
    expect(access.status).toBe(200);
    expect(access.body.url).toBe(`${h.url}/portal#token=${access.body.token}`);
    expect(new Date(access.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(590_000);
    const key = access.body.token;

    expect((await h.api('GET', '/v1/auth/whoami', undefined, { key })).body).toMatchObject({
      app: a.id,
      root: false,
      portal: true,
    });
    expect((await h.api('GET', `/v1/apps/${a.id}`, undefined, { key })).status).toBe(200);
    expect((await h.api('GET', `/v1/apps/${b.id}`, undefined, { key })).status).toBe(404);
    expect((await h.api('GET', '/v1/apps', undefined, { key })).body.data.map((x: any) => x.id)).toEqual([
      a.id,
    ]);
    expect((await h.api('POST', `/v1/apps/${a.id}/portal-access`, {}, { key })).status).toBe(403);
    expect((await h.api('GET', '/v1/api-keys', undefined, { key })).status).toBe(403);
    // portal tokens are not API keys: they do not show in the key list
    const keys = (await h.api('GET', '/v1/api-keys')).body.data;
    expect(keys.some((k: any) => k.name === 'portal')).toBe(false);

    // once expired it is refused
    const db = new pg.Client({ connectionString: h.db.url });
    await db.connect();
    await db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE kind = 'portal'`);
    await db.end();
    expect((await h.api('GET', `/v1/apps/${a.id}`, undefined, { key })).status).toBe(401);
  });
});

describe('recover failed deliveries', () => {
  it('previews the count, re-sends exactly those deliveries once, and reports progress to N/N', async () => {
    const { app, ep, ids, receiver } = await failedDeliveries(6);
    const base = `/v1/apps/${app.id}/endpoints/${ep.id}`;
    const preview = await h.api('POST', `${base}/recover/preview`, { since: since() });
    expect(preview.body).toEqual({ count: 6 });

    const started = await h.api('POST', `${base}/recover`, { since: since() });
    expect(started.status).toBe(202);
    expect(started.body.count).toBe(6);
    expect(started.body.job.id).toMatch(/^job_/);
    const job = await eventually(async () => {
      const j = (await h.api('GET', `/v1/jobs/${started.body.job.id}`)).body;
      return j.status === 'completed' && j;
    });
    expect(job).toMatchObject({
      type: 'recover',
      appId: app.id,
      progress: { done: 6, total: 6 },
      result: { resent: 6 },
      error: null,
    });

    const again = await receiver.waitFor(12);
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.requests).toHaveLength(12);
    expect(
      again
        .slice(6)
        .map((r) => r.headers['webhook-id'])
        .sort(),
    ).toEqual([...ids].sort());
    const attempts = (await h.api('GET', `/v1/apps/${app.id}/messages/${ids[0]}/attempts`)).body.data;
    expect(attempts.map((a: any) => [a.trigger, a.status])).toEqual([
      ['scheduled', 'failed'],
      ['manual', 'succeeded'],
    ]);
    // nothing is left to recover now
    expect((await h.api('POST', `${base}/recover/preview`, { since: since() })).body).toEqual({ count: 0 });
    // a finished job cannot be cancelled
    expect((await h.api('POST', `/v1/jobs/${job.id}/cancel`)).status).toBe(409);
    await receiver.close();
  });

  it('refuses windows older than 14 days, naming the field', async () => {
    const { app, ep, receiver } = await failedDeliveries(1);
    const res = await h.api('POST', `/v1/apps/${app.id}/endpoints/${ep.id}/recover`, {
      since: new Date(Date.now() - 15 * 86400_000).toISOString(),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('since');
    await receiver.close();
  });

  it('a job resumes after its last committed page and re-sends nothing twice', async () => {
    // an API-only Herald creates the job; nobody runs it yet
    const api = await startHerald({
      config: h.config,
      databaseUrl: h.db.url,
      roles: ['api'],
      log: pino({ level: 'silent' }),
      listen: false,
    });
    const { app, ep, ids, receiver } = await failedDeliveries(5);
    // this file's Herald stops (its workers would run the job at once); the job is created with no
    // worker running, then set back as if a worker had died after two pages (this test runs last)
    await h.herald.stop();
    const res = await api.app!.inject({
      method: 'POST',
      url: `/v1/apps/${app.id}/endpoints/${ep.id}/recover`,
      headers: { authorization: `Bearer ${'test-root-key-0123456789'}` },
      payload: { since: since() },
    });
    const jobId = res.json().job.id;
    // as if a worker had committed the first two pages' worth (two messages) and then died
    const sorted = [...ids].sort();
    const db = new pg.Client({ connectionString: h.db.url });
    await db.connect();
    await db.query(`UPDATE jobs SET status = 'running', progress_done = 2, resume_after = $2 WHERE id = $1`, [
      jobId,
      sorted[1],
    ]);
    await db.end();

    const worker = await startHerald({
      config: h.config,
      databaseUrl: h.db.url,
      roles: ['worker'],
      log: pino({ level: 'silent' }),
    });
    try {
      await eventually(
        async () =>
          (
            await api.app!.inject({
              url: `/v1/jobs/${jobId}`,
              headers: { authorization: 'Bearer test-root-key-0123456789' },
            })
          ).json().status === 'completed',
      );
      await receiver.waitFor(8);
      await new Promise((r) => setTimeout(r, 400));
      expect(
        receiver.requests
          .slice(5)
          .map((r) => r.headers['webhook-id'])
          .sort(),
      ).toEqual(sorted.slice(2));
    } finally {
      await worker.stop();
      await api.stop();
      await receiver.close();
    }
  });
});
