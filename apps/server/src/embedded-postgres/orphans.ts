import { execFile } from 'node:child_process';
import { readdir, readFile, readlink, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, readPid } from './pids.ts';

/**
 * A postmaster.pid left behind by a crash. PostgreSQL survives a kill -9 of its parent (it is reparented
 * and keeps serving), so the pid in it may be alive: if that process is the postmaster of this cluster and
 * its Herald owner is gone, it is an orphan and we shut it down; anything else alive is an error.
 */
export async function clearPostmasterPid(
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
    // handed the data dir as an open directory (run-as.ts): it runs in it
    if (command.includes(' -D /proc/self/fd/')) {
      return command.includes('postgres') && (await readlink(`/proc/${pid}/cwd`)) === (await realpath(pgDir));
    }
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
