import pg from 'pg';
import { CONNECT_TIMEOUT_MS } from './pool.ts';

export interface Listener {
  close(): Promise<void>;
}

/** Reconnect attempts back off from the first delay to the last, doubling. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * A dedicated connection LISTENing on `channel`. It never throws: a connection that cannot be made or
 * is lost (PostgreSQL restart, pg_terminate_backend) is retried with a backoff until close().
 * `onLost` is called once per outage, `onReconnect` once listening again, since notifications sent
 * meanwhile were missed.
 */
export async function listen(
  databaseUrl: string,
  channel: string,
  onNotify: (payload: string) => void,
  opts: { onReconnect?: () => void; onLost?: (err: unknown) => void } = {},
): Promise<Listener> {
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  /** Between a failure and the next connection: only the first failure of an outage is reported. */
  let down = false;

  const lost = (err: unknown) => {
    if (closed) return;
    if (!down) opts.onLost?.(err);
    down = true;
    if (timer) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void connect();
      },
      Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures++),
    );
    timer.unref();
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    let c: pg.Client | undefined;
    // a failure both rejects what is running and emits 'error': handle each connection's end once
    let ended = false;
    const end = (err: unknown) => {
      if (ended) return;
      ended = true;
      if (client === c) client = null;
      c?.end().catch(() => {});
      lost(err);
    };
    try {
      c = new pg.Client({
        connectionString: databaseUrl,
        application_name: `herald-listen-${channel}`,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      });
      c.on('error', end);
      c.on('notification', (n) => onNotify(n.payload ?? ''));
      await c.connect();
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
    } catch (err) {
      return end(err);
    }
    if (ended) return;
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    failures = 0;
    if (down) {
      down = false;
      opts.onReconnect?.();
    }
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
