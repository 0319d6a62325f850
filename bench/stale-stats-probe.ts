// Probe for pg-boss's stale-statistics trap: a backlog that lands on a queue table analysed while
// empty makes each fetch scan the backlog until ANALYZE runs. Run: node bench/stale-stats-probe.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgBoss } from 'pg-boss';
import { startEmbeddedPostgres } from '../apps/server/src/embedded-postgres/index.ts';

const dir = await mkdtemp(join(tmpdir(), 'herald-probe-'));
const pgServer = await startEmbeddedPostgres({ dataDir: dir });
const boss = new PgBoss({ connectionString: process.env.DATABASE_URL ?? pgServer.url, schema: 'pgboss' });
await boss.start();
await boss.createQueue('probe', { partition: true });
const q = await boss.getQueue('probe');
const db = boss.getDb();
await db.executeSql(`ANALYZE pgboss.${q!.table}`);
const jobs = Array.from({ length: 1000 }, (_, i) => ({ data: { i } }));
for (let i = 0; i < 50; i++) await boss.insert('probe', jobs);
const time = async () => {
  const t = performance.now();
  const j = await boss.fetch('probe', { batchSize: 100 });
  await boss.complete(
    'probe',
    j.map((x) => x.id),
  );
  return performance.now() - t;
};
const before = [];
for (let i = 0; i < 10; i++) before.push(await time());
await db.executeSql(`ANALYZE pgboss.${q!.table}`);
const after = [];
for (let i = 0; i < 10; i++) after.push(await time());
console.log('fetch+complete ms before analyze', before.map((x) => x.toFixed(1)).join(' '));
console.log('fetch+complete ms after analyze ', after.map((x) => x.toFixed(1)).join(' '));
await boss.deleteQueue('probe');
await boss.stop();
await pgServer.stop();
await rm(dir, { recursive: true, force: true });
