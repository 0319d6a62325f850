import pino, { type Logger } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { type Role, startHerald } from '../../src/runtime.ts';
import { createTestDatabase } from './database.ts';

export const ROOT_KEY = 'test-root-key-0123456789';
/** Secrets at rest in tests are encrypted with this key (32 bytes, base64), so no key file is written. */
export const TEST_ENCRYPTION_KEY = 'aGVyYWxkLXRlc3QtZW5jcnlwdGlvbi1rZXktMzJiISE=';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A real Herald (api and/or worker, in this process) on a database of its own, listening on a free
 * port of 127.0.0.1. `env` overrides configuration exactly as the environment would. With
 * `{ inject: true }` it does not listen: api() goes through Fastify's inject(), no socket (url is '').
 * `log` replaces the silent logger (a test that reads what Herald logs).
 */
export async function startTestHerald(
  env: Record<string, string> = {},
  roles: Role[] = ['api', 'worker'],
  { inject = false, log }: { inject?: boolean; log?: Logger } = {},
) {
  const db = await createTestDatabase();
  await runMigrations(db.url);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HERALD_API_KEY: ROOT_KEY,
    HERALD_LOG_LEVEL: 'silent',
    HERALD_WORKER_POLL_INTERVAL_MS: '100',
    HERALD_RATE_LIMIT_PER_MINUTE: '0',
    // the test process runs receivers, api and workers on one event loop: on a loaded CI machine its
    // delay is the test's, not Herald's; overload shedding is tested on its own (edge.test.ts)
    HERALD_OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    HERALD_DB_POOL_SIZE: '8',
    HERALD_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...env,
  });
  const herald = await startHerald({
    config,
    databaseUrl: db.url,
    roles,
    log: log ?? pino({ level: process.env.HERALD_TEST_LOG ?? 'silent' }),
    listen: !inject,
  });
  const base = herald.url ?? '';
  /** Every 5xx answer `api` saw: a test file can assert at the end that there was none. */
  const serverErrors: Array<{ method: string; path: string; status: number; body: unknown }> = [];

  /**
   * Calls the API over real HTTP (or inject) with the root key (or `key`), returning status and parsed
   * JSON. A body is sent as JSON (a string as is) with content-type application/json unless `headers`
   * sets one.
   */
  async function api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { key?: string | null; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? ROOT_KEY : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const res = inject
      ? await injected(method, path, headers, payload)
      : await fetch(base + path, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    if (res.status >= 500) serverErrors.push({ method, path, status: res.status, body: parsed });
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /** The same request through inject(), answered as a fetch Response. */
  async function injected(method: string, path: string, headers: Record<string, string>, payload?: string) {
    if (!herald.app) throw new Error('inject needs the api role');
    const res = await herald.app.inject({ method: method as 'GET', url: path, headers, payload });
    const out = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : [value])
        if (v !== undefined) out.append(name, String(v));
    }
    const noBody = res.statusCode === 204 || res.statusCode === 304 || method === 'HEAD';
    return new Response(noBody ? null : res.payload, { status: res.statusCode, headers: out });
  }

  return {
    herald,
    config,
    db,
    url: base,
    api,
    serverErrors,
    async stop() {
      await herald.stop();
      await db.drop();
    },
  };
}
export type TestHerald = Awaited<ReturnType<typeof startTestHerald>>;

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
