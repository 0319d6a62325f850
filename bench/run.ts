// npm run bench: raw baselines (plain undici POSTs, plain PostgreSQL commits, a hand-rolled pg-boss
// pipeline) and Herald in one run, on this machine, with each result's ratio and target (issue 9).
// A benchmark, not a test: numbers vary by machine and load, ratios within one run are what count.
//   npm run bench [-- --json]        BENCH_SCALE=0.25 for a quick run (fewer messages)
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { Agent, request } from 'undici';
import { runMigrations } from '../apps/server/src/db/migrate.ts';
import {
  percentile,
  reporter,
  sleep,
  startDatabase,
  startHeraldProcess,
  startReceiverProcess,
} from './harness.ts';
import { noisyNeighbour } from './noisy-neighbour.ts';

const KEY = 'bench-root-key-0123456789';
const PIPELINE_SCHEMA = 'bench_pipeline';
const json = process.argv.includes('--json');
const scale = Number(process.env.BENCH_SCALE ?? 1);
const ENDPOINTS = 4;
const N_BURST = Math.round(2000 * scale);
const STEADY_RATE = 50;
const STEADY_SECONDS = Math.max(2, Math.round(10 * scale));
const N_BACKLOG = Math.round(20_000 * scale);
const N_RSS = 10_000;
/** ~1 KiB of payload, as in the issue's workload */
const filler = 'x'.repeat(960);

const report = reporter(62);
const log = (line: string) => {
  if (!json) console.log(line);
};
const say = (name: string, value: string) => {
  if (!json) report(name, value);
};
const pct = percentile;
const rate = (n: number, ms: number) => n / (ms / 1000);
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '-');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

async function until(ms: number, done: () => Promise<boolean>, every = 20) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (await done()) return true;
    await sleep(every);
  }
  return false;
}

// ---------------------------------------------------------------- raw baselines
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
  const r = rate(total, performance.now() - t0);
  await agent.close();
  return r;
}

async function pgBaseline(url: string, clients: number, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, body text)');
  let n = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        await pool.query('INSERT INTO bench_commits (body) VALUES ($1)', ['{"type":"x"}']);
        n++;
      }
    }),
  );
  await pool.query('DROP TABLE bench_commits');
  await pool.end();
  return n / seconds;
}

/** bench/pipeline.ts in a child process, fetching from `queue`. */
async function startPipeline(databaseUrl: string, queue: string, sign: boolean) {
  const child = fork(
    new URL('./pipeline.ts', import.meta.url),
    [databaseUrl, PIPELINE_SCHEMA, queue, sign ? '1' : '0'],
    {
      stdio: 'inherit',
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`pipeline exited (${code})`)));
  });
  return {
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiverProcess>>;

/**
 * The hand-rolled pipeline on the issue's burst: 16 publishers each "publish" by one pg-boss `send`
 * per endpoint (no transaction, no log), a fetch -> POST -> complete loop delivers. Deliveries/s from
 * the first publish until the receiver has all of them.
 */
async function handRolledWorkload(databaseUrl: string, receiver: Receiver) {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: PIPELINE_SCHEMA, max: 16 });
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue('workload', { partition: true });
  const pipeline = await startPipeline(databaseUrl, 'workload', false);
  await receiver.get('/reset');
  const total = N_BURST * ENDPOINTS;
  let sent = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (sent < N_BURST) {
        const n = sent++;
        const body = JSON.stringify({ type: 'bench.publish', data: { n, filler } });
        for (let e = 0; e < ENDPOINTS; e++)
          await boss.send('workload', { id: `m${n}`, url: `${receiver.url}/${e}`, body });
      }
    }),
  );
  const published = performance.now();
  await until(120_000, async () => (await receiver.count()) >= total);
  const r = rate(await receiver.count(), performance.now() - t0);
  await pipeline.stop();
  await boss.stop({ graceful: false });
  return { deliveriesPerSecond: r, publishesPerSecond: rate(N_BURST, published - t0) };
}

/** The throwaway fetch -> sign -> POST -> complete loop draining `total` queued jobs. */
async function throwawayDrain(databaseUrl: string, receiver: Receiver, total: number) {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: PIPELINE_SCHEMA, max: 4 });
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue('drain', { partition: true });
  const body = JSON.stringify({ type: 'bench.drain', data: { filler } });
  for (let i = 0; i < total; i += 1000) {
    const jobs = Array.from({ length: Math.min(1000, total - i) }, (_, j) => ({
      data: { id: `d${i + j}`, url: `${receiver.url}/${(i + j) % ENDPOINTS}`, body },
    }));
    await boss.insert('drain', jobs);
  }
  await boss.getDb().executeSql(`ANALYZE ${PIPELINE_SCHEMA}.job`);
  await receiver.get('/reset');
  const pipeline = await startPipeline(databaseUrl, 'drain', true);
  const t0 = performance.now();
  await until(300_000, async () => (await receiver.count()) >= total, 50);
  const r = rate(await receiver.count(), performance.now() - t0);
  await pipeline.stop();
  await boss.stop({ graceful: false });
  return r;
}

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

// ---------------------------------------------------------------- main
async function main() {
  const startedAt = new Date().toISOString();
  const machine = `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  log(`Herald benchmark (scale ${scale}): ${startedAt}\n${machine}\n`);
  const database = await startDatabase();
  const databaseUrl = database.url;
  const receiver = await startReceiverProcess();

  log('Baselines');
  const u1 = await undiciBaseline(receiver.url, 1, 3000);
  say('plain undici POST, concurrency 1 (req/s)', f0(u1));
  const u64 = await undiciBaseline(receiver.url, 64, 20_000);
  say('plain undici POST, concurrency 64 (req/s)', f0(u64));
  const p1 = await pgBaseline(databaseUrl, 1, 2);
  say('plain PostgreSQL single-row commits, 1 client (commits/s)', f0(p1));
  const p8 = await pgBaseline(databaseUrl, 8, 2);
  say('plain PostgreSQL single-row commits, 8 clients (commits/s)', f0(p8));
  const hand = await handRolledWorkload(databaseUrl, receiver);
  say('hand-rolled pg-boss pipeline, burst (deliveries/s)', f0(hand.deliveriesPerSecond));
  const throwaway = await throwawayDrain(databaseUrl, receiver, N_BACKLOG * ENDPOINTS);
  say(`throwaway fetch->sign->POST->complete, ${N_BACKLOG * ENDPOINTS} queued (deliveries/s)`, f0(throwaway));
  await receiver.get('/reset');

  await runMigrations(databaseUrl);
  const env = { DATABASE_URL: databaseUrl, HERALD_API_KEY: KEY, HERALD_RATE_LIMIT_PER_MINUTE: '0' };
  const api = await startHeraldProcess('api', env);
  let worker = await startHeraldProcess('worker', env);
  const agent = new Agent({ connections: 32 });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await request(api.url + path, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: agent,
    });
    const text = await res.body.text();
    return (text ? JSON.parse(text) : null) as any;
  };
  const app = await call('POST', '/v1/apps', { name: 'bench' });
  for (let e = 0; e < ENDPOINTS; e++)
    await call('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}/${e}` });
  const publish = (payload: Record<string, unknown>) =>
    call('POST', `/v1/apps/${app.id}/messages`, {
      eventType: 'bench.publish',
      payload: { ...payload, filler },
    });

  log('\nHerald');
  // warm-up: connections, JIT, caches
  for (let i = 0; i < 50; i++) await publish({ warm: i });
  await until(10_000, async () => (await receiver.count()) >= 50 * ENDPOINTS);

  // the issue's workload, part 1: 2,000 single publishes at concurrency 16
  await receiver.get('/reset');
  const pubLat: number[] = [];
  let sent = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (sent < N_BURST) {
        const n = sent++;
        const t = performance.now();
        await publish({ n });
        pubLat.push(performance.now() - t);
      }
    }),
  );
  const pubRate = rate(N_BURST, performance.now() - t0);
  await until(120_000, async () => (await receiver.count()) >= N_BURST * ENDPOINTS);
  const deliveryRate = rate(await receiver.count(), performance.now() - t0);
  say('single publish, concurrency 16 (msg/s)', f0(pubRate));
  say('  latency p50 / p99 (ms)', `${f1(pct(pubLat, 50))} / ${f1(pct(pubLat, 99))}`);
  say(`deliveries/s, ${N_BURST} publishes x ${ENDPOINTS} endpoints`, f0(deliveryRate));

  // part 2: a fixed 50 messages/s, each delivery timed from just before its publish request
  await receiver.get('/reset');
  await receiver.get('/arrivals');
  const sentAt = new Map<string, number>();
  const steadyN = STEADY_RATE * STEADY_SECONDS;
  const s0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < steadyN; i++) {
    const due = s0 + (i * 1000) / STEADY_RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const t = performance.timeOrigin + performance.now();
    inflight.push(
      publish({ steady: i }).then((m) => {
        if (typeof m?.id === 'string') sentAt.set(m.id, t);
      }),
    );
  }
  await Promise.all(inflight);
  await until(30_000, async () => (await receiver.count()) >= steadyN * ENDPOINTS);
  const arrivals = (await receiver.get('/arrivals')) as Array<[string, string, number]>;
  const e2e = arrivals.flatMap(([id, , at]) => {
    const t = sentAt.get(id);
    return t === undefined ? [] : [at - t];
  });
  say(
    `latency publish -> receipt at ${STEADY_RATE} msg/s, p50 / p99 (ms)`,
    `${f1(pct(e2e, 50))} / ${f1(pct(e2e, 99))}`,
  );
  say('  deliveries received / expected', `${e2e.length} / ${steadyN * ENDPOINTS}`);

  // backlog: batch-publish with the worker stopped, then start it and time the drain
  await worker.stop();
  const b0 = performance.now();
  for (let i = 0; i < N_BACKLOG; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, N_BACKLOG - i) }, (_, j) => ({
      eventType: 'bench.drain',
      payload: { n: i + j, filler },
    }));
    await call('POST', `/v1/apps/${app.id}/messages/batch`, { messages });
  }
  const batchRate = rate(N_BACKLOG, performance.now() - b0);
  say('batch publish, 1000 per request (msg/s)', f0(batchRate));
  await receiver.get('/reset');
  const backlog = N_BACKLOG * ENDPOINTS;
  worker = await startHeraldProcess('worker', env);
  const d0 = performance.now();
  await until(300_000, async () => (await receiver.count()) >= backlog, 50);
  const drainRate = rate(await receiver.count(), performance.now() - d0);
  say(`backlog drain, ${backlog} deliveries (deliveries/s)`, f0(drainRate));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let recorded = 0;
  await until(
    60_000,
    async () => {
      recorded = (
        await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM deliveries d JOIN messages m ON m.id = d.message_id
         WHERE m.event_type = 'bench.drain' AND d.status = 'succeeded'`,
        )
      ).rows[0]!.n;
      return recorded >= backlog;
    },
    200,
  );
  say('  recorded succeeded / published', `${recorded} / ${backlog}`);

  // a slow tenant next to a healthy one (bench/noisy-neighbour.ts)
  // with --json its lines go to stderr: stdout carries the JSON document only
  const stdoutLog = console.log;
  if (json) console.log = console.error;
  await noisyNeighbour(call, json ? (n, v) => console.error(`  ${n} ${v}`) : report)
    .catch((err) => {
      console.error('noisy neighbour scenario failed:', err);
      process.exitCode = 1;
    })
    .finally(() => {
      console.log = stdoutLog;
    });

  // memory: 10,000 deliveries queued to endpoints that hold each request 2 s, 200 in flight
  await worker.stop();
  // two applications: one alone may hold at most 90 % of a worker's slots (the app-share rule)
  const slowApps: string[] = [];
  for (let e = 0; e < 2; e++) {
    const slow = await call('POST', '/v1/apps', { name: `bench slow ${e}` });
    slowApps.push(slow.id);
    await call('POST', `/v1/apps/${slow.id}/endpoints`, {
      url: `${receiver.url.replace(/\/hook$/, '')}/slow/${e}`,
      maxConcurrency: 100,
    });
    for (let i = 0; i < N_RSS / 2; i += 1000) {
      const messages = Array.from({ length: 1000 }, (_, j) => ({
        eventType: 'bench.rss',
        payload: { n: i + j, filler },
      }));
      await call('POST', `/v1/apps/${slow.id}/messages/batch`, { messages });
    }
  }
  await receiver.get('/reset');
  worker = await startHeraldProcess('worker', env);
  let rssMax = 0;
  const r0 = performance.now();
  while (performance.now() - r0 < 12_000) {
    rssMax = Math.max(rssMax, await peakRss(worker.pid));
    await sleep(250);
  }
  const inFlight = (await receiver.get('/in-flight')) as { now: number; max: number };
  say(`worker peak RSS, ${N_RSS} queued (MB)`, f0(rssMax));
  say('  requests held in flight, max', String(inFlight.max));
  for (const id of slowApps) await call('DELETE', `/v1/apps/${id}`);

  await pool.end();
  await worker.stop();
  await api.stop();
  await agent.close();
  receiver.stop();
  await database.stop();

  // ---------------------------------------------------------------- the issue's table
  const rows = [
    {
      name: 'single publish, c16 (msg/s)',
      value: pubRate,
      ratio: pubRate / p8,
      vs: 'PG 8-client commits',
      target: '>= 1,100/s (2.5x issue 9 figure)',
      ok: pubRate >= 1100,
    },
    {
      name: 'single publish p99 (ms)',
      value: pct(pubLat, 99),
      ratio: pct(pubLat, 99) / pct(pubLat, 50),
      vs: 'its p50',
      target: '< 20 ms',
      ok: pct(pubLat, 99) < 20,
    },
    {
      name: 'batch publish (msg/s)',
      value: batchRate,
      ratio: batchRate / pubRate,
      vs: 'single publish',
      target: '>= 10x',
      ok: batchRate / pubRate >= 10,
    },
    {
      name: 'deliveries/s, workload',
      value: deliveryRate,
      ratio: deliveryRate / hand.deliveriesPerSecond,
      vs: 'hand-rolled pipeline',
      target: '>= 2x',
      ok: deliveryRate / hand.deliveriesPerSecond >= 2,
    },
    {
      name: `latency p50 at ${STEADY_RATE} msg/s (ms)`,
      value: pct(e2e, 50),
      ratio: pct(e2e, 50) / 3,
      vs: 'target',
      target: '<= 3 ms',
      ok: pct(e2e, 50) <= 3,
    },
    {
      name: `latency p99 at ${STEADY_RATE} msg/s (ms)`,
      value: pct(e2e, 99),
      ratio: pct(e2e, 99) / 5,
      vs: 'target',
      target: '<= 5 ms',
      ok: pct(e2e, 99) <= 5,
    },
    {
      name: 'backlog drain (deliveries/s)',
      value: drainRate,
      ratio: drainRate / throwaway,
      vs: 'throwaway loop',
      target: '>= 0.8x',
      ok: drainRate / throwaway >= 0.8,
    },
    {
      name: 'worker peak RSS (MB)',
      value: rssMax,
      ratio: rssMax / 300,
      vs: 'target',
      target: '< 300 MB',
      ok: rssMax < 300,
    },
  ];
  const result = {
    startedAt,
    machine,
    scale,
    baselines: {
      undiciC1: u1,
      undiciC64: u64,
      pgCommits1: p1,
      pgCommits8: p8,
      handRolledDeliveriesPerSecond: hand.deliveriesPerSecond,
      handRolledPublishesPerSecond: hand.publishesPerSecond,
      throwawayDrainPerSecond: throwaway,
    },
    herald: {
      publishPerSecond: pubRate,
      publishP50Ms: pct(pubLat, 50),
      publishP99Ms: pct(pubLat, 99),
      batchPublishPerSecond: batchRate,
      deliveriesPerSecond: deliveryRate,
      latencyP50Ms: pct(e2e, 50),
      latencyP99Ms: pct(e2e, 99),
      drainPerSecond: drainRate,
      drainRecorded: recorded,
      drainExpected: backlog,
      workerPeakRssMb: rssMax,
      heldInFlight: inFlight.max,
    },
    table: rows,
  };
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log('\nIssue 9 table (ratios within this run)');
  console.log(
    `  ${'measure'.padEnd(34)} ${'Herald'.padStart(9)}  ${'ratio'.padStart(7)} ${'vs'.padEnd(22)} target`,
  );
  for (const r of rows)
    console.log(
      `  ${r.name.padEnd(34)} ${f1(r.value).padStart(9)}  ${`${r.ratio.toFixed(2)}x`.padStart(7)} ${r.vs.padEnd(22)} ${r.target} ${r.ok ? 'ok' : 'MISSED'}`,
    );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
