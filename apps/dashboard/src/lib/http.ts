import { type ErrorCode, type Problem, problem } from '@herald/contracts';
import type { z } from 'zod';
import { filenameFromDisposition } from './download.ts';
import { session } from './session.ts';

/** An answer other than 2xx, carrying the RFC 9457 problem document when the server sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  /** the contract's stable code; null when no problem document came (unreachable, a proxy's page) */
  readonly code: ErrorCode | null;

  constructor(status: number, message: string, body: Problem | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = body;
    this.code = body?.code ?? null;
  }

  /** Validation messages by field path (e.g. `url`, `headers.X-Foo`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) out[e.path] ??= e.message;
    return out;
  }
}

interface Options {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** the response is parsed with this schema: the shared contract, checked once at the edge */
  schema?: z.ZodType;
  signal?: AbortSignal | undefined;
  /** a key to try instead of the session's (sign-in checks a key before keeping it) */
  key?: string;
}

function urlOf(path: string, query: Options['query']): string {
  let url = `/v1${path}`;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const s = q.toString();
    if (s) url += `?${s}`;
  }
  return url;
}

/** Sends the request with the session's key (or `opts.key`); throws ApiError on anything but 2xx. */
async function request(path: string, opts: Options, accept: string): Promise<Response> {
  const key = opts.key ?? session.key();
  const headers: Record<string, string> = { accept };
  if (key) headers.authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(urlOf(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'Herald is not reachable. Is the server running?', null);
  }
  if (res.ok) return res;
  const parsed = problem.safeParse(parseJson(await res.text()));
  const body = parsed.success ? parsed.data : null;
  // only when the key is still the session's: a late answer must not end a newer session
  if (res.status === 401 && opts.key === undefined && key === session.key()) session.end('rejected');
  throw new ApiError(res.status, body?.detail ?? `${res.status} ${res.statusText}`, body);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Same-origin call of the Herald API with the session's key. A 401 ends the session. */
export async function api<S extends z.ZodType>(
  path: string,
  opts: Options & { schema: S },
): Promise<z.infer<S>>;
export async function api(path: string, opts?: Options): Promise<void>;
export async function api(path: string, opts: Options = {}): Promise<unknown> {
  const res = await request(path, opts, 'application/json');
  const json = parseJson(await res.text());
  if (!opts.schema) return undefined;
  const parsed = opts.schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      res.status,
      `Unexpected answer from ${path}: ${parsed.error.issues[0]?.message}`,
      null,
    );
  }
  return parsed.data;
}

/**
 * A file from the API (e.g. an export): the body as a Blob and the name the server gave it in
 * `content-disposition`. A plain link cannot do this, since the API wants the bearer header.
 */
export async function download(
  path: string,
  opts: Pick<Options, 'signal'> = {},
): Promise<{ blob: Blob; filename: string | null }> {
  const res = await request(path, opts, '*/*');
  const blob = await res.blob();
  return { blob, filename: filenameFromDisposition(res.headers.get('content-disposition')) };
}

export const enc = encodeURIComponent;

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
