// The SDK as a user gets it: built (scripts/build-packages.ts), packed with `npm pack`, installed from
// the tarball into a fresh project with `npm install --offline`, and used from plain Node, outside this
// repository, against a live Herald.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_KEY, startTestHerald, type TestHerald } from '../../../apps/server/test/helpers/herald.ts';
import { installIntoProject, type Packed, pack, run } from '../../../apps/server/test/helpers/packages.ts';
import { repoRoot } from '../../../apps/server/test/helpers/process.ts';
import { buildSdk } from '../../../scripts/build-packages.ts';

let h: TestHerald;
let packed: Packed;
let project: string;

beforeAll(async () => {
  [h, packed] = await Promise.all([startTestHerald(), buildSdk().then(pack)]);
  project = await installIntoProject(packed);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await packed?.remove();
});

/** A consumer's script: its own receiver, then create app + endpoint, publish, verify what arrives. */
const consumerScript = `
import { createServer } from 'node:http';
import { Herald, HeraldApiError, verifyWebhook } from '@herald/sdk';

const [baseUrl, apiKey] = process.argv.slice(2);
let deliver;
const arrived = new Promise((resolve) => (deliver = resolve));
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    res.end('ok');
    deliver({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const herald = new Herald({ baseUrl, apiKey });
const app = await herald.apps.create({ name: 'Packed SDK' });
const endpoint = await herald.endpoints.create(app.id, { url: 'http://127.0.0.1:' + server.address().port + '/hook' });
const secret = await herald.endpoints.secret(app.id, endpoint.id);
const message = await herald.messages.publish(app.id, { eventType: 'packed.test', payload: { node: process.version } });
const timeout = setTimeout(() => { console.error('no webhook within 20 s'); process.exit(1); }, 20_000);
const received = await arrived;
clearTimeout(timeout);
const event = await verifyWebhook(secret, received.body, received.headers);
let problem;
try { await herald.apps.get('app_does_not_exist'); } catch (err) { problem = err instanceof HeraldApiError && err.status; }
// the attempt is recorded just after the receiver answered: read until it shows (bounded)
let attempts = [];
for (let i = 0; i < 100 && !attempts.includes('succeeded'); i++) {
  attempts = [];
  for await (const a of herald.attempts.listAll(app.id)) attempts.push(a.status);
  if (!attempts.includes('succeeded')) await new Promise((r) => setTimeout(r, 100));
}
server.close();
console.log(JSON.stringify({ messageId: message.id, secret, received, event, problem, attempts }));
`;

const nodes = [process.execPath, ...['/usr/bin/node', '/usr/local/bin/node'].filter(existsSync)];

describe('@herald/sdk from its npm tarball', () => {
  it('installs alone: no dependencies, ESM and CJS entry points with types', async () => {
    const manifest = JSON.parse(
      await readFile(join(project, 'node_modules/@herald/sdk/package.json'), 'utf8'),
    );
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.exports['.'].import.types).toBe('./index.d.ts');
    // nothing else was installed next to it
    expect(await readdir(join(project, 'node_modules'))).toEqual(['.package-lock.json', '@herald']);
    expect((await readdir(join(project, 'node_modules/@herald/sdk'))).sort()).toEqual(
      ['README.md', 'index.cjs', 'index.d.cts', 'index.d.ts', 'index.js', 'package.json'].sort(),
    );

    const cjs = await run(
      process.execPath,
      [
        '-e',
        "const s = require('@herald/sdk'); console.log(typeof s.Herald, typeof s.verifyWebhook, typeof s.paginate)",
      ],
      { cwd: project },
    );
    expect(cjs.stdout.trim()).toBe('function function function');

    // the declarations stand alone (no zod, no @herald/contracts): a strict consumer typechecks
    await writeFile(
      join(project, 'consumer.ts'),
      `import { Herald, type Endpoint, type MessageIn, verifyWebhook } from '@herald/sdk';
const herald = new Herald({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
const input: MessageIn = { eventType: 'a.b', payload: { n: 1 } };
export async function f(): Promise<string> {
  const ep: Endpoint = await herald.endpoints.create('app', { url: 'https://example.test' });
  const m = await herald.messages.publish('app', input, { idempotencyKey: 'k1' });
  const e = await verifyWebhook<{ n: number }>('whsec_x', '{}', {});
  return ep.circuit.state + m.id + e.data.n;
}
// @ts-expect-error eventType is required
export const bad: MessageIn = { payload: {} };
`,
    );
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          noEmit: true,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project], {
      cwd: project,
    });
  });

  it.each(nodes)(
    'publishes and verifies a webhook against a live Herald from plain Node (%s)',
    async (node) => {
      await writeFile(join(project, 'main.js'), consumerScript);
      const { stdout } = await run(node, ['main.js', h.url, ROOT_KEY], { cwd: project, timeoutMs: 30_000 });
      const out = JSON.parse(stdout);
      expect(out.event).toMatchObject({
        type: 'packed.test',
        data: { node: expect.stringMatching(/^v\d+/) },
      });
      expect(out.received.headers['webhook-id']).toBe(out.messageId);
      // and the official verifier agrees with the packed one
      expect(new Webhook(out.secret).verify(out.received.body, out.received.headers)).toEqual(out.event);
      expect(out.problem).toBe(404);
      expect(out.attempts).toContain('succeeded');
    },
  );
});
