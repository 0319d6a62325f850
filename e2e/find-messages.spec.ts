import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

test('find a message: search, last response, time presets, an endpoint by uid, one reload per choice', async ({
  page,
  receiver,
}) => {
  const app = await createApp('Search demo', { retrySchedule: [] });
  const ok = await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url, uid: 'billing' });
  const down = receiver.at('down', {
    status: 503,
    headers: { 'content-type': 'text/html' },
    body: '<h1>busy</h1>',
  });
  await api('POST', `/v1/apps/${app.id}/endpoints`, {
    url: down,
    uid: 'warehouse',
    eventTypes: ['order.shipped'],
  });
  const paid = await api('POST', `/v1/apps/${app.id}/messages`, {
    eventType: 'invoice.paid',
    payload: { customer: 'Ada Lovelace', amountCents: 4200 },
    eventId: 'evt-ada-1',
  });
  const shipped = await api('POST', `/v1/apps/${app.id}/messages`, {
    eventType: 'order.shipped',
    payload: { customer: 'Grace Hopper', parcel: 'PX-77' },
  });
  await eventually(async () => {
    const d = await api('GET', `/v1/apps/${app.id}/messages/${shipped.body.id}/deliveries`);
    return (
      d.body.data.length === 2 &&
      d.body.data.every((x: any) => x.status === 'succeeded' || x.status === 'failed')
    );
  });
  const paidRow = page.getByRole('row').filter({ hasText: paid.body.id });
  const shippedRow = page.getByRole('row').filter({ hasText: shipped.body.id });

  await signIn(page);
  await page.goto(`/apps/${app.id}/messages`);
  await expect(paidRow).toBeVisible();
  await expect(shippedRow).toBeVisible();

  // search by payload text, by eventId, by message id
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('lovelace');
  await expect(page).toHaveURL(/q=lovelace/);
  await expect(paidRow).toBeVisible();
  await expect(shippedRow).toHaveCount(0);
  await search.fill('evt-ada-1');
  await expect(page).toHaveURL(/q=evt-ada-1/);
  await expect(paidRow).toBeVisible();
  await search.fill(shipped.body.id);
  await expect(shippedRow).toBeVisible();
  await expect(paidRow).toHaveCount(0);
  await search.fill('');
  await expect(page).not.toHaveURL(/q=/);
  await expect(paidRow).toBeVisible();

  // by the last response: the 503 of the warehouse endpoint
  await page.getByLabel('Last response').selectOption('5xx');
  await expect(page).toHaveURL(/responseStatus=5xx/);
  await expect(shippedRow).toBeVisible();
  await expect(paidRow).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(paidRow).toBeVisible();

  // time presets: "last 1 h" keeps both, a window in the past keeps none
  await page.getByRole('button', { name: 'Last 1 h' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByRole('button', { name: 'Last 1 h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(paidRow).toBeVisible();
  await expect(shippedRow).toBeVisible();
  await screenshot(page, 'message-log-filtered');
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // a shared link naming the endpoint by uid: the dropdown says which one
  await page.goto(`/apps/${app.id}/messages?endpoint=warehouse`);
  await expect(page.getByLabel('Endpoint')).toHaveValue(/^ep_/);
  await expect(page.getByLabel('Endpoint').locator('option:checked')).toHaveText(down);
  await expect(shippedRow).toBeVisible();
  await expect(paidRow).toHaveCount(0);

  // arrow keys through a dropdown reload the log once, for the choice it ends on
  await page.goto(`/apps/${app.id}/messages`);
  await page.getByLabel('Live updates').setChecked(false, { force: true });
  await expect(paidRow).toBeVisible();
  const loads: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === `/v1/apps/${app.id}/messages`) loads.push(u.search);
  });
  const status = page.getByLabel('Status');
  await status.focus();
  for (let i = 0; i < 3; i++) await status.press('ArrowDown');
  await expect(page).toHaveURL(/status=succeeded/);
  await expect(paidRow).toBeVisible();
  await page.waitForTimeout(600);
  expect(loads).toHaveLength(1);
  expect(loads[0]).toContain('status=succeeded');
  expect(ok.status).toBe(201);
});
