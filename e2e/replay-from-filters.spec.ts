import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

test('replay what the log shows: the filters carry over, the count comes first, failed deliveries only', async ({
  page,
  receiver,
}) => {
  const app = await createApp('Replay from filters', { retrySchedule: [] });
  const down = receiver.at('down', { status: 500, body: 'boom' });
  await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url, description: 'healthy' });
  await api('POST', `/v1/apps/${app.id}/endpoints`, { url: down, eventTypes: ['order.failed'] });
  const ids: string[] = [];
  for (const eventType of ['order.failed', 'order.failed', 'order.fine']) {
    ids.push(
      (await api('POST', `/v1/apps/${app.id}/messages`, { eventType, payload: { eventType } })).body.id,
    );
  }
  await eventually(async () => {
    const d = await api('GET', `/v1/apps/${app.id}/messages?status=failed`);
    return d.body.data.length === 2;
  });

  await signIn(page);
  await page.goto(`/apps/${app.id}/messages?status=failed`);
  await expect(page.getByRole('row').filter({ hasText: ids[0]! })).toBeVisible();
  await page.getByRole('button', { name: 'Replay messages' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replay messages' });
  // the log's "failed" filter became "only failed deliveries"; the count is there before anything starts
  await expect(dialog.getByRole('checkbox', { name: /Only deliveries that failed/ })).toBeChecked();
  await expect(dialog.getByText('2 messages match (their failed deliveries only).')).toBeVisible();
  await screenshot(page, 'replay-from-filters', { fullPage: false });
  // widening it changes the count, narrowing it back too
  await dialog.getByRole('checkbox', { name: /Only deliveries that failed/ }).uncheck();
  await expect(dialog.getByText('3 messages match.')).toBeVisible();
  await dialog.getByRole('checkbox', { name: /Only deliveries that failed/ }).check();
  const before = receiver.requests.length;
  await dialog.getByRole('button', { name: 'Replay 2 messages' }).click();
  await expect(dialog.getByText('2 messages will be re-sent')).toBeVisible();
  await expect(dialog.getByRole('progressbar', { name: 'Replay progress' })).toHaveAttribute(
    'aria-valuenow',
    '2',
  );
  // only the two failed deliveries went again: the healthy endpoint's succeeded ones did not
  await eventually(async () => receiver.requests.length >= before + 2);
  await page.waitForTimeout(500);
  expect(receiver.requests.slice(before).map((r) => r.status)).toEqual([500, 500]);
});

test('an event-type filter starts the replay on that type, a time preset on that window', async ({
  page,
}) => {
  const app = await createApp('Replay window');
  await api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'a.one', payload: {} });
  await api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'b.two', payload: {} });
  await api('POST', '/v1/event-types', { name: 'a.one' });
  await api('POST', '/v1/event-types', { name: 'b.two' });
  await signIn(page);
  await page.goto(`/apps/${app.id}/messages?eventType=a.one`);
  await page.getByRole('button', { name: 'Last 1 h' }).click();
  await expect(page).toHaveURL(/after=/);
  await page.getByRole('button', { name: 'Replay messages' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replay messages' });
  await expect(dialog.getByRole('checkbox', { name: 'a.one' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'b.two' })).not.toBeChecked();
  await expect(dialog.getByText('1 message matches.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('button', { name: 'Export' }).click();
  const exp = page.getByRole('dialog', { name: 'Export the delivery log' });
  const since = await exp.getByLabel('Since').inputValue();
  // the preset's window (an hour back), not the default day
  expect(Date.now() - new Date(since).getTime()).toBeLessThan(2 * 3600_000);
});
