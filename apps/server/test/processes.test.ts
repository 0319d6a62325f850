import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import {
  appWithEndpoint,
  killAll,
  publishVia,
  query,
  spawnHerald,
  startHeraldProcess,
} from './helpers/process.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// Real `node apps/server/src/main.ts <role>` processes against databases of their own.

const databases: TestDatabase[] = [];
const receivers: Receiver[] = [];
async function freshDatabase() {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}
async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

afterAll(async () => {
  await killAll();
  for (const r of receivers) await r.close();
  for (const db of databases) await db.drop();
});

const migrationCount = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).length;

async function schemaOf(url: string) {
  const [row] = await query(
    url,
    `SELECT (SELECT count(*)::int FROM herald_migrations) AS migrations,
            (SELECT count(DISTINCT name)::int FROM herald_migrations) AS distinct_migrations,
            (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tablename = 'deliveries') AS deliveries,
            (SELECT count(*)::int FROM pgboss.queue WHERE name IN ('deliver', 'fan-out')) AS queues`,
  );
  return row;
}

describe('herald migrate', () => {
  it('migrates a fresh database and exits 0; a second run finds nothing to do', async () => {
    const db = await freshDatabase();
    const m = spawnHerald('migrate', { DATABASE_URL: db.url });
    expect(await m.waitForExit(30_000)).toEqual({ code: 0, signal: null });
    expect(m.stdout()).toContain(
      `herald migrate: ${migrationCount} migration(s) applied, queue schema ready`,
    );
    expect(await schemaOf(db.url)).toEqual({
      migrations: migrationCount,
      distinct_migrations: migrationCount,
      deliveries: 1,
      queues: 2,
    });

    const again = spawnHerald('migrate', { DATABASE_URL: db.url });
    expect(await again.waitForExit(30_000)).toEqual({ code: 0, signal: null });
    expect(again.stdout()).toContain('herald migrate: 0 migration(s) applied');
  }, 60_000);

  it('two migrate processes started at the same moment both exit 0 and apply the schema once', async () => {
    const db = await freshDatabase();
    const a = spawnHerald('migrate', { DATABASE_URL: db.url });
    const b = spawnHerald('migrate', { DATABASE_URL: db.url });
    const [ea, eb] = await Promise.all([a.waitForExit(30_000), b.waitForExit(30_000)]);
    expect({ a: ea, b: eb, output: a.output() + b.output() }).toEqual({
      a: { code: 0, signal: null },
      b: { code: 0, signal: null },
      output: expect.any(String),
    });
    // the advisory lock serialises them: one applies everything, the other finds nothing to do
    const applied = [a, b].map((p) => Number(p.stdout().match(/(\d+) migration\(s\) applied/)?.[1]));
    expect(applied.sort()).toEqual([0, migrationCount].sort());
    expect(await schemaOf(db.url)).toEqual({
      migrations: migrationCount,
      distinct_migrations: migrationCount,
      deliveries: 1,
      queues: 2,
    });
  }, 60_000);
});

describe('api and worker as separate processes', () => {
  it('the api process accepts, the worker process delivers, attempts show through the api', async () => {
    const db = await freshDatabase();
    // started together on a fresh database: both migrate at boot, under the advisory lock
    const [api, worker] = await Promise.all([
      startHeraldProcess('api', { DATABASE_URL: db.url }),
      startHeraldProcess('worker', { DATABASE_URL: db.url }),
    ]);
    expect(api.stdout()).toMatch(/\(api\) ready in/);
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(worker.stdout()).toMatch(/\(worker\) ready in/);
    expect(worker.url).toBeNull();

    const rc = await receiver();
    const { appId, endpointId, secret } = await appWithEndpoint(api, rc.url);
    const msg = await publishVia(api, appId, { eventType: 'invoice.paid', payload: { amount: 42 } });

    const [r] = await rc.waitFor(1);
    expect(verifyWithStandardWebhooks(secret, r!)).toEqual({
      type: 'invoice.paid',
      timestamp: msg.timestamp,
      data: { amount: 42 },
    });
    expect(r!.headers['webhook-id']).toBe(msg.id);

    const attempts = await eventually(async () => {
      const res = await api.api('GET', `/v1/apps/${appId}/messages/${msg.id}/attempts`);
      return res.body.data.length === 1 && res.body.data;
    });
    expect(attempts[0]).toMatchObject({
      endpointId,
      attempt: 1,
      status: 'succeeded',
      responseStatusCode: 200,
    });
    const deliveries = await api.api('GET', `/v1/apps/${appId}/messages/${msg.id}/deliveries`);
    expect(deliveries.body.data).toMatchObject([{ endpointId, status: 'succeeded', attempts: 1 }]);

    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await api.waitForExit()).toEqual({ code: 0, signal: null });
    expect(await worker.waitForExit()).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('with only the api running messages stay pending; a worker started later delivers them all', async () => {
    const db = await freshDatabase();
    const api = await startHeraldProcess('api', { DATABASE_URL: db.url });
    const rc = await receiver();
    const { appId, endpointId, secret } = await appWithEndpoint(api, rc.url);
    const msgs: Array<{ id: string }> = [];
    for (let i = 0; i < 5; i++) {
      msgs.push(await publishVia(api, appId, { eventType: 'user.created', payload: { i } }));
    }

    // a worker would have taken them within a few poll intervals (100 ms)
    await new Promise((r) => setTimeout(r, 1000));
    expect(rc.requests).toHaveLength(0);
    for (const m of msgs) {
      const d = await api.api('GET', `/v1/apps/${appId}/messages/${m.id}/deliveries`);
      expect(d.body.data).toMatchObject([{ endpointId, status: 'pending', attempts: 0 }]);
    }

    const worker = await startHeraldProcess('worker', { DATABASE_URL: db.url });
    const received = await rc.waitFor(msgs.length);
    for (const r of received) verifyWithStandardWebhooks(secret, r);
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set(msgs.map((m) => m.id)));

    await eventually(async () => {
      for (const m of msgs) {
        const d = await api.api('GET', `/v1/apps/${appId}/messages/${m.id}/deliveries`);
        if (d.body.data[0]?.status !== 'succeeded') return false;
      }
      return true;
    });
    await new Promise((r) => setTimeout(r, 300)); // nothing is sent twice
    expect(rc.requests).toHaveLength(msgs.length);

    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await api.waitForExit()).toEqual({ code: 0, signal: null });
    expect(await worker.waitForExit()).toEqual({ code: 0, signal: null });
  }, 60_000);
});

describe('configuration errors', () => {
  it.each([
    ['PORT', 'abc'],
    ['HERALD_RETRY_SCHEDULE', 'x'],
    ['HERALD_HTTP_TIMEOUT_MS', '5'],
    ['HERALD_LOG_LEVEL', 'loud'],
  ])('%s=%s stops start-up with a message naming the variable', async (name, value) => {
    // no database needed: configuration is checked before anything connects
    const p = spawnHerald('start', { DATABASE_URL: 'postgres://127.0.0.1:1/none', [name]: value });
    const exit = await p.waitForExit(15_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(p.stderr()).toContain('Invalid configuration');
    expect(p.stderr()).toContain(`${name}:`);
    expect(p.stdout()).not.toContain('ready in');
  });

  it('an unknown command exits 2 with the usage', async () => {
    const p = spawnHerald('serve' as 'start');
    expect(await p.waitForExit(15_000)).toEqual({ code: 2, signal: null });
    expect(p.stderr()).toContain('usage: herald <start|api|worker|migrate>');
  });
});
