import { isIP } from 'node:net';
import type { EndpointDestination } from '@herald/contracts';
import type { BrokerClients } from '../brokers/clients.ts';
import { destinationHosts } from '../brokers/urls.ts';
import type { HttpClient, SendResult } from './http-client.ts';
import type { PreparedRequest } from './prepare.ts';
import { isForbiddenAddress } from './ssrf.ts';

/**
 * Early refusal of endpoint URLs that can only reach private networks (IP literals, localhost), so a
 * mistake shows up as a 422 at registration instead of failed attempts later. Names that resolve to
 * private addresses are still refused at connect time by the HTTP client.
 */
export function privateDestination(url: string): string | null {
  return privateHost(new URL(url).hostname);
}

/** The same early refusal for the hosts of a broker destination. */
export function privateBroker(d: EndpointDestination): string | null {
  for (const host of destinationHosts(d)) {
    const reason = privateHost(host);
    if (reason) return reason;
  }
  return null;
}

function privateHost(hostname: string): string | null {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost';
  if (isIP(host) === 0) return null;
  return isForbiddenAddress(host);
}

/** The send stage, for every kind of endpoint: a POST to its URL, or a publish to its broker. */
export interface Sender {
  send(req: PreparedRequest): Promise<SendResult>;
}

const BROKER_NAMES: Record<EndpointDestination['type'], string> = {
  amqp: 'RabbitMQ',
  kafka: 'Kafka',
  nats: 'NATS',
  redis: 'Redis',
};

/**
 * Sends HTTP endpoints' requests with `http` and broker endpoints' messages with `brokers`. A broker
 * attempt succeeds only on the broker's confirmation, within `timeoutMs` (the HTTP timeout); its
 * receipt is the attempt's response body, its error the attempt's error.
 */
export function createSender(http: HttpClient, brokers: BrokerClients, timeoutMs: number): Sender {
  return {
    async send(req) {
      const d = req.destination;
      if (!d) return http.send(req);
      const started = performance.now();
      const result = (fields: Partial<SendResult>): SendResult => ({
        statusCode: null,
        ok: false,
        responseBody: '',
        truncated: false,
        headers: {},
        error: null,
        errorCode: null,
        retryAfterSeconds: null,
        ...fields,
        durationMs: Math.round(performance.now() - started),
      });
      try {
        const receipt = await brokers.publish(
          d,
          {
            id: req.headers['webhook-id']!,
            eventType: req.eventType,
            timestamp: Number(req.headers['webhook-timestamp']),
            body: req.body,
            headers: req.headers,
          },
          timeoutMs,
        );
        return result({ ok: true, responseBody: receipt });
      } catch (err) {
        return result({ errorCode: 'broker', error: `${BROKER_NAMES[d.type]}: ${(err as Error).message}` });
      }
    },
  };
}
