import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { eventually } from '../../test/helpers/herald.ts';
import { loadConfig } from '../config.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { createBoss, createQueues, deliverTable, QUEUES } from '../queue/boss.ts';
import { startQueueAnalyzer } from './queue-analyzer.ts';

let db: TestDatabase;
let pool: Pool;
let boss: ReturnType<typeof createBoss>;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 4, 'test');
  boss = createBoss(db.url, { supervise: false, max: 4 });
  await boss.start();
  await createQueues(boss, loadConfig({}));
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await pool?.end();
  await db?.drop();
});

describe('queue analyzer', () => {
  it('tunes autovacuum on the delivery queue table', async () => {
    const table = await deliverTable(boss);
    const { rows } = await pool.query('SELECT reloptions FROM pg_class WHERE oid = $1::regclass', [
      `pgboss.${table}`,
    ]);
    expect(rows[0].reloptions).toContain('autovacuum_analyze_scale_factor=0.01');
  });

  it('analyses the delivery queue table as soon as a backlog lands on it', async () => {
    const table = await deliverTable(boss);
    const stats = async () =>
      (
        await pool.query(
          'SELECT last_analyze, n_mod_since_analyze::int AS changed FROM pg_stat_user_tables WHERE relid = $1::regclass',
          [`pgboss.${table}`],
        )
      ).rows[0];
    expect((await stats()).last_analyze).toBeNull();

    const jobs = Array.from({ length: 1000 }, (_, i) => ({ data: { m: `msg_${i}`, e: 'ep_x', t: 0 } }));
    for (let i = 0; i < 10; i++) await boss.insert(QUEUES.deliver, jobs);

    const analyzer = startQueueAnalyzer(pool, table, pino({ level: 'silent' }), 100);
    try {
      // last_analyze is set by an explicit ANALYZE only (autovacuum sets last_autoanalyze)
      const after = await eventually(async () => {
        const s = await stats();
        return s.last_analyze !== null && s;
      }, 15_000);
      expect(after.changed).toBeLessThan(2000);
    } finally {
      analyzer.stop();
    }
  });
});
