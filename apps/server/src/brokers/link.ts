/**
 * One connection to one broker, opened on first use and reopened with a backoff after it fails or is
 * lost: 250 ms doubling to 15 s, +-20 % jitter. While it waits, sends fail at once with the last error
 * (a failed attempt on the normal retry schedule, like an endpoint that does not answer) instead of
 * piling up, and a background retry brings it back without traffic, so /ready tells the truth.
 */
import type { TrackedConnection } from './state.ts';

export interface Link<C> {
  /** The open connection, or the one being opened; rejects while the link backs off. */
  get(): Promise<C>;
  /** The connection `c` failed or closed: drop it and reconnect after the backoff. */
  lost(c: C, err: unknown): void;
  close(): Promise<void>;
}

export interface LinkOptions<C> {
  open: () => Promise<C>;
  /** Closes an open connection (errors ignored). */
  shut: (c: C) => Promise<void>;
  tracked: TrackedConnection;
  /** Error text safe to log and show (credentials removed). */
  describe: (err: unknown) => string;
  /** Called once per failure to connect or lost connection. */
  onDown?: (error: string) => void;
  minMs?: number;
  maxMs?: number;
}

export class BrokerUnavailableError extends Error {}

export function createLink<C>(o: LinkOptions<C>): Link<C> {
  const minMs = o.minMs ?? 250;
  const maxMs = o.maxMs ?? 15_000;
  let current: C | null = null;
  let opening: Promise<C> | null = null;
  let failures = 0;
  let retryAt = 0;
  let lastError = '';
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const backoff = () => {
    const base = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  const down = (err: unknown) => {
    failures++;
    lastError = o.describe(err);
    const wait = backoff();
    retryAt = Date.now() + wait;
    o.tracked.set('down', lastError);
    o.onDown?.(lastError);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!closed && !current && !opening) open().catch(() => {});
    }, wait);
    timer.unref();
  };

  const open = (): Promise<C> => {
    o.tracked.set('connecting');
    const p = o.open().then(
      (c) => {
        opening = null;
        if (closed) {
          void o.shut(c).catch(() => {});
          throw new BrokerUnavailableError('broker client closed');
        }
        current = c;
        failures = 0;
        o.tracked.set('connected', null);
        return c;
      },
      (err: unknown) => {
        opening = null;
        down(err);
        throw new BrokerUnavailableError(lastError);
      },
    );
    opening = p;
    return p;
  };

  return {
    get() {
      if (closed) return Promise.reject(new BrokerUnavailableError('broker client closed'));
      if (current) return Promise.resolve(current);
      if (opening) return opening;
      const wait = retryAt - Date.now();
      if (wait > 0)
        return Promise.reject(
          new BrokerUnavailableError(`${lastError} (reconnecting in ${(wait / 1000).toFixed(1)} s)`),
        );
      return open();
    },
    lost(c, err) {
      if (current !== c) return;
      current = null;
      void o.shut(c).catch(() => {});
      if (!closed) down(err);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = current ?? (await opening?.catch(() => null)) ?? null;
      current = null;
      if (c) await o.shut(c).catch(() => {});
      o.tracked.remove();
    },
  };
}
