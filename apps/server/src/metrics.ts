import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process: the api serves it at /metrics, the worker feeds it. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'herald_' });

export const publishedMessages = new Counter({
  name: 'herald_messages_published_total',
  help: 'Messages accepted by the publish API',
  registers: [registry],
});

export const attemptsTotal = new Counter({
  name: 'herald_delivery_attempts_total',
  help: 'Delivery attempts made, by outcome',
  labelNames: ['status'] as const,
  registers: [registry],
});

export const attemptDuration = new Histogram({
  name: 'herald_delivery_attempt_duration_seconds',
  help: 'Time from request start to response end of delivery attempts',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
  registers: [registry],
});
