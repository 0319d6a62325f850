import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../db/pool.ts';
import { countHit, readHits, sweepEndedWindows } from '../../db/rate-limits.ts';
import { hashKey } from '../../services/api-keys.ts';

type Done = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store whose counters live in PostgreSQL (db/rate-limits.ts), so every api
 * process counts against the same total. Route options change only `max` and the window, which
 * arrive with each call: one store serves every route.
 */
export function postgresStore(db: Queryable) {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, done: Done, timeWindow: number) {
      countHit(db, key, timeWindow).then(
        (c) => done(null, { current: c.hits, ttl: c.ttlMs }),
        (err: Error) => done(err),
      );
    }
    read(key: string, done: Done) {
      readHits(db, key).then(
        (c) => done(null, { current: c.hits, ttl: c.ttlMs }),
        (err: Error) => done(err),
      );
    }
    child() {
      return this;
    }
  };
}

/** How often ended windows are deleted, and how many per statement. */
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 5000;

/**
 * The API's limit: `perMinute` requests per API key per minute, counted across all api processes.
 * Over it: 429 problem with Retry-After and the RateLimit-Limit/-Remaining/-Reset headers (IETF
 * draft names), which every answer under the limit carries too. Must be registered (awaited) before
 * the routes it limits.
 */
export async function registerApiRateLimit(scope: FastifyInstance, db: Queryable, perMinute: number) {
  await scope.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    enableDraftSpec: true,
    store: postgresStore(db),
    // a counter that cannot be written fails the request as the database's outage (503), never opens the gate
    skipOnError: false,
    // per API key (hashed, never logged or stored in clear); auth ran before, so a key is present
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      return `api:${auth ? hashKey(auth).toString('hex') : req.ip}`;
    },
  });
  const sweep = setInterval(() => {
    sweepEndedWindows(db, SWEEP_BATCH).catch((err) => scope.log.warn({ err }, 'rate-limit sweep failed'));
  }, SWEEP_EVERY_MS);
  sweep.unref();
  scope.addHook('onClose', async () => clearInterval(sweep));
}
