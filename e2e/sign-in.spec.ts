import { api, createApp, expect, screenshot, signIn, test } from './fixtures.ts';

test.describe('signing in', () => {
  // a rejected key is a 401 the browser itself logs as a failed resource load
  test.use({ allowConsole: [/status of 401/] });

  test('a wrong key is refused, the right one opens the applications', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await screenshot(page, 'sign-in');

    await page.getByLabel('API key').fill('not-a-key-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('That key was not accepted.')).toBeVisible();

    await page.getByLabel('API key').fill(process.env.HERALD_E2E_KEY!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Applications' })).toBeVisible();
    await expect(page.getByText('Root key')).toBeVisible();

    // the key lives in this tab's session storage, so a reload stays signed in
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Applications' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByLabel('API key')).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  test('a key revoked while in use sends you back to sign-in', async ({ page }) => {
    const app = await createApp('Revocation test');
    const created = await api('POST', '/v1/api-keys', { name: 'e2e scoped', app: app.id });
    expect(created.status).toBe(201);
    await signIn(page, created.body.key);
    await expect(page.getByText('Scoped key')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints$`));

    expect((await api('DELETE', `/v1/api-keys/${created.body.id}`)).status).toBe(204);
    // the next request meets the 401: a click, or a screen's own refresh if it comes first (then the
    // link is already gone and the click gives up)
    await page
      .getByRole('link', { name: 'Messages', exact: true })
      .click({ timeout: 5000 })
      .catch(() => {});
    await expect(page.getByText('Your key is no longer accepted')).toBeVisible();
    await expect(page.getByLabel('API key')).toBeVisible();
  });
});

test('applications: list and create', async ({ page }) => {
  await createApp('Acme Corp');
  await signIn(page);
  await expect(page.getByRole('link', { name: 'Acme Corp' }).first()).toBeVisible();
  await screenshot(page, 'applications');

  await page.getByRole('button', { name: 'Create application' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create application' });
  await dialog.getByLabel('Name').fill('Globex Billing');
  await dialog.getByRole('button', { name: 'Create application' }).click();
  await expect(page).toHaveURL(/\/apps\/app_[^/]+\/endpoints$/);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Globex Billing');
  await expect(page.getByText('No endpoints yet')).toBeVisible();
  await screenshot(page, 'endpoints-empty');
});
