/**
 * NATS JetStream destinations: one connection per server URL (the client reconnects by itself; a first
 * connect that fails backs off in link.ts), publishes through JetStream so the stream's ack confirms
 * each one. The message id (`Nats-Msg-Id` = webhook-id) lets the stream drop a repeat inside its
 * duplicate window: the ack then says `duplicate`, and the attempt still succeeds.
 */
import type { EndpointDestination } from '@herald/contracts';
import { type JetStreamClient, jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import { createLink, type Link } from './link.ts';
import { errorText, type Publisher, within } from './publisher.ts';
import { trackConnection } from './state.ts';
import { maskUrl, redact, secretsOf } from './urls.ts';

type NatsDestination = Extract<EndpointDestination, { type: 'nats' }>;

interface Conn {
  nc: NatsConnection;
  js: JetStreamClient;
}

export function createNatsPublisher(url: string, connectTimeoutMs: number): Publisher<NatsDestination> {
  const secrets = secretsOf({ type: 'nats', url, subject: 'x' });
  const describe = (err: unknown) => redact(errorText(err), secrets);
  const tracked = trackConnection('nats', 'destination', maskUrl(url, 'nats'));

  const link: Link<Conn> = createLink<Conn>({
    tracked,
    describe,
    async open() {
      const u = new URL(url);
      const nc = await connect({
        servers: `${u.protocol === 'tls:' ? 'tls://' : ''}${u.host}`,
        ...(u.password
          ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
          : u.username
            ? { token: decodeURIComponent(u.username) }
            : {}),
        ...(u.protocol === 'tls:' ? { tls: {} } : {}),
        name: 'herald',
        timeout: connectTimeoutMs,
        reconnect: true,
        maxReconnectAttempts: -1,
        // a publish made while disconnected waits in the client's buffer; its attempt fails with the
        // timeout, and should it still go out on reconnect the stream drops the repeat (same msgID)
        reconnectTimeWait: 500,
      });
      const conn: Conn = { nc, js: jetstream(nc) };
      void (async () => {
        for await (const s of nc.status()) {
          if (s.type === 'disconnect') tracked.set('down', 'disconnected; reconnecting');
          else if (s.type === 'reconnect') tracked.set('connected', null);
          else if (s.type === 'error') tracked.set('down', describe((s as { error?: unknown }).error));
        }
      })().catch(() => {});
      void nc.closed().then((err) => link.lost(conn, err ?? new Error('connection closed')));
      return conn;
    },
    shut: (c) => c.nc.close(),
  });

  return {
    async publish(d, m, timeoutMs) {
      const { js } = await within(link.get(), timeoutMs, 'connecting to NATS');
      const h = natsHeaders();
      for (const [k, v] of Object.entries(m.headers)) h.set(k, v);
      try {
        const ack = await js.publish(d.subject, m.body, { msgID: m.id, headers: h, timeout: timeoutMs });
        return `stream ${ack.stream} seq ${ack.seq}${ack.duplicate ? ' (duplicate: already stored)' : ''}`;
      } catch (err) {
        const text = describe(err);
        // JetStream answers a publish through the stream that captures its subject; none did
        if (/no responders/i.test(text))
          throw new Error(`no JetStream stream captures subject "${d.subject}" (no responders)`);
        throw new Error(text);
      }
    },
    connect: () => void link.get().catch(() => {}),
    close: () => link.close(),
  };
}
