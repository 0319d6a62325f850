import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import {
  appWithEndpoint,
  type HeraldProcess,
  killAll,
  PROCESS_ROOT_KEY,
  startHeraldProcess,
} from './helpers/process.ts';
import { type Receiver, startReceiver } from './helpers/receiver.ts';

// One publish followed by its x-request-id through two processes: the api's answer and log, the stored
// message, and the worker's log line of the attempt.

let db: TestDatabase | undefined;
let rc: Receiver | undefined;
afterAll(async () => {
  await killAll();
  await rc?.close();
  await db?.drop();
});

/** The JSON log lines of a process (pino) that carry this request id. */
const linesWith = (h: HeraldProcess, requestId: string) =>
  h
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.requestId === requestId);

async function publish(api: HeraldProcess, appId: string, requestId?: string) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${PROCESS_ROOT_KEY}`,
    'content-type': 'application/json',
  };
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  const res = await fetch(`${api.url}/v1/apps/${appId}/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ eventType: 'order.placed', payload: { n: 1 } }),
  });
  expect(res.status).toBe(202);
  return { id: (await res.json()).id as string, requestId: res.headers.get('x-request-id') };
}

describe('x-request-id', () => {
  it('is taken from the request, returned, stored on the message and on the api and worker log lines', async () => {
    db = await createTestDatabase();
    rc = await startReceiver();
    const env = { DATABASE_URL: db.url, HERALD_LOG_LEVEL: 'debug' };
    const [api, worker] = await Promise.all([
      startHeraldProcess('api', env),
      startHeraldProcess('worker', env),
    ]);
    const { appId } = await appWithEndpoint(api, rc.url);

    const given = 'trace-4711.checkout:abc';
    const msg = await publish(api, appId, given);
    expect(msg.requestId).toBe(given);
    const stored = await api.api('GET', `/v1/apps/${appId}/messages/${msg.id}`);
    expect(stored.body.requestId).toBe(given);

    await rc.waitFor(1);
    const attempt = await eventually(
      async () => linesWith(worker, given).find((l) => l.msg === 'attempt'),
      10_000,
    );
    expect(attempt).toMatchObject({ messageId: msg.id, status: 'succeeded', responseStatusCode: 200 });
    const accepted = linesWith(api, given).find((l) => l.msg === 'message accepted');
    expect(accepted).toMatchObject({ messageId: msg.id });

    // none given, or one that is not a plain token: a fresh one, stored the same way
    for (const bad of [undefined, 'has spaces in it', 'x'.repeat(200)]) {
      const m = await publish(api, appId, bad);
      expect(m.requestId).toMatch(/^req_[0-9A-Z]{26}$/);
      const s = await api.api('GET', `/v1/apps/${appId}/messages/${m.id}`);
      expect(s.body.requestId).toBe(m.requestId);
    }
    // every answer carries one, errors included
    const missing = await fetch(`${api.url}/v1/nowhere`, { headers: { 'x-request-id': 'lost-1' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('lost-1');

    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await api.waitForExit()).toEqual({ code: 0, signal: null });
    expect(await worker.waitForExit()).toEqual({ code: 0, signal: null });
  }, 60_000);
});
