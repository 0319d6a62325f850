import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The postmaster processes we run: spawned in a session of their own (a terminal's Ctrl-C signals the
 * whole foreground process group, and PostgreSQL must not shut down then, as Herald's graceful shutdown
 * still needs it), ready once postmaster.pid says so, stopped with a fast shutdown.
 */

/** A postgres server process we started, and when it exited (or failed to spawn). */
export type Server = { child: ChildProcess; exited: Promise<void>; closed: Promise<void> };

const START_TIMEOUT_MS = 60_000;

/** Postmasters started by this process that have not exited yet. */
const running = new Set<ChildProcess>();

/**
 * The last resort: the postmasters get a fast-shutdown signal when the process exits or dies by a signal it
 * does not handle (they run in a session of their own, so no signal to our process group reaches them; a
 * kill -9 leaves them running: the next start reclaims such an orphan, see orphans.ts). Installed once.
 */
export function stopRunningAsLastResort(): void {
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
}

function stopRunning(): void {
  for (const child of running) child.kill('SIGINT');
}

export function freePort(): Promise<number> {
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

/**
 * Spawns the postmaster detached, i.e. in a new session and process group, so that a Ctrl-C (or any
 * signal) to our process group does not reach it. Its output goes to onOutput.
 */
export function spawnServer(
  binary: string,
  args: string[],
  ids: { uid?: number; gid?: number },
  onOutput: (chunk: unknown) => void,
  inherit: number[] = [],
): Server {
  const child = spawn(binary, args, {
    ...ids,
    detached: true,
    // `inherit`: descriptors the server gets as fd 3 and up (the data dir, see run-as.ts)
    stdio: ['ignore', 'pipe', 'pipe', ...inherit],
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
export async function waitUntilReady(server: Server, pidFile: string): Promise<void> {
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

/** Fast shutdown (SIGINT), and waits for the postmaster to exit; nothing to do when it has already. */
export async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGINT');
  await server.exited;
}
