import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

test('register an endpoint, watch a message arrive, inspect it and resend it', async ({ page, receiver }) => {
  const app = await createApp('Deliveries demo');
  await api('POST', '/v1/event-types', { name: 'invoice.paid', description: 'An invoice was paid' });
  await api('POST', '/v1/event-types', { name: 'invoice.overdue', description: 'Payment is late' });

  await signIn(page);
  await page.locator(`a[href="/apps/${app.id}"]`).click();

  // add an endpoint pointing at the recording receiver, subscribed to one event type
  await page.getByRole('button', { name: 'Add endpoint' }).first().click();
  await page.getByLabel('URL').fill(receiver.url);
  await page.getByLabel('Description').fill('Billing service (e2e receiver)');
  await page.getByLabel('Event types').getByRole('checkbox', { name: 'invoice.paid' }).check();
  await screenshot(page, 'endpoint-form');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: receiver.url })).toBeVisible();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();

  // the endpoint list shows it with its health
  await page.getByRole('link', { name: '← All endpoints' }).click();
  await expect(page.getByRole('link', { name: receiver.url })).toBeVisible();
  await screenshot(page, 'endpoints');

  // the log refreshes by itself: publish by API while the page is open
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByText('No messages yet')).toBeVisible();
  const published = await api('POST', `/v1/apps/${app.id}/messages`, {
    eventType: 'invoice.paid',
    payload: { invoice: 'inv_1001', amountCents: 4200, currency: 'EUR' },
    channels: ['eu'],
  });
  expect(published.status).toBe(202);
  const msgId: string = published.body.id;
  const row = page.getByRole('row').filter({ hasText: msgId });
  await expect(row).toBeVisible();
  await expect(row.getByText('succeeded')).toBeVisible();
  expect(receiver.requests).toHaveLength(1);
  await api('POST', `/v1/apps/${app.id}/messages`, {
    eventType: 'invoice.overdue',
    payload: { invoice: 'inv_1002' },
  });
  await expect(page.getByRole('row').filter({ hasText: 'invoice.overdue' })).toBeVisible();
  await screenshot(page, 'message-log');

  // filters live in the URL and survive a reload
  await page.getByLabel('Event type').selectOption('invoice.overdue');
  await expect(page).toHaveURL(/eventType=invoice.overdue/);
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Event type')).toHaveValue('invoice.overdue');
  await expect(page.getByRole('row').filter({ hasText: 'invoice.overdue' })).toBeVisible();
  await expect(row).toHaveCount(0);
  // live refresh keeps the filter: a new matching message joins, the other stays out
  await api('POST', `/v1/apps/${app.id}/messages`, {
    eventType: 'invoice.overdue',
    payload: { invoice: 'inv_1003' },
  });
  await expect(page.getByRole('row').filter({ hasText: 'invoice.overdue' })).toHaveCount(2);
  await expect(page).toHaveURL(/eventType=invoice.overdue/);
  await expect(row).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(row).toBeVisible();
  // by endpoint: only messages that were delivered to it
  await page.getByLabel('Endpoint').selectOption({ label: receiver.url });
  await expect(page).toHaveURL(/endpoint=ep_/);
  await expect(row).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'invoice.overdue' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // open the message: payload, delivery, attempt with the request that was sent
  await row.getByRole('link', { name: 'invoice.paid' }).click();
  await expect(page.getByRole('heading', { name: 'invoice.paid' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Payload' }).getByText('"inv_1001"')).toBeVisible();
  const attempts = page.getByRole('list', { name: 'Attempts' });
  await expect(attempts.getByRole('listitem')).toHaveCount(1);
  await expect(attempts.getByText('HTTP 200')).toBeVisible();
  await attempts.getByText('Request and response').click();
  await expect(attempts.getByText(/webhook-signature: v1,/)).toBeVisible();
  await screenshot(page, 'message-detail');

  // Resend: one more attempt now, marked manual, and the receiver gets the same webhook-id again
  await page.getByRole('button', { name: 'Resend' }).click();
  await eventually(async () => receiver.requests.length === 2);
  expect(receiver.requests[1]!.headers['webhook-id']).toBe(receiver.requests[0]!.headers['webhook-id']);
  await expect(attempts.getByRole('listitem')).toHaveCount(2);
  await expect(attempts.getByText('manual')).toBeVisible();
  await expect(page.getByText('Queued one more attempt')).toBeVisible();
});
