import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const E2E_ROOT_KEY = 'e2e-root-key-0123456789abcdef';

/** Node 24 from the `node` devDependency (the server needs it), whatever Node runs Playwright. */
function nodeBinary(): string {
  const local = join(root, 'node_modules', '.bin', 'node');
  return existsSync(local) ? local : process.execPath;
}

function waitForBanner(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`Herald did not start in ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /API and dashboard\s+(http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Herald exited with ${code} before it was ready:\n${out}`));
    });
  });
}

/**
 * Builds the dashboard (so the tests see the current sources), then starts a real Herald in dev mode
 * (loopback deliveries allowed) with a fresh data dir, a known root key, a short retry schedule and a
 * circuit breaker that opens soon and stays open. Its address reaches the tests through
 * HERALD_E2E_URL. Returns the teardown. With HERALD_E2E_URL and
 * HERALD_E2E_KEY already set, the tests run against that instance instead.
 */
export default async function globalSetup() {
  // against a Herald (or `npm run dev`) that is already running: nothing to build or start
  if (process.env.HERALD_E2E_URL) {
    if (!process.env.HERALD_E2E_KEY)
      throw new Error('HERALD_E2E_URL needs HERALD_E2E_KEY (its root API key)');
    return;
  }
  if (process.env.HERALD_E2E_SKIP_BUILD !== '1') {
    execFileSync(
      nodeBinary(),
      [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: join(root, 'apps', 'dashboard'),
        stdio: 'inherit',
      },
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HERALD_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    HERALD_API_KEY: E2E_ROOT_KEY,
    HERALD_RETRY_SCHEDULE: '1,1',
    HERALD_RETRY_JITTER: '0',
    HERALD_WORKER_POLL_INTERVAL_MS: '100',
    // a circuit opens after 10 failures in a row (recover.spec fails 9 times and must stay closed) and
    // stays open long enough to be looked at (endpoint-control.spec)
    HERALD_CIRCUIT_FAILURE_THRESHOLD: '10',
    HERALD_CIRCUIT_COOLDOWN_SECONDS: '600',
    HERALD_LOG_LEVEL: process.env.HERALD_E2E_LOG ?? 'warn',
  };
  delete env.NODE_ENV;
  delete env.DATABASE_URL;
  delete env.HERALD_PUBLIC_URL;
  const child = spawn(nodeBinary(), [join(root, 'apps', 'server', 'src', 'main.ts'), 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(`[herald] ${c}`));
  const url = await waitForBanner(child, 60_000);
  process.env.HERALD_E2E_URL = url;
  process.env.HERALD_E2E_KEY = E2E_ROOT_KEY;

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
