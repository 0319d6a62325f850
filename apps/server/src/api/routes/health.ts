import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { brokerConnectionCounts, type ConnectionCount } from '../../db/broker-connections.ts';
import { isConnectionError } from '../../db/connection-errors.ts';
import type { Pool } from '../../db/pool.ts';
import { brokerSourceHealth } from '../../db/source-consumers.ts';
import { registry } from '../../metrics.ts';
import { QUEUES } from '../../queue/boss.ts';

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The live workers' broker connections in one line, without addresses (an unauthenticated route);
 * undefined when there are none.
 */
function brokersCheck(counts: ConnectionCount[]): string | undefined {
  const all = counts.reduce((n, c) => n + c.n, 0);
  if (all === 0) return undefined;
  const down = counts.filter((c) => c.status !== 'connected');
  if (down.length === 0) return 'ok';
  const n = down.reduce((sum, c) => sum + c.n, 0);
  const types = [...new Set(down.map((c) => c.type))].sort().join(', ');
  return `degraded: ${n} of ${all} broker connections not connected (${types})`;
}

export function healthRoutes(
  pool: Pool,
  boss: PgBoss,
  opts: {
    /** HERALD_SOURCE_LEASE_SECONDS: a source consumer's report older than this is a dead worker's */
    sourceStaleSeconds: number;
    /** HERALD_INSTANCE_GONE_AFTER_MS: a broker connection counts while its worker is up */
    instanceGoneAfterMs: number;
  },
) {
  return async (app: FastifyInstance) => {
    app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

    /**
     * Ready when the database answers and the queue's schema is there; 503 otherwise (a database outage too).
     * Broker connections of the live workers (their destinations, as they report them to the database)
     * and broker sources are reported, but one that is down only makes it `degraded`: HTTP endpoints
     * and other brokers still deliver.
     */
    app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
      const check = async (fn: () => Promise<unknown>) => {
        try {
          await withTimeout(fn(), 2000);
          return 'ok';
        } catch (err) {
          // the same answer for every way of not reaching it; no addresses on an unauthenticated route
          return isConnectionError(err)
            ? 'failing: database unreachable'
            : `failing: ${(err as Error).message}`;
        }
      };
      let sources = 'ok';
      let brokers: string | undefined;
      const [database, queue] = await Promise.all([
        check(() => pool.query('SELECT 1')),
        check(async () => {
          if (!(await boss.getQueue(QUEUES.deliver))) throw new Error('delivery queue missing');
        }),
        // a broker that is down degrades Herald (its source waits) but never makes it not ready
        withTimeout(brokerSourceHealth(pool, opts.sourceStaleSeconds), 2000)
          .then((all) => {
            const down = all.filter((s) => s.state !== 'connected');
            if (down.length > 0)
              // counts only: this route needs no key (GET .../sources/:source names the broker's error)
              sources = `degraded: ${down.length} of ${all.length} broker sources not connected`;
          })
          .catch(() => {
            sources = 'unknown';
          }),
        withTimeout(brokerConnectionCounts(pool, opts.instanceGoneAfterMs), 2000)
          .then((counts) => {
            brokers = brokersCheck(counts);
          })
          .catch(() => {
            brokers = 'unknown';
          }),
      ]);
      const ready = database === 'ok' && queue === 'ok';
      const degraded = sources !== 'ok' || (brokers !== undefined && brokers !== 'ok');
      return reply.code(ready ? 200 : 503).send({
        status: ready ? (degraded ? 'degraded' : 'ready') : 'not ready',
        checks: { database, queue, sources, ...(brokers !== undefined ? { brokers } : {}) },
      });
    });

    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  };
}
