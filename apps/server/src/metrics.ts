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

/**
 * `read` shared by the metrics of one scrape: the registry calls their collect() in the same tick, so
 * they share the read in flight; the next scrape reads afresh. Null when it failed (the metrics then
 * keep their last values).
 */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T | null> {
  let inFlight: Promise<T | null> | null = null;
  return () => {
    inFlight ??= read()
      .catch(() => null)
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}

interface SourceGaugeRow {
  id: string;
  type: string;
  state: string;
  lag: number | null;
  consumed: number;
  deadLettered: number;
}

/**
 * Broker sources, read from the database at scrape time (the workers consume, any api serves
 * /metrics): connected or not, lag where the broker reports it, messages consumed and dead-lettered by
 * the live consumers.
 */
export function registerSourceGauges(read: () => Promise<SourceGaugeRow[]>) {
  if (registry.getSingleMetric('herald_source_connected')) return;
  // one read per scrape for all four
  const rows = oncePerScrape(read);
  const gauge = (name: string, help: string, value: (r: SourceGaugeRow) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['source', 'type'] as const,
      registers: [registry],
      async collect() {
        const all = await rows();
        if (!all) return;
        this.reset();
        for (const r of all) {
          const v = value(r);
          if (v !== null) this.set({ source: r.id, type: r.type }, v);
        }
      },
    });
  gauge(
    'herald_source_connected',
    'Broker sources: 1 when at least one worker is connected to the broker',
    (r) => (r.state === 'connected' ? 1 : 0),
  );
  gauge(
    'herald_source_lag',
    'Broker sources: messages waiting in the broker, where it reports them',
    (r) => r.lag,
  );
  gauge(
    'herald_source_consumed',
    'Broker sources: messages published, counted by the live consumers',
    (r) => r.consumed,
  );
  gauge(
    'herald_source_failed',
    'Broker sources: poison messages sent to the dead-letter target, counted by the live consumers',
    (r) => r.deadLettered,
  );
}

interface BrokerRows {
  connections: Array<{ type: string; role: string; status: string; n: number }>;
  totals: Array<{ type: string; published: number; confirmed: number; failed: number }>;
}

/**
 * Broker destinations, read from the database at scrape time: the workers hold the connections and
 * report them (worker/broker-report.ts), any api serves /metrics, and a `herald start` process reads the
 * same rows as everyone else (nothing counted twice). Connections of live workers by state; publishes
 * by type over all workers, which only grow.
 */
export function registerBrokerMetrics(read: () => Promise<BrokerRows>) {
  if (registry.getSingleMetric('herald_broker_connections')) return;
  const rows = oncePerScrape(read);
  new Gauge({
    name: 'herald_broker_connections',
    help: 'Broker connections of the live workers, by broker type, role and state',
    labelNames: ['type', 'role', 'state'] as const,
    registers: [registry],
    async collect() {
      const all = await rows();
      if (!all) return;
      this.reset();
      for (const c of all.connections) this.set({ type: c.type, role: c.role, state: c.status }, c.n);
    },
  });
  const counter = (name: string, help: string, value: (t: BrokerRows['totals'][number]) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['type'] as const,
      registers: [registry],
      async collect() {
        const all = await rows();
        if (!all) return;
        this.reset();
        for (const t of all.totals) this.inc({ type: t.type }, value(t));
      },
    });
  counter(
    'herald_broker_published_total',
    'Messages published to broker destinations (one per attempt), by broker type, all workers',
    (t) => t.published,
  );
  counter(
    'herald_broker_confirmed_total',
    'Publishes to broker destinations that the broker confirmed, all workers',
    (t) => t.confirmed,
  );
  counter(
    'herald_broker_failed_total',
    'Publishes to broker destinations that failed (refused, unroutable, timed out, no connection), all workers',
    (t) => t.failed,
  );
}
