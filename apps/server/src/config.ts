import { z } from 'zod';
import { EncryptionKeyError, parseEncryptionKeys } from './secrets/cipher.ts';

/** Parses "5,300,1800" into seconds; every entry a whole number of seconds >= 0. */
const retrySchedule = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'a comma-separated list of whole seconds, e.g. 5,300,1800')
  .transform((s) => s.split(',').map((n) => Number(n.trim())));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** "https://a.example, http://127.0.0.1:5173" into origins; each must be a bare origin (no path). */
const origins = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine((o) => {
        try {
          const u = new URL(o);
          return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o;
        } catch {
          return false;
        }
      }, 'each entry must be an origin like https://app.example.com (scheme, host, optional port; no path)'),
    ),
  );

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every option Herald reads from the environment, with its default. Validated once at boot; a bad
 * value stops start-up with a message naming the variable. `.env.example` mirrors this list.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port of the API and dashboard. */
  PORT: int(0, 65535).default(8080),
  /** Interface the API listens on. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** External PostgreSQL; without it an embedded server keeps its data under HERALD_DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /**
   * A direct (session) URL to the same database, for LISTEN/NOTIFY, session advisory locks and migrations,
   * when DATABASE_URL goes through PgBouncer in transaction-pooling mode. Unset: DATABASE_URL.
   */
  HERALD_DIRECT_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /**
   * Named prepared statements on the hot path (planned once per connection). Unset: on, unless
   * HERALD_DIRECT_DATABASE_URL says DATABASE_URL is a transaction pooler (PgBouncer before 1.21 keeps
   * no prepared statements across transactions); `true` behind PgBouncer >= 1.21 with
   * max_prepared_statements set.
   */
  HERALD_DB_PREPARED_STATEMENTS: bool.optional(),
  /** Where the embedded PostgreSQL and local state live. */
  HERALD_DATA_DIR: z.string().min(1).default('.herald'),
  /** Root API key. Without it one is generated on first start, printed once, stored hashed. */
  HERALD_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Allow deliveries to loopback/private addresses. Defaults to true in development, false in production. */
  HERALD_ALLOW_PRIVATE_NETWORKS: bool.optional(),
  /**
   * uid of the application that receives operational events: message.attempt.exhausted / failing /
   * recovered, endpoint.created / updated / deleted / disabled.
   */
  HERALD_OPERATIONAL_APP: z.string().min(1).optional(),
  /** Per-attempt HTTP timeout, ms. */
  HERALD_HTTP_TIMEOUT_MS: int(100, 120_000).default(15_000),
  /** Bytes of a receiver's response body kept on the attempt. */
  HERALD_RESPONSE_BODY_LIMIT: int(0, 1_048_576).default(4096),
  /** Default seconds between attempts after the first, when an application sets none. */
  HERALD_RETRY_SCHEDULE: retrySchedule.default([5, 300, 1800, 7200, 18000, 36000, 36000]),
  /** Random spread applied to each retry delay (0.2 = +-20 %). */
  HERALD_RETRY_JITTER: z.coerce.number().min(0).max(1).default(0.2),
  /** An endpoint that has only failed for this long is disabled (default 5 days). */
  HERALD_DISABLE_FAILING_ENDPOINT_AFTER_SECONDS: int(1, 365 * 86400).default(5 * 86400),
  /** An endpoint's maxConcurrency when it sets none: attempts in flight to it across all workers. */
  HERALD_ENDPOINT_MAX_CONCURRENCY: int(1, 1000).default(100),
  /** Consecutive failed attempts that open an endpoint's circuit (0 turns the breaker off). */
  HERALD_CIRCUIT_FAILURE_THRESHOLD: int(0, 100_000).default(20),
  /** Seconds an open circuit waits before its first probe; doubles after each failed probe. */
  HERALD_CIRCUIT_COOLDOWN_SECONDS: int(1, 86_400).default(30),
  /** Longest wait between probes of an open circuit, seconds. */
  HERALD_CIRCUIT_MAX_COOLDOWN_SECONDS: int(1, 86_400).default(600),
  /** Deliveries in flight per worker process. */
  HERALD_WORKER_CONCURRENCY: int(1, 10_000).default(200),
  /** Jobs fetched from the queue per round trip. */
  HERALD_WORKER_BATCH_SIZE: int(1, 1000).default(100),
  /** How often an idle worker looks for due retries, ms (new messages wake it at once via NOTIFY). */
  HERALD_WORKER_POLL_INTERVAL_MS: int(10, 60_000).default(500),
  /** How long a worker's claim on a delivery lasts after its last renewal, s; must exceed the queue heartbeat. */
  HERALD_DELIVERY_LEASE_SECONDS: int(11, 3600).default(15),
  /** A job not touched for this long is handed to another worker, s (pg-boss's minimum is 10). */
  HERALD_QUEUE_HEARTBEAT_SECONDS: int(10, 3600).default(10),
  /** How often a worker touches the jobs it holds and renews their leases, ms; below the queue heartbeat. */
  HERALD_HEARTBEAT_INTERVAL_MS: int(100, 600_000).default(3000),
  /** How often the queue's supervisor looks for jobs whose heartbeat or expiry has passed, s. */
  HERALD_QUEUE_MONITOR_INTERVAL_SECONDS: int(1, 60).default(5),
  /** Apps with more enabled endpoints than this fan each message out in a job instead of inside the publish request. */
  HERALD_FANOUT_INLINE_LIMIT: int(1, 100_000).default(200),
  /** PostgreSQL connections per process. */
  HERALD_DB_POOL_SIZE: int(2, 500).default(20),
  /** Largest accepted request body, bytes. */
  HERALD_MAX_BODY_BYTES: int(1024, 50 * 1_048_576).default(1_048_576),
  /** API requests per minute per API key, counted across all api processes (in PostgreSQL); 0 disables. */
  HERALD_RATE_LIMIT_PER_MINUTE: int(0, 10_000_000).default(12_000),
  /** Overload: mean event-loop delay (ms) above which the API sheds requests with 503 + Retry-After; 0 turns it off. */
  HERALD_OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000).default(1000),
  /** Overload: event-loop utilisation (0..1) above which the API sheds requests; 0 turns it off. */
  HERALD_OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: z.coerce.number().min(0).max(1).default(0),
  /** Overload: V8 heap in use (bytes) above which the API sheds requests; 0 turns it off. */
  HERALD_OVERLOAD_MAX_HEAP_BYTES: int(0, 64 * 1024 ** 3).default(0),
  /** Retry-After of a request shed under overload, seconds. */
  HERALD_OVERLOAD_RETRY_AFTER_SECONDS: int(1, 3600).default(5),
  /** Browser origins allowed to call the API (CORS), comma-separated; unset means CORS is off. */
  HERALD_CORS_ORIGINS: origins.default([]),
  /** How long shutdown waits for in-flight work before exiting, ms. */
  HERALD_SHUTDOWN_TIMEOUT_MS: int(100, 60_000).default(9000),
  /** Items a platform job (recover, replay, export) handles per transaction; each page is a resume point. */
  HERALD_JOB_PAGE_SIZE: int(1, 10_000).default(500),
  /** Days messages (with their deliveries and attempts) are kept, unless an application sets its own. */
  HERALD_RETENTION_DAYS: int(1, 3650).default(30),
  /**
   * Days of messages (with their deliveries and attempts) per time partition. Retention drops whole
   * partitions, so data is kept for its retention and at most this much longer.
   */
  HERALD_PARTITION_DAYS: int(1, 31).default(1),
  /** How often the retention pass runs (cron, UTC). */
  HERALD_RETENTION_SCHEDULE: z.string().min(9).default('*/15 * * * *'),
  /** pino log level. */
  HERALD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Keys that encrypt secrets at rest (endpoint signing secrets, source secrets, broker credentials):
   * comma-separated, each 32 bytes as base64 or hex; the first encrypts, all decrypt. Required in
   * production; in development one is generated into HERALD_DATA_DIR when unset.
   */
  HERALD_ENCRYPTION_KEY: z
    .string()
    .superRefine((value, ctx) => {
      try {
        parseEncryptionKeys(value);
      } catch (err) {
        if (!(err instanceof EncryptionKeyError)) throw err;
        ctx.addIssue({ code: 'custom', message: err.message });
      }
    })
    .optional(),
  /** How often each process heart-beats into the service registry (GET /v1/cluster), ms. */
  HERALD_INSTANCE_HEARTBEAT_MS: int(100, 600_000).default(5000),
  /** An instance silent this long shows as gone (a crash leaves no stop behind), ms; above the heartbeat. */
  HERALD_INSTANCE_GONE_AFTER_MS: int(300, 3_600_000).default(20_000),
  /**
   * OpenTelemetry: base URL of an OTLP/HTTP collector (spans go to <url>/v1/traces, JSON). Unset:
   * tracing is off and costs nothing.
   */
  HERALD_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** service.name of Herald's spans. */
  HERALD_OTEL_SERVICE_NAME: z.string().min(1).default('herald'),
  /** Send each attempt's W3C `traceparent` to receivers (needs HERALD_OTLP_ENDPOINT). */
  HERALD_TRACEPARENT_TO_RECEIVERS: bool.default(false),
  /** How often a worker looks for broker sources to consume and reports their state, ms. */
  HERALD_SOURCE_SCAN_INTERVAL_MS: int(100, 60_000).default(1000),
  /** A source consumed by one worker at a time (Redis) moves to another this long after its worker died, s. */
  HERALD_SOURCE_LEASE_SECONDS: int(2, 3600).default(15),
  /** Where Herald sets it (NATS ack_wait, Kafka session timeout): how long a dead worker's unacknowledged messages wait before redelivery, s. */
  HERALD_SOURCE_REDELIVERY_SECONDS: int(6, 3600).default(15),
  /** Consumed messages published per transaction. */
  HERALD_SOURCE_BATCH_SIZE: int(1, 1000).default(100),
  /** AMQP request/reply: how long the reply waits for the first attempts, s (then answers with what is known). */
  HERALD_SOURCE_REPLY_TIMEOUT_SECONDS: int(1, 300).default(30),
  /** Public base URL used in links (portal, ingest); defaults to the scheme and Host of the request. */
  HERALD_PUBLIC_URL: z.url().optional(),
  /**
   * Origins (scheme://host[:port], comma-separated) allowed to show the dashboard and portal in an
   * iframe (CSP frame-ancestors). Unset: no embedding at all.
   */
  HERALD_PORTAL_EMBED_ORIGINS: origins.optional(),
  /** The portal's name in its top bar, instead of "Herald" (what your customers know you by). */
  HERALD_PORTAL_NAME: z.string().min(1).max(80).optional(),
  /** A logo (http/https URL) shown before the portal's name; its origin is added to the page's img-src. */
  HERALD_PORTAL_LOGO_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The portal's accent colour (#rgb or #rrggbb): buttons, links, the selected tab. */
  HERALD_PORTAL_COLOR: z
    .string()
    .regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'a hex colour like #0f766e')
    .optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
export type Config = RawConfig & { allowPrivateNetworks: boolean; devMode: boolean };

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" (docker-compose and .env files produce them).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const timing = timingProblems(parsed.data);
  if (timing.length > 0)
    throw new ConfigError(`Invalid configuration:\n${timing.map((l) => `  ${l}`).join('\n')}`);
  const devMode = parsed.data.NODE_ENV !== 'production';
  if (!devMode && !parsed.data.HERALD_ENCRYPTION_KEY)
    throw new ConfigError(
      'HERALD_ENCRYPTION_KEY must be set in production (secrets are encrypted at rest with it): set it to a key made with `openssl rand -base64 32`.',
    );
  return {
    ...parsed.data,
    devMode,
    allowPrivateNetworks: parsed.data.HERALD_ALLOW_PRIVATE_NETWORKS ?? devMode,
  };
}

/**
 * A crashed worker's jobs come back once their heartbeat is older than the queue's window, and another
 * worker may send a delivery only after its lease: so a live worker must refresh both well inside the
 * window, and the lease must outlast it, or a slow but live worker's delivery would be sent twice.
 */
function timingProblems(c: RawConfig): string[] {
  const problems: string[] = [];
  const windowMs = c.HERALD_QUEUE_HEARTBEAT_SECONDS * 1000;
  if (c.HERALD_HEARTBEAT_INTERVAL_MS >= windowMs)
    problems.push(
      `HERALD_HEARTBEAT_INTERVAL_MS (${c.HERALD_HEARTBEAT_INTERVAL_MS}) must be less than HERALD_QUEUE_HEARTBEAT_SECONDS (${c.HERALD_QUEUE_HEARTBEAT_SECONDS}) in ms`,
    );
  if (c.HERALD_DELIVERY_LEASE_SECONDS <= c.HERALD_QUEUE_HEARTBEAT_SECONDS)
    problems.push(
      `HERALD_DELIVERY_LEASE_SECONDS (${c.HERALD_DELIVERY_LEASE_SECONDS}) must be greater than HERALD_QUEUE_HEARTBEAT_SECONDS (${c.HERALD_QUEUE_HEARTBEAT_SECONDS})`,
    );
  if (c.HERALD_TRACEPARENT_TO_RECEIVERS && !c.HERALD_OTLP_ENDPOINT)
    problems.push(
      'HERALD_TRACEPARENT_TO_RECEIVERS needs HERALD_OTLP_ENDPOINT (without tracing there is no trace to send)',
    );
  if (c.HERALD_INSTANCE_GONE_AFTER_MS <= 2 * c.HERALD_INSTANCE_HEARTBEAT_MS)
    problems.push(
      `HERALD_INSTANCE_GONE_AFTER_MS (${c.HERALD_INSTANCE_GONE_AFTER_MS}) must be more than twice HERALD_INSTANCE_HEARTBEAT_MS (${c.HERALD_INSTANCE_HEARTBEAT_MS}), or a live instance would flicker to gone`,
    );
  if (c.HERALD_SOURCE_SCAN_INTERVAL_MS >= c.HERALD_SOURCE_LEASE_SECONDS * 1000)
    problems.push(
      `HERALD_SOURCE_SCAN_INTERVAL_MS (${c.HERALD_SOURCE_SCAN_INTERVAL_MS}) must be less than HERALD_SOURCE_LEASE_SECONDS (${c.HERALD_SOURCE_LEASE_SECONDS}) in ms`,
    );
  return problems;
}
