import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, resources } from './helpers/api.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';

// The edge of the API: security headers, CORS (off unless origins are listed), ETag/304 on reads,
// and load shedding under pressure.

const ALLOWED = 'https://admin.example.com';

let h: TestHerald;
let withCors: TestHerald;
beforeAll(async () => {
  [h, withCors] = await Promise.all([
    startTestHerald({}, ['api'], { inject: true }),
    startTestHerald({ HERALD_CORS_ORIGINS: `${ALLOWED}, https://ops.example.com` }, ['api'], {
      inject: true,
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([h?.stop(), withCors?.stop()]);
});

describe('security headers (helmet)', () => {
  it('puts a strict CSP and helmet headers on API answers, errors included', async () => {
    for (const res of [await h.api('GET', '/v1/apps'), await h.api('GET', '/v1/nothing-here')]) {
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it("leaves the dashboard's own CSP in place, with helmet's other headers", async () => {
    const page = await h.api('GET', '/', undefined, { key: null });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("default-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // the API reference page runs its own inline scripts: no API policy there
    const docs = await h.api('GET', '/docs/', undefined, { key: null });
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toBeNull();
  });
});

describe('CORS', () => {
  it('is off by default: no CORS headers, even for an Origin', async () => {
    const res = await h.api('GET', '/v1/apps', undefined, { headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await h.api('OPTIONS', '/v1/apps', undefined, {
      key: null,
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers listed origins only, preflight and request', async () => {
    const preflight = await withCors.api('OPTIONS', '/v1/apps', undefined, {
      key: null,
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

    const res = await withCors.api('GET', '/v1/apps', undefined, { headers: { origin: ALLOWED } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');

    const other = await withCors.api('GET', '/v1/apps', undefined, {
      headers: { origin: 'https://evil.example.net' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a malformed origin list at boot, naming the variable', async () => {
    const { loadConfig } = await import('../src/config.ts');
    expect(() =>
      loadConfig({ HERALD_CORS_ORIGINS: 'https://ok.example.com,https://bad.example.com/path' }),
    ).toThrow(/HERALD_CORS_ORIGINS/);
  });
});

describe('ETag and 304 on reads', () => {
  it('tags a read, answers 304 to a matching If-None-Match, and a new tag after a change', async () => {
    const r = resources(h);
    const app = await r.newApp({ name: 'etag app' });
    const first = await h.api('GET', `/v1/apps/${app.id}`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[\w-]+"$/);

    const again = await h.api('GET', `/v1/apps/${app.id}`, undefined, {
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get('etag')).toBe(etag);
    // in a list of tags, and as a strong tag of the same value
    const listed = await h.api('GET', `/v1/apps/${app.id}`, undefined, {
      headers: { 'if-none-match': `"other", ${etag!.slice(2)}` },
    });
    expect(listed.status).toBe(304);

    expect((await h.api('PATCH', `/v1/apps/${app.id}`, { name: 'renamed' })).status).toBe(200);
    const changed = await h.api('GET', `/v1/apps/${app.id}`, undefined, {
      headers: { 'if-none-match': etag! },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.name).toBe('renamed');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('never turns a write or an error into 304', async () => {
    const created = await h.api('POST', '/v1/apps', { name: 'x' });
    expect(created.headers.get('etag')).toBeNull();
    const missing = await h.api('GET', '/v1/apps/app_missing');
    expect(missing.headers.get('etag')).toBeNull();
    const again = await h.api('GET', '/v1/apps/app_missing', undefined, {
      headers: { 'if-none-match': '*' },
    });
    expectProblem(again, 404);
    const post = await h.api('POST', '/v1/apps', { name: 'y' }, { headers: { 'if-none-match': '*' } });
    expect(post.status).toBe(201);
  });
});

describe('overload', () => {
  it('sheds requests with 503 problem + Retry-After while over a limit; /health still answers', async () => {
    // every process uses more than 1 byte of heap: under pressure from the first sample on
    const pressed = await startTestHerald(
      { HERALD_OVERLOAD_MAX_HEAP_BYTES: '1', HERALD_OVERLOAD_RETRY_AFTER_SECONDS: '7' },
      ['api'],
      { inject: true },
    );
    try {
      const shed = await eventually(async () => {
        const res = await pressed.api('GET', '/v1/apps');
        return res.status === 503 ? res : null;
      }, 10_000);
      const problem = expectProblem(shed, 503);
      expect(problem.detail).toMatch(/overloaded/);
      expect(shed.headers.get('retry-after')).toBe('7');
      expect((await pressed.api('POST', '/v1/apps', { name: 'x' })).status).toBe(503);
      // liveness answers under pressure: an overloaded process is alive
      expect((await pressed.api('GET', '/health', undefined, { key: null })).status).toBe(200);
    } finally {
      await pressed.stop();
    }
  });
});
