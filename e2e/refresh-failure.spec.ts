import { api, createApp, expect, screenshot, test } from './fixtures.ts';

test.use({ allowConsole: [/status of 503/] });

test('a failed live refresh keeps the rows, says updates are paused, and resumes by itself', async ({
  page,
}) => {
  const app = await createApp('Flaky network');
  const first = await api('POST', `/v1/apps/${app.id}/messages`, {
    eventType: 'user.created',
    payload: { n: 1 },
  });
  await page.goto('/');
  await page.getByLabel('API key').fill(process.env.HERALD_E2E_KEY!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // signed in (the key is kept) before the next navigation, or it lands on the sign-in form
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(`/apps/${app.id}/messages`);
  const row = page.getByRole('row').filter({ hasText: first.body.id });
  await expect(row).toBeVisible();

  // every refresh of the log now fails with 503
  const list = `**/v1/apps/${app.id}/messages?*`;
  await page.route(list, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'Herald is overloaded',
        code: 'unavailable',
      }),
    }),
  );
  const banner = page.getByRole('status').filter({ hasText: 'Live updates paused' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Herald is overloaded');
  await expect(banner).toContainText('Retrying');
  await expect(row).toBeVisible();
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  await screenshot(page, 'message-log-refresh-failed', { fullPage: false });

  // the network recovers: the banner goes, new rows arrive
  await page.unroute(list);
  const second = await api('POST', `/v1/apps/${app.id}/messages`, {
    eventType: 'user.created',
    payload: { n: 2 },
  });
  await expect(page.getByRole('row').filter({ hasText: second.body.id })).toBeVisible({ timeout: 15_000 });
  await expect(banner).toHaveCount(0);
  await expect(row).toBeVisible();
});

test('a first load that fails says so quickly, with a way to try again', async ({ page }) => {
  const app = await createApp('Down from the start');
  await page.goto('/');
  await page.getByLabel('API key').fill(process.env.HERALD_E2E_KEY!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.route(`**/v1/apps/${app.id}/messages?*`, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'Herald is overloaded',
        code: 'unavailable',
      }),
    }),
  );
  const started = Date.now();
  await page.goto(`/apps/${app.id}/messages`);
  await expect(page.getByText(/trying again/)).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Herald is overloaded');
  expect(Date.now() - started).toBeLessThan(4000);
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
});
