import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import { appWithEndpoint, killAll, publishVia, startHeraldProcess } from './helpers/process.ts';
import { type Receiver, startReceiver } from './helpers/receiver.ts';

// The service registry across real processes: one api and two workers heart-beat into PostgreSQL;
// GET /v1/cluster lists them with their deliveries in flight; a worker killed with kill -9 shows as
// gone once its heartbeats stop, one stopped with SIGTERM at once (with stoppedAt).

let db: TestDatabase | undefined;
let rc: Receiver | undefined;
afterAll(async () => {
  await killAll();
  await rc?.close();
  await db?.drop();
});

interface Row {
  id: string;
  role: string;
  pid: number;
  host: string;
  version: string;
  status: string;
  inFlight: number;
  startedAt: string;
  lastSeenAt: string;
  stoppedAt: string | null;
}

describe('GET /v1/cluster', () => {
  it('lists the api and both workers; a killed worker goes gone, the other stays up', async () => {
    db = await createTestDatabase();
    // slow answers: deliveries stay in flight long enough to be counted by a heartbeat
    rc = await startReceiver(() => ({ delayMs: 1500 }));
    const env = {
      DATABASE_URL: db.url,
      HERALD_INSTANCE_HEARTBEAT_MS: '200',
      HERALD_INSTANCE_GONE_AFTER_MS: '1500',
    };
    const api = await startHeraldProcess('api', env);
    const [w1, w2] = await Promise.all([
      startHeraldProcess('worker', env),
      startHeraldProcess('worker', env),
    ]);
    const list = async () => (await api.api<{ data: Row[] }>('GET', '/v1/cluster')).body.data;

    const rows = await list();
    expect(rows.map((r) => r.role).sort()).toEqual(['api', 'worker', 'worker']);
    expect(rows.map((r) => r.pid).sort()).toEqual([api.pid, w1.pid, w2.pid].sort());
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'up', stoppedAt: null, id: expect.stringMatching(/^inst_/) });
      expect(r.host.length).toBeGreaterThan(0);
      expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(Date.parse(r.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
    }
    // heart-beating: lastSeenAt moves
    const seen = new Map(rows.map((r) => [r.id, r.lastSeenAt]));
    await eventually(async () => (await list()).every((r) => r.lastSeenAt !== seen.get(r.id)), 5000);

    // deliveries in flight show on the workers' rows
    const { appId } = await appWithEndpoint(api, rc.url);
    for (let i = 0; i < 6; i++) await publishVia(api, appId, { eventType: 'a.b', payload: { i } });
    const busy = await eventually(async () => {
      const r = await list();
      const n = r.filter((x) => x.role === 'worker').reduce((sum, x) => sum + x.inFlight, 0);
      return n > 0 ? r : null;
    }, 8000);
    expect(busy.find((r) => r.role === 'api')!.inFlight).toBe(0);

    const byPid = (r: Row[], pid: number) => r.find((x) => x.pid === pid)!;
    w1.kill('SIGKILL');
    const killedAt = Date.now();
    const afterKill = await eventually(async () => {
      const r = await list();
      return byPid(r, w1.pid).status === 'gone' ? r : null;
    }, 8000);
    // gone through silence, not a stop: no stoppedAt; noticed within the window (+ a heartbeat)
    expect(byPid(afterKill, w1.pid).stoppedAt).toBeNull();
    expect(Date.now() - killedAt).toBeLessThan(6000);
    expect(byPid(afterKill, w2.pid).status).toBe('up');
    expect(byPid(afterKill, api.pid).status).toBe('up');

    w2.kill('SIGTERM');
    expect((await w2.waitForExit(15_000)).code).toBe(0);
    const afterStop = await list();
    expect(byPid(afterStop, w2.pid)).toMatchObject({
      status: 'gone',
      inFlight: 0,
      stoppedAt: expect.any(String),
    });
    // running first
    expect(afterStop[0]!.pid).toBe(api.pid);
  });
});
