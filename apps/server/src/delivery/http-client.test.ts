import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, type HttpClientOptions, parseRetryAfter } from './http-client.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: string;
}

interface TestServer {
  port: number;
  url: string;
  requests: Received[];
  connections: () => number;
  close: () => Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A real HTTP server on 127.0.0.1. `respond` runs after the request body has been read; it may
 * leave the response hanging.
 */
async function startServer(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const requests: Received[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      respond(req, res);
    });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(close);
  return { port, url: `http://127.0.0.1:${port}/hook`, requests, connections: () => connections, close };
}

function client(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const c = createHttpClient({
    allowPrivateNetworks: true,
    timeoutMs: 5_000,
    responseBodyLimit: 64 * 1024,
    userAgent: 'Herald-Test/1.0',
    ...overrides,
  });
  cleanups.push(() => c.close());
  return c;
}

/** A fake DNS that only ever answers with loopback addresses, so no test can reach the outside. */
function fakeLookup(answers: string[]) {
  for (const ip of answers) {
    if (!ip.startsWith('127.0.0.')) throw new Error(`test lookup must only return 127.0.0.x, got ${ip}`);
  }
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    calls.push(hostname);
    const list = answers.map((address) => ({ address, family: isIP(address) }));
    if (options.all) callback(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  };
  return { lookup, calls };
}

const send = (c: HttpClient, url: string, body = '{"type":"test"}', headers: Record<string, string> = {}) =>
  c.send({ url, body, headers: { 'content-type': 'application/json', ...headers } });

describe('createHttpClient: responses', () => {
  it('POSTs body and headers and reports a 2xx as ok', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain', 'x-receiver': 'yes' }).end('created ✓');
    });
    const result = await send(client(), server.url, '{"hello":"wörld"}', { 'webhook-id': 'msg_1' });

    expect(result).toMatchObject({
      statusCode: 201,
      ok: true,
      responseBody: 'created ✓',
      truncated: false,
      error: null,
      errorCode: null,
      retryAfterSeconds: null,
    });
    expect(result.headers['content-type']).toBe('text/plain');
    expect(result.headers['x-receiver']).toBe('yes');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);

    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    expect(received!.method).toBe('POST');
    expect(received!.url).toBe('/hook');
    expect(received!.body).toBe('{"hello":"wörld"}');
    expect(received!.headers['user-agent']).toBe('Herald-Test/1.0');
    expect(received!.headers['content-type']).toBe('application/json');
    expect(received!.headers['webhook-id']).toBe('msg_1');
  });

  it('lets a caller header replace the user-agent without sending it twice', async () => {
    const server = await startServer((_req, res) => res.end());
    await send(client(), server.url, '{}', { 'User-Agent': 'Custom/2' });
    const names = server.requests[0]!.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    expect(names.filter((n) => n === 'user-agent')).toHaveLength(1);
    expect(server.requests[0]!.headers['user-agent']).toBe('Custom/2');
  });

  it('reuses one keep-alive connection for sequential sends to the same origin', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const c = client();
    for (let i = 0; i < 3; i++) {
      expect((await send(c, server.url)).ok).toBe(true);
      // undici's pool marks a connection free again on a later tick; back-to-back sends in the same
      // tick would legitimately open a second one.
      await sleep(5);
    }
    expect(server.requests).toHaveLength(3);
    expect(server.connections()).toBe(1);
  });

  it('reports a 500 as not ok and captures its body', async () => {
    const server = await startServer((_req, res) => res.writeHead(500).end('database on fire'));
    const result = await send(client(), server.url);
    expect(result).toMatchObject({
      statusCode: 500,
      ok: false,
      responseBody: 'database on fire',
      error: null,
      errorCode: null,
    });
  });

  it('does not follow a 301: not ok, and the redirect target receives nothing', async () => {
    const target = await startServer((_req, res) => res.end('should not be reached'));
    const server = await startServer((_req, res) => res.writeHead(301, { location: target.url }).end());
    const result = await send(client(), server.url);
    expect(result).toMatchObject({ statusCode: 301, ok: false, error: null, errorCode: null });
    expect(result.headers['location']).toBe(target.url);
    expect(target.requests).toHaveLength(0);
    expect(target.connections()).toBe(0);
  });

  it('times out within about timeoutMs when the receiver never answers', async () => {
    const server = await startServer(() => {});
    const result = await send(client({ timeoutMs: 300 }), server.url);
    expect(result).toMatchObject({ statusCode: null, ok: false, errorCode: 'timeout' });
    expect(result.error).toBe('timed out after 300 ms waiting for the response');
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(1_500);
    expect(server.requests).toHaveLength(1);
  });

  it('the timeout also covers a body that stalls after the headers', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const result = await send(client({ timeoutMs: 300 }), server.url);
    expect(result).toMatchObject({
      statusCode: 200,
      ok: false,
      errorCode: 'timeout',
      responseBody: 'partial',
    });
    expect(result.error).toMatch(/reading the response body/);
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it('keeps exactly responseBodyLimit bytes of a larger body and marks it truncated', async () => {
    const server = await startServer((_req, res) => res.end('x'.repeat(100_000)));
    const result = await send(client({ responseBodyLimit: 1_000 }), server.url);
    expect(result.statusCode).toBe(200);
    expect(result.ok).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.responseBody).toBe('x'.repeat(1_000));
  });

  it('a body of exactly the limit is not truncated', async () => {
    const server = await startServer((_req, res) => res.end('y'.repeat(1_000)));
    const result = await send(client({ responseBodyLimit: 1_000 }), server.url);
    expect(result.truncated).toBe(false);
    expect(result.responseBody).toBe('y'.repeat(1_000));
  });

  it('stops reading an endless body: returns at the limit and the server sees the connection close', async () => {
    let serverClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      serverClosed = resolve;
    });
    let finished = false;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'z');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => {
        finished = res.writableFinished;
        serverClosed();
      });
      pump();
    });
    const result = await send(client({ responseBodyLimit: 4_096, timeoutMs: 10_000 }), server.url);
    expect(result).toMatchObject({ statusCode: 200, ok: true, truncated: true, error: null });
    expect(result.responseBody).toBe('z'.repeat(4_096));
    await closed;
    expect(finished).toBe(false);
  });

  it('parses Retry-After given as delta-seconds', async () => {
    const server = await startServer((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    const result = await send(client(), server.url);
    expect(result).toMatchObject({ statusCode: 429, ok: false, retryAfterSeconds: 120 });
  });

  it('parses Retry-After given as an HTTP date', async () => {
    const date = new Date(Date.now() + 90_000).toUTCString();
    const server = await startServer((_req, res) => res.writeHead(503, { 'retry-after': date }).end());
    const result = await send(client(), server.url);
    expect(result.statusCode).toBe(503);
    expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(88);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(91);
  });

  it('reports connection refused as errorCode "connection"', async () => {
    const server = await startServer(() => {});
    const { port } = server;
    await server.close();
    const result = await send(client(), `http://127.0.0.1:${port}/`);
    expect(result).toMatchObject({ statusCode: null, ok: false, errorCode: 'connection' });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('refuses URLs that are not http or https', async () => {
    const c = client();
    for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', '']) {
      const result = await send(c, url);
      expect(result, url).toMatchObject({ statusCode: null, ok: false, errorCode: 'invalid_url' });
      expect(result.error).toBeTruthy();
    }
  });

  it('resolves names through the injected lookup', async () => {
    const server = await startServer((_req, res) => res.end('via fake dns'));
    const dns = fakeLookup(['127.0.0.1']);
    const result = await send(client({ lookup: dns.lookup }), `http://rebind.test:${server.port}/hook`);
    expect(result).toMatchObject({ statusCode: 200, ok: true, responseBody: 'via fake dns' });
    expect(dns.calls).toEqual(['rebind.test']);
    expect(server.requests[0]!.headers.host).toBe(`rebind.test:${server.port}`);
  });

  it('close() closes the agent; later sends fail without throwing', async () => {
    const server = await startServer((_req, res) => res.end());
    const c = createHttpClient({
      allowPrivateNetworks: true,
      timeoutMs: 1_000,
      responseBodyLimit: 10,
      userAgent: 'x',
    });
    expect((await send(c, server.url)).ok).toBe(true);
    await c.close();
    const result = await send(c, server.url);
    expect(result).toMatchObject({ statusCode: null, ok: false, errorCode: 'connection' });
  });
});

describe('createHttpClient: SSRF guard (allowPrivateNetworks=false)', () => {
  const guarded = (overrides: Partial<HttpClientOptions> = {}) =>
    client({ allowPrivateNetworks: false, ...overrides });

  it('blocks an IPv4 loopback literal; the server receives nothing', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await send(guarded(), `http://127.0.0.1:${server.port}/`);
    expect(result).toMatchObject({ statusCode: null, ok: false, errorCode: 'blocked' });
    expect(result.error).toBe(
      'destination 127.0.0.1 is not allowed: loopback address (set HERALD_ALLOW_PRIVATE_NETWORKS=true to allow)',
    );
    expect(server.connections()).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('blocks an IPv4-mapped IPv6 literal', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await send(guarded(), `http://[::ffff:127.0.0.1]:${server.port}/`);
    expect(result.errorCode).toBe('blocked');
    expect(result.error).toMatch(/loopback address/);
    expect(server.connections()).toBe(0);
  });

  it('blocks decimal, hex and octal IPv4 forms', async () => {
    const server = await startServer((_req, res) => res.end());
    const c = guarded();
    for (const host of ['2130706433', '0x7f.1', '0177.0.0.1', '0x7f000001']) {
      const result = await send(c, `http://${host}:${server.port}/`);
      expect(result.errorCode, host).toBe('blocked');
      // The WHATWG URL parser normalises all of these to 127.0.0.1 before the connector sees them.
      expect(result.error).toMatch(/^destination 127\.0\.0\.1 is not allowed: loopback address/);
    }
    expect(server.connections()).toBe(0);
  });

  it('blocks a hostname whose DNS answer is loopback (DNS rebinding)', async () => {
    const server = await startServer((_req, res) => res.end());
    const dns = fakeLookup(['127.0.0.1']);
    const result = await send(guarded({ lookup: dns.lookup }), `http://rebind.test:${server.port}/`);
    expect(result).toMatchObject({ statusCode: null, ok: false, errorCode: 'blocked' });
    expect(result.error).toBe(
      'destination rebind.test (127.0.0.1) is not allowed: loopback address (set HERALD_ALLOW_PRIVATE_NETWORKS=true to allow)',
    );
    expect(dns.calls).toEqual(['rebind.test']);
    expect(server.connections()).toBe(0);
  });

  it('blocks when any of several DNS answers is forbidden', async () => {
    const server = await startServer((_req, res) => res.end());
    const dns = fakeLookup(['127.0.0.2', '127.0.0.1']);
    const result = await send(guarded({ lookup: dns.lookup }), `http://multi.test:${server.port}/`);
    expect(result.errorCode).toBe('blocked');
    expect(server.connections()).toBe(0);
  });

  it('blocks "localhost" resolved by the system resolver', async () => {
    const server = await startServer((_req, res) => res.end());
    const result = await send(guarded(), `http://localhost:${server.port}/`);
    expect(result.errorCode).toBe('blocked');
    expect(result.error).toMatch(/^destination localhost \(.+\) is not allowed: loopback address/);
    expect(server.connections()).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 3600 ', now)).toBe(3600);
  });

  it('reads the three HTTP-date formats relative to now, past dates as 0', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Thu Jan  1 00:00:30 2026', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('returns null when absent or invalid', () => {
    for (const value of [
      undefined,
      '',
      '-5',
      '1.5',
      '5.5',
      'soon',
      '2026-01-01T00:02:00Z',
      'Thu, 01 Jan 2026 00:02:00',
    ]) {
      expect(parseRetryAfter(value, now), String(value)).toBeNull();
    }
  });
});
