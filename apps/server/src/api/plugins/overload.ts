import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { HeraldError } from '../../errors.ts';

export interface OverloadLimits {
  /** mean event-loop delay, ms, above which requests are shed (0: not checked) */
  maxEventLoopDelayMs: number;
  /** event-loop utilisation (0..1) above which requests are shed (0: not checked) */
  maxEventLoopUtilization: number;
  /** V8 heap in use, bytes, above which requests are shed (0: not checked) */
  maxHeapUsedBytes: number;
  /** the Retry-After of a shed request, seconds */
  retryAfterSeconds: number;
}

/** Liveness and metrics answer under pressure too: an overloaded process is alive, and worth watching. */
const ALWAYS_ANSWERED = new Set(['/health', '/metrics']);

/**
 * Sheds load instead of timing out: while the process is over one of its limits (@fastify/under-pressure
 * samples them every second), a request is answered at once with 503 problem+json and Retry-After,
 * before any work is done for it. Registered on the root, so it comes before every route.
 */
export async function registerOverloadShedding(app: FastifyInstance, limits: OverloadLimits) {
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxEventLoopUtilization: limits.maxEventLoopUtilization,
    maxHeapUsedBytes: limits.maxHeapUsedBytes,
    pressureHandler: async (req, reply, type, value) => {
      if (ALWAYS_ANSWERED.has(req.url.split('?')[0]!)) return;
      req.log.warn({ pressure: type, value }, 'overloaded: request shed (503)');
      reply.header('retry-after', String(limits.retryAfterSeconds));
      throw new HeraldError('unavailable', `Herald is overloaded (${type}); try again shortly`);
    },
  });
}
