import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

test('recover failed deliveries once the receiver is fixed', async ({ page, receiver }) => {
  const app = await createApp('Recovery demo', { retrySchedule: [1, 1] });
  const ep = await api('POST', `/v1/apps/${app.id}/endpoints`, {
    url: receiver.url,
    description: 'Flaky receiver',
  });
  expect(ep.status).toBe(201);
  const endpointId: string = ep.body.id;

  // the receiver fails until every retry is spent: three attempts per message, then failed for good
  receiver.respondWith(500);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const m = await api('POST', `/v1/apps/${app.id}/messages`, {
      eventType: 'order.created',
      payload: { order: i },
    });
    ids.push(m.body.id);
  }
  await eventually(async () => {
    for (const id of ids) {
      const d = await api('GET', `/v1/apps/${app.id}/messages/${id}/deliveries`);
      if (d.body.data[0]?.status !== 'failed') return false;
    }
    return true;
  }, 30_000);
  expect(receiver.requests).toHaveLength(9);
  receiver.respondWith(200);

  await signIn(page);
  // in the list: not "Active" but "Failing", and a bar of 9 failures rather than an empty one
  await page.goto(`/apps/${app.id}/endpoints`);
  const listed = page.getByRole('row').filter({ hasText: receiver.url });
  await expect(listed.getByText('Failing', { exact: true })).toBeVisible();
  await expect(listed.getByText('0 ok · 9 failed')).toBeVisible();
  const red = await listed.locator('.rate-failed').evaluate((e) => e.getBoundingClientRect().width);
  expect(red).toBeGreaterThan(40);
  await page.goto(`/apps/${app.id}/endpoints/${endpointId}`);
  await expect(page.getByRole('heading', { name: receiver.url })).toBeVisible();
  await expect(page.getByText('Failing', { exact: true })).toBeVisible();
  await expect(page.getByRole('img', { name: /Success rate over time/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Latency over time/ })).toBeVisible();
  await page.getByRole('button', { name: '1h' }).click();
  await expect(page).toHaveURL(/range=1h/);
  await screenshot(page, 'endpoint-failing');

  // the failed status filter finds them in the log
  await page.goto(`/apps/${app.id}/messages?status=failed`);
  await expect(page.getByRole('row').filter({ hasText: 'order.created' })).toHaveCount(3);
  await page.goto(`/apps/${app.id}/endpoints/${endpointId}`);

  await page.getByRole('button', { name: 'Recover failed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Recover failed deliveries' });
  await expect(dialog.getByText('3 failed deliveries will be re-sent')).toBeVisible();
  await screenshot(page, 'recover-preview', { fullPage: false });
  await dialog.getByRole('button', { name: 'Re-send 3' }).click();

  const bar = dialog.getByRole('progressbar', { name: 'Recovery progress' });
  await expect(bar).toBeVisible();
  await expect(dialog.getByText('3 of 3 deliveries re-sent')).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', '3');
  await expect(bar).toHaveAttribute('aria-valuemax', '3');
  await expect(dialog.getByText('completed', { exact: true })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  await screenshot(page, 'recover-done', { fullPage: false });

  await eventually(async () => receiver.requests.filter((r) => r.status === 200).length === 3);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await page.goto(`/apps/${app.id}/messages/${ids[0]}`);
  await expect(page.getByRole('list', { name: 'Attempts' }).getByRole('listitem')).toHaveCount(4);
  await expect(page.getByRole('row').filter({ hasText: receiver.url }).getByText('succeeded')).toBeVisible();
  await screenshot(page, 'message-recovered');
});
