import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Pool } from './db/pool.ts';
import type { SecretCipher } from './secrets/cipher.ts';
import type { EventTypeCache } from './services/event-type-cache.ts';
import type { PayloadValidator } from './services/payload-schemas.ts';
import type { Tracing } from './telemetry/tracing.ts';

/** What services need from the process: built once in main (or a test) and passed down. */
export interface Context {
  config: Config;
  pool: Pool;
  boss: PgBoss;
  log: Logger;
  payloads: PayloadValidator;
  eventTypes: EventTypeCache;
  /**
   * For work that needs one session across statements (session advisory locks): a pool on
   * HERALD_DIRECT_DATABASE_URL when `pool` goes through PgBouncer in transaction mode. Absent: `pool`.
   */
  sessionPool?: Pool;
  /** encrypts and decrypts secrets at rest (HERALD_ENCRYPTION_KEY) */
  secrets: SecretCipher;
  /** OpenTelemetry spans (a no-op tracer unless HERALD_OTLP_ENDPOINT is set) */
  tracing: Tracing;
}
