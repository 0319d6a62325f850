/**
 * The state of every broker connection this process holds (destinations here; sources may register
 * theirs too), and what its publishes came to. The worker reports both to PostgreSQL
 * (worker/broker-report.ts), where /ready and /metrics of every process read them. Targets are
 * password-free labels; errors are redacted by whoever reports them.
 */
import type { BrokerType } from '@herald/contracts';

export type ConnectionStatus = 'connecting' | 'connected' | 'down';

export interface ConnectionState {
  /** this process's number for the connection (two URLs may mask to one target) */
  id: number;
  type: BrokerType;
  role: 'destination' | 'source';
  /** password-free label (urls.ts maskUrl) */
  target: string;
  status: ConnectionStatus;
  lastError: string | null;
  since: Date;
}

const connections = new Set<ConnectionState>();
let lastId = 0;

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
  const s: ConnectionState = {
    id: ++lastId,
    type,
    role,
    target,
    status: 'connecting',
    lastError: null,
    since: new Date(),
  };
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

/**
 * Publishes to broker destinations by type since the last report: `published` (one per attempt), of
 * which the broker `confirmed` (publisher confirm, acks=all, JetStream ack, XADD reply) or that
 * `failed` (refused, unroutable, timed out, no connection).
 */
export interface PublishCounts {
  type: BrokerType;
  published: number;
  confirmed: number;
  failed: number;
}

const counts = new Map<BrokerType, PublishCounts>();

const countsOf = (type: BrokerType) => {
  let c = counts.get(type);
  if (!c) {
    c = { type, published: 0, confirmed: 0, failed: 0 };
    counts.set(type, c);
  }
  return c;
};

export function countPublish(type: BrokerType, what: 'published' | 'confirmed' | 'failed'): void {
  countsOf(type)[what]++;
}

/** The counts since the last take, reset to zero: the reporter adds them to the database's totals. */
export function takePublishCounts(): PublishCounts[] {
  const taken = [...counts.values()];
  counts.clear();
  return taken;
}

/** Counts taken that could not be reported go back, to be reported with the next ones. */
export function giveBackPublishCounts(taken: PublishCounts[]): void {
  for (const t of taken) {
    const c = countsOf(t.type);
    c.published += t.published;
    c.confirmed += t.confirmed;
    c.failed += t.failed;
  }
}
