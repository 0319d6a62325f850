import type { FastifyInstance } from 'fastify';
import {
  type OtelContext,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracing,
} from '../../telemetry/tracing.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** the request's span as a parent context (the root context when tracing is off) */
    otel?: OtelContext;
    otelSpan?: Span;
  }
}

/** Only the API and the inbound gateway: not the dashboard's files, health checks or metrics. */
const traced = (url: string) => url.startsWith('/v1/') || url.startsWith('/in/');

/**
 * A server span per API request, continuing the caller's trace when it sends a `traceparent`; named
 * by its route once routed, with its status. Services get the span as a parent (`req.otel`).
 */
export function traceRequests(app: FastifyInstance, tracing: Tracing): void {
  app.addHook('onRequest', async (req) => {
    if (!traced(req.url)) return;
    const parent = tracing.fromTraceparent(req.headers.traceparent);
    const span = tracing.tracer.startSpan(
      `${req.method} ${req.url.split('?')[0]}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'url.path': req.url.split('?')[0]!,
          'herald.request_id': req.id,
        },
      },
      parent,
    );
    req.otelSpan = span;
    req.otel = tracing.contextOf(span, parent);
  });
  app.addHook('onResponse', async (req, reply) => {
    const span = req.otelSpan;
    if (!span) return;
    const route = req.routeOptions.url;
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
