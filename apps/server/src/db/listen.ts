import pg from 'pg';

export interface Listener {
  close(): Promise<void>;
}

/**
 * A dedicated connection LISTENing on `channel`; reconnects after a loss (PostgreSQL restart) and
 * calls `onReconnect` once listening again, since notifications sent meanwhile were missed.
 */
export async function listen(
  databaseUrl: string,
  channel: string,
  onNotify: (payload: string) => void,
  opts: { onReconnect?: () => void; onLost?: (err: unknown) => void } = {},
): Promise<Listener> {
  let client: pg.Client | null = null;
  let closed = false;
  const retry = () => {
    if (!closed) setTimeout(() => void connect(), 1000).unref();
  };
  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: databaseUrl, application_name: `herald-listen-${channel}` });
    c.on('notification', (n) => onNotify(n.payload ?? ''));
    c.on('error', (err) => {
      opts.onLost?.(err);
      if (client === c) client = null;
      c.end().catch(() => {});
      retry();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      opts.onReconnect?.();
    } catch (err) {
      opts.onLost?.(err);
      await c.end().catch(() => {});
      retry();
    }
  };
  await connect();
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
