import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type HeraldProcess, killAll, startHeraldProcess } from './helpers/process.ts';

// `herald start` with no DATABASE_URL: an embedded PostgreSQL under HERALD_DATA_DIR, and a root key
// generated on first start, printed once.

let dataDir: string | undefined;
afterAll(async () => {
  await killAll();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** `start` on the data dir with neither DATABASE_URL nor HERALD_API_KEY. */
async function startEmbedded(dir: string) {
  return startHeraldProcess('start', {
    DATABASE_URL: undefined,
    HERALD_API_KEY: undefined,
    HERALD_DATA_DIR: dir,
  });
}

async function stop(h: HeraldProcess) {
  h.kill('SIGTERM');
  expect(await h.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  // the embedded server went down with it
  expect(existsSync(join(dataDir!, 'pg', 'postmaster.pid'))).toBe(false);
  expect(existsSync(join(dataDir!, 'pg-owner.pid'))).toBe(false);
}

describe('embedded PostgreSQL', () => {
  it('first start boots it and prints a working root key once; the next start keeps the key', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'herald-embedded-'));

    const first = await startEmbedded(dataDir);
    console.log(`[timing] embedded first start (initdb) ready in ${first.readyMs} ms`);
    expect(first.stdout()).toContain(`embedded PostgreSQL, data in ${dataDir}`);
    const key = first.stdout().match(/root API key\s+(hk_[A-Za-z0-9_-]+)/)?.[1];
    expect(key, first.stdout()).toBeDefined();
    expect(first.stdout()).toContain('generated now and shown only this once');
    expect((await first.api('GET', '/v1/apps', undefined, key)).status).toBe(200);
    expect((await first.api('GET', '/v1/apps', undefined, 'hk_wrong')).status).toBe(401);
    const created = await first.api('POST', '/v1/apps', { name: 'kept', uid: 'kept' }, key);
    expect(created.status).toBe(201);
    await stop(first);

    const second = await startEmbedded(dataDir);
    console.log(`[timing] embedded second start ready in ${second.readyMs} ms`);
    expect(second.stdout()).toContain(
      'root API key       generated on first start (only its hash is stored)',
    );
    expect(second.stdout()).not.toMatch(/hk_/);
    const apps = await second.api('GET', '/v1/apps', undefined, key);
    expect(apps.status).toBe(200);
    expect(apps.body.data.map((a: { uid: string }) => a.uid)).toEqual(['kept']);
    await stop(second);
  }, 60_000);
});
