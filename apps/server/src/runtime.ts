import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './api/app.ts';
import { type BrokerClients, createBrokerClients } from './brokers/clients.ts';
import type { Config } from './config.ts';
import type { Context } from './context.ts';
import { createPool, throttledErrorLog, usePreparedStatements } from './db/pool.ts';
import { createSender } from './delivery/destination.ts';
import { createHttpClient, type HttpClient } from './delivery/http-client.ts';
import { createBoss, createQueues, deliverTable } from './queue/boss.ts';
import type { SecretCipher } from './secrets/cipher.ts';
import { type LoadedCipher, loadCipher } from './secrets/keys.ts';
import { createEventTypeCache } from './services/event-type-cache.ts';
import { createPayloadValidator } from './services/payload-schemas.ts';
import { type Registration, register } from './services/registry.ts';
import { ensureRootKey, type RootKeySource } from './services/root-key.ts';
import { secureStoredSecrets } from './services/secrets.ts';
import { type SourceSupervisor, startSourceSupervisor } from './sources/supervisor.ts';
import { createTracing } from './telemetry/tracing.ts';
import { userAgent } from './version.ts';
import { type BrokerReport, startBrokerReport } from './worker/broker-report.ts';
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
  /** where the encryption keys came from (the banner says so) */
  encryption: Omit<LoadedCipher, 'cipher'> & { keyId: string };
  worker: DeliveryWorker | null;
  /** this process's id in the service registry (GET /v1/cluster) */
  instanceId: string | null;
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
  /** For what needs a session (LISTEN, session advisory locks) when databaseUrl is a transaction pooler. */
  directUrl?: string;
  roles: Role[];
  log: Logger;
  listen?: boolean;
  /** the cipher of secrets at rest; by default from HERALD_ENCRYPTION_KEY (or the development key) */
  secrets?: SecretCipher;
}): Promise<Herald> {
  const { config, databaseUrl, log } = opts;
  const directUrl = opts.directUrl ?? databaseUrl;
  usePreparedStatements(config.HERALD_DB_PREPARED_STATEMENTS ?? directUrl === databaseUrl);
  const api = opts.roles.includes('api');
  const work = opts.roles.includes('worker');

  const loaded: LoadedCipher = opts.secrets ? { cipher: opts.secrets, source: 'env' } : loadCipher(config);
  const secrets = loaded.cipher;
  const tracing = createTracing({
    endpoint: config.HERALD_OTLP_ENDPOINT,
    serviceName: config.HERALD_OTEL_SERVICE_NAME,
  });
  if (loaded.source === 'dev-generated')
    log.warn(
      { file: loaded.file, keyId: secrets.primaryKeyId },
      'no HERALD_ENCRYPTION_KEY: generated a development key to encrypt secrets at rest; set HERALD_ENCRYPTION_KEY in production',
    );
  else if (loaded.source === 'dev-file')
    log.info(
      { file: loaded.file, keyId: secrets.primaryKeyId },
      'secrets at rest: using the development key',
    );
  {
    // before any role starts: keys that cannot read what is stored stop the start; plaintext rows are
    // encrypted (one connection holds the pass's lock, one runs its pages)
    const pool = createPool(databaseUrl, 2, 'herald-secrets', log);
    try {
      await secureStoredSecrets(pool, secrets, log);
    } finally {
      await pool.end();
    }
  }

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
    app = await buildApp({ config, databaseUrl, directUrl, boss, log, secrets, tracing });
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
  let sources: SourceSupervisor | null = null;
  if (work) {
    const pool = createPool(databaseUrl, config.HERALD_DB_POOL_SIZE, 'herald-worker', log);
    // session advisory locks (retention, queue analyzer) hold one connection across statements
    const sessionPool =
      directUrl === databaseUrl ? pool : createPool(directUrl, 2, 'herald-worker-session', log);
    workerCtx = {
      config,
      pool,
      sessionPool,
      boss,
      log: log.child({ role: 'worker' }),
      payloads: createPayloadValidator(),
      eventTypes: createEventTypeCache(pool),
      secrets,
      tracing,
    };
    http = createHttpClient({
      allowPrivateNetworks: config.allowPrivateNetworks,
      timeoutMs: config.HERALD_HTTP_TIMEOUT_MS,
      responseBodyLimit: config.HERALD_RESPONSE_BODY_LIMIT,
      userAgent,
    });
    // one connection (or producer) per broker URL for all of this worker's broker endpoints
    brokers = createBrokerClients({ connectTimeoutMs: Math.min(config.HERALD_HTTP_TIMEOUT_MS, 5000) });
    warmup = startBrokerWarmup(pool, workerCtx.secrets, brokers, workerCtx.log);
    worker = await startDeliveryWorker(
      workerCtx,
      createSender(http, brokers, config.HERALD_HTTP_TIMEOUT_MS),
      directUrl,
    );
    analyzer = startQueueAnalyzer(sessionPool, await deliverTable(boss), workerCtx.log);
    await startFanOutWorker(workerCtx, boss);
    await startPlatformJobWorker(workerCtx, boss);
    await startRetention(workerCtx, boss);
    sources = startSourceSupervisor(workerCtx, databaseUrl);
  }

  // the service registry: one row per process, heart-beating through a pool the process has anyway
  const registryPool = workerCtx?.pool ?? app?.pg.pool;
  const registration: Registration | null = registryPool
    ? await register({
        pool: registryPool,
        role: api && work ? 'all' : api ? 'api' : 'worker',
        intervalMs: config.HERALD_INSTANCE_HEARTBEAT_MS,
        inFlight: () => worker?.inFlight() ?? 0,
        log,
      })
    : null;
  // the worker's broker connections and publish counts, for /ready and /metrics of every process
  const brokerReport: BrokerReport | null =
    workerCtx && registration
      ? startBrokerReport({
          pool: workerCtx.pool,
          instanceId: registration.id,
          intervalMs: config.HERALD_INSTANCE_HEARTBEAT_MS,
          goneAfterMs: config.HERALD_INSTANCE_GONE_AFTER_MS,
          log: workerCtx.log,
        })
      : null;

  let stopped: Promise<void> | null = null;
  return {
    url,
    app,
    rootKey,
    encryption: { source: loaded.source, file: loaded.file, keyId: secrets.primaryKeyId },
    worker,
    instanceId: registration?.id ?? null,
    stop() {
      stopped ??= (async () => {
        const deadline = Date.now() + config.HERALD_SHUTDOWN_TIMEOUT_MS;
        // shown as stopped at once: it takes no more work from here on
        await registration?.stop();
        // stop taking requests first; in-flight requests finish
        await app?.close();
        analyzer?.stop();
        // consumers first: the batch in flight is published and acknowledged, the rest stays in the broker
        await sources?.stop();
        warmup?.stop();
        await worker?.stop(Math.max(0, deadline - Date.now() - 1500));
        await boss.stop({ graceful: true, timeout: Math.max(100, Math.min(1000, deadline - Date.now())) });
        // destroy, not close: close() would wait for sends the worker has just handed back, up to the
        // HTTP timeout, well past the shutdown budget
        await http?.destroy();
        await brokers?.close();
        // the publishes of the last deliveries, and this worker's connections off the state
        await brokerReport?.stop();
        await workerCtx?.pool.end();
        if (workerCtx?.sessionPool && workerCtx.sessionPool !== workerCtx.pool)
          await workerCtx.sessionPool.end();
        // the spans of the last requests and attempts
        await tracing.shutdown();
      })();
      return stopped;
    },
  };
}
