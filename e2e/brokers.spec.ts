import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

// Brokers in the dashboard, with no broker running: an endpoint that publishes to Kafka or RabbitMQ is
// created and edited in the form (a broker is only dialled on delivery), and a broker source pointing at
// a closed port is listed with its consumer's state and last error as the workers report them.

test('create and edit broker destination endpoints', async ({ page }) => {
  const app = await createApp('Broker endpoints');
  await signIn(page);
  await page.goto(`/apps/${app.id}/endpoints`);
  await page.getByRole('button', { name: 'Add endpoint' }).first().click();

  await page.getByLabel('Delivers to').selectOption('kafka');
  await expect(page.getByLabel('URL', { exact: true })).toHaveCount(0);
  // the contract's check shows on the broker's own field
  await page.getByLabel('Bootstrap brokers').fill('not a broker');
  await page.getByLabel('Topic').fill('orders');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('must be host:port, e.g. 127.0.0.1:9092')).toBeVisible();
  await page.getByLabel('Bootstrap brokers').fill('127.0.0.1:9, 127.0.0.2:9');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints/ep_`));
  const kafkaId = new URL(page.url()).pathname.split('/').pop()!;
  const kafka = await api('GET', `/v1/apps/${app.id}/endpoints/${kafkaId}`);
  expect(kafka.body.destination).toEqual({
    type: 'kafka',
    brokers: ['127.0.0.1:9', '127.0.0.2:9'],
    topic: 'orders',
  });
  await expect(page.getByText('kafka://127.0.0.1:9,127.0.0.2:9 topic=orders').first()).toBeVisible();
  await expect(page.getByText('Loading stats…')).toHaveCount(0);
  await expect(page.getByText('Loading activity…')).toHaveCount(0);
  await expect(page.getByRole('definition').filter({ hasText: /^kafka kafka:\/\// })).toBeVisible();
  await screenshot(page, 'endpoint-broker');

  // edit: the form opens with the destination; a changed field sends the destination
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Delivers to')).toHaveValue('kafka');
  await expect(page.getByLabel('Topic')).toHaveValue('orders');
  await page.getByLabel('Topic').fill('orders-v2');
  await page.getByLabel('Record key').fill('{messageId}');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints/${kafkaId}$`));
  await eventually(async () => {
    const r = await api('GET', `/v1/apps/${app.id}/endpoints/${kafkaId}`);
    return r.body.destination.topic === 'orders-v2' && r.body.destination.key === '{messageId}';
  });

  // SASL and TLS: the password is never shown back, and "***" left as it is keeps it
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('SASL', { exact: true }).selectOption('scram-sha-256');
  await page.getByLabel('SASL username').fill('herald');
  await page.getByLabel('SASL password').fill('kafka-s3cret-pw');
  await page.getByLabel('TLS', { exact: true }).selectOption('verify');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints/${kafkaId}$`));
  await eventually(async () => {
    const r = await api('GET', `/v1/apps/${app.id}/endpoints/${kafkaId}`);
    return r.body.destination.sasl?.password === '***' && r.body.destination.tls === true;
  });
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('SASL password')).toHaveValue('***');
  await page.getByLabel('Topic').fill('orders-v3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints/${kafkaId}$`));
  await eventually(async () => {
    const r = await api('GET', `/v1/apps/${app.id}/endpoints/${kafkaId}`);
    return r.body.destination.topic === 'orders-v3' && r.body.destination.sasl?.username === 'herald';
  });
  expect(await page.content()).not.toContain('kafka-s3cret-pw');

  // RabbitMQ with credentials: never shown back, kept through an edit of another field
  await page.goto(`/apps/${app.id}/endpoints`);
  await page.getByRole('button', { name: 'Add endpoint' }).first().click();
  await page.getByLabel('Delivers to').selectOption('amqp');
  await page.getByLabel('Broker URL').fill('amqp://herald:s3cret-pass@127.0.0.1:9/');
  await page.getByLabel('Exchange').fill('events');
  await page.getByLabel('Routing key').fill('herald');
  await screenshot(page, 'endpoint-form-broker');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints/ep_`));
  const amqpId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByText('s3cret-pass')).toHaveCount(0);
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Broker URL')).not.toHaveValue(/s3cret-pass/);
  await page.getByLabel('Routing key').fill('herald.v2');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/endpoints/${amqpId}$`));
  const amqp = await eventually(async () => {
    const r = await api('GET', `/v1/apps/${app.id}/endpoints/${amqpId}`);
    return r.body.destination.routingKey === 'herald.v2' ? r.body : null;
  });
  expect(amqp.destination).toMatchObject({ type: 'amqp', exchange: 'events' });
  expect(amqp.destination.url).toContain('herald:');
  expect(amqp.destination.url).not.toContain('s3cret-pass');

  // both are listed, by their destination
  await page.goto(`/apps/${app.id}/endpoints`);
  await expect(page.getByRole('link', { name: kafka.body.url, exact: true })).toHaveCount(0); // the topic changed
  await expect(
    page.getByRole('link', { name: /^kafka:\/\/herald:\*\*\*@.* topic=orders-v3 .*sasl=scram-sha-256 tls$/ }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: amqp.url })).toBeVisible();
  await screenshot(page, 'broker-endpoints');
});

test('a broker source shows its consumer state and last error', async ({ page }) => {
  const app = await createApp('Broker sources');
  const created = await api('POST', `/v1/apps/${app.id}/sources`, {
    type: 'amqp',
    name: 'Orders queue',
    url: 'amqp://guest:guest@127.0.0.1:9/',
    queue: 'orders',
    eventType: { fixed: 'order.created' },
  });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  // the workers dial the closed port and report it
  const source = await eventually(async () => {
    const r = await api('GET', `/v1/apps/${app.id}/sources/${id}`);
    return r.body.consumer?.lastError ? r.body : null;
  }, 30_000);
  expect(['disconnected', 'connecting']).toContain(source.consumer.state);

  await signIn(page);
  await page.goto(`/apps/${app.id}/sources`);
  const row = page.getByRole('row').filter({ hasText: 'Orders queue' });
  await expect(row.getByText(/^(disconnected|connecting)$/)).toBeVisible();
  await expect(row).toContainText('lag');
  await screenshot(page, 'broker-sources');

  await row.getByRole('link', { name: 'Orders queue' }).click();
  await expect(page.getByRole('heading', { name: 'Orders queue' })).toBeVisible();
  const consumer = page.getByRole('definition').filter({ hasText: /^(disconnected|connecting)$/ });
  await expect(consumer).toBeVisible();
  await expect(page.getByText(/Last error/)).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^orders$/ })).toBeVisible();
  // the inbound-request log is for HTTP sources: a broker source's log is its dead letters
  await expect(page.getByRole('heading', { name: 'Inbound requests' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Dead letters' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toBeVisible();
  await screenshot(page, 'broker-source');
});
