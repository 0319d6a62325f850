import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

// Sources in the dashboard: create one, watch a provider's request be rejected (its secret was typed
// wrong), read its verdict and body, fix the secret, replay the request into the pipeline.

test('create a source, inspect a rejected request, fix the secret and replay it', async ({
  page,
  receiver,
}) => {
  const app = await createApp('Sources demo');
  const ep = await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url });
  const epSecret: string = (await api('GET', `/v1/apps/${app.id}/endpoints/${ep.body.id}/secret`)).body.key;

  await signIn(page);
  await page.goto(`/apps/${app.id}/endpoints`);
  await page
    .getByRole('navigation', { name: 'Application sections' })
    .getByRole('link', { name: 'Sources' })
    .click();
  await expect(page.getByText('No sources yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add source' }).first().click();

  await page.getByLabel('Name', { exact: true }).fill('Acme shop');
  await page.getByLabel('Verification').selectOption('hmac-sha256');
  await page.getByLabel('Secret', { exact: true }).fill('typo-secret');
  await page.getByLabel('Signature header').fill('x-acme-signature');
  await page.getByLabel('Encoding').selectOption('base64');
  await page.getByLabel('Event type', { exact: true }).selectOption('fixed');
  // a field error from the contract shows on its field
  await page.getByLabel('Event type name').fill('not a name!');
  await page.getByRole('button', { name: 'Create source' }).click();
  await expect(page.getByText(/like "invoice.paid"/)).toBeVisible();
  await page.getByLabel('Event type name').fill('order.paid');
  await page.getByLabel('Largest body (bytes)').fill('65536');
  await page.getByRole('button', { name: 'Create source' }).click();

  await expect(page.getByRole('heading', { name: 'Acme shop' })).toBeVisible();
  const source = (await api('GET', `/v1/apps/${app.id}/sources`)).body.data[0];
  expect(source.verification).toMatchObject({
    type: 'hmac-sha256',
    header: 'x-acme-signature',
    encoding: 'base64',
  });
  expect(source.maxBodyBytes).toBe(65536);
  await expect(page.getByText(source.ingestUrl)).toBeVisible();

  // the provider signs with the real secret: rejected, kept, shown with its verdict and body
  const body = JSON.stringify({ order: 4711, total: '19.99' });
  const signature = createHmac('sha256', 'real-secret').update(body).digest('base64');
  const sent = await fetch(source.ingestUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acme-signature': signature },
    body,
  });
  expect(sent.status).toBe(401);
  const [rejected] = (await api('GET', `/v1/apps/${app.id}/sources/${source.id}/requests`)).body.data;
  const row = page.getByRole('listitem', { name: `Inbound request ${rejected.id}` });
  await expect(row).toBeVisible();
  await expect(row.getByText('rejected', { exact: true })).toBeVisible();
  await expect(row.getByText(/no matching signature/)).toBeVisible();
  await row.getByText('Headers and body').click();
  await expect(row.getByText('"order": 4711')).toBeVisible();
  await expect(row.getByText(signature)).toBeVisible();
  await screenshot(page, 'source-requests');

  // replayed while the secret is still wrong: rejected again, nothing published
  await row.getByRole('button', { name: 'Replay' }).click();
  await expect(row.getByText(/Replay rejected again: .*no matching signature/)).toBeVisible();
  expect(receiver.requests).toHaveLength(0);

  // fix the secret (the rest stays), then replay the original
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByText('Leave blank to keep the current secret.', { exact: false })).toBeVisible();
  await page.getByLabel('Secret', { exact: true }).fill('real-secret');
  await page.getByRole('button', { name: 'Save source' }).click();
  await expect(page.getByRole('heading', { name: 'Acme shop' })).toBeVisible();
  const fixedRow = page.getByRole('listitem', { name: `Inbound request ${rejected.id}` });
  await fixedRow.getByRole('button', { name: 'Replay' }).click();
  await expect(fixedRow.getByText(/Replayed: published as msg_/)).toBeVisible();

  // the replay is in the log, accepted, linked to its message; the endpoint got it, signed
  const delivered = await eventually(async () => receiver.requests[0]);
  const verified = new Webhook(epSecret).verify(
    delivered.body,
    delivered.headers as Record<string, string>,
  ) as any;
  expect(verified).toMatchObject({ type: 'order.paid', data: { order: 4711 } });
  const replayRow = page
    .getByRole('listitem')
    .filter({ hasText: `replay of ${rejected.id}` })
    .filter({ hasText: 'accepted' });
  await expect(replayRow).toBeVisible();
  await replayRow.getByRole('link', { name: /^message msg_/ }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/messages/msg_`));

  // the list shows it
  await page.goto(`/apps/${app.id}/sources`);
  await expect(page.getByRole('link', { name: 'Acme shop' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'order.paid' })).toBeVisible();
});
