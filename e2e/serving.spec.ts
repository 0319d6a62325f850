import { expect, test } from './fixtures.ts';

// How the server hands out the built dashboard (apps/server/src/api/plugins/dashboard.ts).
test('index.html is revalidated, hashed assets are immutable, dashboard paths answer the app', async ({
  request,
}) => {
  const index = await request.get('/');
  expect(index.status()).toBe(200);
  expect(index.headers()['content-type']).toContain('text/html');
  expect(index.headers()['cache-control']).toBe('no-cache');
  expect(index.headers()['content-security-policy']).toContain("script-src 'self'");
  const html = await index.text();
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeTruthy();

  const js = await request.get(asset!);
  expect(js.status()).toBe(200);
  expect(js.headers()['cache-control']).toContain('immutable');

  // a deep link of the dashboard gets the app, so it can be opened or reloaded directly
  const deep = await request.get('/apps/app_x/messages?status=failed', { headers: { accept: 'text/html' } });
  expect(deep.status()).toBe(200);
  expect(await deep.text()).toBe(html);
  const portal = await request.get('/portal');
  expect(await portal.text()).toBe(html);
  const jobs = await request.get('/jobs', { headers: { accept: 'text/html' } });
  expect(await jobs.text()).toBe(html);

  // missing files and the server's own paths get a real 404 problem, never the app
  for (const path of ['/assets/missing-abc123.js', '/favicon.ico', '/v1/no-such-route', '/nothing/here']) {
    const r = await request.get(path, { headers: { accept: 'text/html' } });
    expect(r.status(), path).toBe(404);
    expect(r.headers()['content-type'], path).toContain('application/problem+json');
  }
  expect((await request.get('/health')).status()).toBe(200);
  expect((await request.post('/apps/x')).status()).toBe(404);
});
