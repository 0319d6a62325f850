import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../server/test/helpers/database.ts';
import { eventually } from '../../server/test/helpers/herald.ts';
import {
  type HeraldProcess,
  killAll,
  PROCESS_ROOT_KEY,
  publishVia,
  repoRoot,
  startHeraldProcess,
} from '../../server/test/helpers/process.ts';
import {
  type Received,
  startReceiver,
  verifyWithStandardWebhooks,
} from '../../server/test/helpers/receiver.ts';

/** A port that was free a moment ago: the restarted server must come back on the same one. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface ListenProcess {
  proc: ChildProcess;
  output(): string;
  /** The secret `listen` printed in its banner. */
  secret: string;
  /** Lines of stdout that mention `id`. */
  linesFor(id: string): string[];
  stop(): Promise<number | null>;
}

const listeners = new Set<ListenProcess>();

/** `npm run herald -- listen ...` as the README has it: node apps/server/src/main.ts listen, from the root. */
async function startListen(args: string[]): Promise<ListenProcess> {
  const proc = spawn(process.execPath, ['apps/server/src/main.ts', 'listen', ...args], {
    cwd: repoRoot,
    env: { ...process.env, HERALD_API_KEY: PROCESS_ROOT_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let all = '';
  proc.stdout!.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    all += c;
  });
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => {
    all += c;
  });
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const secret = await eventually(async () => {
    if (proc.exitCode !== null) throw new Error(`listen exited ${proc.exitCode}:\n${all}`);
    return /Ready\./.test(out) && out.match(/secret\s+(whsec_[A-Za-z0-9+/=]+)/)?.[1];
  }, 20_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${all}`);
  });
  const handle: ListenProcess = {
    proc,
    output: () => all,
    secret,
    linesFor: (id) => out.split('\n').filter((l) => l.includes(id)),
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGINT');
      const code = await exited;
      listeners.delete(handle);
      return code;
    },
  };
  listeners.add(handle);
  return handle;
}

let db: TestDatabase;
let port: number;
let server: HeraldProcess;
const serverEnv = () => ({ DATABASE_URL: db.url, PORT: String(port), HERALD_LOG_LEVEL: 'error' });

beforeAll(async () => {
  db = await createTestDatabase();
  port = await freePort();
  server = await startHeraldProcess('start', serverEnv());
});
afterAll(async () => {
  await Promise.all([...listeners].map((l) => l.stop()));
  await killAll();
  await db?.drop();
});

const newApp = async (name: string) => {
  const res = await server.api('POST', '/v1/apps', { name });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

/** Verifies with the official library, and that body and headers are what Herald itself would send. */
function checkForwarded(
  secret: string,
  r: Received,
  message: { id: string; eventType: string; timestamp: string },
) {
  const event = verifyWithStandardWebhooks(secret, r);
  expect(r.headers['webhook-id']).toBe(message.id);
  expect(r.headers['content-type']).toBe('application/json');
  expect(r.body).toBe(
    JSON.stringify({ type: message.eventType, timestamp: message.timestamp, data: event.data }),
  );
  return event;
}

describe('herald listen', () => {
  it('forwards the feed in order, signed, and survives a server restart without duplicates', async () => {
    const receiver = await startReceiver();
    const app = await newApp('listen');
    const listen = await startListen([
      '--app',
      app,
      '--forward-to',
      receiver.url,
      '--url',
      server.url!,
      '--consumer',
      'laptop',
    ]);

    const sent: Array<{ id: string; timestamp: string; eventType: string }> = [];
    for (let i = 0; i < 3; i++)
      sent.push(await publishVia(server, app, { eventType: `order.step${i}`, payload: { i, note: 'ü' } }));
    const got = await receiver.waitFor(3);
    got.forEach((r, i) => {
      expect(checkForwarded(listen.secret, r, sent[i]!)).toMatchObject({
        type: `order.step${i}`,
        data: { i },
      });
    });
    // one line per forwarded message, with its type and the local status
    await eventually(async () => sent.every((m) => listen.linesFor(m.id).length === 1));
    expect(listen.linesFor(sent[0]!.id)[0]).toMatch(/order\.step0\s+msg_\S+\s+-> 200/);

    // restart Herald on the same database and port while listen keeps running
    server.kill('SIGTERM');
    expect((await server.waitForExit()).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1000)); // listen finds nobody there for a while
    server = await startHeraldProcess('start', serverEnv());
    for (let i = 3; i < 5; i++)
      sent.push(await publishVia(server, app, { eventType: `order.step${i}`, payload: { i } }));
    const all = await receiver.waitFor(5, 30_000);
    all.forEach((r, i) => {
      checkForwarded(listen.secret, r, sent[i]!);
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual(sent.map((m) => m.id));
    expect(listen.output()).toMatch(/unavailable/);

    // listen itself restarted: resumes from its consumer cursor, so only what is new arrives
    expect(await listen.stop()).toBe(0);
    const later = await publishVia(server, app, { eventType: 'order.step5', payload: { i: 5 } });
    const again = await startListen([
      '--app',
      app,
      '--forward-to',
      receiver.url,
      '--url',
      server.url!,
      '--consumer',
      'laptop',
    ]);
    expect(again.output()).toMatch(/resuming from its cursor/);
    expect(again.secret).not.toBe(listen.secret);
    const last = (await receiver.waitFor(6))[5]!;
    checkForwarded(again.secret, last, later);
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.requests).toHaveLength(6);
    expect(await again.stop()).toBe(0);
    await receiver.close();
  });

  it('retries a failing local URL with backoff and acks only after it accepted; never skips', async () => {
    // the first two requests fail; everything after succeeds
    const receiver = await startReceiver((n) => (n <= 2 ? { status: 500 } : {}));
    const app = await newApp('listen-retry');
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const listen = await startListen([
      '--app',
      app,
      '--forward-to',
      receiver.url,
      '--url',
      server.url!,
      '--consumer',
      'flaky',
      '--secret',
      secret,
      '--event-types',
      'job.done',
    ]);
    expect(listen.secret).toBe(secret);

    const first = await publishVia(server, app, { eventType: 'job.done', payload: { n: 1 } });
    await publishVia(server, app, { eventType: 'job.ignored', payload: {} }); // filtered out
    const second = await publishVia(server, app, { eventType: 'job.done', payload: { n: 2 } });

    // while the local URL fails, the consumer cursor stays before the first message
    await receiver.waitFor(1);
    const cursor = await server.api('GET', `/v1/apps/${app}/events/consumers/flaky`);
    if (cursor.body.iterator !== null) {
      // null: no ack yet at all; otherwise reading on from it must still give the first message
      const pending = await server.api('GET', `/v1/apps/${app}/events?iterator=${cursor.body.iterator}`);
      expect(pending.body.data.map((m: any) => m.id)).toContain(first.id);
    }

    const got = await receiver.waitFor(4, 20_000);
    expect(got.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id, first.id, second.id]);
    for (const r of got) checkForwarded(secret, r, r.headers['webhook-id'] === first.id ? first : second);
    expect(got[1]!.at - got[0]!.at).toBeGreaterThanOrEqual(900); // backed off
    expect(listen.linesFor(first.id).filter((l) => /-> 500/.test(l))).toHaveLength(2);
    expect(listen.linesFor(first.id).filter((l) => /-> 200/.test(l))).toHaveLength(1);

    // acked once accepted: the cursor is past both
    await eventually(async () => {
      const c = await server.api('GET', `/v1/apps/${app}/events/consumers/flaky`);
      const rest = await server.api('GET', `/v1/apps/${app}/events?iterator=${c.body.iterator}`);
      return rest.body.data.length === 0;
    });
    expect(await listen.stop()).toBe(0);
    await receiver.close();
  });

  it('rejects bad usage and a wrong key with a clear message', async () => {
    const usage = spawn(process.execPath, ['apps/server/src/main.ts', 'listen', '--app', 'x'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    usage.stderr!.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    const code = await new Promise((resolve) => usage.on('close', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--forward-to is required/);

    const wrongKey = spawn(
      process.execPath,
      [
        'apps/server/src/main.ts',
        'listen',
        '--app',
        'x',
        '--forward-to',
        'http://127.0.0.1:1/x',
        '--url',
        server.url!,
        '--key',
        'wrong-key-0123456789',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err2 = '';
    wrongKey.stderr!.setEncoding('utf8').on('data', (c: string) => {
      err2 += c;
    });
    expect(await new Promise((resolve) => wrongKey.on('close', resolve))).toBe(1);
    expect(err2).toMatch(/401/);
  });
});
