import { createApp, expect, signIn, test } from './fixtures.ts';

// The dashboard runs under its CSP (apps/server/src/api/plugins/dashboard.ts) with helmet's headers
// around it. Every spec fails on a reported violation (the cspViolations fixture); this one walks the
// main screens and first proves that a violation would be seen.

test('a CSP violation is reported to the test', async ({ page, cspViolations, allowConsole }) => {
  allowConsole.push(/Content Security Policy/);
  await page.goto('/');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.appendChild(s);
  });
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(
    await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan),
  ).toBeUndefined();
  expect(cspViolations[0]).toMatch(/^script-src(-elem)? blocked inline/);
  cspViolations.length = 0; // seen: the fixture's own check is for everything else
});

test('the dashboard works under its CSP: headers in place, no violation on the main screens', async ({
  page,
}) => {
  const app = await createApp('csp app');
  const res = await page.goto('/');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['strict-transport-security']).toMatch(/max-age=/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  await signIn(page);
  await page.goto(`/apps/${app.id}`);
  await expect(page.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
  await page.goto(`/apps/${app.id}/messages`);
  await expect(page.getByRole('heading', { name: 'Messages' })).toBeVisible();
  await page.goto('/jobs');
  await page.waitForLoadState('networkidle');
});
