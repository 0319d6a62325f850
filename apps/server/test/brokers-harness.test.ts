import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROKER_KINDS,
  type Broker,
  type BrokerKind,
  brokerMissing,
  startBrokers,
} from './helpers/brokers.ts';

// The broker test harness itself: each broker starts on its own free ports, answers, stops by PID (the
// port closes and the data stays), starts again on the same port, and leaves nothing behind.

const missing = Object.fromEntries(
  await Promise.all(BROKER_KINDS.map(async (k) => [k, await brokerMissing(k)] as const)),
) as Record<BrokerKind, string | undefined>;
const present = BROKER_KINDS.filter((k) => !missing[k]);

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a missing broker', () => {
  it('fails loudly with CI=true and is skipped with a reason otherwise', async () => {
    const saved = { PATH: process.env.PATH, CI: process.env.CI };
    try {
      process.env.PATH = '/nonexistent';
      process.env.CI = 'true';
      await expect(brokerMissing('nats')).rejects.toThrow(/CI=true and nats broker tests cannot run/);
      process.env.CI = 'false';
      // (it also prints the SKIPPED banner)
      await expect(brokerMissing('nats')).resolves.toMatch(/nats-server not found/);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.CI === undefined) delete process.env.CI;
      else process.env.CI = saved.CI;
    }
  });
});

describe.skipIf(present.length === 0)(`broker harness (${present.join(', ')})`, () => {
  let brokers: Record<string, Broker> = {};

  beforeAll(async () => {
    brokers = await startBrokers(present);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(Object.values(brokers).map((b) => b.close()));
  }, 60_000);

  it.each(present)('%s runs on its own 127.0.0.1 port and answers', async (kind) => {
    const b = brokers[kind]!;
    expect(b.running()).toBe(true);
    expect(pidAlive(b.pid()!)).toBe(true);
    expect(await portOpen(b.port)).toBe(true);
    expect(b.url).toContain(`127.0.0.1:${b.port}`);
  });

  it('gives every broker different ports and data dirs', () => {
    const all = Object.values(brokers);
    expect(new Set(all.map((b) => b.port)).size).toBe(all.length);
    expect(new Set(all.map((b) => b.dataDir)).size).toBe(all.length);
  });

  it.each(present)(
    '%s stops by PID and starts again on the same port',
    async (kind) => {
      const b = brokers[kind]!;
      const pid = b.pid()!;
      await b.stop();
      expect(b.running()).toBe(false);
      expect(b.pid()).toBeNull();
      expect(pidAlive(pid)).toBe(false);
      expect(await portOpen(b.port)).toBe(false);
      await b.start();
      expect(b.pid()).not.toBe(pid);
      expect(await portOpen(b.port)).toBe(true);
    },
    90_000,
  );

  it.each(present)(
    '%s survives kill -9 and a start after it',
    async (kind) => {
      const b = brokers[kind]!;
      await b.kill();
      expect(await portOpen(b.port)).toBe(false);
      await b.start();
      expect(await portOpen(b.port)).toBe(true);
    },
    90_000,
  );

  it('close() removes the data dir and leaves no process', async () => {
    const all = Object.values(brokers);
    const pids = all.map((b) => b.pid()!);
    await Promise.all(all.map((b) => b.close()));
    for (const b of all) expect(existsSync(b.dataDir)).toBe(false);
    for (const pid of pids) expect(pidAlive(pid)).toBe(false);
    brokers = {};
  }, 60_000);
});

describe.skipIf(missing.redis)('a test process killed outright', () => {
  it('leaves no broker behind: the watchdog kills it and removes its data', async () => {
    const helper = new URL('./helpers/brokers.ts', import.meta.url).pathname;
    // a process that starts a broker, prints its PID and data dir, and dies by SIGKILL (no exit handlers)
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { startBroker } = await import(${JSON.stringify(helper)});
         const b = await startBroker('redis');
         console.log(JSON.stringify({ pid: b.pid(), dir: b.dataDir }));
         process.kill(process.pid, 'SIGKILL');`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const { pid, dir } = JSON.parse(child.stdout.trim()) as { pid: number; dir: string };
    const deadline = Date.now() + 10_000;
    while ((pidAlive(pid) || existsSync(dir)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(pidAlive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  }, 30_000);
});
