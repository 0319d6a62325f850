import { api, createApp, expect, screenshot, signIn, test } from './fixtures.ts';

test('the Cluster page lists the running instances, with role, heartbeat and deliveries in flight', async ({
  page,
}) => {
  const listed = await api<{ data: Array<{ id: string; host: string; pid: number }> }>('GET', '/v1/cluster');
  expect(listed.status).toBe(200);
  const me = listed.body.data[0]!;

  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cluster' }).click();
  await expect(page).toHaveURL(/\/cluster$/);
  await expect(page.getByRole('heading', { name: 'Cluster' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Instances' });
  const row = table.locator(`tr[data-instance="${me.id}"]`);
  await expect(row).toContainText(me.host);
  await expect(row).toContainText(`pid ${me.pid}`);
  await expect(row).toContainText('api + worker');
  await expect(row.getByText('up', { exact: true })).toBeVisible();
  await expect(page.getByText(/1 of 1 instance up, \d+ deliver(y|ies) in flight/)).toBeVisible();
  // the page follows the heartbeats: it asks again by itself
  const refetch = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/cluster', {
    timeout: 10_000,
  });
  expect((await refetch).status()).toBe(200);
  await screenshot(page, 'cluster');

  // a key limited to one application sees no Cluster page
  const app = await createApp('Cluster scope');
  const key = await api('POST', '/v1/api-keys', { name: 'cluster e2e', app: app.id });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, key.body.key);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cluster' }),
  ).toHaveCount(0);
  await page.goto('/cluster');
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints$`));
});
