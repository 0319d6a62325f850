import fastifyPostgres from '@fastify/postgres';
import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Context } from '../context.ts';
import { brokerConnectionCounts, brokerPublishTotals } from '../db/broker-connections.ts';
import { circuitCounts } from '../db/endpoints.ts';
import { createNotificationHub } from '../db/notification-hub.ts';
import { guardPool } from '../db/pool.ts';
import { brokerSourceHealth } from '../db/source-consumers.ts';
import { HeraldError } from '../errors.ts';
import { newId } from '../ids.ts';
import { registerBrokerMetrics, registerCircuitGauge, registerSourceGauges } from '../metrics.ts';
import { FEED_CHANNEL, FIRST_ATTEMPT_CHANNEL } from '../queue/boss.ts';
import { createCipher, generateEncryptionKey, type SecretCipher } from '../secrets/cipher.ts';
import { createEventTypeCache } from '../services/event-type-cache.ts';
import { createPayloadValidator } from '../services/payload-schemas.ts';
import { createTracing, type Tracing } from '../telemetry/tracing.ts';
import { version } from '../version.ts';
import { transform, transformObject } from './openapi.ts';
import { createAuthenticator } from './plugins/auth.ts';
import { dashboardRoutes } from './plugins/dashboard.ts';
import { installErrorHandling, sendProblem } from './plugins/errors.ts';
import { installEtags } from './plugins/etag.ts';
import { rejectLoneSurrogates } from './plugins/input-guard.ts';
import { registerOverloadShedding } from './plugins/overload.ts';
import { registerApiRateLimit } from './plugins/rate-limit.ts';
import { pagesKeepTheirPolicy, registerCors, registerSecurityHeaders } from './plugins/security-headers.ts';
import { traceRequests } from './plugins/tracing.ts';
import { healthRoutes } from './routes/health.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { apiKeyRoutes } from './routes/v1/api-keys.ts';
import { appRoutes } from './routes/v1/apps.ts';
import { authRoutes } from './routes/v1/auth.ts';
import { clusterRoutes } from './routes/v1/cluster.ts';
import { endpointRoutes } from './routes/v1/endpoints.ts';
import { eventTypeRoutes } from './routes/v1/event-types.ts';
import { eventRoutes } from './routes/v1/events.ts';
import { jobRoutes } from './routes/v1/jobs.ts';
import { messageRoutes } from './routes/v1/messages.ts';
import { sourceRoutes } from './routes/v1/sources.ts';

export interface BuildAppOptions {
  config: Config;
  databaseUrl: string;
  /** LISTEN connections go here (HERALD_DIRECT_DATABASE_URL behind PgBouncer); default databaseUrl. */
  directUrl?: string;
  boss: PgBoss;
  log: Logger;
  /** the process's cipher for secrets at rest; without one (OpenAPI generation), a throwaway key */
  secrets?: SecretCipher;
  /** the process's tracing; without it, off */
  tracing?: Tracing;
}

/** A caller's x-request-id is kept when it is a plain token; anything else gets a fresh id. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId('req');
}

/** The HTTP API as a Fastify instance. Never listens: main does, and tests use inject(). */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app: FastifyInstance = Fastify({
    loggerInstance: opts.log as FastifyBaseLogger,
    bodyLimit: config.HERALD_MAX_BODY_BYTES,
    // request lines only at debug: at info they would dominate the log of a busy publisher
    logController: new LogController({
      disableRequestLogging: config.HERALD_LOG_LEVEL !== 'debug' && config.HERALD_LOG_LEVEL !== 'trace',
      // every log line of a request carries its x-request-id under this name (the worker's too)
      requestIdLogLabel: 'requestId',
    }),
    // x-request-id: the caller's, when it is a sane token, or a new one (genReqId below)
    requestIdHeader: false,
    genReqId: requestIdOf,
    // answered below in Herald's problem format instead of Fastify's own
    return503OnClosing: false,
    // uids are up to 256 characters, more when percent-encoded; the default (100) refused valid ones
    routerOptions: { maxParamLength: 1024 },
    // a URL that cannot be routed (bad encoding, over-long parameter) is still answered as a problem
    frameworkErrors: sendProblem,
  });
  installErrorHandling(app);
  // returned on every response, errors and 404s included, so a caller can quote it
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // while closing, requests still arriving on open connections are told to go elsewhere
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) throw new HeraldError('unavailable', 'Herald is shutting down; try again');
  });

  await registerSecurityHeaders(app);
  await registerCors(app, config.HERALD_CORS_ORIGINS);
  await registerOverloadShedding(app, {
    maxEventLoopDelayMs: config.HERALD_OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
    maxEventLoopUtilization: config.HERALD_OVERLOAD_MAX_EVENT_LOOP_UTILIZATION,
    maxHeapUsedBytes: config.HERALD_OVERLOAD_MAX_HEAP_BYTES,
    retryAfterSeconds: config.HERALD_OVERLOAD_RETRY_AFTER_SECONDS,
  });

  await app.register(fastifyPostgres, {
    connectionString: opts.databaseUrl,
    max: config.HERALD_DB_POOL_SIZE,
    application_name: 'herald-api',
  });
  guardPool(app.pg.pool, app.log);
  registerCircuitGauge(() => circuitCounts(app.pg.pool));
  registerSourceGauges(() => brokerSourceHealth(app.pg.pool, config.HERALD_SOURCE_LEASE_SECONDS));
  registerBrokerMetrics(async () => {
    const [connections, totals] = await Promise.all([
      brokerConnectionCounts(app.pg.pool, config.HERALD_INSTANCE_GONE_AFTER_MS),
      brokerPublishTotals(app.pg.pool),
    ]);
    return { connections, totals };
  });
  const ctx: Context = {
    config,
    pool: app.pg.pool,
    boss: opts.boss,
    log: opts.log,
    payloads: createPayloadValidator(),
    eventTypes: createEventTypeCache(app.pg.pool),
    secrets: opts.secrets ?? createCipher(generateEncryptionKey()),
    tracing: opts.tracing ?? createTracing({ serviceName: config.HERALD_OTEL_SERVICE_NAME }),
  };
  if (ctx.tracing.enabled) traceRequests(app, ctx.tracing);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Herald API',
        version,
        description: 'Webhook delivery: applications, endpoints, messages, deliveries and attempts.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: 'http://127.0.0.1:8080', description: 'a local Herald (npm start)' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform,
    transformObject,
  });
  await app.register(async (docs) => {
    pagesKeepTheirPolicy(docs);
    await docs.register(scalar, { routePrefix: '/docs', configuration: { url: '/openapi.json' } });
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    healthRoutes(ctx.pool, opts.boss, {
      sourceStaleSeconds: config.HERALD_SOURCE_LEASE_SECONDS,
      instanceGoneAfterMs: config.HERALD_INSTANCE_GONE_AFTER_MS,
    }),
  );

  // long polls (publish-and-wait, the events feed) wait on NOTIFY, never on a held connection
  const listenUrl = opts.directUrl ?? opts.databaseUrl;
  const firstAttemptHub = createNotificationHub(listenUrl, FIRST_ATTEMPT_CHANNEL, opts.log);
  const feedHub = createNotificationHub(listenUrl, FEED_CHANNEL, opts.log);
  app.addHook('preClose', async () => {
    firstAttemptHub.release();
    feedHub.release();
  });
  app.addHook('onClose', async () => {
    await firstAttemptHub.close();
    await feedHub.close();
  });

  const authenticate = createAuthenticator(ctx.pool, config.HERALD_API_KEY);
  await app.register(
    async (v1) => {
      v1.setValidatorCompiler(validatorCompiler);
      v1.setSerializerCompiler(serializerCompiler);
      // JSON only: without this, a text/plain body reached validation as a string (422, not 415)
      v1.removeContentTypeParser('text/plain');
      v1.decorateRequest('principal');
      v1.addHook('preValidation', rejectLoneSurrogates);
      installEtags(v1);
      v1.addHook('onRequest', async (req) => {
        req.principal = await authenticate(req);
      });
      if (config.HERALD_RATE_LIMIT_PER_MINUTE > 0)
        await registerApiRateLimit(v1, ctx.pool, config.HERALD_RATE_LIMIT_PER_MINUTE);
      await v1.register(appRoutes(ctx));
      await v1.register(eventTypeRoutes(ctx));
      await v1.register(endpointRoutes(ctx));
      await v1.register(messageRoutes(ctx, firstAttemptHub));
      await v1.register(apiKeyRoutes(ctx));
      await v1.register(authRoutes(ctx));
      await v1.register(eventRoutes(ctx, feedHub));
      await v1.register(jobRoutes(ctx));
      await v1.register(sourceRoutes(ctx));
      await v1.register(clusterRoutes(ctx));
    },
    { prefix: '/v1' },
  );
  // providers' webhooks: outside /v1 and its API keys, with a raw-body parser of its own
  await app.register(inboundRoutes(ctx));
  await app.register(async (pages) => {
    pagesKeepTheirPolicy(pages);
    await pages.register(
      dashboardRoutes({
        embedOrigins: ctx.config.HERALD_PORTAL_EMBED_ORIGINS,
        logoUrl: ctx.config.HERALD_PORTAL_LOGO_URL,
      }),
    );
  });

  return app;
}
