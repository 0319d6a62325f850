// What both benchmarks need: a PostgreSQL (DATABASE_URL, or an embedded one in a temp dir), a
// receiver in a process of its own, and one line per result.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../apps/server/src/embedded-postgres/index.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile (nearest rank) of `xs`; NaN when there are none. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function reporter(width: number) {
  return (name: string, value: string) => console.log(`  ${name.padEnd(width)} ${value}`);
}

export async function startDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
  const embedded = await startEmbeddedPostgres({ dataDir });
  return {
    url: embedded.url,
    async stop() {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** bench/receiver.ts in a child process: POST -> 200; GET /count, /reset, /arrival/:webhook-id. */
export async function startReceiverProcess() {
  const child = fork(new URL('./receiver.ts', import.meta.url), [], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m: any) => resolve(m.port)));
  const base = `http://127.0.0.1:${port}`;
  const get = async (path: string) => (await (await fetch(base + path)).json()) as any;
  return {
    url: `${base}/hook`,
    get,
    count: async () => (await get('/count')).count as number,
    /** when the first POST of webhook-id `id` arrived (epoch ms), or null */
    arrival: async (id: string) => (await get(`/arrival/${id}`)).at as number | null,
    stop: () => child.kill(),
  };
}

/**
 * Herald as it runs in production: `herald <role>` in a process of its own (so the benchmark's own
 * client does not share its event loop), against `databaseUrl`. Resolves once its banner says ready.
 */
export async function startHeraldProcess(role: 'api' | 'worker', env: Record<string, string>) {
  const { spawn } = await import('node:child_process');
  const main = new URL('../apps/server/src/main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [main, role], {
    env: { ...process.env, PORT: '0', HERALD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string | null>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (/ready in/.test(out)) resolve(/(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? null);
    });
    child.once('exit', (code) =>
      reject(new Error(`herald ${role} exited (${code}) before it was ready:\n${out}`)),
    );
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
