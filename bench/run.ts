// npm run bench: raw baselines (plain undici POSTs, plain PostgreSQL commits) and Herald in one run,
// on this machine, printed side by side with ratios. A benchmark, not a test: numbers vary by machine.
import pg from 'pg';
import { Agent, request } from 'undici';
import { runMigrations } from '../apps/server/src/db/migrate.ts';
import { reporter, sleep, startDatabase, startHeraldProcess, startReceiverProcess } from './harness.ts';
import { noisyNeighbour } from './noisy-neighbour.ts';

const KEY = 'bench-root-key-0123456789';
const scale = Number(process.env.BENCH_SCALE ?? 1);
const N_DELIVER = Math.round(20_000 * scale);
const N_LATENCY = Math.round(300 * scale);

const report = reporter(58);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function undiciBaseline(url: string, concurrency: number, total: number) {
  const agent = new Agent({ connections: concurrency });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const res = await request(url, { method: 'POST', body: '{"type":"x","data":{}}', dispatcher: agent });
        await res.body.dump();
      }
    }),
  );
  const rate = total / ((performance.now() - t0) / 1000);
  await agent.close();
  return rate;
}

async function pgBaseline(url: string, clients: number, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, body text)');
  let n = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        await pool.query('INSERT INTO bench_commits (body) VALUES ($1)', ['{"type":"x"}']);
        n++;
      }
    }),
  );
  await pool.query('DROP TABLE bench_commits');
  await pool.end();
  return n / seconds;
}

async function main() {
  console.log(`Herald benchmark (scale ${scale}): ${new Date().toISOString()}\n`);
  const database = await startDatabase();
  const databaseUrl = database.url;
  const receiver = await startReceiverProcess();

  console.log('Baselines');
  const u1 = await undiciBaseline(receiver.url, 1, 3000);
  report('plain undici POST, concurrency 1 (req/s)', u1.toFixed(0));
  const u64 = await undiciBaseline(receiver.url, 64, 20_000);
  report('plain undici POST, concurrency 64 (req/s)', u64.toFixed(0));
  const p1 = await pgBaseline(databaseUrl, 1, 2);
  report('plain PostgreSQL single-row commits, 1 client (commits/s)', p1.toFixed(0));
  const p8 = await pgBaseline(databaseUrl, 8, 2);
  report('plain PostgreSQL single-row commits, 8 clients (commits/s)', p8.toFixed(0));
  await receiver.get('/reset');

  await runMigrations(databaseUrl);
  const env = { DATABASE_URL: databaseUrl, HERALD_API_KEY: KEY, HERALD_RATE_LIMIT_PER_MINUTE: '0' };
  const api = await startHeraldProcess('api', env);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(api.url + path, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json().catch(() => null)) as any;
  };
  const app = await call('POST', '/v1/apps', { name: 'bench' });
  await call('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url });

  console.log('\nHerald');
  // publish latency, one at a time (api only: nothing else competes for the CPU)
  const lat: number[] = [];
  for (let i = 0; i < N_LATENCY; i++) {
    const t = performance.now();
    await call('POST', `/v1/apps/${app.id}/messages`, { eventType: 'bench.latency', payload: { i } });
    lat.push(performance.now() - t);
  }
  report(
    'publish latency, sequential (p50 / p99 ms)',
    `${pct(lat, 50).toFixed(2)} / ${pct(lat, 99).toFixed(2)}`,
  );
  report(
    'publish rate, sequential (msg/s) vs PG 1-client commits',
    `${(1000 / (lat.reduce((a, b) => a + b, 0) / lat.length)).toFixed(0)}  (${(1000 / (lat.reduce((a, b) => a + b, 0) / lat.length) / p1).toFixed(2)}x)`,
  );

  // concurrent publish throughput
  const nConc = Math.round(2000 * scale);
  let sent = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (sent++ < nConc)
        await call('POST', `/v1/apps/${app.id}/messages`, {
          eventType: 'bench.publish',
          payload: { n: sent },
        });
    }),
  );
  const pubRate = nConc / ((performance.now() - t0) / 1000);
  report(
    'publish throughput, 16 concurrent (msg/s) vs PG 8-client commits',
    `${pubRate.toFixed(0)}  (${(pubRate / p8).toFixed(2)}x)`,
  );

  // backlog: batch-publish with no worker running, then time the worker draining it
  const backlogStart = performance.now();
  for (let i = 0; i < N_DELIVER; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, N_DELIVER - i) }, (_, j) => ({
      eventType: 'bench.drain',
      payload: { n: i + j },
    }));
    await call('POST', `/v1/apps/${app.id}/messages/batch`, { messages });
  }
  const batchRate = N_DELIVER / ((performance.now() - backlogStart) / 1000);
  report('batch publish (1000 per request) (msg/s)', batchRate.toFixed(0));
  await receiver.get('/reset');
  const expected = N_DELIVER + N_LATENCY + nConc;
  const drainStart = performance.now();
  const worker = await startHeraldProcess('worker', env);
  let got = 0;
  while (got < expected && performance.now() - drainStart < 300_000) {
    await sleep(100);
    got = (await receiver.get('/count')).count;
  }
  const drainRate = got / ((performance.now() - drainStart) / 1000);
  report(`deliveries drained from a backlog of ${expected} (deliveries/s)`, drainRate.toFixed(0));
  report('  ratio to plain undici POST at concurrency 64', `${(drainRate / u64).toFixed(2)}x`);
  // wait until every attempt is recorded, then check nothing is missing
  let recorded = 0;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  for (let i = 0; i < 100; i++) {
    recorded = (await pool.query("SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'"))
      .rows[0].n;
    if (recorded >= expected) break;
    await sleep(100);
  }
  report('deliveries recorded succeeded / published', `${recorded} / ${expected}`);

  // end-to-end latency with an idle worker: publish -> receiver has it
  const e2e: number[] = [];
  for (let i = 0; i < Math.round(200 * scale); i++) {
    const t = performance.timeOrigin + performance.now();
    const msg = await call('POST', `/v1/apps/${app.id}/messages`, { eventType: 'bench.e2e', payload: { i } });
    let at: number | null = null;
    while (at === null) {
      at = (await receiver.get(`/arrival/${msg.id}`)).at;
      if (at === null) await sleep(1);
    }
    e2e.push(at - t);
  }
  report(
    'end-to-end latency publish -> receiver (p50 / p99 ms)',
    `${pct(e2e, 50).toFixed(1)} / ${pct(e2e, 99).toFixed(1)}`,
  );

  // a slow tenant next to a healthy one, on the same api and worker processes (bench/noisy-neighbour.ts)
  await noisyNeighbour(call, report).catch((err) => {
    console.error('noisy neighbour scenario failed:', err);
    process.exitCode = 1;
  });

  await pool.end();
  await worker.stop();
  await api.stop();
  receiver.stop();
  await database.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
