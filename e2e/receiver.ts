import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A webhook receiver on 127.0.0.1 that records every request. It answers `status` (200 unless
 * changed), so a test can make an endpoint fail and then fix it.
 */
export async function startReceiver() {
  const requests: Received[] = [];
  const state = { status: 200 };
  const byPath = new Map<string, Answer>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fixed = byPath.get(new URL(req.url ?? '/', 'http://x').pathname);
      const status = fixed?.status ?? state.status;
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      if (fixed) {
        res.writeHead(status, fixed.headers ?? {});
        res.end(fixed.body ?? '');
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(status < 300 ? { received: true } : { error: 'receiver is failing on purpose' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    requests,
    respondWith(status: number) {
      state.status = status;
    },
    /** `${url}/<name>`, which always gives this answer (another endpoint on the same receiver). */
    at(name: string, answer: Answer) {
      byPath.set(`/webhooks/${name}`, answer);
      return `http://127.0.0.1:${port}/webhooks/${name}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
