import { type ChildProcess, spawn } from 'node:child_process';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** Debian's pgbouncer (apt-get install pgbouncer); PGBOUNCER points elsewhere. */
const BINARY = process.env.PGBOUNCER ?? '/usr/sbin/pgbouncer';

export type PgBouncer = {
  /** `serverUrl` with PgBouncer's address: the same user, password and database. */
  url: string;
  /** A query on PgBouncer's admin console (SHOW STATS, SHOW POOLS, ...). */
  admin: <T extends Record<string, unknown>>(sql: string) => Promise<T[]>;
  /** SIGINT to the pid we spawned, then waits for it. */
  stop: () => Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/**
 * A PgBouncer of its own in front of the PostgreSQL of `serverUrl`: transaction pooling, a free port on
 * 127.0.0.1, its config, auth file and log in a temp dir, stopped by pid. As root it runs as `postgres`
 * (it refuses to run as root).
 */
export async function startPgBouncer(
  serverUrl: string,
  opts: { poolSize?: number } = {},
): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const dir = await mkdtemp(join(tmpdir(), 'herald-pgbouncer-'));
  const port = await freePort();
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  await writeFile(join(dir, 'userlist.txt'), `${quote(user)} ${quote(password)}\n`, { mode: 0o600 });
  await writeFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'pool_mode = transaction',
      `default_pool_size = ${opts.poolSize ?? 10}`,
      'max_client_conn = 1000',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      `admin_users = ${user}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      'server_reset_query =',
      '',
    ].join('\n'),
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = await new Promise<[number, number]>((done, fail) => {
      const id = spawn('id', ['postgres']);
      let out = '';
      id.stdout.on('data', (c) => {
        out += c;
      });
      id.once('close', () => {
        const m = /uid=(\d+).*gid=(\d+)/.exec(out);
        m ? done([Number(m[1]), Number(m[2])]) : fail(new Error('no user postgres to run pgbouncer as'));
      });
    });
    for (const f of ['', 'userlist.txt', 'pgbouncer.ini']) await chown(join(dir, f), ids[0], ids[1]);
  }
  const child: ChildProcess = spawn(
    BINARY,
    [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c) => {
    output += c;
  });
  child.stderr?.on('data', (c) => {
    output += c;
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('error', (err) => {
    output += String(err);
  });

  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/pgbouncer';
  const admin = async <T extends Record<string, unknown>>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: adminUrl.href });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end().catch(() => {});
    }
  };

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };

  // ready once it answers a query through the pool
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await readFile(join(dir, 'pgbouncer.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`pgbouncer exited at start:\n${output}\n${log}`);
    }
    const ok = await (async () => {
      const c = new pg.Client({ connectionString: url.href });
      c.on('error', () => {});
      try {
        await c.connect();
        await c.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await c.end().catch(() => {});
      }
    })();
    if (ok) break;
    if (Date.now() > deadline) {
      const log = await readFile(join(dir, 'pgbouncer.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`pgbouncer not ready within 10 s:\n${output}\n${log}`);
    }
    await sleep(50);
  }
  return { url: url.href, admin, stop };
}
