import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, resources } from './helpers/api.ts';
import { startTestHerald, type TestHerald } from './helpers/herald.ts';

let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald();
});
afterAll(async () => {
  await h?.stop();
});

describe('GET /v1/cluster', () => {
  it('shows this process as one instance of role all; scoped keys may not look', async () => {
    const res = await h.api('GET', '/v1/cluster');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        id: h.herald.instanceId,
        role: 'all',
        pid: process.pid,
        status: 'up',
        inFlight: 0,
        stoppedAt: null,
      }),
    ]);
    const app = await resources(h).newApp();
    const scoped = await h.api('POST', '/v1/api-keys', { name: 'scoped', app: app.id });
    expectProblem(await h.api('GET', '/v1/cluster', undefined, { key: scoped.body.key }), 403);
  });
});
