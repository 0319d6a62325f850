import type { Logger } from 'pino';
import { isConnectionError } from '../db/connection-errors.ts';
import { compactError, type Pool } from '../db/pool.ts';

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
    // nothing to do while the database is away: the next tick tries again
    const client = await pool.connect().catch(() => null);
    // a connection that broke, or could not give the lock back, is destroyed (which frees the lock), not pooled
    let destroy: Error | undefined;
    try {
      if (!client) return;
      const { rows } = await client.query<{ changed: string; live: string }>(
        `SELECT n_mod_since_analyze AS changed, n_live_tup AS live FROM pg_stat_user_tables WHERE relid = $1::regclass`,
        [qualified],
      );
      const s = rows[0];
      if (!s || Number(s.changed) < Math.max(2000, 0.1 * Number(s.live))) return;
      const { rows: lock } = await client.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('herald.queue-analyzer')) AS ok`,
      );
      if (!lock[0]?.ok) return;
      try {
        const t = Date.now();
        await client.query(`ANALYZE ${qualified}`);
        log.debug(
          { table: qualified, changed: Number(s.changed), ms: Date.now() - t },
          'analysed delivery queue',
        );
      } finally {
        await client
          .query(`SELECT pg_advisory_unlock(hashtext('herald.queue-analyzer'))`)
          .catch((err: Error) => {
            destroy = err;
          });
      }
    } catch (err) {
      if (isConnectionError(err)) destroy ??= err as Error;
      log.warn(compactError(err), 'queue analyzer failed');
    } finally {
      client?.release(destroy);
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
