import { encodeTime } from 'ulidx';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import { appWithEndpoint, killAll, query, startHeraldProcess } from './helpers/process.ts';
import { type Receiver, startReceiver } from './helpers/receiver.ts';

// kill -9 of the worker in the middle of a recover job. The job commits its re-sends a page at a time
// with its progress; the restarted worker resumes after the last committed page, so no delivery is
// queued twice and none is left out. (A send that was on the wire at the kill may reach the receiver
// twice with the same webhook-id: that is the at-least-once of deliveries, not of the job.)

let db: TestDatabase | undefined;
let rc: Receiver | undefined;
afterAll(async () => {
  await killAll();
  await rc?.close();
  await db?.drop();
});

describe('platform jobs survive a crash', () => {
  it('a recover job killed mid-way resumes from its last page: every failed delivery is re-sent once', async () => {
    const N = 1500;
    db = await createTestDatabase();
    rc = await startReceiver();
    // one delivery per page, so the job runs long enough to be killed in the middle; the shortest queue
    // heartbeat (10 s, pg-boss's minimum), checked every second, brings the killed job back soonest
    const env = {
      DATABASE_URL: db.url,
      HERALD_JOB_PAGE_SIZE: '1',
      HERALD_DELIVERY_LEASE_SECONDS: '11',
      HERALD_QUEUE_HEARTBEAT_SECONDS: '10',
      HERALD_HEARTBEAT_INTERVAL_MS: '500',
      HERALD_QUEUE_MONITOR_INTERVAL_SECONDS: '1',
    };
    const api = await startHeraldProcess('api', env);
    let worker = await startHeraldProcess('worker', env);
    const { appId, endpointId } = await appWithEndpoint(api, rc.url);

    // N messages whose deliveries to the endpoint failed for good, ten minutes ago
    const prefix = `msg_${encodeTime(Date.now() - 600_000, 10)}`;
    await query(
      db.url,
      `INSERT INTO messages (id, app_id, event_type, payload, created_at)
       SELECT $1 || lpad(g::text, 16, '0'), $2, 'crash.test', json_build_object('n', g), now() - interval '10 minutes'
       FROM generate_series(1, $3::int) AS g`,
      [prefix, appId, N],
    );
    await query(
      db.url,
      `INSERT INTO deliveries (message_id, endpoint_id, app_id, status, attempts)
       SELECT id, $2, $1, 'failed', 1 FROM messages WHERE app_id = $1`,
      [appId, endpointId],
    );

    const since = new Date(Date.now() - 3600_000).toISOString();
    const started = await api.api('POST', `/v1/apps/${appId}/endpoints/${endpointId}/recover`, { since });
    expect(started.status).toBe(202);
    expect(started.body.count).toBe(N);
    const jobId = started.body.job.id;
    const job = () => api.api('GET', `/v1/jobs/${jobId}`).then((r) => r.body);

    await eventually(async () => (await job()).progress.done >= 100, 30_000, 10);
    worker.kill('SIGKILL');
    const killedAt = Date.now();
    await worker.waitForExit();
    const atKill = await job();
    expect(atKill.status).toBe('running');
    expect(atKill.progress.done).toBeGreaterThan(0);
    expect(atKill.progress.done).toBeLessThan(N);

    worker = await startHeraldProcess('worker', env);
    // the job is handed out again once its heartbeat is 10 s old (pg-boss refreshes it every 5 s)
    const resumed = await eventually(
      async () => (await job()).progress.done > atKill.progress.done,
      30_000,
      50,
    );
    expect(resumed).toBe(true);
    const resumeMs = Date.now() - killedAt;
    console.log(`[timing] kill -9 to the recover job resuming: ${resumeMs} ms`);
    // stale after at most 10 s, failed within the next monitor pass (1 s), retried after 2 s, and slack
    expect(resumeMs).toBeLessThan(10_000 + 1_000 + 2_000 + 2_000);
    const done = await eventually(async () => {
      const j = await job();
      return j.status === 'completed' && j;
    }, 60_000);
    expect(done.progress).toEqual({ done: N, total: N });
    expect(done.result).toEqual({ resent: N });

    // the job queued exactly one re-send per delivery: one manual attempt each, none missing
    await eventually(
      async () =>
        (await query(db!.url, `SELECT count(*)::int AS n FROM attempts WHERE trigger = 'manual'`))[0]!.n ===
        N,
      60_000,
    );
    const perDelivery = await query(
      db.url,
      `SELECT count(*)::int AS n FROM attempts WHERE trigger = 'manual' GROUP BY message_id HAVING count(*) <> 1`,
    );
    expect(perDelivery).toEqual([]);
    const succeeded = await query(
      db.url,
      `SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'`,
    );
    expect(succeeded[0]!.n).toBe(N);

    // and the receiver has every message
    const ids = new Set(rc.requests.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(N);
    const repeats = rc.requests.length - ids.size;
    console.log(
      `[recover crash] killed at ${atKill.progress.done}/${N}; repeats at the receiver: ${repeats}`,
    );
    // only sends that were on the wire at the kill can repeat
    expect(repeats).toBeLessThanOrEqual(20);
  }, 120_000);
});
