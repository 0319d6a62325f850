// The SDK as a user gets it: built (scripts/build-packages.ts), packed with `npm pack`, installed from
// the tarball into a fresh project with `npm install --offline`, and used from plain Node, outside this
// repository, against a live Herald.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { generateSecret, parseSecret, sign } from '@herald/signing';
import { chromium } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_KEY, startTestHerald, type TestHerald } from '../../../apps/server/test/helpers/herald.ts';
import {
  cleanEnv,
  installIntoProject,
  type Packed,
  pack,
  run,
} from '../../../apps/server/test/helpers/packages.ts';
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

/** What the browser page runs: the packed SDK loaded as a module, then the client and the verifier. */
const browserScript = `
import { Herald, HeraldApiError, verifyWebhook } from '/sdk.js';
window.runSdk = async ({ apiKey, secret, webhookBody, webhookHeaders }) => {
  const herald = new Herald({ baseUrl: location.origin, apiKey });
  const app = await herald.apps.create({ name: 'From a browser' });
  const message = await herald.messages.publish(app.id, { eventType: 'browser.test', payload: { n: 1 } });
  const listed = (await herald.messages.list(app.id)).data.map((m) => m.id);
  const event = await verifyWebhook(secret, webhookBody, new Headers(webhookHeaders));
  let rejected = '';
  try { await verifyWebhook(secret, webhookBody + ' ', webhookHeaders); } catch (err) { rejected = err.name; }
  let status = 0;
  try { await herald.apps.get('app_missing'); } catch (err) { if (err instanceof HeraldApiError) status = err.status; }
  return { messageId: message.id, listed, event, rejected, status, agent: navigator.userAgent };
};
`;

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

/**
 * The runtimes the SDK promises: Node 24 (the repository's), the system's Node (20 here), and Deno and
 * Bun from their npm packages (optional dependencies of the repository, linux-x64 only).
 */
const deno = join(repoRoot, 'node_modules/@deno/linux-x64-glibc/deno');
const bun = join(repoRoot, 'node_modules/@oven/bun-linux-x64/bin/bun');
const runtimes: Array<[string, string[]]> = [
  [`node ${process.version}`, [process.execPath, 'main.js']],
  ...['/usr/bin/node', '/usr/local/bin/node']
    .filter(existsSync)
    .map((n): [string, string[]] => [`system node (${n})`, [n, 'main.js']]),
];
if (existsSync(deno) || process.env.CI === 'true')
  runtimes.push(['deno', [deno, 'run', '--allow-all', 'main.js']]);
if (existsSync(bun) || process.env.CI === 'true') runtimes.push(['bun', [bun, 'main.js']]);

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

  it.each(runtimes)(
    'publishes and verifies a webhook against a live Herald from %s',
    async (_name, [file, ...args]) => {
      await writeFile(join(project, 'main.js'), consumerScript);
      const env = cleanEnv({ DENO_DIR: join(packed.dir, 'deno'), DENO_NO_UPDATE_CHECK: '1' });
      const { stdout } = await run(file!, [...args, h.url, ROOT_KEY], {
        cwd: project,
        timeoutMs: 30_000,
        env,
      });
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

  it('runs in a browser (Chromium): the client over fetch, the verifier on WebCrypto', async () => {
    const sdk = await readFile(join(project, 'node_modules/@herald/sdk/index.js'));
    // the page and the API on one origin: the page's own server passes /v1 through to Herald
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        if (req.url === '/') {
          res.setHeader('content-type', 'text/html');
          return res.end(`<!doctype html><title>sdk</title><script type="module">${browserScript}</script>`);
        }
        if (req.url === '/sdk.js') {
          res.setHeader('content-type', 'text/javascript');
          return res.end(sdk);
        }
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'content-type', 'accept', 'idempotency-key'])
          if (typeof req.headers[name] === 'string') headers[name] = req.headers[name] as string;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const upstream = await fetch(h.url + req.url, { method: req.method, headers, body });
        res.statusCode = upstream.status;
        res.setHeader('content-type', upstream.headers.get('content-type') ?? 'text/plain');
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const secret = generateSecret();
    const webhookBody = JSON.stringify({
      type: 'browser.test',
      timestamp: new Date().toISOString(),
      data: { ok: 1 },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const webhookHeaders = {
      'webhook-id': 'msg_browser',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': sign(parseSecret(secret), 'msg_browser', timestamp, webhookBody),
    };
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(origin);
      await page.waitForFunction(() => 'runSdk' in window);
      const out = await page.evaluate(
        (args) => (window as unknown as { runSdk: (a: unknown) => Promise<any> }).runSdk(args),
        {
          apiKey: ROOT_KEY,
          secret,
          webhookBody,
          webhookHeaders,
        },
      );
      expect(out.agent).toMatch(/Chrome/);
      expect(out.listed).toEqual([out.messageId]);
      expect(out.event).toMatchObject({ type: 'browser.test', data: { ok: 1 } });
      expect(out.rejected).toBe('WebhookVerificationError');
      expect(out.status).toBe(404);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
