/**
 * The "send" stage of delivery: one POST to an endpoint URL, with a hard timeout, a bounded response
 * body and an SSRF guard. Network failures never throw; they come back as a SendResult.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, request } from 'undici';

export type SendErrorCode = 'timeout' | 'connection' | 'blocked' | 'invalid_url';

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

const ALLOW_HINT = 'set HERALD_ALLOW_PRIVATE_NETWORKS=true to allow';

const REASON_LABELS: Record<string, string> = {
  loopback: 'loopback address',
  private: 'private network address',
  linkLocal: 'link-local address',
  uniqueLocal: 'unique local address',
  unspecified: 'unspecified address',
  carrierGradeNat: 'carrier-grade NAT address',
  multicast: 'multicast address',
  broadcast: 'broadcast address',
  reserved: 'reserved address',
  ipv4Compatible: 'IPv4-compatible IPv6 address',
  invalid: 'not an IP address',
};

/**
 * Why a destination IP must not be connected to, or null when it is public unicast.
 *
 * Returns ipaddr.js range names ('loopback', 'private', 'linkLocal', 'unspecified', 'carrierGradeNat',
 * 'uniqueLocal', 'rfc6052', '6to4', ...). Everything that is not plain 'unicast' is refused: NAT64
 * and 6to4 prefixes embed IPv4 addresses that may well be internal, so they are refused too.
 */
export function isForbiddenAddress(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return 'invalid';
  let addr = ipaddr.parse(ip);
  // ::ffff:10.0.0.1 reaches 10.0.0.1 through a dual-stack socket: judge the IPv4 address.
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  const range = addr.range();
  if (range !== 'unicast') return range;
  // ::a.b.c.d (deprecated IPv4-compatible form) is 'unicast' to ipaddr.js but embeds an IPv4 address.
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) {
    return 'ipv4Compatible';
  }
  return null;
}

/** Carries errorCode 'blocked' from deep inside the connector back to send(). */
class BlockedDestinationError extends Error {
  readonly code = 'HERALD_BLOCKED_DESTINATION';
  constructor(destination: string, reason: string) {
    super(
      `destination ${destination} is not allowed: ${REASON_LABELS[reason] ?? `${reason} address`} (${ALLOW_HINT})`,
    );
    this.name = 'BlockedDestinationError';
  }
}

/**
 * Wraps a DNS lookup so that every resolved address is checked before net.connect uses it. Checking
 * the answer actually connected to (rather than resolving once up front and connecting later) is what
 * defeats DNS rebinding. A name with any forbidden address is refused outright.
 */
function guardLookup(base: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (err, address, family) => {
      if (err) {
        callback(err, address, family);
        return;
      }
      const addresses = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
      for (const ip of addresses) {
        const reason = isForbiddenAddress(ip);
        if (reason !== null) {
          callback(
            new BlockedDestinationError(`${hostname} (${ip})`, reason),
            Array.isArray(address) ? [] : '',
          );
          return;
        }
      }
      callback(null, address, family);
    });
  };
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
  if (options.allowPrivateNetworks) return new Agent({ connect: connector });

  return new Agent({
    // An IP-literal hostname never goes through DNS lookup, so it is checked here. undici has already
    // stripped IPv6 brackets, and the WHATWG URL parser has turned 2130706433 / 0x7f.1 / 0177.0.0.1
    // into 127.0.0.1, so what arrives is exactly what net.connect would dial.
    connect(connectOptions, callback) {
      const { hostname } = connectOptions;
      if (isIP(hostname) !== 0) {
        const reason = isForbiddenAddress(hostname);
        if (reason !== null) {
          const error = new BlockedDestinationError(hostname, reason);
          process.nextTick(() => callback(error, null));
          return;
        }
      }
      // Return the socket: undici uses it to cancel a connect attempt.
      return connector(connectOptions, callback);
    },
  });
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
