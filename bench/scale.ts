// npm run bench:scale: times Herald's bulk operations at size, on this machine.
//  - events feed page reads at 1M messages (start, middle, end of the feed)
//  - recover of 10k failed deliveries (job run, and until the receiver has all of them)
//  - export of 100k attempts, with the worker process's memory sampled while it runs
//  - one retention pass over 1M messages (with their deliveries), row by row
//  - the same number of messages (with deliveries and attempts) dropped as one time partition
//  - issue 9's reads that must stay flat (feed since=, status=failed, endpoint stats), small vs large
// Rows are generated in SQL; everything else goes through Herald's API and workers.
import pg from 'pg';
import pino from 'pino';
import { encodeTime } from 'ulidx';
import { loadConfig } from '../apps/server/src/config.ts';
import type { Context } from '../apps/server/src/context.ts';
import { runMigrations } from '../apps/server/src/db/migrate.ts';
import { dropPartition } from '../apps/server/src/db/partitions.ts';
import { startHerald } from '../apps/server/src/runtime.ts';
import { runRetention } from '../apps/server/src/services/retention.ts';
import { flatReads } from './flat-reads.ts';
import { percentile, reporter, sleep, startDatabase, startReceiverProcess } from './harness.ts';

const KEY = 'bench-root-key-0123456789';
const MESSAGES_OLD = Number(process.env.SCALE_OLD ?? 1_000_000);
const MESSAGES_EXPORT = Number(process.env.SCALE_EXPORT ?? 100_000);
const RECOVER = Number(process.env.SCALE_RECOVER ?? 10_000);
/** older messages behind the flat-reads application (issue 9 asks for 10 M: SCALE_FLAT=10000000) */
const FLAT = Number(process.env.SCALE_FLAT ?? 1_000_000);
const report = reporter(60);

async function main() {
  const database = await startDatabase();
  const databaseUrl = database.url;
  await runMigrations(databaseUrl);
  const receiver = await startReceiverProcess();
  const receiverUrl = receiver.url;
  const receiverCount = receiver.count;

  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HERALD_API_KEY: KEY,
    HERALD_LOG_LEVEL: 'silent',
    HERALD_RATE_LIMIT_PER_MINUTE: '0',
    HERALD_RETENTION_SCHEDULE: '0 0 1 1 *',
  });
  const herald = await startHerald({
    config,
    databaseUrl,
    roles: ['api', 'worker'],
    log: pino({ level: 'warn' }),
  });
  const call = async (method: string, path: string, body?: unknown) =>
    (await (
      await fetch(herald.url + path, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    ).json()) as any;
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });

  console.log(`Herald at scale: ${new Date().toISOString()}\n`);
  const recentApp = await call('POST', '/v1/apps', { name: 'recent' });
  const oldApp = await call('POST', '/v1/apps', { name: 'old' });
  const ok = await call('POST', `/v1/apps/${recentApp.id}/endpoints`, { url: receiverUrl });
  const fixed = await call('POST', `/v1/apps/${recentApp.id}/endpoints`, {
    url: receiverUrl,
    uid: 'was-broken',
  });

  // --- data, generated in SQL: ids are ULID time prefix + a zero-padded counter (valid, sortable)
  let t = performance.now();
  const recentPrefix = `msg_${encodeTime(Date.now() - 3600_000, 10)}`;
  await db.query(
    `INSERT INTO messages (id, app_id, event_type, channels, payload, created_at)
     SELECT $1 || lpad(g::text, 16, '0'), $2, 'bench.export', '{}', json_build_object('n', g, 'note', 'x'),
            now() - interval '1 hour'
     FROM generate_series(1, $3) AS g`,
    [recentPrefix, recentApp.id, MESSAGES_EXPORT],
  );
  await db.query(
    `INSERT INTO deliveries (message_id, endpoint_id, app_id, status, attempts)
     SELECT id, $2, app_id, 'succeeded', 1 FROM messages WHERE app_id = $1`,
    [recentApp.id, ok.id],
  );
  await db.query(
    `INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url, response_status_code,
                           response_body, duration_ms, job_key, created_at)
     SELECT 'atmpt_' || substr(id, 5), id, $2, app_id, 1, 'scheduled', 'succeeded', $3, 200, 'ok', 12,
            'bench:' || id, created_at
     FROM messages WHERE app_id = $1`,
    [recentApp.id, ok.id, receiverUrl],
  );
  await db.query(
    `INSERT INTO deliveries (message_id, endpoint_id, app_id, status, attempts)
     SELECT id, $2, app_id, 'failed', 1 FROM messages WHERE app_id = $1 ORDER BY id LIMIT $3`,
    [recentApp.id, fixed.id, RECOVER],
  );
  report(
    `generated ${MESSAGES_EXPORT} recent messages + attempts`,
    `${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  t = performance.now();
  const oldTime = Date.now() - 40 * 86400_000;
  const oldPrefix = `msg_${encodeTime(oldTime, 10)}`;
  for (let start = 1; start <= MESSAGES_OLD; start += 100_000) {
    // one transaction per 100k rows: the feed sees them as ten publishers' worth
    await db.query(
      `INSERT INTO messages (id, app_id, event_type, channels, payload, created_at)
       SELECT $1 || lpad(g::text, 16, '0'), $2, 'bench.old', '{}', json_build_object('n', g), to_timestamp($3 / 1000.0)
       FROM generate_series($4::int, $5::int) AS g`,
      [oldPrefix, oldApp.id, oldTime, start, Math.min(MESSAGES_OLD, start + 99_999)],
    );
  }
  await db.query(
    `INSERT INTO deliveries (message_id, endpoint_id, app_id, status, attempts)
     SELECT id, $2, app_id, 'succeeded', 1 FROM messages WHERE app_id = $1`,
    [oldApp.id, ok.id],
  );
  await db.query('ANALYZE');
  report(
    `generated ${MESSAGES_OLD} old messages + deliveries`,
    `${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  console.log('\nEvents feed');
  const feedPage = async (iterator?: string) => {
    const s = performance.now();
    const page = await call(
      'GET',
      `/v1/apps/${oldApp.id}/events?limit=100${iterator ? `&iterator=${iterator}` : ''}`,
    );
    return { ms: performance.now() - s, page };
  };
  const first = await feedPage();
  report(`first page of 100 at ${MESSAGES_OLD} messages`, `${first.ms.toFixed(1)} ms`);
  let it = first.page.iterator;
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const r = await feedPage(it);
    times.push(r.ms);
    it = r.page.iterator;
  }
  report('next 50 pages of 100, mean', `${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(1)} ms`);
  const { rows: mid } = await db.query(
    `SELECT xid::text AS x, seq FROM messages WHERE app_id = $1 ORDER BY xid, seq OFFSET $2 LIMIT 1`,
    [oldApp.id, Math.floor(MESSAGES_OLD / 2)],
  );
  const midIt = Buffer.from(JSON.stringify({ x: mid[0].x, s: Number(mid[0].seq) })).toString('base64url');
  report('a page of 100 from the middle of the feed', `${(await feedPage(midIt)).ms.toFixed(1)} ms`);

  console.log('\nRecover');
  t = performance.now();
  const recover = await call('POST', `/v1/apps/${recentApp.id}/endpoints/was-broken/recover`, {
    since: new Date(Date.now() - 2 * 3600_000).toISOString(),
  });
  let job: any;
  do {
    await sleep(100);
    job = await call('GET', `/v1/jobs/${recover.job.id}`);
  } while (job.status !== 'completed' && job.status !== 'failed');
  report(
    `recover of ${recover.count} deliveries: job done (re-sends queued)`,
    `${((performance.now() - t) / 1000).toFixed(2)} s`,
  );
  while ((await receiverCount()) < RECOVER) await sleep(100);
  report(
    `recover of ${recover.count} deliveries: all received`,
    `${((performance.now() - t) / 1000).toFixed(2)} s`,
  );

  console.log('\nExport');
  const rss: number[] = [];
  const base = process.memoryUsage().rss;
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 50);
  t = performance.now();
  const exp = await call('POST', `/v1/apps/${recentApp.id}/exports`, {
    since: new Date(Date.now() - 2 * 3600_000).toISOString(),
    format: 'ndjson',
  });
  do {
    await sleep(100);
    job = await call('GET', `/v1/jobs/${exp.id}`);
  } while (job.status !== 'completed' && job.status !== 'failed');
  const exportSecs = (performance.now() - t) / 1000;
  const dl = await fetch(`${herald.url}/v1/jobs/${exp.id}/download`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of dl.body as any) {
    bytes += chunk.length;
    for (const b of chunk as Uint8Array) if (b === 10) lines++;
  }
  clearInterval(sampler);
  const peak = Math.max(...rss);
  report(
    `export of ${lines} attempt rows (${(bytes / 1e6).toFixed(1)} MB ndjson)`,
    `${exportSecs.toFixed(2)} s`,
  );
  report(
    'process RSS before / peak during export + download',
    `${(base / 1e6).toFixed(0)} MB / ${(peak / 1e6).toFixed(0)} MB`,
  );

  console.log('\nRetention');
  const ctx = { pool: db, config } as unknown as Context;
  const r = await runRetention(ctx);
  report(
    `retention pass (deleted ${r?.messages} messages + their deliveries)`,
    `${((r?.ms ?? 0) / 1000).toFixed(1)} s`,
  );
  report('  messages per second', `${Math.round((r?.messages ?? 0) / ((r?.ms ?? 1) / 1000))}`);
  await retentionByPartition(db, call, oldApp.id, ok.id, recentApp.id);

  // last: its large application stays (deleting it would be a bench of its own)
  await flatReads(call, db, receiverUrl, FLAT, report, receiver.arrival);

  await db.end();
  await herald.stop();
  receiver.stop();
  await database.stop();
}

/**
 * What retention costs once the data sits in time partitions: MESSAGES_OLD messages, each with a
 * delivery and an attempt, in one day's partition (the last one made ahead), then that partition
 * dropped whole while a publisher runs at 50 messages/s; its latency before and during the drop.
 */
async function retentionByPartition(
  db: pg.Pool,
  call: (method: string, path: string, body?: unknown) => Promise<any>,
  appId: string,
  endpointId: string,
  publishApp: string,
) {
  console.log('\nRetention by partition');
  const { rows } = await db.query<{ suffix: string; from_at: Date }>(
    'SELECT suffix, from_at FROM message_partitions ORDER BY to_at DESC LIMIT 1',
  );
  const part = rows[0]!;
  const prefix = `msg_${encodeTime(part.from_at.getTime() + 3600_000, 10)}`;
  let t = performance.now();
  for (let start = 1; start <= MESSAGES_OLD; start += 100_000) {
    await db.query(
      `WITH m AS (
         INSERT INTO messages (id, app_id, event_type, channels, payload)
         SELECT $1 || lpad(g::text, 16, '0'), $2, 'bench.partition', '{}', json_build_object('n', g)
         FROM generate_series($3::int, $4::int) AS g RETURNING id
       ), d AS (
         INSERT INTO deliveries (message_id, endpoint_id, app_id, status, attempts)
         SELECT id, $5, $2, 'succeeded', 1 FROM m RETURNING message_id
       )
       INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url, response_status_code,
                             response_body, duration_ms, job_key)
       SELECT 'atmpt_' || substr(message_id, 5), message_id, $5, $2, 1, 'scheduled', 'succeeded', 'http://x', 200,
              'ok', 12, 'bench:' || message_id
       FROM d`,
      [prefix, appId, start, Math.min(MESSAGES_OLD, start + 99_999), endpointId],
    );
  }
  report(
    `generated ${MESSAGES_OLD} messages + deliveries + attempts in partition ${part.suffix}`,
    `${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const latencies: Array<[number, number]> = [];
  let publishing = true;
  const publisher = (async () => {
    for (let i = 0; publishing; i++) {
      const s = performance.now();
      await call('POST', `/v1/apps/${publishApp}/messages`, { eventType: 'bench.during', payload: { i } });
      latencies.push([s, performance.now() - s]);
      await sleep(Math.max(0, 20 - (performance.now() - s)));
    }
  })();
  await sleep(3000);
  t = performance.now();
  await dropPartition(db, part.suffix);
  const dropEnd = performance.now();
  await sleep(1000);
  publishing = false;
  await publisher;
  const before = latencies.filter(([s]) => s < t).map(([, ms]) => ms);
  const during = latencies.filter(([s, ms]) => s + ms >= t && s <= dropEnd).map(([, ms]) => ms);
  report(
    `partition dropped (${MESSAGES_OLD} messages, deliveries, attempts)`,
    `${((dropEnd - t) / 1000).toFixed(2)} s`,
  );
  report(
    '  publish p50 / p99 before, during the drop (ms)',
    `${percentile(before, 50).toFixed(1)} / ${percentile(before, 99).toFixed(1)}, ${percentile(during, 50).toFixed(1)} / ${percentile(during, 99).toFixed(1)} (${during.length} publishes)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
