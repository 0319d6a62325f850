import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

// the 422 the edit test answers on purpose is logged by the browser as a failed resource load
test.use({ allowConsole: [/status of 422/] });

test('set max concurrency and FIFO ordering in the form; API field errors show on the field', async ({
  page,
  receiver,
}) => {
  const app = await createApp('Flow control demo');
  await signIn(page);
  await page.goto(`/apps/${app.id}/endpoints`);
  await page.getByRole('button', { name: 'Add endpoint' }).first().click();
  await page.getByLabel('URL').fill(receiver.url);
  await expect(page.getByLabel('Ordering')).toHaveValue('unordered');
  await expect(page.getByLabel('Ordering')).toHaveAccessibleDescription(/a failing message blocks/);
  await expect(page.getByLabel('Max concurrency')).toHaveValue('');
  await page.getByLabel('Max concurrency').fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: receiver.url })).toBeVisible();

  const list = await api('GET', `/v1/apps/${app.id}/endpoints`);
  const created = list.body.data[0];
  expect(created).toMatchObject({ maxConcurrency: 3, ordering: 'unordered' });
  const config = page.getByRole('region', { name: 'Configuration' });
  await expect(config.getByText('3 in flight')).toBeVisible();
  await expect(config.getByText('Unordered')).toBeVisible();

  // an edit shows the current values; a 422 from the API marks the field it names
  await page.getByRole('link', { name: 'Edit' }).click();
  const limit = page.getByLabel('Max concurrency');
  await expect(limit).toHaveValue('3');
  const one = `**/v1/apps/${app.id}/endpoints/${created.id}`;
  await page.route(one, (route) =>
    route.request().method() === 'PATCH'
      ? route.fulfill({
          status: 422,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Unprocessable Entity',
            status: 422,
            detail: 'maxConcurrency: above what this server allows',
            code: 'validation_failed',
            errors: [{ path: 'maxConcurrency', message: 'above what this server allows' }],
          }),
        })
      : route.fallback(),
  );
  await limit.fill('999');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(limit).toHaveAccessibleDescription(/above what this server allows/);
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  await page.unroute(one);

  // FIFO sends one at a time: the limit is not sent, and the edit sends only what changed
  await limit.fill('3');
  await expect(page.getByText('above what this server allows')).toHaveCount(0);
  await page.getByLabel('Ordering').selectOption('fifo');
  await expect(limit).toBeDisabled();
  await screenshot(page, 'endpoint-form-fifo');
  const patched = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.getByRole('button', { name: 'Save' }).click();
  expect((await patched).postDataJSON()).toEqual({ ordering: 'fifo' });
  await expect(config.getByText('FIFO: one at a time, in publish order')).toBeVisible();
  await expect(config.getByText('1 in flight')).toBeVisible();
  const fifo = await api('GET', `/v1/apps/${app.id}/endpoints/${created.id}`);
  expect(fifo.body).toMatchObject({ ordering: 'fifo', maxConcurrency: 1 });
});

test('a failing endpoint opens its circuit: badge and reason in the list and on its page', async ({
  page,
  receiver,
}) => {
  const app = await createApp('Circuit demo');
  const ep = await api('POST', `/v1/apps/${app.id}/endpoints`, {
    url: receiver.url,
    description: 'Always failing',
  });
  expect(ep.status).toBe(201);
  const endpointId: string = ep.body.id;
  expect(ep.body.circuit.state).toBe('closed');

  // global-setup opens a circuit after 10 failures in a row: 10 messages' first attempts reach it
  receiver.respondWith(500);
  const messages = Array.from({ length: 10 }, (_, i) => ({ eventType: 'order.created', payload: { i } }));
  expect((await api('POST', `/v1/apps/${app.id}/messages/batch`, { messages })).status).toBe(202);
  const circuit = await eventually(async () => {
    const c = (await api('GET', `/v1/apps/${app.id}/endpoints/${endpointId}`)).body.circuit;
    return c.state === 'open' ? c : null;
  }, 30_000);
  expect(circuit.failures).toBeGreaterThanOrEqual(10);
  const reason = /\d+ consecutive failures since .+; next probe at .+/;

  await signIn(page);
  await page.goto(`/apps/${app.id}/endpoints`);
  const row = page.getByRole('row').filter({ hasText: receiver.url });
  await expect(row.getByText('Circuit open', { exact: true })).toBeVisible();
  await expect(row.getByText(reason)).toBeVisible();
  await expect(row.getByText('Active', { exact: true })).toHaveCount(0);
  await screenshot(page, 'endpoints-circuit-open');

  await row.getByRole('link', { name: receiver.url }).click();
  await expect(page.getByRole('heading', { name: receiver.url })).toBeVisible();
  await expect(page.getByText('Circuit open', { exact: true })).toBeVisible();
  await expect(page.getByText(reason)).toBeVisible();
  await expect(page.getByText('Active', { exact: true })).toHaveCount(0);
  await screenshot(page, 'endpoint-circuit-open');

  // re-enabling a disabled endpoint closes its circuit
  receiver.respondWith(200);
  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('button', { name: 'Enable' })).toBeVisible();
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();
  await expect(page.getByText('Circuit open', { exact: true })).toHaveCount(0);
  expect((await api('GET', `/v1/apps/${app.id}/endpoints/${endpointId}`)).body.circuit.state).toBe('closed');
});
