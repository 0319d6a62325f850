/**
 * Redis Streams destinations with ioredis: one client per URL, which reconnects by itself with a
 * backoff. XADD writes the body in the field `body` and each header as a field of its own name; the
 * entry id in the reply is the confirmation. No offline queue: while disconnected a publish fails at once.
 */
import type { EndpointDestination } from '@herald/contracts';
import { Redis } from 'ioredis';
import { errorText, type Publisher, within } from './publisher.ts';
import { trackConnection } from './state.ts';
import { maskUrl, redact, secretsOf } from './urls.ts';

type RedisDestination = Extract<EndpointDestination, { type: 'redis' }>;

export function createRedisPublisher(url: string, connectTimeoutMs: number): Publisher<RedisDestination> {
  const secrets = secretsOf({ type: 'redis', url, stream: 'x' });
  const describe = (err: unknown) => redact(errorText(err), secrets);
  const tracked = trackConnection('redis', 'destination', maskUrl(url, 'redis'));
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    // 250 ms doubling to 15 s, like the other brokers (link.ts)
    retryStrategy: (times) => Math.min(15_000, 250 * 2 ** Math.min(times - 1, 6)),
  });
  client.on('ready', () => tracked.set('connected', null));
  client.on('error', (err) => tracked.set('down', describe(err)));
  client.on('close', () => tracked.set('down', 'connection closed; reconnecting'));
  client.on('end', () => tracked.set('down'));
  let connecting: Promise<void> | null = client.connect().catch(() => {});
  void connecting.then(() => {
    connecting = null;
  });

  return {
    async publish(d, m, timeoutMs) {
      if (connecting) await within(connecting, timeoutMs, 'connecting to Redis');
      const fields: string[] = ['body', m.body];
      for (const [k, v] of Object.entries(m.headers)) fields.push(k, v);
      const trim = d.maxLen ? ['MAXLEN', '~', String(d.maxLen)] : [];
      try {
        const id = await within(
          client.call('XADD', d.stream, ...trim, '*', ...fields),
          timeoutMs,
          'Redis XADD',
        );
        return `entry ${id}`;
      } catch (err) {
        throw new Error(describe(err));
      }
    },
    // the client connects when made, and reconnects by itself
    connect: () => {},
    async close() {
      tracked.remove();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
