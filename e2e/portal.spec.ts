import { api, createApp, expect, screenshot, test } from './fixtures.ts';

test('a portal link opens the dashboard limited to its application', async ({ page, receiver }) => {
  const mine = await createApp('Customer Portal Inc');
  const other = await createApp('Somebody Else Ltd');
  await api('POST', `/v1/apps/${mine.id}/endpoints`, { url: receiver.url, description: 'Their endpoint' });
  await api('POST', `/v1/apps/${other.id}/endpoints`, {
    url: `${receiver.url}/other`,
    description: 'Not theirs',
  });
  await api('POST', `/v1/apps/${mine.id}/messages`, { eventType: 'user.created', payload: { user: 'u_1' } });

  const link = await api('POST', `/v1/apps/${mine.id}/portal-access`, { expiresIn: 600 });
  expect(link.status).toBe(200);
  expect(link.body.url).toContain('/portal#token=');

  await page.goto(link.body.url);
  await expect(page).toHaveURL(new RegExp(`/apps/${mine.id}/endpoints$`));
  // the token left the address bar but stays in this tab
  expect(page.url()).not.toContain('token');
  expect(await page.evaluate(() => sessionStorage.getItem('herald.apiKey'))).toBe(link.body.token);

  await expect(page.getByText('Customer Portal Inc')).toBeVisible();
  // a customer-sized view: the operator's brand, none of Herald's own navigation
  await expect(page.getByRole('link', { name: 'Acme Webhooks' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Jobs' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await expect(page.getByText('Their endpoint')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Applications' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Portal link' })).toHaveCount(0);
  await screenshot(page, 'portal');

  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'user.created' })).toBeVisible();

  // nothing else is reachable: the start page and another app's URL lead back to this app
  await page.goto('/');
  await expect(page).toHaveURL(new RegExp(`/apps/${mine.id}/endpoints$`));
  await page.goto(`/apps/${other.id}/endpoints`);
  await expect(page).toHaveURL(new RegExp(`/apps/${mine.id}/endpoints$`));
  await expect(page.getByText('Somebody Else Ltd')).toHaveCount(0);
  await expect(page.getByText('Not theirs')).toHaveCount(0);
});

test.describe('a portal link that no longer works', () => {
  test.use({ allowConsole: [/status of 401/] });

  test('says so instead of showing a sign-in form', async ({ page }) => {
    await page.goto('/portal#token=hk_not_a_real_token');
    await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
    await expect(page.getByLabel('API key')).toHaveCount(0);
    expect(page.url()).not.toContain('token');
  });
});
