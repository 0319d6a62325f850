import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  headers: IncomingHttpHeaders;
  /** the raw body as sent, byte for byte (signatures are over these bytes) */
  body: string;
  path: string;
  at: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** wait this long before answering (a slow receiver) */
  delayMs?: number;
}

/**
 * A real HTTP receiver on 127.0.0.1 that records every request (Svix's TestReceiver). `respond` picks
 * the answer to the nth request (1-based); the default is 200.
 */
export async function startReceiver(respond: (n: number, r: Received) => Reply = () => ({})) {
  const requests: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        path: req.url ?? '/',
        at: Date.now(),
      };
      requests.push(r);
      for (const w of waiters.splice(0)) w();
      const reply = respond(requests.length, r);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, reply.headers ?? {});
        res.end(reply.body ?? 'ok');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhook`,
    requests,
    /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
    async waitFor(count: number, timeoutMs = 15_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`receiver got ${requests.length} of ${count} requests in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return requests.slice(0, count);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Verifies a received request with the official Standard Webhooks library; returns the parsed body. */
export function verifyWithStandardWebhooks(
  secret: string,
  r: Received,
): { type: string; timestamp: string; data: unknown } {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) if (typeof v === 'string') headers[k] = v;
  return new Webhook(secret).verify(r.body, headers) as { type: string; timestamp: string; data: unknown };
}
