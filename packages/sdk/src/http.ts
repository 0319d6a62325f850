import type { ErrorCode, FieldError, Problem } from './types.ts';

export interface HeraldOptions {
  /** Where Herald listens, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** An API key (root, or scoped to one application). */
  apiKey: string;
  /** A fetch to use instead of `globalThis.fetch` (tests, proxies, older runtimes). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  /** Aborts the request (and, for iterators, stops them). */
  signal?: AbortSignal;
}

/**
 * Herald answered with an error status. Carries the RFC 9457 problem details: `type`, `title`,
 * `detail`, the stable `code` and, for validation errors, `errors: [{path, message}]`.
 */
export class HeraldApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** One of the contract's error codes; `http_<status>` when the body was no problem document. */
  readonly code: ErrorCode | `http_${number}`;
  readonly errors: FieldError[];
  /** The problem document as received (null when the body was not one, e.g. from a proxy). */
  readonly problem: Problem | null;
  readonly method: string;
  readonly path: string;

  constructor(method: string, path: string, status: number, body: unknown, statusText = '') {
    const problem = isProblem(body) ? body : null;
    const detail = problem?.detail ?? (typeof body === 'string' && body ? body.slice(0, 500) : statusText);
    super(`${method} ${path}: ${status} ${problem?.title ?? statusText}${detail ? `: ${detail}` : ''}`);
    this.name = 'HeraldApiError';
    this.status = status;
    this.type = problem?.type ?? 'about:blank';
    this.title = problem?.title ?? statusText;
    this.detail = detail;
    this.code = problem?.code ?? `http_${status}`;
    this.errors = problem?.errors ?? [];
    this.problem = problem;
    this.method = method;
    this.path = path;
  }
}

function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Problem).title === 'string' &&
    typeof (body as Problem).status === 'number'
  );
}

type QueryValue = string | number | boolean | Date | string[] | null | undefined;
export type Query = Record<string, QueryValue>;

/** `/v1/apps/${app}`, with every interpolated value URL-encoded as one path segment. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]!) : ''),
    '',
  );
}

/** The HTTP transport every resource shares: auth, JSON both ways, problem details into errors. */
export class Http {
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #headers: Record<string, string>;

  constructor(options: HeraldOptions) {
    if (!options?.baseUrl) throw new TypeError('Herald: baseUrl is required');
    if (!options.apiKey) throw new TypeError('Herald: apiKey is required');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    // called through a closure: a browser's fetch throws "Illegal invocation" when detached from window
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#headers = options.headers ?? {};
  }

  async request<T>(
    method: string,
    route: string,
    opts: { query?: Query; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...this.#headers,
      ...opts.headers,
      authorization: `Bearer ${this.#apiKey}`,
    };
    // no content-type without a body: Fastify rejects an empty body declared as JSON
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.#fetch(this.baseUrl + route + queryString(opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
    const text = await res.text();
    let body: unknown = text;
    if (text && /json/i.test(res.headers.get('content-type') ?? '')) {
      try {
        body = JSON.parse(text);
      } catch {}
    }
    if (!res.ok) throw new HeraldApiError(method, route, res.status, body, res.statusText);
    return (text ? body : undefined) as T;
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const isoTime = (t: string | Date | undefined): string | undefined =>
  t instanceof Date ? t.toISOString() : t;
