import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

test('reveal and rotate the signing secret, disable and enable, edit', async ({ page, receiver }) => {
  const app = await createApp('Secrets demo');
  const ep = await api('POST', `/v1/apps/${app.id}/endpoints`, {
    url: receiver.url,
    description: 'Secret rotation',
    channels: ['eu'],
    headers: { 'X-Team': 'payments' },
  });
  const endpointId: string = ep.body.id;
  const before: string = (await api('GET', `/v1/apps/${app.id}/endpoints/${endpointId}/secret`)).body.key;

  await signIn(page);
  await page.goto(`/apps/${app.id}/endpoints/${endpointId}`);
  const secret = page.getByTestId('endpoint-secret');
  await expect(secret).not.toContainText(before);
  await page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(secret).toHaveText(before);
  await screenshot(page, 'endpoint-detail');

  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await page
    .getByRole('dialog', { name: 'Rotate the signing secret?' })
    .getByRole('button', { name: 'Rotate now' })
    .click();
  await expect(page.getByText('Secret rotated.')).toBeVisible();
  await expect(secret).not.toHaveText(before);
  await expect(secret).toHaveText(/^whsec_/);
  const after: string = (await api('GET', `/v1/apps/${app.id}/endpoints/${endpointId}/secret`)).body.key;
  expect(after).not.toBe(before);
  await expect(secret).toHaveText(after);

  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('button', { name: 'Enable' })).toBeVisible();
  await expect(page.getByText(/^Disabled/)).toBeVisible();
  expect((await api('GET', `/v1/apps/${app.id}/endpoints/${endpointId}`)).body.disabled).toBe(true);
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByRole('button', { name: 'Disable' })).toBeVisible();
  expect((await api('GET', `/v1/apps/${app.id}/endpoints/${endpointId}`)).body.disabled).toBe(false);

  // a test event is published to the application and reaches this endpoint
  await page.getByRole('button', { name: 'Send test event' }).click();
  const testDialog = page.getByRole('dialog', { name: 'Send a test event' });
  await testDialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(testDialog.getByText('Published')).toBeVisible();
  await eventually(async () => receiver.requests.length === 1);
  expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'test.event', data: { test: true } });
  await testDialog.getByRole('link', { name: 'View message' }).click();
  await expect(page.getByRole('heading', { name: 'test.event' })).toBeVisible();
  await page.goBack();

  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('URL')).toHaveValue(receiver.url);
  await expect(page.getByLabel('Channels')).toHaveValue('eu');
  await page.getByLabel('Description').fill('Secret rotation, edited');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Secret rotation, edited')).toBeVisible();
  expect((await api('GET', `/v1/apps/${app.id}/endpoints/${endpointId}`)).body.description).toBe(
    'Secret rotation, edited',
  );
});
