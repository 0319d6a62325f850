import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { type HeraldProcess, killAll, startHeraldProcess } from './helpers/process.ts';

// The API's rate limit is one budget per API key, whichever api process a request reaches: two real
// `herald api` processes on one database count against the same PostgreSQL counter.

let db: TestDatabase | undefined;
afterAll(async () => {
  await killAll();
  await db?.drop();
});

const LIMIT = 20;

async function newKey(api: HeraldProcess, name: string) {
  const res = await api.api('POST', '/v1/api-keys', { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.key as string;
}

describe('API rate limit across api processes', () => {
  it('holds one limit per key for two api processes, with Retry-After and RateLimit-* headers', async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, HERALD_RATE_LIMIT_PER_MINUTE: String(LIMIT) };
    const a = await startHeraldProcess('api', env);
    const b = await startHeraldProcess('api', env);
    expect(a.url).not.toBe(b.url);
    const keyA = await newKey(a, 'sequential');
    const keyB = await newKey(b, 'parallel');

    // one request after the other, alternating between the processes
    const sequential = [];
    for (let i = 0; i < LIMIT + 10; i++) {
      const via = i % 2 === 0 ? a : b;
      sequential.push(await via.api('GET', '/v1/apps', undefined, keyA));
    }
    const statuses = sequential.map((r) => r.status);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    expect(statuses.slice(LIMIT)).toEqual(Array(10).fill(429));
    // the remaining budget counts down across both processes
    expect(sequential.slice(0, LIMIT).map((r) => Number(r.headers.get('ratelimit-remaining')))).toEqual(
      Array.from({ length: LIMIT }, (_, i) => LIMIT - 1 - i),
    );
    const first = sequential[0]!;
    expect(first.headers.get('ratelimit-limit')).toBe(String(LIMIT));
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);

    const limited = sequential[LIMIT]!;
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-limit')).toBe(String(LIMIT));

    // all at once, half to each process: the counter is atomic, exactly LIMIT get through
    const burst = await Promise.all(
      Array.from({ length: LIMIT + 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).api('GET', '/v1/apps', undefined, keyB),
      ),
    );
    const ok = burst.filter((r) => r.status === 200).length;
    const tooMany = burst.filter((r) => r.status === 429).length;
    expect({ ok, tooMany }).toEqual({ ok: LIMIT, tooMany: 10 });
    console.log(
      `rate limit ${LIMIT}/min across 2 api processes: sequential ${statuses.filter((s) => s === 200).length} ok / ${statuses.filter((s) => s === 429).length} limited; burst ${ok} ok / ${tooMany} limited`,
    );

    // another key has a budget of its own
    expect((await a.api('GET', '/v1/apps', undefined, await newKey(b, 'fresh'))).status).toBe(200);
  });
});
