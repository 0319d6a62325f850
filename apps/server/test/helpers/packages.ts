import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The environment without the npm_* variables of the `npm run` that started the tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  return {
    ...env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

export async function run(
  file: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const child = exec(file, args, {
    cwd: opts.cwd,
    env: opts.env ?? cleanEnv(),
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (opts.input !== undefined) child.child.stdin?.end(opts.input);
  try {
    return await child;
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export interface Packed {
  /** A temp directory holding the tarball and whatever the test installs. */
  dir: string;
  tarball: string;
  remove(): Promise<void>;
}

/** `npm pack` of a built package directory (a dist/ with its manifest) into a fresh temp directory. */
export async function pack(distDir: URL): Promise<Packed> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-pack-'));
  const { stdout } = await run('npm', ['pack', fileURLToPath(distDir), '--pack-destination', dir, '--json']);
  const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!info) throw new Error(`npm pack printed no file: ${stdout}`);
  return { dir, tarball: join(dir, info.filename), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A new npm project in `<packed.dir>/project` with the tarball installed, offline: nothing but the file. */
export async function installIntoProject(packed: Packed): Promise<string> {
  const project = join(packed.dir, 'project');
  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run('npm', ['install', '--offline', '--ignore-scripts', packed.tarball], { cwd: project });
  return project;
}

/** `npm install -g` of the tarball into `<packed.dir>/prefix`, offline; the prefix's bin directory. */
export async function installGlobally(packed: Packed): Promise<string> {
  const prefix = join(packed.dir, 'prefix');
  await run('npm', ['install', '-g', '--offline', '--ignore-scripts', '--prefix', prefix, packed.tarball]);
  return join(prefix, 'bin');
}
