/**
 * RabbitMQ (AMQP 0-9-1) destinations with amqplib: one connection per broker URL, one confirm channel per
 * exchange on it (a channel the broker closes, e.g. for a missing exchange, takes only its own publishes
 * down). Every publish is `mandatory`: a message no queue takes comes back (basic.return) and the
 * attempt fails, instead of vanishing; success is the publisher confirm (basic.ack) without a return.
 */
import type { EndpointDestination } from '@herald/contracts';
import amqp from 'amqplib';
import { createLink, type Link } from './link.ts';
import { type BrokerMessage, errorText, type Publisher, within } from './publisher.ts';
import { trackConnection } from './state.ts';
import { maskUrl, redact, secretsOf } from './urls.ts';

type AmqpDestination = Extract<EndpointDestination, { type: 'amqp' }>;

interface Channel {
  ch: amqp.ConfirmChannel;
  /** basic.return seen for (exchange, routing key, message id), waiting for its confirm */
  returned: Map<string, { code: number; text: string; n: number }>;
  /** why the broker closed it, once it has */
  closedBy: string | null;
}

interface Conn {
  model: amqp.ChannelModel;
  channels: Map<string, Promise<Channel>>;
}

const returnKey = (exchange: string, routingKey: string, id: string | undefined) =>
  `${exchange}\u0000${routingKey}\u0000${id ?? ''}`;

export function createAmqpPublisher(url: string, connectTimeoutMs: number): Publisher<AmqpDestination> {
  const secrets = secretsOf({ type: 'amqp', url, exchange: '', routingKey: '' });
  const describe = (err: unknown) => redact(errorText(err), secrets);
  const tracked = trackConnection('amqp', 'destination', maskUrl(url, 'amqp'));

  const link: Link<Conn> = createLink<Conn>({
    tracked,
    describe,
    async open() {
      // heartbeats find a dead TCP connection in ~2 intervals instead of the OS's minutes
      const u = new URL(url);
      if (!u.searchParams.has('heartbeat')) u.searchParams.set('heartbeat', '10');
      const model = await amqp.connect(u.toString(), { timeout: connectTimeoutMs });
      const conn: Conn = { model, channels: new Map() };
      model.on('error', () => {}); // 'close' follows with the reason
      model.on('close', (err?: Error) => link.lost(conn, err ?? new Error('connection closed')));
      model.on('blocked', (reason: string) => tracked.set('connected', `blocked by the broker: ${reason}`));
      model.on('unblocked', () => tracked.set('connected', null));
      return conn;
    },
    shut: (c) => c.model.close(),
  });

  const channelFor = (conn: Conn, exchange: string): Promise<Channel> => {
    let p = conn.channels.get(exchange);
    if (!p) {
      p = conn.model.createConfirmChannel().then((ch) => {
        const channel: Channel = { ch, returned: new Map(), closedBy: null };
        ch.on('return', (msg: amqp.Message) => {
          const f = msg.fields as amqp.MessageFields & { replyCode?: number; replyText?: string };
          const k = returnKey(f.exchange, f.routingKey, msg.properties.messageId);
          const seen = channel.returned.get(k);
          if (seen) seen.n++;
          else channel.returned.set(k, { code: f.replyCode ?? 312, text: f.replyText ?? 'NO_ROUTE', n: 1 });
        });
        ch.on('error', (err: Error) => {
          channel.closedBy = describe(err);
        });
        ch.on('close', () => {
          if (conn.channels.get(exchange) === p) conn.channels.delete(exchange);
        });
        return channel;
      });
      p.catch(() => conn.channels.delete(exchange));
      conn.channels.set(exchange, p);
    }
    return p;
  };

  return {
    async publish(d, m: BrokerMessage, timeoutMs) {
      const started = Date.now();
      const conn = await within(link.get(), timeoutMs, 'connecting to RabbitMQ');
      const channel = await within(channelFor(conn, d.exchange), timeoutMs, 'opening a RabbitMQ channel');
      const key = returnKey(d.exchange, d.routingKey, m.id);
      const confirmed = new Promise<void>((resolve, reject) => {
        try {
          channel.ch.publish(
            d.exchange,
            d.routingKey,
            Buffer.from(m.body),
            {
              mandatory: true,
              persistent: true,
              contentType: 'application/json',
              messageId: m.id,
              timestamp: m.timestamp,
              type: m.eventType,
              headers: m.headers,
            },
            (err: unknown) => {
              // the return of an unroutable message always arrives before its confirm
              const back = channel.returned.get(key);
              if (back && --back.n === 0) channel.returned.delete(key);
              if (err) {
                reject(new Error(channel.closedBy ?? describe(err)));
              } else if (back) {
                reject(
                  new Error(
                    `unroutable: no queue is bound to exchange "${d.exchange}" for routing key "${d.routingKey}" (${back.code} ${back.text})`,
                  ),
                );
              } else resolve();
            },
          );
        } catch (err) {
          reject(new Error(describe(err)));
        }
      });
      await within(confirmed, Math.max(1, timeoutMs - (Date.now() - started)), 'RabbitMQ publish');
      return `confirmed by RabbitMQ (exchange "${d.exchange}", routing key "${d.routingKey}")`;
    },
    connect: () => void link.get().catch(() => {}),
    close: () => link.close(),
  };
}
