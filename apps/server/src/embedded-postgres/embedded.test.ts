import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './index.ts';

let root: string;
const started: EmbeddedPostgres[] = [];

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  const db = await startEmbeddedPostgres({ dataDir });
  started.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A pid that certainly belonged to a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.once('exit', done));
  return child.pid!;
}

/** Live PostgreSQL processes of the cluster in pgDir: the postmaster by its command line, all by their cwd. */
async function postgresProcessesIn(pgDir: string): Promise<number[]> {
  const target = await realpath(pgDir).catch(() => pgDir);
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const zombie = stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
      const postmaster = cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(pgDir);
      if (!zombie && (postmaster || cwd === target)) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

beforeAll(async () => {
  // mkdtemp makes it 0700: as root, PostgreSQL (run as the `postgres` user) gets its data dir as an open directory
  root = await mkdtemp(join(tmpdir(), 'herald-embedded-test-'));
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((db) => db.stop()));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('initialises a cluster, then reuses it with its data on the next start', async () => {
    const dataDir = join(root, 'reuse');
    const first = await start(dataDir);
    expect(first.initialised).toBe(true);
    expect(first.url).toMatch(new RegExp(`^postgres://herald:[^@]+@127\\.0\\.0\\.1:${first.port}/herald$`));
    expect(await query(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    const [settings] = await query<{ encoding: string; max: string; listen: string }>(
      first.url,
      `select pg_encoding_to_char(encoding) as encoding, current_setting('max_connections') as max,
              current_setting('listen_addresses') as listen
         from pg_database where datname = current_database()`,
    );
    expect(settings).toEqual({ encoding: 'UTF8', max: '300', listen: '127.0.0.1' });
    await query(first.url, `create table kept (v text); insert into kept values ('from the first run')`);

    const credentials = join(dataDir, 'pg-credentials.json');
    expect((await stat(credentials)).mode & 0o777).toBe(0o600);
    const password = JSON.parse(await readFile(credentials, 'utf8')).password;

    await first.stop();
    await first.stop(); // safe twice
    await expect(query(first.url, 'select 1')).rejects.toThrow();

    const second = await start(dataDir);
    expect(second.initialised).toBe(false);
    expect(JSON.parse(await readFile(credentials, 'utf8')).password).toBe(password);
    expect(await query(second.url, 'select v from kept')).toEqual([{ v: 'from the first run' }]);
  });

  it('runs two clusters with different data dirs side by side', async () => {
    const [a, b] = await Promise.all([start(join(root, 'side-a')), start(join(root, 'side-b'))]);
    expect(a.port).not.toBe(b.port);
    await query(a.url, 'create table only_in_a (id int)');
    expect(await query(a.url, `select to_regclass('only_in_a') is not null as present`)).toEqual([
      { present: true },
    ]);
    expect(await query(b.url, `select to_regclass('only_in_a') is not null as present`)).toEqual([
      { present: false },
    ]);
  });

  it('refuses a second start on a data dir that is in use', async () => {
    const dataDir = join(root, 'busy');
    const db = await start(dataDir);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(dataDir);
    expect(await query(db.url, 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('recovers from a stale postmaster.pid whose pid is dead', async () => {
    const dataDir = join(root, 'stale');
    const first = await start(dataDir);
    await query(first.url, 'create table survived (id int)');
    await first.stop();
    const pgDir = join(dataDir, 'pg');
    // What a postmaster killed with -9 leaves behind (same layout, pid of a process that is gone).
    await writeFile(
      join(pgDir, 'postmaster.pid'),
      `${await deadPid()}\n${pgDir}\n${Math.floor(Date.now() / 1000)}\n${first.port}\n\n127.0.0.1\n  1234567  42\nready   \n`,
    );
    await writeFile(join(dataDir, 'pg-owner.pid'), `${await deadPid()}\n`);

    const second = await start(dataDir);
    expect(second.initialised).toBe(false);
    expect(await query(second.url, `select to_regclass('survived') is not null as present`)).toEqual([
      { present: true },
    ]);
  });

  it('reclaims the orphaned server of a Herald killed with -9, refusing while it is alive', async () => {
    const dataDir = join(root, 'crashed');
    const moduleUrl = new URL('./index.ts', import.meta.url).href;
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(moduleUrl)};
      const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
      console.log('READY ' + db.url);
      setInterval(() => {}, 60_000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /READY (\S+)/.exec(out);
          if (match) done(match[1]!);
        });
        child.once('exit', (code) => fail(new Error(`child exited early (${code}): ${out}`)));
      });
      await query(url, 'create table before_crash (id int)');

      // The owning Herald is alive: a second one must not touch its cluster.
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(dataDir);

      child.kill('SIGKILL');
      await exited;
      // PostgreSQL outlives its parent: the old server is still up and holds postmaster.pid.
      expect(await query(url, 'select 1 as one')).toEqual([{ one: 1 }]);

      const db = await start(dataDir);
      expect(db.initialised).toBe(false);
      expect(await query(db.url, `select to_regclass('before_crash') is not null as present`)).toEqual([
        { present: true },
      ]);
      // The orphan is gone (unless the new server happened to get its port).
      if (db.port !== Number(new URL(url).port)) await expect(query(url, 'select 1')).rejects.toThrow();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('restarts a server killed with -9 on the same port, and never after stop()', async () => {
    const dataDir = join(root, 'killed');
    const pgDir = join(dataDir, 'pg');
    const warnings: string[] = [];
    const db = await startEmbeddedPostgres({ dataDir, warn: (m) => warnings.push(m) });
    started.push(db);
    await query(db.url, `create table before_kill (id int); insert into before_kill values (1)`);
    const postmasterPid = async () =>
      Number.parseInt(await readFile(join(pgDir, 'postmaster.pid'), 'utf8').catch(() => ''), 10);
    const killed = await postmasterPid();
    // a backend busy at the moment of the kill outlives its postmaster for a moment, holding its shared memory
    const busy = new pg.Client({ connectionString: db.url });
    busy.on('error', () => {});
    await busy.connect();
    const sleeping = busy.query('select pg_sleep(30)').catch((err: Error) => err);

    process.kill(killed, 'SIGKILL');
    const t0 = Date.now();
    let rows: Array<{ id: number }> | null = null;
    while (rows === null && Date.now() - t0 < 20_000) {
      rows = await query<{ id: number }>(db.url, 'select id from before_kill').catch(() => null);
      if (rows === null) await new Promise((r) => setTimeout(r, 100));
    }
    console.log(
      `[timing] embedded PostgreSQL back ${Date.now() - t0} ms after kill -9 of its postmaster`,
      warnings,
    );
    expect(rows).toEqual([{ id: 1 }]);
    expect(await postmasterPid()).not.toBe(killed);
    expect(warnings[0]).toBe('embedded PostgreSQL exited unexpectedly (signal SIGKILL); restarting');
    // the server may answer a moment before the supervisor has logged that it is back
    for (
      const until = Date.now() + 5000;
      !/^embedded PostgreSQL restarted/.test(warnings.at(-1) ?? '') && Date.now() < until;
    )
      await new Promise((r) => setTimeout(r, 20));
    expect(warnings.at(-1)).toMatch(/^embedded PostgreSQL restarted/);
    expect(await sleeping).toBeInstanceOf(Error);
    await busy.end().catch(() => {});

    await db.stop();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await postgresProcessesIn(pgDir)).toEqual([]);
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false);
    expect(warnings.filter((w) => w.includes('exited unexpectedly'))).toHaveLength(1);
  }, 40_000);

  it('retries a restart that fails, with a backoff, until the server comes up', async () => {
    const dataDir = join(root, 'refused');
    const pgDir = join(dataDir, 'pg');
    const warnings: string[] = [];
    const db = await startEmbeddedPostgres({ dataDir, warn: (m) => warnings.push(m) });
    started.push(db);
    // PostgreSQL refuses to start on a data dir others can read; it only checks at start
    await chmod(pgDir, 0o755);
    process.kill(Number.parseInt(await readFile(join(pgDir, 'postmaster.pid'), 'utf8'), 10), 'SIGKILL');
    const t0 = Date.now();
    while (warnings.filter((w) => w.includes('restart failed')).length < 2 && Date.now() - t0 < 20_000)
      await new Promise((r) => setTimeout(r, 50));
    await chmod(pgDir, 0o700);
    let back = false;
    while (!back && Date.now() - t0 < 30_000) {
      back = await query(db.url, 'select 1').then(
        () => true,
        () => false,
      );
      if (!back) await new Promise((r) => setTimeout(r, 100));
    }
    expect(back, warnings.join('\n')).toBe(true);
    const failed = warnings.filter((w) => w.includes('restart failed'));
    expect(failed[0]).toMatch(/invalid permissions.*retrying in 500 ms/s);
    expect(failed[1]).toMatch(/retrying in 1000 ms$/);
    // the server may answer a moment before the supervisor has logged that it is back
    for (
      const until = Date.now() + 5000;
      !/^embedded PostgreSQL restarted/.test(warnings.at(-1) ?? '') && Date.now() < until;
    )
      await new Promise((r) => setTimeout(r, 20));
    expect(warnings.at(-1)).toMatch(/^embedded PostgreSQL restarted/);
  }, 40_000);

  it('keeps running through a Ctrl-C to the process group of its owner, which then stops it', async () => {
    // A terminal's Ctrl-C sends SIGINT to the whole foreground process group. PostgreSQL must not get it:
    // Herald still needs the database for its graceful shutdown, and stops the cluster itself afterwards.
    const dataDir = join(root, 'ctrl-c');
    const pgDir = join(dataDir, 'pg');
    const fixture = fileURLToPath(new URL('../../test/fixtures/embedded-sigint.ts', import.meta.url));
    // detached: the child leads a process group of its own, which we signal like a terminal does
    const child = spawn(process.execPath, [fixture, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('close', (code, signal) => done({ code, signal })),
    );
    try {
      await new Promise<void>((done, fail) => {
        const check = () => {
          if (/READY \S+/.test(out)) done();
        };
        child.stdout.on('data', check);
        child.once('exit', (code) => fail(new Error(`child exited early (${code}): ${out}`)));
      });
      const postmaster = Number.parseInt(await readFile(join(pgDir, 'postmaster.pid'), 'utf8'), 10);
      expect(await postgresProcessesIn(pgDir)).toContain(postmaster);

      process.kill(-child.pid!, 'SIGINT');
      expect(await exited, out).toEqual({ code: 0, signal: null });
      expect(out).toContain('QUERY OK [{"answer":42}]');
      expect(await postgresProcessesIn(pgDir)).toEqual([]);
      expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false);
      expect(existsSync(join(dataDir, 'pg-owner.pid'))).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
      }
      for (const pid of await postgresProcessesIn(pgDir)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    }
  }, 60_000);
});
