import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process: the api serves it at /metrics, the worker feeds it. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'herald_' });

export const publishedMessages = new Counter({
  name: 'herald_messages_published_total',
  help: 'Messages accepted by the publish API',
  registers: [registry],
});

export const publishGroupSize = new Histogram({
  name: 'herald_publish_group_size',
  help: 'Single publishes inserted together by one group-commit statement',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 250],
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

/**
 * Endpoints by circuit state, read from the database at scrape time: the api serves /metrics while the
 * circuits change in the workers. Set up once per process with the reader.
 */
export function registerCircuitGauge(read: () => Promise<Record<'closed' | 'open' | 'half-open', number>>) {
  if (registry.getSingleMetric('herald_endpoint_circuits')) return;
  new Gauge({
    name: 'herald_endpoint_circuits',
    help: 'Endpoints by circuit breaker state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await read().catch(() => null);
      if (!counts) return;
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
}
