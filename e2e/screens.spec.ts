import {
  api,
  createApp,
  eventually,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  test,
} from './fixtures.ts';

test('API keys: make one (shown once), see it listed with its scope, revoke it', async ({ page }) => {
  const app = await createApp('Keyed App');
  await signIn(page);
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  await page.getByLabel('Name').fill('billing service');
  await page.getByLabel('Reaches').selectOption({ label: 'Only Keyed App' });
  await page.getByRole('button', { name: 'Create key' }).click();
  const made = page.getByRole('status').filter({ hasText: 'it is not shown again' });
  await expect(made).toBeVisible();
  const key = (await made.locator('code').textContent())!;
  // the key works, and only for its application
  expect((await api('GET', `/v1/apps/${app.id}`, undefined, key)).status).toBe(200);
  expect((await api('GET', '/v1/apps', undefined, key)).body.data.map((a: any) => a.id)).toEqual([app.id]);
  const row = page.getByRole('row').filter({ hasText: 'billing service' });
  await expect(row.getByText('only Keyed App')).toBeVisible();
  await screenshot(page, 'api-keys');
  await row.getByRole('button', { name: 'Revoke billing service' }).click();
  await row.getByRole('button', { name: 'Confirm: revoke billing service' }).click();
  await expect(row).toHaveCount(0);
  expect((await api('GET', `/v1/apps/${app.id}`, undefined, key)).status).toBe(401);
});

test.describe('settings and deleting', () => {
  test.use({ allowConsole: [/status of 404/] });

  test('application settings save the retry schedule and retention; endpoint and application can be deleted', async ({
    page,
    receiver,
  }) => {
    const app = await createApp('Settings App');
    const ep = await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url });
    await signIn(page);
    await page.goto(`/apps/${app.id}/settings`);
    await page.getByLabel('Retry schedule').fill('10, 60,600');
    await page.getByLabel('Retention (days)').fill('7');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    const saved = await api('GET', `/v1/apps/${app.id}`);
    expect(saved.body).toMatchObject({ retrySchedule: [10, 60, 600], retentionDays: 7 });
    await page.getByLabel('Retry schedule').fill('soon');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Whole seconds separated by commas')).toBeVisible();
    await screenshot(page, 'app-settings');

    // delete the endpoint from its page
    await page.goto(`/apps/${app.id}/endpoints/${ep.body.id}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirmEp = page.getByRole('dialog', { name: 'Delete this endpoint?' });
    await confirmEp.getByRole('button', { name: 'Delete endpoint' }).click();
    await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints$`));
    await expect(page.getByText('No endpoints yet')).toBeVisible();
    expect((await api('GET', `/v1/apps/${app.id}/endpoints/${ep.body.id}`)).status).toBe(404);

    // delete the application: only after typing its name
    await page.goto(`/apps/${app.id}/settings`);
    await page.getByRole('button', { name: 'Delete application' }).click();
    const confirmApp = page.getByRole('dialog', { name: 'Delete this application?' });
    const go = confirmApp.getByRole('button', { name: 'Delete application' });
    await expect(go).toBeDisabled();
    await confirmApp.getByLabel(/Type .* to confirm/).fill('Settings App');
    await go.click();
    await expect(page).toHaveURL(/\/$/);
    expect((await api('GET', `/v1/apps/${app.id}`)).status).toBe(404);
  });
});

test('the test-event dialog starts from the schema’s example, and that payload is accepted', async ({
  page,
  receiver,
}) => {
  const app = await createApp('Schema App');
  const name = `invoice.paid${Date.now()}`;
  await api('POST', '/v1/event-types', {
    name,
    description: 'An invoice was paid',
    schema: {
      type: 'object',
      required: ['invoiceId', 'amountCents', 'currency'],
      properties: {
        invoiceId: { type: 'string', minLength: 5 },
        amountCents: { type: 'integer', minimum: 1 },
        currency: { type: 'string', enum: ['EUR', 'USD'] },
      },
      additionalProperties: false,
    },
  });
  const ep = await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url, eventTypes: [name] });
  await signIn(page);
  await page.goto(`/apps/${app.id}/endpoints/${ep.body.id}`);
  await page.getByRole('button', { name: 'Send test event' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a test event' });
  await expect(dialog.getByLabel('Payload')).toHaveValue(/"currency": "EUR"/);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByText(/Published/)).toBeVisible();
  await eventually(async () => receiver.requests.length === 1);
});

test('jobs show their application and what they worked on; not-found has a heading', async ({ page }) => {
  const app = await createApp('Jobs Columns');
  await api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'a.b', payload: {} });
  const started = await api('POST', `/v1/apps/${app.id}/exports`, {
    since: new Date(Date.now() - 3600_000).toISOString(),
    format: 'csv',
  });
  await signIn(page);
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: started.body.id });
  await expect(row.getByRole('link', { name: 'Jobs Columns' })).toBeVisible();
  await expect(row.getByText('CSV', { exact: true })).toBeVisible();
  // the window it exported, from … to …
  await expect(row.getByText(/\d{4}.* – .*\d{4}/)).toBeVisible();
  await page.goto(`/apps/${app.id}/no-such-screen`);
  await expect(page.getByRole('heading', { name: 'No such page', level: 1 })).toBeVisible();
  await expectAccessible(page, 'not found');
});

test('keyboard: a skip link, focus on the new screen after navigating, focus kept after Resend', async ({
  page,
  receiver,
}) => {
  const app = await createApp('Keyboard App');
  const second = receiver.at('second', { status: 200 });
  await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url });
  await api('POST', `/v1/apps/${app.id}/endpoints`, { url: second });
  const msg = await api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'k.b', payload: { n: 1 } });
  await signIn(page);
  await page.goto(`/apps/${app.id}/endpoints`);
  await expect(page.getByRole('table', { name: 'Endpoints' })).toBeVisible();
  // the first Tab from the top of the page reaches the skip link; it jumps to the main content
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // a navigation moves focus to the new screen instead of leaving it on <body>
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.locator('main')).toBeFocused();

  await page.goto(`/apps/${app.id}/messages/${msg.body.id}`);
  // one Resend per delivery, each named for its endpoint
  const resendFirst = page.getByRole('button', { name: `Resend to ${receiver.url}`, exact: true });
  await expect(resendFirst).toBeVisible();
  await expect(page.getByRole('button', { name: `Resend to ${second}` })).toBeVisible();
  await resendFirst.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Queued one more attempt to ${receiver.url}.`)).toBeVisible();
  await expect(resendFirst).toBeFocused();
  // picking a delivery shows its attempts only
  await page.getByRole('button', { name: `Show attempts to ${second}` }).click();
  const attempts = page.getByRole('list', { name: 'Attempts' });
  await expect(attempts.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: `Show attempts to ${receiver.url}`, exact: true }).click();
  await expect(attempts.getByRole('listitem')).toHaveCount(2);
  await screenshot(page, 'message-detail-deliveries');
});

test.describe('dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('follows the system, readable on every main screen', async ({ page, receiver }) => {
    const app = await createApp('Dark App');
    await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url });
    const msg = await api('POST', `/v1/apps/${app.id}/messages`, {
      eventType: 'd.m',
      payload: { dark: true },
    });
    await signIn(page);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(15, 19, 26)');
    await screenshot(page, 'dark-applications');
    await page.goto(`/apps/${app.id}/messages`);
    await expect(page.getByRole('row').filter({ hasText: msg.body.id })).toBeVisible();
    await screenshot(page, 'dark-message-log');
    await page.goto(`/apps/${app.id}/messages/${msg.body.id}`);
    await expect(page.getByRole('heading', { name: 'd.m' })).toBeVisible();
    await screenshot(page, 'dark-message-detail');
  });
});
