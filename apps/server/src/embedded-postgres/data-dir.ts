import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive, readPid } from './pids.ts';

/**
 * Who runs the cluster of a data dir: one start at a time in this process (`active`), and one Herald
 * process at a time (its pid in <dataDir>/pg-owner.pid). Also the permissions PostgreSQL needs when
 * Herald runs as root.
 */

/** Data dirs with a running cluster in this process: a second start on one of them must fail, not share it. */
const active = new Set<string>();

const ownerFile = (dataDir: string) => join(dataDir, 'pg-owner.pid');

/** Claims the data dir in this process; throws when a cluster of this process already runs on it. */
export function claimInProcess(dataDir: string): void {
  if (active.has(dataDir)) throw inUseError(dataDir, process.pid);
  active.add(dataDir);
}

/** Gives up the claim of claimInProcess; false when there was none. */
export function releaseInProcess(dataDir: string): boolean {
  return active.delete(dataDir);
}

/** Creates the data dir (as root the `postgres` user needs no way in: it gets <dataDir>/pg as an open directory, run-as.ts). */
export async function prepareDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
}

/**
 * Throws when another live Herald owns the data dir (a live owner means another Herald runs it).
 * Returns whether an owner pid file was there at all (left by a Herald that is gone, or by this process).
 */
export async function checkOwner(dataDir: string): Promise<boolean> {
  const ownerPid = await readPid(ownerFile(dataDir));
  if (ownerPid !== null && ownerPid !== process.pid && isAlive(ownerPid)) {
    throw inUseError(dataDir, ownerPid);
  }
  return ownerPid !== null;
}

/** Records this process as the owner of the data dir. */
export async function writeOwner(dataDir: string): Promise<void> {
  await writeFile(ownerFile(dataDir), `${process.pid}\n`);
}

/** Removes the owner pid file if it names this process. */
export async function releaseOwner(dataDir: string): Promise<void> {
  const file = ownerFile(dataDir);
  if ((await readPid(file)) === process.pid) await rm(file, { force: true });
}

export function rootHint(isRoot: boolean, output: string): string {
  if (!isRoot || !/permission denied/i.test(output)) return '';
  return '\n(Herald runs as root, so PostgreSQL runs as the system user "postgres", which must be able to read and write its data dir: run Herald as another user, or set DATABASE_URL)';
}

function inUseError(dataDir: string, pid: number): Error {
  const who = pid === process.pid ? 'this process' : `process ${pid}`;
  return new Error(
    `the embedded PostgreSQL data dir ${dataDir} is already in use by ${who} (another Herald running on the same data dir?)`,
  );
}
