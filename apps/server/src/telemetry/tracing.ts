import {
  type Attributes,
  defaultTextMapGetter,
  defaultTextMapSetter,
  type Context as OtelContext,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { version } from '../version.ts';

export { type OtelContext, type Span, SpanKind, SpanStatusCode };

/**
 * OpenTelemetry tracing, off unless HERALD_OTLP_ENDPOINT names an OTLP/HTTP collector. Spans are made
 * with explicit parents (no global provider, no async-context hooks): the request span, the outbox
 * transaction under it, and each attempt under the outbox span of its message, whose W3C
 * `traceparent` is stored on the message. Off, the tracer is OpenTelemetry's no-op one and nothing is
 * stored or sent.
 */
export interface Tracing {
  readonly enabled: boolean;
  readonly tracer: Tracer;
  /** the W3C traceparent of `ctx`'s span; null when tracing is off or there is none */
  traceparent(ctx: OtelContext): string | null;
  /** the context a traceparent header value names (the root context for none or a bad one) */
  fromTraceparent(value: string | string[] | null | undefined): OtelContext;
  /** `span` as the parent of what follows */
  contextOf(span: Span, parent?: OtelContext): OtelContext;
  /** Flushes the spans still buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();

export function createTracing(opts: { endpoint?: string | undefined; serviceName: string }): Tracing {
  const common = {
    fromTraceparent(value: string | string[] | null | undefined) {
      const header = Array.isArray(value) ? value[0] : value;
      if (!header) return ROOT_CONTEXT;
      return propagator.extract(ROOT_CONTEXT, { traceparent: header }, defaultTextMapGetter);
    },
    contextOf: (span: Span, parent: OtelContext = ROOT_CONTEXT) => trace.setSpan(parent, span),
  };
  if (!opts.endpoint) {
    return {
      enabled: false,
      // no provider registered: the API's no-op tracer
      tracer: trace.getTracer('herald', version),
      traceparent: () => null,
      ...common,
      shutdown: async () => {},
    };
  }
  const url = `${opts.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName, 'service.version': version }),
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }), scheduledDelayMillis: 1000 }),
    ],
  });
  return {
    enabled: true,
    tracer: provider.getTracer('herald', version),
    traceparent(ctx) {
      const carrier: Record<string, string> = {};
      propagator.inject(ctx, carrier, defaultTextMapSetter);
      return carrier.traceparent ?? null;
    },
    ...common,
    shutdown: () => provider.shutdown().catch(() => {}),
  };
}

/** Runs `fn` inside a span under `parent`; the span ends with `fn`, marked as an error if it throws. */
export async function inSpan<T>(
  tracing: Tracing,
  name: string,
  opts: { parent?: OtelContext | undefined; kind?: SpanKind; attributes?: Attributes },
  fn: (span: Span, ctx: OtelContext) => Promise<T>,
): Promise<T> {
  const parent = opts.parent ?? ROOT_CONTEXT;
  const span = tracing.tracer.startSpan(
    name,
    { kind: opts.kind ?? SpanKind.INTERNAL, ...(opts.attributes ? { attributes: opts.attributes } : {}) },
    parent,
  );
  try {
    return await fn(span, tracing.contextOf(span, parent));
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}
