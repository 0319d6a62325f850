// The CLI as a user gets it: built (scripts/build-packages.ts), packed, `npm install -g` of the tarball
// into a temp prefix (offline), then the installed `herald` bin against a live Herald.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../scripts/build-packages.ts';
import { eventually, ROOT_KEY, startTestHerald, type TestHerald } from '../../server/test/helpers/herald.ts';
import { cleanEnv, installGlobally, type Packed, pack, run } from '../../server/test/helpers/packages.ts';
import { startReceiver } from '../../server/test/helpers/receiver.ts';

let h: TestHerald;
let packed: Packed;
let bin: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  [h, packed] = await Promise.all([startTestHerald(), buildCli().then(pack)]);
  bin = join(await installGlobally(packed), 'herald');
}, 120_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await h?.stop();
  await packed?.remove();
});

/** The environment a user's shell would have: the prefix's bin first, Herald's URL and key set. */
const shellEnv = () =>
  cleanEnv({
    PATH: `${join(packed.dir, 'prefix/bin')}:${process.env.PATH}`,
    HERALD_URL: h.url,
    HERALD_API_KEY: ROOT_KEY,
  });

/** A long-running `herald <args>` with its output collected. */
function start(args: string[]) {
  const proc = spawn(bin, args, { env: shellEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  return {
    out: () => out,
    err: () => err,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGINT');
      return exited;
    },
  };
}

const app = async (name: string) => (await h.api('POST', '/v1/apps', { name })).body.id as string;

describe('@herald/cli from its npm tarball', () => {
  it('installs a `herald` bin with no dependencies', async () => {
    const manifest = JSON.parse(
      await readFile(join(packed.dir, 'prefix/lib/node_modules/@herald/cli/package.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({ name: '@herald/cli', bin: { herald: './herald.js' } });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.private).toBeUndefined();
    const { stdout } = await run(bin, ['--version'], { env: shellEnv() });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await run(bin, ['--help'], { env: shellEnv() })).stdout).toMatch(/herald listen/);
  });

  it('herald publish: from --data, a file and standard input; a wrong key exits 1, bad usage 2', async () => {
    const id = await app('cli-publish');
    const inline = JSON.parse(
      (
        await run(
          bin,
          ['publish', '--app', id, '--type', 'cli.inline', '--data', '{"n":1}', '--event-id', 'e1'],
          { env: shellEnv() },
        )
      ).stdout,
    );
    expect(inline).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      eventType: 'cli.inline',
      eventId: 'e1',
      payload: { n: 1 },
    });
    const piped = JSON.parse(
      (
        await run(bin, ['publish', '--app', id, '--type', 'cli.stdin', '--channels', 'eu,us'], {
          env: shellEnv(),
          input: '{"n":2}',
        })
      ).stdout,
    );
    expect(piped).toMatchObject({ eventType: 'cli.stdin', channels: ['eu', 'us'], payload: { n: 2 } });
    const file = join(packed.dir, 'payload.json');
    await writeFile(file, '{"n":3}');
    const fromFile = JSON.parse(
      (
        await run(bin, ['publish', '--app', id, '--type', 'cli.file', '--data', `@${file}`], {
          env: shellEnv(),
        })
      ).stdout,
    );
    expect(fromFile).toMatchObject({ eventType: 'cli.file', payload: { n: 3 } });
    const list = await h.api('GET', `/v1/apps/${id}/messages`);
    expect(list.body.data.map((m: { id: string }) => m.id).sort()).toEqual(
      [inline.id, piped.id, fromFile.id].sort(),
    );

    await expect(
      run(bin, ['publish', '--app', id, '--type', 'x.y', '--data', '{}', '--key', 'wrong-key-0123456789'], {
        env: shellEnv(),
      }),
    ).rejects.toThrow(/401/);
    await expect(
      run(bin, ['publish', '--app', id, '--type', 'x.y', '--data', '[1]'], { env: shellEnv() }),
    ).rejects.toThrow(/must be a JSON object/);
  });

  it('herald listen forwards signed webhooks and herald tail prints what is published', async () => {
    const id = await app('cli-listen');
    const receiver = await startReceiver();
    const listen = start(['listen', '--app', id, '--forward-to', receiver.url]);
    const tail = start(['tail', '--app', id, '--json']);
    const secret = await eventually(
      async () => /Ready\./.test(listen.out()) && listen.out().match(/secret\s+(whsec_\S+)/)?.[1],
      20_000,
    );
    await eventually(async () => /messages of/.test(tail.err()), 20_000);

    const { stdout } = await run(
      bin,
      ['publish', '--app', id, '--type', 'cli.listen', '--data', '{"hello":"world"}'],
      { env: shellEnv() },
    );
    const message = JSON.parse(stdout);
    const [got] = await receiver.waitFor(1, 20_000);
    expect(got!.headers['webhook-id']).toBe(message.id);
    expect(new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>)).toMatchObject({
      type: 'cli.listen',
      data: { hello: 'world' },
    });
    const line = await eventually(
      async () =>
        tail
          .out()
          .split('\n')
          .find((l) => l.includes(message.id)),
      20_000,
    );
    expect(JSON.parse(line)).toMatchObject({
      id: message.id,
      eventType: 'cli.listen',
      payload: { hello: 'world' },
    });

    expect(await listen.stop()).toBe(0);
    expect(await tail.stop()).toBe(0);
    await receiver.close();
  });

  it('runs with npx from the tarball', async () => {
    const { stdout } = await run(
      'npx',
      ['--offline', '--yes', '--package', packed.tarball, '--', 'herald', '--version'],
      {
        cwd: packed.dir,
        env: cleanEnv(),
      },
    );
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
