import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { type PgBouncer, startPgBouncer } from './helpers/pgbouncer.ts';
import {
  appWithEndpoint,
  killAll,
  publishVia,
  query,
  spawnHerald,
  startHeraldProcess,
} from './helpers/process.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// Herald behind PgBouncer in transaction-pooling mode (Debian's pgbouncer): DATABASE_URL goes through it,
// HERALD_DIRECT_DATABASE_URL straight to PostgreSQL for what needs a session (LISTEN, session advisory
// locks, migrations). api and worker run as separate processes.

const binary = process.env.PGBOUNCER ?? '/usr/sbin/pgbouncer';
if (!existsSync(binary) && process.env.CI === 'true') {
  throw new Error(`pgbouncer not found at ${binary}: apt-get install pgbouncer (or set PGBOUNCER)`);
}

let db: TestDatabase;
let bouncer: PgBouncer;
let receiver: Receiver;

beforeAll(async () => {
  if (!existsSync(binary)) return;
  db = await createTestDatabase();
  // a small server pool: many client connections share few server connections
  bouncer = await startPgBouncer(db.url, { poolSize: 4 });
  receiver = await startReceiver();
});

afterAll(async () => {
  await killAll();
  await receiver?.close();
  await bouncer?.stop();
  await db?.drop();
});

describe.skipIf(!existsSync(binary))('behind PgBouncer (transaction pooling)', () => {
  it('migrates, publishes and delivers through it; wake-ups and publish-and-wait over the direct URL', async () => {
    const env = { DATABASE_URL: bouncer.url, HERALD_DIRECT_DATABASE_URL: db.url };
    const migrate = spawnHerald('migrate', env);
    expect(await migrate.waitForExit(60_000), migrate.output()).toEqual({ code: 0, signal: null });

    const before = await bouncer.admin<{ database: string; total_xact_count: string }>('SHOW STATS');
    const xacts = () =>
      before.find((r) => r.database === new URL(db.url).pathname.slice(1))?.total_xact_count ?? '0';
    const xactsBefore = Number(xacts());

    const api = await startHeraldProcess('api', env);
    // polling once a minute: a delivery within seconds means the NOTIFY (sent through PgBouncer after the
    // publish commits) reached the worker's LISTEN on the direct connection
    const worker = await startHeraldProcess('worker', { ...env, HERALD_WORKER_POLL_INTERVAL_MS: '60000' });
    expect(worker.url).toBeNull();

    const { appId, secret } = await appWithEndpoint(api, receiver.url);
    const t0 = Date.now();
    const msgs = [];
    for (let i = 0; i < 20; i++)
      msgs.push(await publishVia(api, appId, { eventType: 'bounced', payload: { i } }));
    const got = await receiver.waitFor(20, 15_000);
    console.log(`[timing] 20 publishes -> 20 deliveries through PgBouncer in ${Date.now() - t0} ms`);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set(msgs.map((m) => m.id)));
    for (const r of got) verifyWithStandardWebhooks(secret, r);

    // publish-and-wait: the api's LISTEN for first attempts is on the direct URL too
    const waited = await api.api('POST', `/v1/apps/${appId}/messages?wait=10`, {
      eventType: 'bounced',
      payload: { i: 20 },
    });
    expect(waited.status, JSON.stringify(waited.body)).toBe(200);
    expect(waited.body.deliveries).toMatchObject([{ status: 'succeeded', responseStatusCode: 200 }]);

    // the traffic went through PgBouncer, in transaction pooling
    const after = await bouncer.admin<{ database: string; total_xact_count: string }>('SHOW STATS');
    const name = new URL(db.url).pathname.slice(1);
    const xactsAfter = Number(after.find((r) => r.database === name)?.total_xact_count ?? '0');
    expect(xactsAfter - xactsBefore).toBeGreaterThan(50);
    const [mode] = await bouncer
      .admin<{ pool_mode: string; database: string }>('SHOW POOLS')
      .then((rows) => rows.filter((r) => r.database === name));
    expect(mode?.pool_mode).toBe('transaction');
    // and the sessions that need one are direct: LISTENing backends that are not PgBouncer's
    const listening = await query<{ application_name: string }>(
      db.url,
      `SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' ORDER BY 1`,
    );
    expect(listening.map((r) => r.application_name)).toEqual(
      expect.arrayContaining(['herald-listen-herald_deliver', 'herald-listen-herald_first_attempts']),
    );

    const clients = await bouncer.admin<{ application_name?: string; database: string }>('SHOW CLIENTS');
    const names = clients.filter((c) => c.database === name).map((c) => c.application_name);
    expect(names).toEqual(expect.arrayContaining(['herald-api', 'herald-worker']));
    expect(names.filter((n) => n?.startsWith('herald-listen'))).toEqual([]);

    for (const h of [api, worker]) {
      h.kill('SIGTERM');
      expect(await h.waitForExit(15_000), h.output()).toEqual({ code: 0, signal: null });
    }
    expect(api.output() + worker.output()).not.toMatch(
      /prepared statement|unsupported startup parameter|"level":50/,
    );
  }, 120_000);
});
