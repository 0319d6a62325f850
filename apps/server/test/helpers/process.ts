import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { ApiResponse } from './herald.ts';

/** The repository root: `node apps/server/src/main.ts` runs from here, as `npm start` does. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export const PROCESS_ROOT_KEY = 'test-process-root-key-0123456789';

export type HeraldCommand = 'start' | 'api' | 'worker' | 'migrate';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HeraldProcess {
  proc: ChildProcess;
  pid: number;
  /** When spawn was called (Date.now()). */
  spawnedAt: number;
  /** Everything written to stdout and stderr so far, interleaved as it arrived. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the API URL (null for `worker`) once the banner says "ready in"; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<string | null>;
  /** The API URL from the banner, once ready. */
  url: string | null;
  /** ms from spawn to the banner, once ready. */
  readyMs: number | null;
  /** Resolves once the process has exited; rejects after timeoutMs. */
  waitForExit(timeoutMs?: number): Promise<Exit>;
  exited(): Exit | null;
  /** Sends a signal to the process (no-op once it has exited). */
  kill(signal?: NodeJS.Signals): void;
  /** Calls the API over HTTP with the root key (or `key`; null for none). */
  api<T = any>(method: string, path: string, body?: unknown, key?: string | null): Promise<ApiResponse<T>>;
}

const live = new Set<HeraldProcess>();

/**
 * Spawns `node apps/server/src/main.ts <command>` from the repository root with the given environment on
 * top of the test defaults (PORT=0: the banner tells the real port). Every process spawned here is
 * tracked; call killAll() in afterAll.
 */
export function spawnHerald(
  command: HeraldCommand,
  env: Record<string, string | undefined> = {},
  opts: { cwd?: string } = {},
): HeraldProcess {
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    HERALD_API_KEY: PROCESS_ROOT_KEY,
    HERALD_LOG_LEVEL: 'warn',
    HERALD_WORKER_POLL_INTERVAL_MS: '100',
    HERALD_RATE_LIMIT_PER_MINUTE: '0',
    HERALD_DB_POOL_SIZE: '5',
    // the processes of one test share a database: they must share the key of its secrets too
    HERALD_ENCRYPTION_KEY: 'aGVyYWxkLXRlc3QtZW5jcnlwdGlvbi1rZXktMzJiISE=',
    ...env,
  })) {
    // undefined removes a variable inherited from the test runner (e.g. DATABASE_URL)
    if (v !== undefined) fullEnv[k] = v;
  }
  const spawnedAt = Date.now();
  // detached: the child leads its own process group, so killAll() also reaches anything it started
  // (an embedded PostgreSQL) without touching other processes
  const proc = spawn(process.execPath, ['apps/server/src/main.ts', command], {
    cwd: opts.cwd ?? repoRoot,
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let all = '';
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    all += chunk;
    notify();
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    all += chunk;
    notify();
  });
  let exit: Exit | null = null;
  const exitPromise = new Promise<Exit>((resolve) => {
    // 'close' rather than 'exit': every byte of output has been read by then
    proc.on('close', (code, signal) => {
      exit = { code, signal };
      live.delete(handle);
      notify();
      resolve(exit);
    });
  });

  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        listeners.delete(test);
        fn();
      };
      const test = () => {
        let v: T | undefined;
        try {
          v = check();
        } catch (e) {
          return done(() => reject(e));
        }
        if (v !== undefined) done(() => resolve(v as T));
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(new Error(`herald ${command}: ${what} not within ${timeoutMs} ms; output:\n${all}`)),
          ),
        timeoutMs,
      );
      listeners.add(test);
      test();
    });

  const handle: HeraldProcess = {
    proc,
    pid: proc.pid!,
    spawnedAt,
    output: () => all,
    stdout: () => out,
    stderr: () => err,
    url: null,
    readyMs: null,
    async ready(timeoutMs = 30_000) {
      return until(
        () => {
          if (/ready in \d+ ms/.test(out)) {
            handle.readyMs ??= Date.now() - spawnedAt;
            handle.url = out.match(/API and dashboard\s+(http:\/\/\S+)/)?.[1] ?? null;
            return handle.url;
          }
          if (exit)
            throw new Error(`herald ${command} exited (${JSON.stringify(exit)}) before ready:\n${all}`);
          return undefined;
        },
        timeoutMs,
        'ready',
      );
    },
    waitForExit(timeoutMs = 15_000) {
      return until(() => exit ?? undefined, timeoutMs, 'exit').then(() => exitPromise);
    },
    exited: () => exit,
    kill(signal = 'SIGTERM') {
      if (exit === null) proc.kill(signal);
    },
    async api(method, path, body, key = PROCESS_ROOT_KEY) {
      if (!handle.url) throw new Error(`herald ${command} has no API URL (not ready, or no api role)`);
      const headers: Record<string, string> = {};
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(handle.url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed as any };
    },
  };
  live.add(handle);
  return handle;
}

/** Spawns and waits for the banner. */
export async function startHeraldProcess(
  command: Exclude<HeraldCommand, 'migrate'>,
  env: Record<string, string | undefined> = {},
  opts: { cwd?: string } = {},
): Promise<HeraldProcess> {
  const h = spawnHerald(command, env, opts);
  await h.ready();
  return h;
}

/**
 * Ends every process spawned here that is still running: SIGTERM, then SIGKILL of its whole process
 * group after `graceMs`. For afterAll.
 */
export async function killAll(graceMs = 5000): Promise<void> {
  await Promise.all(
    [...live].map(async (h) => {
      h.kill('SIGTERM');
      try {
        await h.waitForExit(graceMs);
      } catch {
        try {
          process.kill(-h.pid, 'SIGKILL');
        } catch {}
        await h.waitForExit(5000).catch(() => {});
      }
    }),
  );
}

/** Creates an application with one endpoint at `url` through a process's API; returns ids and the secret. */
export async function appWithEndpoint(h: HeraldProcess, url: string, app: Record<string, unknown> = {}) {
  const a = await h.api('POST', '/v1/apps', { name: 'process test', ...app });
  if (a.status !== 201) throw new Error(`POST /v1/apps: ${a.status} ${JSON.stringify(a.body)}`);
  const ep = await h.api('POST', `/v1/apps/${a.body.id}/endpoints`, { url });
  if (ep.status !== 201) throw new Error(`POST endpoints: ${ep.status} ${JSON.stringify(ep.body)}`);
  const secret = await h.api('GET', `/v1/apps/${a.body.id}/endpoints/${ep.body.id}/secret`);
  return { appId: a.body.id as string, endpointId: ep.body.id as string, secret: secret.body.key as string };
}

/** Publishes through a process's API; returns the accepted message. */
export async function publishVia(h: HeraldProcess, appId: string, body: Record<string, unknown>) {
  const res = await h.api('POST', `/v1/apps/${appId}/messages`, body);
  if (res.status !== 202)
    throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}\n${h.output().slice(-4000)}`);
  return res.body as { id: string; timestamp: string; eventType: string };
}

/** Runs one query on `url` with a short-lived client. */
export async function query<T extends Record<string, any> = any>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'herald-tests' });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}
