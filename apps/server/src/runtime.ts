import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './api/app.ts';
import { type BrokerClients, createBrokerClients } from './brokers/clients.ts';
import type { Config } from './config.ts';
import type { Context } from './context.ts';
import { createPool, throttledErrorLog } from './db/pool.ts';
import { createSender } from './delivery/destination.ts';
import { createHttpClient, type HttpClient } from './delivery/http-client.ts';
import { createBoss, createQueues, deliverTable } from './queue/boss.ts';
import { createEventTypeCache } from './services/event-type-cache.ts';
import { createPayloadValidator } from './services/payload-schemas.ts';
import { ensureRootKey, type RootKeySource } from './services/root-key.ts';
import { userAgent } from './version.ts';
import { startBrokerWarmup } from './worker/broker-warmup.ts';
import { type DeliveryWorker, startDeliveryWorker } from './worker/deliver.ts';
import { startFanOutWorker } from './worker/fan-out.ts';
import { startPlatformJobWorker, startRetention } from './worker/platform-jobs.ts';
import { startQueueAnalyzer } from './worker/queue-analyzer.ts';

export type Role = 'api' | 'worker';

export interface Herald {
  /** the API's address when the api role runs */
  url: string | null;
  app: FastifyInstance | null;
  rootKey: RootKeySource | null;
  worker: DeliveryWorker | null;
  /** Graceful stop: no new work, in-flight deliveries finish or go back to the queue, pools close. */
  stop(): Promise<void>;
}

/**
 * Starts the given roles against a migrated database. main uses it for `herald start|api|worker`;
 * tests use it to run a real Herald in-process.
 */
export async function startHerald(opts: {
  config: Config;
  databaseUrl: string;
  roles: Role[];
  log: Logger;
  listen?: boolean;
}): Promise<Herald> {
  const { config, databaseUrl, log } = opts;
  const api = opts.roles.includes('api');
  const work = opts.roles.includes('worker');

  // maintenance (expiring jobs of crashed workers, retention) runs where the worker runs
  const boss = createBoss(databaseUrl, {
    supervise: work,
    max: work ? 6 : 3,
    monitorIntervalSeconds: config.HERALD_QUEUE_MONITOR_INTERVAL_SECONDS,
  });
  // pg-boss reports transient database errors here (e.g. during a PostgreSQL restart), from each of
  // its loops; it recovers by itself, so one line per kind of error now and then is enough
  const queueError = throttledErrorLog(log, 'queue error');
  boss.on('error', (err: Error & { queue?: string }) =>
    queueError(err, err.queue ? { queue: err.queue } : {}),
  );
  await boss.start();
  await createQueues(boss, config);

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  let rootKey: RootKeySource | null = null;
  if (api) {
    app = await buildApp({ config, databaseUrl, boss, log });
    await app.ready();
    rootKey = await ensureRootKey(app.pg.pool, config.HERALD_API_KEY);
    if (opts.listen !== false) {
      url = await app.listen({ port: config.PORT, host: config.HOST });
    }
  }

  let worker: DeliveryWorker | null = null;
  let http: HttpClient | null = null;
  let brokers: BrokerClients | null = null;
  let warmup: { stop(): void } | null = null;
  let workerCtx: Context | null = null;
  let analyzer: { stop(): void } | null = null;
  if (work) {
    const pool = createPool(databaseUrl, config.HERALD_DB_POOL_SIZE, 'herald-worker', log);
    workerCtx = {
      config,
      pool,
      boss,
      log: log.child({ role: 'worker' }),
      payloads: createPayloadValidator(),
      eventTypes: createEventTypeCache(pool),
    };
    http = createHttpClient({
      allowPrivateNetworks: config.allowPrivateNetworks,
      timeoutMs: config.HERALD_HTTP_TIMEOUT_MS,
      responseBodyLimit: config.HERALD_RESPONSE_BODY_LIMIT,
      userAgent,
    });
    // one connection (or producer) per broker URL for all of this worker's broker endpoints
    brokers = createBrokerClients({ connectTimeoutMs: Math.min(config.HERALD_HTTP_TIMEOUT_MS, 5000) });
    warmup = startBrokerWarmup(pool, brokers, workerCtx.log);
    worker = await startDeliveryWorker(
      workerCtx,
      createSender(http, brokers, config.HERALD_HTTP_TIMEOUT_MS),
      databaseUrl,
    );
    analyzer = startQueueAnalyzer(pool, await deliverTable(boss), workerCtx.log);
    await startFanOutWorker(workerCtx, boss);
    await startPlatformJobWorker(workerCtx, boss);
    await startRetention(workerCtx, boss);
  }

  let stopped: Promise<void> | null = null;
  return {
    url,
    app,
    rootKey,
    worker,
    stop() {
      stopped ??= (async () => {
        const deadline = Date.now() + config.HERALD_SHUTDOWN_TIMEOUT_MS;
        // stop taking requests first; in-flight requests finish
        await app?.close();
        analyzer?.stop();
        warmup?.stop();
        await worker?.stop(Math.max(0, deadline - Date.now() - 1500));
        await boss.stop({ graceful: true, timeout: Math.max(100, Math.min(1000, deadline - Date.now())) });
        // destroy, not close: close() would wait for sends the worker has just handed back, up to the
        // HTTP timeout, well past the shutdown budget
        await http?.destroy();
        await brokers?.close();
        await workerCtx?.pool.end();
      })();
      return stopped;
    },
  };
}
