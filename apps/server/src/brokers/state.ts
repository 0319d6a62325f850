/**
 * The state of every broker connection this process holds (destinations here; sources may register
 * theirs too), for /ready and /metrics, and the broker message counters. Targets are password-free
 * labels; errors are redacted by whoever reports them.
 */
import type { BrokerType } from '@herald/contracts';
import { Counter, Gauge } from 'prom-client';
import { registry } from '../metrics.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'down';

export interface ConnectionState {
  type: BrokerType;
  role: 'destination' | 'source';
  /** password-free label (urls.ts maskUrl) */
  target: string;
  status: ConnectionStatus;
  lastError: string | null;
  since: Date;
}

const connections = new Set<ConnectionState>();

export interface TrackedConnection {
  set(status: ConnectionStatus, error?: string | null): void;
  state(): ConnectionState;
  /** The connection is closed for good: it no longer counts. */
  remove(): void;
}

export function trackConnection(
  type: BrokerType,
  role: ConnectionState['role'],
  target: string,
): TrackedConnection {
  const s: ConnectionState = { type, role, target, status: 'connecting', lastError: null, since: new Date() };
  connections.add(s);
  return {
    set(status, error) {
      if (status !== s.status) s.since = new Date();
      s.status = status;
      if (error !== undefined) s.lastError = error;
    },
    state: () => ({ ...s }),
    remove: () => {
      connections.delete(s);
    },
  };
}

export function brokerConnections(): ConnectionState[] {
  return [...connections].map((s) => ({ ...s }));
}

const labelNames = ['type'] as const;

/** Publishes sent to a broker destination (one per attempt). */
export const brokerPublished = new Counter({
  name: 'herald_broker_published_total',
  help: 'Messages published to broker destinations, by broker type',
  labelNames,
  registers: [registry],
});
/** ... of which the broker confirmed (publisher confirm, acks=all, JetStream ack, XADD reply). */
export const brokerConfirmed = new Counter({
  name: 'herald_broker_confirmed_total',
  help: 'Publishes to broker destinations that the broker confirmed',
  labelNames,
  registers: [registry],
});
/** ... and those that failed (refused, unroutable, timed out, no connection). */
export const brokerFailed = new Counter({
  name: 'herald_broker_failed_total',
  help: 'Publishes to broker destinations that failed',
  labelNames,
  registers: [registry],
});

new Gauge({
  name: 'herald_broker_connections',
  help: 'Broker connections of this process, by broker type, role and state',
  labelNames: ['type', 'role', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const s of connections) this.inc({ type: s.type, role: s.role, state: s.status });
  },
});
