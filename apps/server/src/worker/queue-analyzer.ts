import type { Logger } from 'pino';
import { isConnectionError } from '../db/connection-errors.ts';
import { withSessionLock } from '../db/locks.ts';
import { compactError, type Pool } from '../db/pool.ts';
import { analyze, changeSinceAnalyze } from '../db/table-stats.ts';

/**
 * Guards against pg-boss's stale-statistics trap: a backlog that lands on the delivery queue's table
 * after it was last analysed makes every fetch scan and sort the whole backlog (measured here: 45 ms
 * per fetch instead of 10, see bench/stale-stats-probe.ts) until ANALYZE runs, and autovacuum may take
 * a minute to get there. Retry storms, batch publishes and recoveries create exactly that. Every few
 * seconds this checks how much the table changed since its last analysis and analyses it at once when
 * the change is large. An advisory lock keeps several workers from doing it together.
 */
export function startQueueAnalyzer(pool: Pool, table: string, log: Logger, intervalMs = 5000) {
  const qualified = `pgboss.${table.replace(/[^a-z0-9_]/gi, '')}`;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const s = await changeSinceAnalyze(pool, qualified);
      if (!s || s.changed < Math.max(2000, 0.1 * s.live)) return;
      await withSessionLock(pool, 'herald.queue-analyzer', async (client) => {
        const t = Date.now();
        await analyze(client, qualified);
        log.debug({ table: qualified, changed: s.changed, ms: Date.now() - t }, 'analysed delivery queue');
      });
    } catch (err) {
      // nothing to do while the database is away: the next tick tries again
      if (!isConnectionError(err)) log.warn(compactError(err), 'queue analyzer failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
