import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, brokerMissing, startBrokers } from './helpers/brokers.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually } from './helpers/herald.ts';
import { type HeraldProcess, killAll, publishVia, query, startHeraldProcess } from './helpers/process.ts';

// Broker destinations' connection state across real processes: the worker that holds the connections
// reports them to PostgreSQL, and a separate `herald api` process (no broker connection of its own)
// shows them in /ready and /metrics: ok while the broker is up, degraded (still 200) while it is down,
// ok again once it is back. A worker killed with kill -9 stops counting once its heartbeat is old; one
// stopped with SIGTERM takes its rows with it, and the publish totals never go down.

const KINDS = ['redis', 'nats'] as const;
type Kind = (typeof KINDS)[number];
const missing = Object.fromEntries(
  await Promise.all(KINDS.map(async (k) => [k, await brokerMissing(k)] as const)),
) as Record<Kind, string | undefined>;
const present = KINDS.filter((k) => !missing[k]);

const HEARTBEAT_MS = 200;
const GONE_AFTER_MS = 1500;

let db: TestDatabase;
let brokers: Partial<Record<Kind, Broker>> = {};
let api: HeraldProcess;
let worker: HeraldProcess;
const closers: Array<() => Promise<void>> = [];

const env = () => ({
  DATABASE_URL: db.url,
  HERALD_INSTANCE_HEARTBEAT_MS: String(HEARTBEAT_MS),
  HERALD_INSTANCE_GONE_AFTER_MS: String(GONE_AFTER_MS),
  HERALD_HTTP_TIMEOUT_MS: '3000',
  HERALD_RETRY_JITTER: '0',
});

beforeAll(async () => {
  db = await createTestDatabase();
  brokers = await startBrokers(present);
  [api, worker] = await Promise.all([startHeraldProcess('api', env()), startHeraldProcess('worker', env())]);
}, 120_000);

afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
  await killAll();
  await Promise.all(Object.values(brokers).map((b) => b.close()));
  await db?.drop();
}, 60_000);

/** The destination of each broker, and how many messages arrived on it. */
async function rig(kind: Kind, b: Broker) {
  if (kind === 'redis') {
    const r = new Redis(b.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    r.on('error', () => {});
    closers.push(async () => r.disconnect());
    return {
      destination: { type: 'redis', url: b.url, stream: 'herald:orders' },
      arrived: async () => (await r.xrange('herald:orders', '-', '+')).length,
    };
  }
  const nc = await natsConnect({ servers: b.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  closers.push(() => nc.close());
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'HERALD', subjects: ['herald.>'] });
  return {
    destination: { type: 'nats', url: b.url, subject: 'herald.orders' },
    arrived: async () => (await jsm.streams.info('HERALD')).state.messages,
  };
}

const ready = () => api.api('GET', '/ready', undefined, null);
const metrics = async () => (await api.api<string>('GET', '/metrics', undefined, null)).body;
/** A sample's value in the api's /metrics (undefined when there is no such sample). */
const sample = (text: string, series: string) => {
  const escaped = series.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const v = text.match(new RegExp(`^${escaped} (\\S+)$`, 'm'))?.[1];
  return v === undefined ? undefined : Number(v);
};
const connected = (type: string) =>
  `herald_broker_connections{type="${type}",role="destination",state="connected"}`;

/** The endpoint's attempts, as the database has them: what the workers' counters must add up to. */
const attempts = async (endpointId: string) =>
  (
    await query<{ all: number; ok: number }>(
      db.url,
      `SELECT count(*)::int AS all, count(*) FILTER (WHERE status = 'succeeded')::int AS ok
       FROM attempts WHERE endpoint_id = $1`,
      [endpointId],
    )
  )[0]!;

describe.each(present)('%s destination, herald api + herald worker', (kind) => {
  it("the api shows the worker's connection: ok, degraded (200) while the broker is down, ok again", async () => {
    const broker = brokers[kind]!;
    const r = await rig(kind, broker);
    // a retry every second for a while: the outage below waits on them
    const a = await api.api('POST', '/v1/apps', { name: kind, retrySchedule: Array(30).fill(1) });
    expect(a.status).toBe(201);
    const ep = await api.api('POST', `/v1/apps/${a.body.id}/endpoints`, { destination: r.destination });
    expect(ep.status, JSON.stringify(ep.body)).toBe(201);

    await publishVia(api, a.body.id, { eventType: 'order.paid', payload: { n: 1 } });
    await eventually(async () => (await r.arrived()) >= 1, 20_000, 100);

    // the api process holds no broker connection: what it shows is the worker's report
    const ok = await eventually(async () => {
      const res = await ready();
      return res.body.checks?.brokers === 'ok' ? res : null;
    }, 10_000);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('ready');
    const m = await eventually(async () => {
      const text = await metrics();
      return (sample(text, `herald_broker_confirmed_total{type="${kind}"}`) ?? 0) >= 1 ? text : null;
    }, 10_000);
    expect(sample(m, connected(kind))).toBe(1);
    expect(sample(m, `herald_broker_published_total{type="${kind}"}`)).toBeGreaterThanOrEqual(1);

    // the broker goes away: degraded, not failing, within a few heartbeats of the worker noticing
    await broker.stop();
    const stoppedAt = Date.now();
    const degraded = await eventually(async () => {
      const res = await ready();
      return String(res.body.checks?.brokers).startsWith('degraded') ? res : null;
    }, 15_000);
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.checks.database).toBe('ok');
    // (the other broker's connection of this file, when it ran first, is still up)
    expect(degraded.body.checks.brokers).toMatch(
      new RegExp(`^degraded: 1 of [12] broker connections not connected \\(${kind}\\)$`),
    );
    // no address on the unauthenticated route
    expect(JSON.stringify(degraded.body)).not.toContain(String(broker.port));
    await publishVia(api, a.body.id, { eventType: 'order.paid', payload: { n: 2 } });
    await eventually(async () => {
      const x = await attempts(ep.body.id);
      return x.all > x.ok;
    }, 15_000);

    // back: ok again (the link's backoff is at most 15 s), and the message held back gets through
    await broker.start();
    const startedAt = Date.now();
    await eventually(async () => (await ready()).body.checks?.brokers === 'ok', 30_000, 100);
    console.log(`[${kind}] /ready of the api back to ok ${Date.now() - startedAt} ms after the broker`);
    expect((await ready()).body.status).toBe('ready');
    await eventually(async () => (await r.arrived()) >= 2, 30_000, 100);

    // every attempt counted once, by the worker alone, failures included
    const counted = await eventually(async () => {
      const db = await attempts(ep.body.id);
      const text = await metrics();
      const published = sample(text, `herald_broker_published_total{type="${kind}"}`);
      const confirmed = sample(text, `herald_broker_confirmed_total{type="${kind}"}`);
      const failed = sample(text, `herald_broker_failed_total{type="${kind}"}`);
      return db.ok >= 2 && published === db.all && confirmed === db.ok && failed === db.all - db.ok
        ? { db, failed }
        : null;
    }, 15_000);
    expect(counted.failed).toBeGreaterThanOrEqual(1);
  }, 120_000);
});

describe.skipIf(present.length === 0)('workers that go away', () => {
  it('kill -9: its connections stop counting once its heartbeat is old; SIGTERM: its rows are gone, the totals stay', async () => {
    const kind = present[0]!;
    const before = await metrics();
    const confirmedBefore = sample(before, `herald_broker_confirmed_total{type="${kind}"}`)!;
    expect(confirmedBefore).toBeGreaterThanOrEqual(1);
    const total = (text: string) =>
      ['connecting', 'connected', 'down']
        .map(
          (state) =>
            sample(text, `herald_broker_connections{type="${kind}",role="destination",state="${state}"}`) ??
            0,
        )
        .reduce((x, y) => x + y, 0);
    const one = total(before);
    expect(one).toBeGreaterThanOrEqual(1);

    // a second worker connects to the same brokers ahead of traffic (warm-up at start)
    const second = await startHeraldProcess('worker', env());
    await eventually(async () => total(await metrics()) === 2 * one, 15_000, 100);
    second.kill('SIGKILL');
    await second.waitForExit();
    const killedAt = Date.now();
    await eventually(async () => total(await metrics()) === one, 10_000, 100);
    // silent for the gone window (+ a heartbeat), not longer
    expect(Date.now() - killedAt).toBeLessThan(GONE_AFTER_MS + 3000);
    expect((await ready()).body.checks.brokers).toBe('ok');

    // a graceful stop deletes the worker's rows: no broker connection is left anywhere
    worker.kill('SIGTERM');
    expect((await worker.waitForExit(20_000)).code).toBe(0);
    const live = await query(
      db.url,
      `SELECT c.instance_id FROM broker_connections c JOIN instances i ON i.id = c.instance_id
       WHERE i.pid = $1`,
      [worker.pid],
    );
    expect(live).toEqual([]);
    const after = await ready();
    expect(after.status).toBe(200);
    expect(after.body.checks.brokers).toBeUndefined();
    const m = await metrics();
    expect(total(m)).toBe(0);
    // counters of the cluster: what the stopped workers published still counts
    expect(sample(m, `herald_broker_confirmed_total{type="${kind}"}`)).toBeGreaterThanOrEqual(
      confirmedBefore,
    );
  }, 90_000);
});
