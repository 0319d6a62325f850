import type { Logger } from 'pino';
import { brokerConnections, giveBackPublishCounts, takePublishCounts } from '../brokers/state.ts';
import { pruneBrokerConnections, reportBrokerState } from '../db/broker-connections.ts';
import { type Pool, throttledErrorLog } from '../db/pool.ts';

/** Rows this many gone-windows old are a crashed instance's: deleted. */
const PRUNE_AFTER_WINDOWS = 4;

export interface BrokerReport {
  /** The last report (the publishes counted meanwhile), and this instance's rows deleted. */
  stop(): Promise<void>;
}

/**
 * Reports this worker's broker connections and its publish counts to PostgreSQL every `intervalMs`
 * (the instance heartbeat), one statement each, so /ready and /metrics of any process see them. A
 * report that fails (the database away) is logged now and then; its counts go into the next one.
 */
export function startBrokerReport(opts: {
  pool: Pool;
  instanceId: string;
  intervalMs: number;
  /** HERALD_INSTANCE_GONE_AFTER_MS: what readers take as live; rows far older are deleted */
  goneAfterMs: number;
  log: Logger;
}): BrokerReport {
  const warn = throttledErrorLog(opts.log, 'broker connection report failed');
  let timer: NodeJS.Timeout | null = null;
  let reports = 0;
  let running: Promise<void> = Promise.resolve();
  // a worker without broker endpoints has nothing to say, and says it once
  let reportedNothing = false;

  const report = async (connections: ReturnType<typeof brokerConnections>) => {
    const counts = takePublishCounts()
      .filter((c) => c.published + c.confirmed + c.failed > 0)
      .sort((a, b) => a.type.localeCompare(b.type));
    const nothing = connections.length === 0 && counts.length === 0;
    if (nothing && reportedNothing) return;
    try {
      await reportBrokerState(opts.pool, opts.instanceId, connections, counts);
      reportedNothing = nothing;
    } catch (err) {
      // counted again next time (a report whose answer was lost after its commit counts twice)
      giveBackPublishCounts(counts);
      throw err;
    }
  };

  const tick = () => {
    running = (async () => {
      try {
        await report(brokerConnections());
        // now and then, by every worker: few rows, and a crashed worker's go within minutes
        if (++reports % 60 === 0)
          await pruneBrokerConnections(opts.pool, opts.goneAfterMs * PRUNE_AFTER_WINDOWS);
      } catch (err) {
        warn(err);
      }
    })();
    void running.then(() => {
      if (timer) timer = setTimeout(tick, opts.intervalMs).unref();
    });
  };
  timer = setTimeout(tick, opts.intervalMs).unref();

  return {
    async stop() {
      if (!timer) return;
      clearTimeout(timer);
      timer = null;
      await running;
      await report([]).catch((err: unknown) => warn(err));
    },
  };
}
