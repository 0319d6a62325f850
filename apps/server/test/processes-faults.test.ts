import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/embedded-postgres/index.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import { type HeraldProcess, killAll, query, startHeraldProcess } from './helpers/process.ts';
import { type Answer, byStatus, startPublishers } from './helpers/publishers.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// The database going away under load, with real processes: PostgreSQL stopped and started again on
// the same port, and Herald's connections terminated one by one. No process may exit, a publish is
// answered 202 or 503 with Retry-After (never 500), and every message answered 202 is delivered.

const PUBLISHERS = 8;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await killAll();
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** A PostgreSQL server of this test's own, which it can stop and start again on the same port. */
async function ownPostgres() {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-faults-pg-'));
  // as root PostgreSQL runs as `postgres`, which must get through to <dataDir>/pg
  await chmod(dataDir, 0o711);
  const port = await freePort();
  let db: EmbeddedPostgres | null = await startEmbeddedPostgres({ dataDir, port });
  cleanups.push(async () => {
    await db?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const url = db.url;
  return {
    url,
    async stop() {
      await db?.stop();
      db = null;
    },
    async start() {
      db = await startEmbeddedPostgres({ dataDir, port });
      expect(db.url).toBe(url);
    },
  };
}

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  cleanups.push(() => r.close());
  return r;
}

/** An application with one endpoint per receiver; returns its id and the endpoints' secrets. */
async function setUp(api: HeraldProcess, receivers: Receiver[]) {
  const a = await api.api('POST', '/v1/apps', { name: 'faults' });
  expect(a.status).toBe(201);
  const endpoints: Array<{ id: string; secret: string; rc: Receiver }> = [];
  for (const rc of receivers) {
    const ep = await api.api('POST', `/v1/apps/${a.body.id}/endpoints`, { url: rc.url });
    const secret = await api.api('GET', `/v1/apps/${a.body.id}/endpoints/${ep.body.id}/secret`);
    expect([ep.status, secret.status]).toEqual([201, 200]);
    endpoints.push({ id: ep.body.id, secret: secret.body.key, rc });
  }
  return { appId: a.body.id as string, endpoints };
}

/** Every answer is a 2xx, or a 503 problem document with Retry-After. */
function expectOnlyAcceptedOrUnavailable(answers: Answer[]) {
  const bad = answers.filter(
    (a) =>
      !(a.status === 202) &&
      !(a.status === 503 && a.retryAfter !== null && a.contentType?.startsWith('application/problem+json')),
  );
  expect(bad.slice(0, 5), `${bad.length} answers neither 202 nor 503 + Retry-After`).toEqual([]);
}

/** Waits (bounded) until every message answered 202 has reached the receiver, each one signed right. */
async function expectAllDelivered(answers: Answer[], rc: Receiver, secret: string, timeoutMs = 60_000) {
  const accepted = new Set(answers.flatMap((a) => (a.id ? [a.id] : [])));
  const t0 = Date.now();
  const seen = new Set<string>();
  let checked = 0;
  const missing = () => [...accepted].filter((id) => !seen.has(id));
  while (Date.now() - t0 < timeoutMs) {
    for (; checked < rc.requests.length; checked++) {
      const r = rc.requests[checked]!;
      verifyWithStandardWebhooks(secret, r);
      seen.add(String(r.headers['webhook-id']));
    }
    if (missing().length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const left = missing();
  console.log(
    `[faults] delivered ${accepted.size - left.length}/${accepted.size} accepted messages in ${Date.now() - t0} ms after publishing stopped (${rc.requests.length} requests, ${rc.requests.length - seen.size} repeats)`,
  );
  expect(left.slice(0, 5), `${left.length} of ${accepted.size} accepted messages never delivered`).toEqual(
    [],
  );
}

/**
 * Publishes through `api` while PostgreSQL is stopped for 3 s and started again; checks and prints the
 * figures. Returns the application and its endpoint.
 */
async function outage(label: string, pg: Awaited<ReturnType<typeof ownPostgres>>, procs: HeraldProcess[]) {
  const api = procs[0]!;
  const { appId, endpoints } = await setUp(api, [await receiver()]);
  const publishers = startPublishers(api.url!, appId, PUBLISHERS);
  await new Promise((r) => setTimeout(r, 2000));

  const stoppedAt = Date.now();
  await pg.stop();
  const downAt = Date.now();
  await new Promise((r) => setTimeout(r, 3000));
  await pg.start();
  // startEmbeddedPostgres resolves once the server accepts connections (and its database is there)
  const upAt = Date.now();
  await new Promise((r) => setTimeout(r, 2000));
  const answers = await publishers.stop();

  const during = answers.filter((a) => a.at >= stoppedAt && a.sentAt <= upAt);
  const firstSuccess = answers.find((a) => a.status === 202 && a.at >= upAt && a.sentAt >= downAt);
  const recoveryMs = firstSuccess ? firstSuccess.at - upAt : null;
  console.log(
    `[faults] ${label}: answers during the outage ${JSON.stringify(byStatus(during))}; all answers ${JSON.stringify(byStatus(answers))}; first 202 ${recoveryMs} ms after PostgreSQL accepted connections again (stop took ${downAt - stoppedAt} ms)`,
  );
  for (const p of procs) expect(p.exited(), p.output().slice(-3000)).toBeNull();
  expectOnlyAcceptedOrUnavailable(answers);
  expect(during.some((a) => a.status === 503)).toBe(true);
  expect(recoveryMs).not.toBeNull();
  expect(recoveryMs!).toBeLessThan(2000);
  const ready = await api.api('GET', '/ready', undefined, null);
  expect(ready.status).toBe(200);

  await expectAllDelivered(answers, endpoints[0]!.rc, endpoints[0]!.secret);
  for (const p of procs) expect(p.exited(), p.output().slice(-3000)).toBeNull();
  return { appId, endpointId: endpoints[0]!.id };
}

describe('the database going away', () => {
  it('herald start: PostgreSQL stopped for 3 s under load, then back', async () => {
    const pg = await ownPostgres();
    const herald = await startHeraldProcess('start', { DATABASE_URL: pg.url });
    await outage('start', pg, [herald]);
    herald.kill('SIGTERM');
    expect(await herald.waitForExit()).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('herald api + herald worker: PostgreSQL stopped for 3 s under load, then back; /ready, fan-out and platform jobs follow it', async () => {
    const pg = await ownPostgres();
    const env = { DATABASE_URL: pg.url, HERALD_FANOUT_INLINE_LIMIT: '1' };
    const api = await startHeraldProcess('api', env);
    const worker = await startHeraldProcess('worker', env);

    // /ready says 503 while the database is away, and 200 again once it is back
    expect((await api.api('GET', '/ready', undefined, null)).status).toBe(200);
    await pg.stop();
    const down = await api.api('GET', '/ready', undefined, null);
    expect(down.status).toBe(503);
    expect(down.body.checks.database).toBe('failing: database unreachable');
    await pg.start();
    expect((await api.api('GET', '/ready', undefined, null)).status).toBe(200);

    const { appId, endpointId } = await outage('api + worker', pg, [api, worker]);

    // pg-boss's own workers run after the outage: fan-out (two endpoints are over the inline limit of one) ...
    const fanned = await setUp(api, [await receiver(), await receiver()]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.api('POST', `/v1/apps/${fanned.appId}/messages`, {
        eventType: 'fan.out',
        payload: { i },
      });
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    for (const ep of fanned.endpoints) {
      const got = await ep.rc.waitFor(3, 20_000);
      expect(got.map((r) => r.headers['webhook-id']).sort()).toEqual([...ids].sort());
      for (const r of got) verifyWithStandardWebhooks(ep.secret, r);
    }
    // ... and platform jobs
    const recover = await api.api('POST', `/v1/apps/${appId}/endpoints/${endpointId}/recover`, {
      since: new Date(Date.now() - 3600_000).toISOString(),
    });
    expect(recover.status).toBe(202);
    const job = await eventually(async () => {
      const j = await api.api('GET', `/v1/jobs/${recover.body.job.id}`);
      return j.body.status === 'completed' && j.body;
    }, 20_000);
    expect(job.status).toBe('completed');

    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await api.waitForExit()).toEqual({ code: 0, signal: null });
    expect(await worker.waitForExit()).toEqual({ code: 0, signal: null });
  }, 150_000);

  it("pg_terminate_backend on each of Herald's connections in turn, while publishing and delivering", async () => {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());
    const env = { DATABASE_URL: db.url };
    const api = await startHeraldProcess('api', env);
    const worker = await startHeraldProcess('worker', env);
    const { appId, endpoints } = await setUp(api, [await receiver()]);
    // a long poll of the events feed opens the API's LISTEN connection for it, terminated below too
    const feedApp = (await api.api('POST', '/v1/apps', { name: 'feed' })).body.id as string;
    const empty = await api.api('GET', `/v1/apps/${feedApp}/events?wait=1`);
    expect(empty.status).toBe(200);
    const publishers = startPublishers(api.url!, appId, PUBLISHERS);
    await new Promise((r) => setTimeout(r, 1000));

    // every connection of every Herald process (pools, pg-boss, LISTEN), found from a client of our own
    const heraldConnections = () =>
      query<{ pid: number; application_name: string }>(
        db.url,
        `SELECT pid, application_name FROM pg_stat_activity
          WHERE datname = current_database() AND application_name LIKE 'herald%'
            AND application_name <> 'herald-tests' AND pid <> pg_backend_pid()
          ORDER BY application_name, pid`,
      );
    const terminated: Record<string, number> = {};
    const t0 = Date.now();
    // two rounds: the second one reaches the connections opened to replace the first round's
    for (let round = 0; round < 2; round++) {
      for (const c of await heraldConnections()) {
        const [row] = await query<{ ok: boolean }>(db.url, 'SELECT pg_terminate_backend($1) AS ok', [c.pid]);
        if (row?.ok) terminated[c.application_name] = (terminated[c.application_name] ?? 0) + 1;
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    const endedAt = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    const answers = await publishers.stop();

    const during = answers.filter((a) => a.at >= t0 && a.sentAt <= endedAt);
    const lastFailure = answers.findLast((a) => a.status !== 202);
    console.log(
      `[faults] pg_terminate_backend: terminated ${JSON.stringify(terminated)} in ${endedAt - t0} ms; answers meanwhile ${JSON.stringify(byStatus(during))}; all answers ${JSON.stringify(byStatus(answers))}; last non-202 ${lastFailure ? `${lastFailure.at - t0} ms after the first termination` : 'none'}`,
    );
    expect(Object.keys(terminated)).toEqual(
      expect.arrayContaining([
        'herald-api',
        'herald-queue',
        'herald-worker',
        'herald-listen-herald_deliver',
        'herald-listen-herald_feed',
      ]),
    );
    // the feed's LISTEN connection is back: a publish wakes a waiting long poll at once, not at its 5 s re-read
    const polling = api.api('GET', `/v1/apps/${feedApp}/events?wait=20&iterator=${empty.body.iterator}`);
    await new Promise((r) => setTimeout(r, 300));
    const publishedAt = Date.now();
    expect(
      (await api.api('POST', `/v1/apps/${feedApp}/messages`, { eventType: 'feed.test', payload: {} })).status,
    ).toBe(202);
    const woken = await polling;
    const wakeMs = Date.now() - publishedAt;
    console.log(
      `[faults] long poll of the feed woken ${wakeMs} ms after a publish, once its listener was back`,
    );
    expect(woken.body.data).toHaveLength(1);
    expect(wakeMs).toBeLessThan(2000);
    for (const p of [api, worker]) expect(p.exited(), p.output().slice(-3000)).toBeNull();
    expectOnlyAcceptedOrUnavailable(answers);
    await expectAllDelivered(answers, endpoints[0]!.rc, endpoints[0]!.secret);
    for (const p of [api, worker]) expect(p.exited(), p.output().slice(-3000)).toBeNull();

    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await api.waitForExit()).toEqual({ code: 0, signal: null });
    expect(await worker.waitForExit()).toEqual({ code: 0, signal: null });
  }, 120_000);
});
