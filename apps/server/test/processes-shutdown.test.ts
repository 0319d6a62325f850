import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import {
  appWithEndpoint,
  type HeraldProcess,
  killAll,
  publishVia,
  query,
  spawnHerald,
  startHeraldProcess,
} from './helpers/process.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// Graceful shutdown of real processes (contract: SIGTERM/SIGINT stop taking work, finish or release
// in-flight deliveries, exit 0 within 10 s).

let db: TestDatabase;
const receivers: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const m = spawnHerald('migrate', { DATABASE_URL: db.url });
  expect(await m.waitForExit(30_000)).toMatchObject({ code: 0 });
});
afterAll(async () => {
  await killAll();
  for (const r of receivers) await r.close();
  await db?.drop();
});

/** Sends `signal` and returns the exit and how long it took. */
async function stopWith(h: HeraldProcess, signal: NodeJS.Signals) {
  const t0 = Date.now();
  h.kill(signal);
  const exit = await h.waitForExit(15_000);
  const ms = Date.now() - t0;
  console.log(`[timing] ${signal} to exit: ${ms} ms (ready in ${h.readyMs} ms after spawn)`);
  return { exit, ms };
}

const attemptRows = (messageId: string) =>
  query(db.url, 'SELECT status, attempt, response_status_code, job_key FROM attempts WHERE message_id = $1', [
    messageId,
  ]);
const deliveryRows = (messageId: string) =>
  query(db.url, 'SELECT status, attempts, lease_until FROM deliveries WHERE message_id = $1', [messageId]);

describe('graceful shutdown', () => {
  it('an idle process exits 0 on SIGTERM in under 3 s', async () => {
    const h = await startHeraldProcess('start', { DATABASE_URL: db.url });
    const { exit, ms } = await stopWith(h, 'SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(3000);
  });

  it('an idle process exits 0 on SIGINT in under 3 s', async () => {
    const h = await startHeraldProcess('start', { DATABASE_URL: db.url });
    const { exit, ms } = await stopWith(h, 'SIGINT');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(3000);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s during a 2 s delivery: the delivery finishes and is recorded, then exit 0',
    async (signal) => {
      const rc = await receiver(() => ({ status: 200, delayMs: 2000 }));
      const h = await startHeraldProcess('start', { DATABASE_URL: db.url });
      const { appId, secret } = await appWithEndpoint(h, rc.url);
      const msg = await publishVia(h, appId, { eventType: 'order.shipped', payload: { signal } });
      const [r] = await rc.waitFor(1);
      verifyWithStandardWebhooks(secret, r!);

      const { exit, ms } = await stopWith(h, signal);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(ms).toBeLessThan(10_000);
      // it waited for the receiver's answer (about 2 s after the request arrived) rather than dropping it
      expect(Date.now() - r!.at).toBeGreaterThanOrEqual(1900);

      expect(await attemptRows(msg.id)).toMatchObject([
        { status: 'succeeded', attempt: 1, response_status_code: 200 },
      ]);
      expect(await deliveryRows(msg.id)).toEqual([{ status: 'succeeded', attempts: 1, lease_until: null }]);
      expect(rc.requests).toHaveLength(1);
    },
    30_000,
  );

  it('a delivery longer than the shutdown budget is handed back, exit 0 within 10 s, the next process delivers it', async () => {
    // the first request hangs far longer than the shutdown budget (default HTTP timeout 15 s)
    const rc = await receiver((n) => (n === 1 ? { status: 200, delayMs: 60_000 } : { status: 200 }));
    const h = await startHeraldProcess('start', { DATABASE_URL: db.url });
    const { appId, secret } = await appWithEndpoint(h, rc.url);
    const msg = await publishVia(h, appId, { eventType: 'order.shipped', payload: { hang: true } });
    await rc.waitFor(1);

    const { exit, ms } = await stopWith(h, 'SIGTERM');
    expect({ exit, output: h.output() }).toEqual({
      exit: { code: 0, signal: null },
      output: expect.any(String),
    });
    expect(ms).toBeLessThan(10_000);
    // handed back: not recorded as an attempt, lease released, still pending
    expect(await attemptRows(msg.id)).toEqual([]);
    expect(await deliveryRows(msg.id)).toEqual([{ status: 'pending', attempts: 0, lease_until: null }]);

    // the next process sends it again with the same webhook-id
    const next = await startHeraldProcess('start', { DATABASE_URL: db.url });
    const reqs = await rc.waitFor(2, 20_000);
    verifyWithStandardWebhooks(secret, reqs[1]!);
    expect(reqs[1]!.headers['webhook-id']).toBe(msg.id);
    const attempts = await eventually(async () => {
      const a = await attemptRows(msg.id);
      return a.length > 0 && a;
    });
    expect(attempts).toMatchObject([{ status: 'succeeded', attempt: 1, response_status_code: 200 }]);
    expect(await deliveryRows(msg.id)).toEqual([{ status: 'succeeded', attempts: 1, lease_until: null }]);
    expect((await stopWith(next, 'SIGTERM')).exit).toEqual({ code: 0, signal: null });
  }, 60_000);
});
