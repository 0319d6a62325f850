/**
 * The "send" stage of delivery: one POST to an endpoint URL, with a hard timeout, a bounded response
 * body and an SSRF guard (ssrf.ts). Network failures never throw; they come back as a SendResult.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { BlockedDestinationError, guardConnect, guardLookup } from './ssrf.ts';

export type SendErrorCode = 'timeout' | 'connection' | 'blocked' | 'invalid_url' | 'broker';

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SendResult {
  /** The response status; null when no response headers arrived. */
  statusCode: number | null;
  /** 2xx only, and only when the whole exchange finished without error. Redirects are not followed. */
  ok: boolean;
  /** At most responseBodyLimit bytes of the body, decoded as UTF-8. */
  responseBody: string;
  /** True when the body was longer than responseBodyLimit and the rest was discarded. */
  truncated: boolean;
  /** Response headers, lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  durationMs: number;
  /**
   * Human-readable failure, null when a complete response arrived. A timeout while reading the body
   * keeps the statusCode and partial body that did arrive, but sets error and errorCode 'timeout'.
   */
  error: string | null;
  errorCode: SendErrorCode | null;
  /** Retry-After as seconds from now (delta-seconds or HTTP-date); null if absent or invalid. */
  retryAfterSeconds: number | null;
}

export interface HttpClient {
  send(req: SendRequest): Promise<SendResult>;
  close(): Promise<void>;
  /** Aborts requests still in flight (their sends fail at once) and closes every connection. */
  destroy(): Promise<void>;
}

export interface HttpClientOptions {
  /** Allow loopback, private, link-local, ... destinations (HERALD_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks: boolean;
  /** Budget for the whole exchange: connect, headers and body. */
  timeoutMs: number;
  responseBodyLimit: number;
  userAgent: string;
  /** node:dns-style lookup; defaults to dns.lookup. Injectable so tests can fake DNS answers. */
  lookup?: LookupFunction;
}

function createAgent(options: HttpClientOptions): Agent {
  const lookup = options.lookup ?? (dnsLookup as LookupFunction);
  const connector = buildConnector({
    // The AbortSignal in send() bounds the whole exchange; this only stops a dangling connect.
    timeout: options.timeoutMs,
    // HTTP/1.1 only, like other webhook senders: one POST per delivery gains nothing from h2, and
    // predictable behaviour across receivers matters more.
    allowH2: false,
    lookup: options.allowPrivateNetworks ? lookup : guardLookup(lookup),
  });

  // One Agent for all sends: it keeps a keep-alive connection pool per origin.
  return new Agent({ connect: options.allowPrivateNetworks ? connector : guardConnect(connector) });
}

/**
 * Retry-After (RFC 9110 10.2.3) as whole seconds from now: delta-seconds, or an HTTP-date (IMF-fixdate,
 * RFC 850 or asctime; dates in the past give 0). Null when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, nowMs = Date.now()): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds : null;
  }
  // Only HTTP-date shapes: Date.parse alone would accept things like "5.5" as a date.
  const imfOrRfc850 = /^[A-Za-z]{3,9}, \d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT$/;
  const asctime = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]?\d \d{2}:\d{2}:\d{2} \d{4}$/;
  let when: number;
  if (imfOrRfc850.test(text)) when = Date.parse(text);
  else if (asctime.test(text)) when = Date.parse(`${text} GMT`);
  else return null;
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.ceil((when - nowMs) / 1000));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeError(
  err: unknown,
  timedOut: boolean,
  timeoutMs: number,
  gotResponse: boolean,
): { errorCode: SendErrorCode; error: string } {
  if (err instanceof BlockedDestinationError) return { errorCode: 'blocked', error: err.message };
  const code = (err as { code?: unknown } | null)?.code;
  if (
    timedOut ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    const phase = gotResponse ? 'reading the response body' : 'waiting for the response';
    return { errorCode: 'timeout', error: `timed out after ${timeoutMs} ms ${phase}` };
  }
  let message = err instanceof Error ? err.message : String(err);
  // net.connect with autoSelectFamily (e.g. "localhost" -> ::1 and 127.0.0.1) fails with an
  // AggregateError whose own message is empty; the per-address errors say what happened.
  if (err instanceof AggregateError && message === '') {
    message = err.errors.map((inner) => (inner instanceof Error ? inner.message : String(inner))).join('; ');
  }
  if (message === '') message = typeof code === 'string' ? code : 'unknown error';
  return {
    errorCode: 'connection',
    error: gotResponse
      ? `connection lost while reading the response body: ${message}`
      : `request failed: ${message}`,
  };
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { timeoutMs, responseBodyLimit, userAgent } = options;
  const agent = createAgent(options);

  async function send(req: SendRequest): Promise<SendResult> {
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

    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      // Not echoing the URL: it may carry credentials in its query string.
      return result({ errorCode: 'invalid_url', error: 'invalid URL' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return result({
        errorCode: 'invalid_url',
        error: `unsupported URL scheme "${url.protocol}": only http and https are allowed`,
      });
    }

    // Caller headers may override the default user-agent; names are lower-cased so that
    // "User-Agent" and "user-agent" do not both go out.
    const headers: Record<string, string> = { 'user-agent': userAgent };
    for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;

    const signal = AbortSignal.timeout(timeoutMs);
    let statusCode: number | null = null;
    let responseHeaders: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let received = 0;
    let truncated = false;
    const bodyText = () => Buffer.concat(chunks, received).toString('utf8');

    try {
      const response = await request(url, {
        dispatcher: agent,
        method: 'POST',
        headers,
        body: req.body,
        signal,
      });
      statusCode = response.statusCode;
      responseHeaders = flattenHeaders(response.headers);

      // Keep at most responseBodyLimit bytes. Leaving the loop early (break) destroys the stream,
      // which closes the connection instead of reading a possibly endless body into the void.
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        const room = responseBodyLimit - received;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          received += room;
          truncated = true;
          break;
        }
        chunks.push(chunk);
        received += chunk.length;
      }

      return result({
        statusCode,
        ok: statusCode >= 200 && statusCode < 300,
        responseBody: bodyText(),
        truncated,
        headers: responseHeaders,
        retryAfterSeconds: parseRetryAfter(responseHeaders['retry-after']),
      });
    } catch (err) {
      return result({
        statusCode,
        responseBody: bodyText(),
        truncated,
        headers: responseHeaders,
        retryAfterSeconds: parseRetryAfter(responseHeaders['retry-after']),
        ...describeError(err, signal.aborted, timeoutMs, statusCode !== null),
      });
    }
  }

  return {
    send,
    async close() {
      await agent.close();
    },
    async destroy() {
      await agent.destroy();
    },
  };
}
