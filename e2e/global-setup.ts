import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A customer's site that embeds the portal: `/embed?src=<portal url>` is a page with that iframe,
 * `/logo.svg` the operator's logo. Two run: one whose origin may embed the portal, one that may not.
 */
async function startEmbeddingSite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/logo.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      res.end(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#0f766e"/></svg>',
      );
      return;
    }
    if (url.pathname === '/embed') {
      const src = url.searchParams.get('src') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><head><title>Customer site</title></head><body><h1>Your webhooks</h1>` +
          `<iframe title="Webhooks portal" src="${escapeAttr(src)}" width="1200" height="800"></iframe></body></html>`,
      );
      return;
    }
    // favicon and the like: nothing, but not an error in the page's console
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
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
  const allowed = await startEmbeddingSite();
  const other = await startEmbeddingSite();
  process.env.HERALD_E2E_EMBED_ALLOWED = allowed.origin;
  process.env.HERALD_E2E_EMBED_OTHER = other.origin;
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
    // the portal may be embedded by one site (portal-embed.spec), branded as the operator's
    HERALD_PORTAL_EMBED_ORIGINS: allowed.origin,
    HERALD_PORTAL_NAME: 'Acme Webhooks',
    HERALD_PORTAL_LOGO_URL: `${allowed.origin}/logo.svg`,
    HERALD_PORTAL_COLOR: '#0f766e',
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
    for (const site of [allowed, other]) {
      site.server.closeAllConnections();
      await new Promise((r) => site.server.close(r));
    }
  };
}
