import { type Problem, problem } from '@herald/contracts';
import type { z } from 'zod';
import { session } from './session.ts';

/** An answer other than 2xx, carrying the RFC 9457 problem document when the server sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, message: string, body: Problem | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = body;
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

/** Same-origin call of the Herald API with the session's key. A 401 ends the session. */
export async function api<S extends z.ZodType>(
  path: string,
  opts: Options & { schema: S },
): Promise<z.infer<S>>;
export async function api(path: string, opts?: Options): Promise<void>;
export async function api(path: string, opts: Options = {}): Promise<unknown> {
  const key = opts.key ?? session.key();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let url = `/v1${path}`;
  if (opts.query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query))
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const s = q.toString();
    if (s) url += `?${s}`;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'Herald is not reachable. Is the server running?', null);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const parsed = problem.safeParse(json);
    const body = parsed.success ? parsed.data : null;
    // only when the key is still the session's: a late answer must not end a newer session
    if (res.status === 401 && opts.key === undefined && key === session.key()) session.end('rejected');
    throw new ApiError(res.status, body?.detail ?? `${res.status} ${res.statusText}`, body);
  }
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

export const enc = encodeURIComponent;

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
