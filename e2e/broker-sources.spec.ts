import { type Broker, brokerMissing, startBroker } from '../apps/server/test/helpers/brokers.ts';
import { type SourcePublisher, sourcePublisher } from '../apps/server/test/helpers/source-publishers.ts';
import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

// A broker source made in the dashboard against a real Redis (started here on a free port, stopped by
// its PID): the form names the bad fields, the source consumes what is added to its stream, a poison
// entry shows among its dead letters, and an edit of its event type and dead-letter stream applies to
// what comes next.

let redis: Broker | undefined;
let pub: SourcePublisher | undefined;

test.beforeAll(async () => {
  const missing = await brokerMissing('redis');
  test.skip(missing !== undefined, missing);
  redis = await startBroker('redis');
  pub = await sourcePublisher(redis, 'signups');
});

test.afterAll(async () => {
  await pub?.close();
  await redis?.close();
});

// the edit's deliberate 422 (a masked password for another host), which the browser notes
test.use({ allowConsole: [/status of 422/] });

test('create a Redis Streams source in the dashboard, consume from it, edit its event type and dead-letter stream', async ({
  page,
}) => {
  const app = await createApp('Broker source form');
  const brokerUrl = pub!.source.url as string;
  await signIn(page);
  await page.goto(`/apps/${app.id}/sources`);
  await expect(page.getByText('No sources yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add source' }).first().click();

  await page.getByLabel('Receives from').selectOption('redis');
  // an HTTP source's verification and limits are not a broker source's
  await expect(page.getByLabel('Verification')).toHaveCount(0);
  await expect(page.getByLabel('Rate limit (per minute)')).toHaveCount(0);
  await page.getByLabel('Name', { exact: true }).fill('Signups');
  await page.getByLabel('Broker URL').fill('http://127.0.0.1:6379');
  await page.getByLabel('Stream', { exact: true }).fill('sign ups');
  await page.getByLabel('Consumer group').fill('herald');
  await expect(page.getByLabel('Dead-letter stream')).toHaveAccessibleDescription(
    /Empty: sign ups:dead-letter/,
  );
  await page.getByLabel('Event type', { exact: true }).selectOption('fixed');
  await page.getByLabel('Event type name').fill('user.signed_up');
  await page.getByRole('button', { name: 'Create source' }).click();
  // each bad field says what is wrong with it, on the field
  await expect(page.getByLabel('Broker URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Broker URL')).toHaveAccessibleDescription(
    /a URL with scheme redis or rediss/,
  );
  await expect(page.getByLabel('Stream', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Stream', { exact: true })).toHaveAccessibleDescription(/no whitespace/);
  await expect(page.getByLabel('Consumer group')).not.toHaveAttribute('aria-invalid');
  await screenshot(page, 'source-form-broker');

  await page.getByLabel('Broker URL').fill(brokerUrl);
  await page.getByLabel('Stream', { exact: true }).fill('signups');
  await page.getByRole('button', { name: 'Create source' }).click();
  await expect(page.getByRole('heading', { name: 'Signups' })).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const created = await api('GET', `/v1/apps/${app.id}/sources/${id}`);
  expect(created.body).toMatchObject({
    type: 'redis',
    stream: 'signups',
    group: 'herald',
    deadLetter: 'signups:dead-letter',
    eventType: { fixed: 'user.signed_up' },
  });

  // the worker connects; what is added to the stream is consumed, a poison entry is dead-lettered
  const stat = (label: string) =>
    page
      .locator('dl > div')
      .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }) })
      .getByRole('definition');
  const stats = page.getByLabel('Consumer', { exact: true });
  await expect(stats.getByText('connected', { exact: true })).toBeVisible({ timeout: 20_000 });
  await pub!.publish([
    { id: 'a', body: JSON.stringify({ userId: 1 }) },
    { id: 'b', body: 'not json' },
  ]);
  await expect(stat('Consumed')).toHaveText('1', { timeout: 20_000 });
  await expect(stat('Dead-lettered')).toHaveText('1');
  const dead = page.getByRole('list', { name: 'Dead letters' }).getByRole('listitem');
  await expect(dead.filter({ hasText: /not JSON/ })).toBeVisible();
  await expect(dead.filter({ hasText: 'signups:dead-letter' })).toBeVisible();
  expect((await pub!.deadLetters(1))[0]!.body).toBe('not json');
  await screenshot(page, 'broker-source-consumed');

  // edit: the kind stays; the URL, where it consumes and the dead-letter target can change
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Receives from')).toBeDisabled();
  await expect(page.getByLabel('Receives from')).toHaveValue('redis');
  await expect(page.getByLabel('Broker URL')).toHaveValue(brokerUrl);
  await expect(page.getByLabel('Broker URL')).toBeEditable();
  await expect(page.getByLabel('Stream', { exact: true })).toHaveValue('signups');
  await expect(page.getByLabel('Stream', { exact: true })).toBeEditable();
  await expect(page.getByLabel('Dead-letter stream')).toHaveValue('signups:dead-letter');
  await expect(page.getByLabel('Event type name')).toHaveValue('user.signed_up');
  await page.getByLabel('Event type name').fill('not a name!');
  await page.getByRole('button', { name: 'Save source' }).click();
  await expect(page.getByLabel('Event type name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/like "invoice.paid"/)).toBeVisible();
  await page.getByLabel('Event type name').fill('user.created');
  // a masked password for another host: the form lets it through, the server names the field
  const elsewhere = brokerUrl.replace('redis://', 'redis://:***@').replace('127.0.0.1', '127.0.0.2');
  await page.getByLabel('Broker URL').fill(elsewhere);
  await page.getByRole('button', { name: 'Save source' }).click();
  await expect(page.getByLabel('Broker URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Broker URL')).toHaveAccessibleDescription(/same host and port only/);
  expect((await api('GET', `/v1/apps/${app.id}/sources/${id}`)).body).toMatchObject({
    url: brokerUrl,
    eventType: { fixed: 'user.signed_up' },
    deadLetter: 'signups:dead-letter',
  });
  // the URL as it was (not sent), and poison to a stream of its own from now on
  await page.getByLabel('Broker URL').fill(brokerUrl);
  await page.getByLabel('Dead-letter stream').fill('signups:poison');
  await screenshot(page, 'source-form-broker-edit');
  await page.getByRole('button', { name: 'Save source' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/sources/${id}$`));
  await expect(stat('Event type')).toHaveText('user.created');
  await expect(stat('Dead letters to')).toHaveText('signups:poison');

  // the worker takes the new rule at its next scan: entries added until one is published under it,
  // and from that one on every one is
  let added = 1;
  const published = async () =>
    (await api('GET', `/v1/apps/${app.id}/messages?limit=100`)).body.data as Array<{
      eventType: string;
      payload: { userId: number };
    }>;
  await eventually(async () => {
    added += 1;
    await pub!.publish([{ id: `after-${added}`, body: JSON.stringify({ userId: added }) }]);
    return (await published()).some((m) => m.eventType === 'user.created');
  }, 30_000);
  const all = await eventually(async () => {
    const got = await published();
    return got.length === added ? got : null;
  });
  const types = all.sort((a, b) => a.payload.userId - b.payload.userId).map((m) => m.eventType);
  const switched = types.indexOf('user.created');
  expect(switched).toBeGreaterThan(0);
  expect(types.slice(0, switched).every((t) => t === 'user.signed_up')).toBe(true);
  expect(types.slice(switched).every((t) => t === 'user.created')).toBe(true);
  // the count goes on across the consumer's restart
  await expect(stat('Consumed')).toHaveText(String(added), { timeout: 20_000 });
  // poison now goes to the new dead-letter stream; the first one stays in the old
  await pub!.publish([{ id: 'c', body: 'still not json' }]);
  await expect(stat('Dead-lettered')).toHaveText('2', { timeout: 20_000 });
  await expect(dead.filter({ hasText: 'signups:poison' })).toBeVisible();
  expect((await pub!.deadLetters(1, 15_000, 'signups:poison')).map((d) => d.body)).toEqual([
    'still not json',
  ]);
  expect((await pub!.deadLetters(1)).map((d) => d.body)).toEqual(['not json']);
  await page.goto(`/apps/${app.id}/messages`);
  await expect(page.getByRole('row').filter({ hasText: 'user.created' }).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'user.signed_up' }).first()).toBeVisible();

  // listed with its broker and consumer
  await page.goto(`/apps/${app.id}/sources`);
  const row = page.getByRole('row').filter({ hasText: 'Signups' });
  await expect(row.getByText('connected', { exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'user.created' })).toBeVisible();
});

test("a Kafka source's SASL and TLS: the password never shown back, *** keeps it, None removes it", async ({
  page,
}) => {
  // brokers nobody listens on: only what the form sends and the API keeps is looked at
  const app = await createApp('Kafka source security');
  await signIn(page);
  await page.goto(`/apps/${app.id}/sources`);
  await page.getByRole('button', { name: 'Add source' }).first().click();
  await page.getByLabel('Receives from').selectOption('kafka');
  await page.getByLabel('Name', { exact: true }).fill('Orders');
  await page.getByLabel('Bootstrap brokers').fill('127.0.0.1:9');
  await page.getByLabel('Topic', { exact: true }).fill('orders');
  await page.getByLabel('Consumer group').fill('herald');
  // no SASL fields until a mechanism is chosen
  await expect(page.getByLabel('SASL password')).toHaveCount(0);
  await page.getByLabel('SASL', { exact: true }).selectOption('scram-sha-512');
  await page.getByLabel('SASL username').fill('herald');
  await page.getByLabel('SASL password').fill('kafka-src-s3cret');
  await page.getByLabel('TLS', { exact: true }).selectOption('verify');
  await page.getByLabel('Event type', { exact: true }).selectOption('fixed');
  await page.getByLabel('Event type name').fill('order.created');
  await page.getByRole('button', { name: 'Create source' }).click();
  await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const get = async () => (await api('GET', `/v1/apps/${app.id}/sources/${id}`)).body;
  expect(await get()).toMatchObject({
    type: 'kafka',
    brokers: ['127.0.0.1:9'],
    sasl: { mechanism: 'scram-sha-512', username: 'herald', password: '***' },
    tls: true,
  });

  // edit another field: the masked password is left alone, and the stored one stays
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('SASL', { exact: true })).toHaveValue('scram-sha-512');
  await expect(page.getByLabel('SASL password')).toHaveValue('***');
  await expect(page.getByLabel('TLS', { exact: true })).toHaveValue('verify');
  await page.getByLabel('Topic', { exact: true }).fill('orders-v2');
  await page.getByRole('button', { name: 'Save source' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/sources/${id}$`));
  await eventually(async () => {
    const s = await get();
    return s.topic === 'orders-v2' && s.sasl?.username === 'herald' && s.sasl?.password === '***';
  });
  expect(await page.content()).not.toContain('kafka-src-s3cret');

  // None: SASL goes; TLS off
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('SASL', { exact: true }).selectOption({ label: 'None' });
  await page.getByLabel('TLS', { exact: true }).selectOption('off');
  await page.getByRole('button', { name: 'Save source' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/sources/${id}$`));
  await eventually(async () => {
    const s = await get();
    return s.sasl === undefined && !s.tls;
  });
});
