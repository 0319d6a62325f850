import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from './helpers/api.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { type Receiver, startReceiver } from './helpers/receiver.ts';

// OpenTelemetry against a local OTLP/HTTP receiver that records every span it is sent: the publish
// request (continuing the caller's traceparent), the outbox transaction under it, and each attempt
// under that, with endpoint and status; the attempt's traceparent reaches the webhook receiver.

interface RecordedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  status: { code?: number };
  attributes: Record<string, unknown>;
  service: unknown;
}

/** OTLP/JSON ids are hex, or base64 in some encoders: always hex here. */
const hex = (id: unknown) =>
  typeof id !== 'string' || id === ''
    ? ''
    : /^[0-9a-f]+$/.test(id)
      ? id
      : Buffer.from(id, 'base64').toString('hex');

function attrs(list: Array<{ key: string; value: Record<string, unknown> }> = []) {
  return Object.fromEntries(
    list.map(({ key, value }) => {
      const v = value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.intValue;
      return [key, typeof v === 'string' && value.intValue !== undefined ? Number(v) : v];
    }),
  );
}

async function startCollector() {
  const spans: RecordedSpan[] = [];
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) {
        const service = attrs(rs.resource?.attributes)['service.name'];
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              traceId: hex(s.traceId),
              spanId: hex(s.spanId),
              parentSpanId: hex(s.parentSpanId),
              name: s.name,
              kind: s.kind,
              status: s.status ?? {},
              attributes: attrs(s.attributes),
              service,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    paths,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let collector: Awaited<ReturnType<typeof startCollector>>;
let h: TestHerald;
let ok: Receiver;
let failing: Receiver;
beforeAll(async () => {
  collector = await startCollector();
  h = await startTestHerald({
    HERALD_OTLP_ENDPOINT: collector.url,
    HERALD_TRACEPARENT_TO_RECEIVERS: 'true',
    HERALD_OTEL_SERVICE_NAME: 'herald-test',
    HERALD_RETRY_SCHEDULE: '0',
    HERALD_RETRY_JITTER: '0',
  });
  ok = await startReceiver();
  failing = await startReceiver(() => ({ status: 500 }));
});
afterAll(async () => {
  await h?.stop();
  await ok?.close();
  await failing?.close();
  await collector?.close();
});

describe('OpenTelemetry tracing', () => {
  it('publish request -> outbox transaction -> each attempt, in one trace, with endpoint and status', async () => {
    const { newApp, newEndpoint } = resources(h);
    const app = await newApp();
    const good = await newEndpoint(app.id, `${ok.url}?token=receiver-secret`);
    const bad = await newEndpoint(app.id, failing.url);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const res = await h.api(
      'POST',
      `/v1/apps/${app.id}/messages`,
      { eventType: 'order.paid', payload: { n: 1 } },
      { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } },
    );
    expect(res.status).toBe(202);
    const msg = res.body.id as string;
    const [received] = await ok.waitFor(1);
    await failing.waitFor(2);

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    await eventually(async () => inTrace().filter((s) => s.name === 'herald.attempt').length >= 3, 15_000);
    const spans = inTrace();
    const request = spans.find((s) => s.name === 'POST /v1/apps/:app/messages')!;
    expect(request).toMatchObject({
      parentSpanId: callerSpan,
      kind: 2, // SERVER
      service: 'herald-test',
      attributes: expect.objectContaining({
        'http.route': '/v1/apps/:app/messages',
        'http.response.status_code': 202,
      }),
    });
    const outbox = spans.find((s) => s.name === 'herald.outbox')!;
    expect(outbox.parentSpanId).toBe(request.spanId);
    expect(outbox.attributes).toMatchObject({
      'herald.message.id': msg,
      'herald.deliveries': 2,
      'herald.app.id': app.id,
    });

    const attempts = spans.filter((s) => s.name === 'herald.attempt');
    for (const a of attempts) {
      expect(a.parentSpanId).toBe(outbox.spanId);
      expect(a.kind).toBe(3); // CLIENT
      expect(a.attributes['herald.message.id']).toBe(msg);
    }
    const toGood = attempts.filter((a) => a.attributes['herald.endpoint.id'] === good.id);
    const toBad = attempts.filter((a) => a.attributes['herald.endpoint.id'] === bad.id);
    expect(toGood).toHaveLength(1);
    expect(toGood[0]!.attributes).toMatchObject({
      'http.response.status_code': 200,
      'herald.attempt.status': 'succeeded',
    });
    expect(toGood[0]!.status.code ?? 0).not.toBe(2);
    // the receiver's token stays out of the span
    expect(toGood[0]!.attributes['url.full']).toBe(ok.url);
    expect(toBad.map((a) => a.attributes['herald.attempt']).sort()).toEqual([1, 2]);
    for (const a of toBad) {
      expect(a.attributes).toMatchObject({
        'http.response.status_code': 500,
        'herald.attempt.status': 'failed',
      });
      expect(a.status.code).toBe(2); // ERROR
    }

    // the receiver got the attempt's traceparent
    expect(received!.headers.traceparent).toBe(`00-${traceId}-${toGood[0]!.spanId}-01`);
    expect(collector.paths.every((p) => p.startsWith('POST /v1/traces application/json'))).toBe(true);
  });

  it('starts a trace of its own when the caller sends none', async () => {
    const { newApp, newEndpoint, publish } = resources(h);
    const app = await newApp();
    await newEndpoint(app.id, ok.url);
    const before = ok.requests.length;
    const msg = await publish(app.id, { eventType: 'a.b', payload: {} });
    const [got] = (await ok.waitFor(before + 1)).slice(before);
    const traceparent = String(got!.headers.traceparent);
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceId = traceparent.split('-')[1]!;
    const spans = await eventually(async () => {
      const s = collector.spans.filter((x) => x.traceId === traceId);
      return s.length >= 3 && s;
    }, 15_000);
    const request = spans.find((s) => s.name === 'POST /v1/apps/:app/messages')!;
    expect(request.parentSpanId).toBe('');
    expect(spans.find((s) => s.name === 'herald.attempt')!.attributes['herald.message.id']).toBe(msg.id);
  });
});
