import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import { appWithEndpoint, killAll, publishVia, query, startHeraldProcess } from './helpers/process.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// kill -9 of a worker in the middle of a delivery. The dead worker stops touching its jobs and renewing
// their leases; the queue's monitor hands the job out again after the heartbeat window, and the
// restarted worker sends it with the same webhook-id once the lease has run out.

/**
 * The shortest windows Herald allows: the queue's heartbeat cannot go under 10 s (pg-boss), the lease
 * must outlast it; refreshed every 500 ms and monitored every second, a dead worker's delivery comes
 * back about 11 s after the kill instead of 15 s with the defaults.
 */
const LEASE_S = 11;
const windows = {
  HERALD_DELIVERY_LEASE_SECONDS: String(LEASE_S),
  HERALD_QUEUE_HEARTBEAT_SECONDS: '10',
  HERALD_HEARTBEAT_INTERVAL_MS: '500',
  HERALD_QUEUE_MONITOR_INTERVAL_SECONDS: '1',
};

let db: TestDatabase | undefined;
let rc: Receiver | undefined;
afterAll(async () => {
  await killAll();
  await rc?.close();
  await db?.drop();
});

describe('crash recovery', () => {
  it('a worker killed with SIGKILL mid-delivery: after a restart the message is delivered once more, recorded once', async () => {
    db = await createTestDatabase();
    // the first request is never answered; the worker dies while waiting for it
    rc = await startReceiver((n) => (n === 1 ? { status: 200, delayMs: 120_000 } : { status: 200 }));
    const env = { ...windows, DATABASE_URL: db.url, HERALD_HTTP_TIMEOUT_MS: '1000' };
    const [api, worker] = await Promise.all([
      startHeraldProcess('api', env),
      startHeraldProcess('worker', env),
    ]);
    const { appId, endpointId, secret } = await appWithEndpoint(api, rc.url);
    const msg = await publishVia(api, appId, { eventType: 'payment.captured', payload: { cents: 1999 } });

    const [first] = await rc.waitFor(1);
    // at once: well inside the 1 s HTTP timeout, so the worker never gets to record a failed attempt
    worker.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await worker.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(first!.headers['webhook-id']).toBe(msg.id);

    const restarted = await startHeraldProcess('worker', env);
    const reqs = await rc.waitFor(2, 60_000);
    const recoveryMs = reqs[1]!.at - killedAt;
    console.log(
      `[timing] kill -9 to redelivery: ${recoveryMs} ms (heartbeat window 10 s, lease ${LEASE_S} s)`,
    );
    // not before the lease ran out (renewed every 500 ms up to the kill; a second of margin): no second
    // send while the dead worker's claim still held
    expect(recoveryMs).toBeGreaterThanOrEqual((LEASE_S - 1) * 1000);
    // the heartbeat goes stale after 10 s and the lease ends 11 s after the last renewal; add one monitor
    // interval (1 s), the first retry delay (1-2 s), a busy re-try if the job came back before the lease
    // ended (2 s) and slack: the job expiry (31 s here) must not be what brings it back
    expect(recoveryMs).toBeLessThan(LEASE_S * 1000 + 1_000 + 2_000 + 2_000 + 2_000);

    verifyWithStandardWebhooks(secret, reqs[1]!);
    expect(reqs[1]!.headers['webhook-id']).toBe(msg.id);
    expect(reqs[1]!.body).toBe(first!.body);

    const deliveries = await eventually(async () => {
      const d = await api.api('GET', `/v1/apps/${appId}/messages/${msg.id}/deliveries`);
      return d.body.data[0]?.status === 'succeeded' && d.body.data;
    });
    expect(deliveries).toMatchObject([{ endpointId, status: 'succeeded', attempts: 1 }]);
    const attempts = await api.api('GET', `/v1/apps/${appId}/messages/${msg.id}/attempts`);
    expect(attempts.body.data).toMatchObject([{ endpointId, status: 'succeeded', responseStatusCode: 200 }]);
    expect(attempts.body.data).toHaveLength(1);
    const rows = await query(db.url, 'SELECT status FROM attempts WHERE message_id = $1', [msg.id]);
    expect(rows).toEqual([{ status: 'succeeded' }]);

    // nothing more arrives: the recovered job was completed, not left to expire again
    await new Promise((r) => setTimeout(r, 1000));
    expect(rc.requests).toHaveLength(2);

    api.kill('SIGTERM');
    restarted.kill('SIGTERM');
    expect(await api.waitForExit()).toEqual({ code: 0, signal: null });
    expect(await restarted.waitForExit()).toEqual({ code: 0, signal: null });
  }, 80_000);

  it('a FIFO endpoint keeps its order across kill -9 of a worker: two workers, one killed, one started', async () => {
    const fdb = await createTestDatabase();
    const frc = await startReceiver(() => ({ status: 200, delayMs: 20 }));
    try {
      const env = { ...windows, DATABASE_URL: fdb.url, HERALD_HTTP_TIMEOUT_MS: '2000' };
      const [api, w1, w2] = await Promise.all([
        startHeraldProcess('api', env),
        startHeraldProcess('worker', env),
        startHeraldProcess('worker', env),
      ]);
      const a = await api.api('POST', '/v1/apps', { name: 'fifo crash' });
      const ep = await api.api('POST', `/v1/apps/${a.body.id}/endpoints`, { url: frc.url, ordering: 'fifo' });
      expect(ep.status).toBe(201);
      const ids: string[] = [];
      for (let i = 0; i < 150; i += 50) {
        const messages = Array.from({ length: 50 }, (_, k) => ({
          eventType: 'order.step',
          payload: { seq: i + k },
        }));
        const res = await api.api('POST', `/v1/apps/${a.body.id}/messages/batch`, { messages });
        ids.push(...res.body.data.map((m: { id: string }) => m.id));
      }
      await frc.waitFor(40, 30_000);
      w1.kill('SIGKILL');
      await w1.waitForExit();
      const w3 = await startHeraldProcess('worker', env);
      await eventually(
        async () => new Set(frc.requests.map((r) => r.headers['webhook-id'])).size >= 150,
        60_000,
        200,
      );
      // at-least-once: the head in flight at the kill may arrive twice, but nothing ever goes back
      const order = frc.requests.map((r) => ids.indexOf(r.headers['webhook-id'] as string));
      expect(order.every((v, i) => v >= 0 && (i === 0 || v >= order[i - 1]!))).toBe(true);
      expect(order.length - 150).toBeLessThanOrEqual(1);
      for (const h of [api, w2, w3]) h.kill('SIGTERM');
      for (const h of [api, w2, w3]) expect(await h.waitForExit()).toEqual({ code: 0, signal: null });
    } finally {
      await frc.close();
      await fdb.drop();
    }
  }, 120_000);
});
