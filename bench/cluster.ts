// npm run bench:cluster: N api + M worker processes against one PostgreSQL, for M = 1, 2, 4 (BENCH_WORKERS).
// Per run: a fresh database, a backlog published through the api processes while no worker runs, then M
// workers drain it. Reported: deliveries/s in the steady part of the drain (5 % to 95 % of the backlog
// arrived), CPU seconds of the workers, of PostgreSQL and of the receiver in that window (so deliveries per
// worker vCPU-second and per PostgreSQL vCPU-second), connections per process, deliveries attempted twice
// at once (must be 0), the peak in flight of an endpoint with maxConcurrency 4 across all workers, and when
// a small application published last finished (fairness).
// The figures depend on the machine and on what else runs on it: the load average is printed with them.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runMigrations } from '../apps/server/src/db/migrate.ts';
import { startEmbeddedPostgres } from '../apps/server/src/embedded-postgres/index.ts';
import { sleep } from './harness.ts';

const KEY = 'bench-cluster-root-key-0123456789';
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const APIS = Number(process.env.BENCH_APIS ?? 2);
const BULK = Number(process.env.BENCH_MESSAGES ?? 10_000); // x 2 endpoints
const SMALL = Math.round(BULK / 10);
const LIMITED = Math.round(BULK / 10);
const LIMIT = 4;
const TICKS = 100; // USER_HZ on Linux

const mean = (v: number[]) => (v.length === 0 ? 0 : v.reduce((x, y) => x + y, 0) / v.length);

/** CPU seconds (user + system) of a process from /proc; 0 once it is gone. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / TICKS;
}

/** The whole machine's CPU time from /proc/stat, in seconds: busy (not idle, not iowait), iowait, all. */
async function machineCpu(): Promise<{ busy: number; iowait: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const v = line.split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = v[3]!;
  const iowait = v[4]!;
  return { busy: (total - idle - iowait) / TICKS, iowait: iowait / TICKS, total: total / TICKS };
}

/** The postmaster and its children (backends, background workers). */
async function postgresPids(postmaster: number): Promise<number[]> {
  const pids = [postmaster];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) pids.push(Number(entry));
  }
  return pids;
}

type Proc = { child: ChildProcess; pid: number; url: string | null; stop: () => Promise<void> };

function herald(role: 'api' | 'worker', env: Record<string, string>): Promise<Proc> {
  const main = new URL('../apps/server/src/main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [main, role], {
    env: { ...process.env, PORT: '0', HERALD_LOG_LEVEL: 'warn', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      if (/ready in/.test(out))
        resolve({
          child,
          pid: child.pid!,
          url: /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? null,
          async stop() {
            if (child.exitCode !== null) return;
            child.kill('SIGTERM');
            await new Promise((r) => child.once('exit', r));
          },
        });
    });
    child.once('exit', (code) => reject(new Error(`herald ${role} exited (${code}):\n${out}`)));
  });
}

function client(base: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as any;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

type Result = {
  workers: number;
  deliveries: number;
  rate: number;
  workerCpu: number;
  pgCpu: number;
  receiverCpu: number;
  window: number;
  connections: Record<string, number>;
  concurrentDuplicates: number;
  duplicates: number;
  limitedPeak: number;
  smallDoneAt: number;
  load: number;
  /** whole machine in the window: share of all CPU time busy, and in iowait */
  machineBusy: number;
  machineIowait: number;
  publishRate: number;
  /** messages published (batches of 500) per api CPU-second and per PostgreSQL CPU-second */
  publishCost: { perApiCpu: number; perPgCpu: number };
  /** mean of the samples in the window */
  lockWaiters: number;
};

async function runOnce(
  serverUrl: string,
  postmaster: number,
  receiver: { pid: number; base: string },
  m: number,
): Promise<Result> {
  const name = `bench_cluster_${m}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.href);
  const env = { DATABASE_URL: url.href, HERALD_API_KEY: KEY, HERALD_RATE_LIMIT_PER_MINUTE: '0' };
  const apis = await Promise.all(Array.from({ length: APIS }, () => herald('api', env)));
  const calls = apis.map((a) => client(a.url!));
  const call = calls[0]!;
  const hook = (path: string) => `${receiver.base}${path}`;
  const bulk = await call('POST', '/v1/apps', { name: 'bulk' });
  for (const p of ['/bulk/1', '/bulk/2'])
    await call('POST', `/v1/apps/${bulk.id}/endpoints`, { url: hook(p) });
  const limited = await call('POST', '/v1/apps', { name: 'limited' });
  await call('POST', `/v1/apps/${limited.id}/endpoints`, { url: hook('/limited'), maxConcurrency: LIMIT });
  const small = await call('POST', '/v1/apps', { name: 'small' });
  await call('POST', `/v1/apps/${small.id}/endpoints`, { url: hook('/small') });

  // the backlog, through every api process; the small application's messages come last
  const publish = async (appId: string, n: number, type: string) => {
    const batches: number[] = [];
    for (let i = 0; i < n; i += 500) batches.push(Math.min(500, n - i));
    let next = 0;
    await Promise.all(
      calls.map(async (c) => {
        while (next < batches.length) {
          const size = batches[next++]!;
          const messages = Array.from({ length: size }, (_, j) => ({ eventType: type, payload: { j } }));
          await c('POST', `/v1/apps/${appId}/messages/batch`, { messages });
        }
      }),
    );
  };
  const pgCpu = () =>
    postgresPids(postmaster)
      .then((pids) => Promise.all(pids.map(cpuSeconds)))
      .then((v) => v.reduce((x, y) => x + y, 0));
  const apiCpu = () =>
    Promise.all(apis.map((x) => cpuSeconds(x.pid))).then((v) => v.reduce((x, y) => x + y, 0));
  const [api0, pg0] = await Promise.all([apiCpu(), pgCpu()]);
  const p0 = performance.now();
  await publish(bulk.id, BULK, 'bulk.item');
  await publish(limited.id, LIMITED, 'limited.item');
  await publish(small.id, SMALL, 'small.item');
  const published = BULK + LIMITED + SMALL;
  const publishRate = published / ((performance.now() - p0) / 1000);
  const [api1, pg1] = await Promise.all([apiCpu(), pgCpu()]);
  const publishCost = { perApiCpu: published / (api1 - api0), perPgCpu: published / (pg1 - pg0) };
  const expected = 2 * BULK + LIMITED + SMALL;
  await fetch(`${receiver.base}/reset`);

  const workers = await Promise.all(
    Array.from({ length: m }, () => herald('worker', { ...env, HERALD_WORKER_POLL_INTERVAL_MS: '200' })),
  );
  const loadBefore = loadavg()[0]!;
  type Sample = {
    t: number;
    count: number;
    worker: number;
    pg: number;
    receiver: number;
    machine: { busy: number; iowait: number; total: number };
    /** backends waiting for an advisory lock (the cluster-wide fetch lock) right now */
    lockWaiters: number;
  };
  const samples: Sample[] = [];
  let connections: Record<string, number> = {};
  const deadline = Date.now() + 600_000;
  let status: any = { count: 0 };
  while (Date.now() < deadline) {
    status = await (await fetch(`${receiver.base}/`)).json();
    const [w, p, r, machine, lockWaiters] = await Promise.all([
      Promise.all(workers.map((x) => cpuSeconds(x.pid))).then((v) => v.reduce((a, b) => a + b, 0)),
      postgresPids(postmaster)
        .then((pids) => Promise.all(pids.map(cpuSeconds)))
        .then((v) => v.reduce((a, b) => a + b, 0)),
      cpuSeconds(receiver.pid),
      machineCpu(),
      admin
        .query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)
        .then((res) => res.rows[0].n as number),
    ]);
    samples.push({
      t: performance.now(),
      count: status.count,
      worker: w,
      pg: p,
      receiver: r,
      machine,
      lockWaiters,
    });
    if (Object.keys(connections).length === 0 && status.count > expected / 2) {
      const { rows } = await admin.query(
        `SELECT application_name AS app, count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 GROUP BY 1`,
        [name],
      );
      connections = Object.fromEntries(rows.map((r) => [r.app, r.n]));
    }
    if (status.count >= expected) break;
    await sleep(200);
  }
  const at = (fraction: number) => samples.find((s) => s.count >= expected * fraction) ?? samples.at(-1)!;
  const a = at(0.05);
  const b = at(0.95);
  const window = (b.t - a.t) / 1000;
  const paths = status.paths as Record<string, { first: number; last: number; peakInFlight: number }>;
  const bulkLast = Math.max(paths['/bulk/1']!.last, paths['/bulk/2']!.last);
  const drainStart = Math.min(...Object.values(paths).map((p) => p.first));
  const result: Result = {
    workers: m,
    deliveries: status.count,
    rate: (b.count - a.count) / window,
    workerCpu: b.worker - a.worker,
    pgCpu: b.pg - a.pg,
    receiverCpu: b.receiver - a.receiver,
    window,
    connections,
    concurrentDuplicates: status.concurrentDuplicates,
    duplicates: status.duplicates,
    limitedPeak: paths['/limited']!.peakInFlight,
    smallDoneAt: (paths['/small']!.last - drainStart) / (bulkLast - drainStart),
    load: loadBefore,
    machineBusy: (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total),
    machineIowait: (b.machine.iowait - a.machine.iowait) / (b.machine.total - a.machine.total),
    publishRate,
    publishCost,
    lockWaiters: mean(samples.filter((x) => x.t >= a.t && x.t <= b.t).map((x) => x.lockWaiters)),
  };
  // every attempt recorded
  const db = new pg.Client({ connectionString: url.href });
  await db.connect();
  for (let i = 0; i < 300; i++) {
    const { rows } = await db.query("SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'");
    if (rows[0].n >= expected) break;
    await sleep(100);
  }
  const { rows } = await db.query("SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'");
  await db.end();
  console.log(
    `  M=${m}: publish ${publishRate.toFixed(0)} msg/s (batch), delivered ${status.count}/${expected}, recorded succeeded ${rows[0].n}`,
  );
  await Promise.all([...workers, ...apis].map((p) => p.stop()));
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
  return result;
}

async function main() {
  console.log(
    `Herald cluster benchmark: ${new Date().toISOString()}, ${cpus().length} vCPU, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `  ${APIS} api processes; backlog per run: ${BULK} messages x 2 endpoints (bulk), ${LIMITED} to an endpoint with maxConcurrency ${LIMIT}, ${SMALL} of a small app published last\n`,
  );
  const dataDir = process.env.DATABASE_URL ? null : await mkdtemp(join(tmpdir(), 'herald-bench-cluster-'));
  if (!dataDir)
    throw new Error('bench:cluster measures PostgreSQL CPU from /proc: run it without DATABASE_URL');
  const embedded = await startEmbeddedPostgres({ dataDir });
  const postmaster = Number((await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const child = fork(new URL('./cluster-receiver.ts', import.meta.url), [], { stdio: 'inherit' });
  const port = await new Promise<number>((r) => child.once('message', (msg: any) => r(msg.port)));
  const receiver = { pid: child.pid!, base: `http://127.0.0.1:${port}` };
  const serverUrl = new URL(embedded.url);
  serverUrl.pathname = '/postgres';
  const results: Result[] = [];
  try {
    for (const m of WORKERS) results.push(await runOnce(serverUrl.href, postmaster, receiver, m));
  } finally {
    child.kill();
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  const base = results[0]!;
  console.log(
    '\n| workers | deliveries/s | x vs 1 | worker CPU s/s | PostgreSQL CPU s/s | receiver CPU s/s | deliveries per worker CPU-s | per PostgreSQL CPU-s | attempted twice at once | duplicates | maxConcurrency 4 peak | small app done at | machine busy / iowait | fetch-lock waiters | load before |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.workers} | ${r.rate.toFixed(0)} | ${(r.rate / base.rate).toFixed(2)} | ${(r.workerCpu / r.window).toFixed(2)} | ${(r.pgCpu / r.window).toFixed(2)} | ${(r.receiverCpu / r.window).toFixed(2)} | ${((r.rate * r.window) / r.workerCpu).toFixed(0)} | ${((r.rate * r.window) / r.pgCpu).toFixed(0)} | ${r.concurrentDuplicates} | ${r.duplicates} | ${r.limitedPeak} | ${(100 * r.smallDoneAt).toFixed(0)} % of the bulk drain | ${(100 * r.machineBusy).toFixed(0)} % / ${(100 * r.machineIowait).toFixed(0)} % | ${r.lockWaiters.toFixed(2)} | ${r.load.toFixed(2)} |`,
    );
  }
  console.log('\nPublishing the backlog (batches of 500 through the api processes, no worker running):');
  for (const r of results)
    console.log(
      `  M=${r.workers} run: ${r.publishRate.toFixed(0)} msg/s; ${r.publishCost.perApiCpu.toFixed(0)} msg per api CPU-s, ${r.publishCost.perPgCpu.toFixed(0)} msg per PostgreSQL CPU-s`,
    );
  console.log('\nConnections per application_name at mid-drain:');
  for (const r of results) console.log(`  M=${r.workers}: ${JSON.stringify(r.connections)}`);
  const bad = results.filter((r) => r.concurrentDuplicates > 0 || r.limitedPeak > LIMIT);
  if (bad.length > 0) {
    console.error('\nFAILED: a delivery was attempted twice at once, or the endpoint limit was exceeded');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
