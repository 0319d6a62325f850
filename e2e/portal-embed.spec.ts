import { api, createApp, expect, screenshot, test } from './fixtures.ts';

test.describe('the portal in an iframe', () => {
  // the browser reports the refused frame on the console; that refusal is what is tested
  test.use({ allowConsole: [/frame-ancestors|Refused to (display|frame)/] });

  test('works from an allowed origin, branded, customer-sized, and is refused from another', async ({
    page,
    receiver,
  }) => {
    const app = await createApp('Embedded Customer', { uid: `embedded-${Date.now()}` });
    await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url, description: 'Their endpoint' });
    await api('POST', '/v1/event-types', {
      name: 'shipment.sent',
      description: 'A parcel left the warehouse',
      schema: {
        type: 'object',
        required: ['parcel', 'weightGrams'],
        properties: {
          parcel: { type: 'string', examples: ['PX-1'] },
          weightGrams: { type: 'integer', minimum: 1 },
        },
      },
    });
    const link = await api('POST', `/v1/apps/${app.id}/portal-access`, { expiresIn: 600 });
    expect(link.status).toBe(200);

    // an allowed site: the portal loads inside it
    const allowed = process.env.HERALD_E2E_EMBED_ALLOWED!;
    await page.goto(`${allowed}/embed?src=${encodeURIComponent(link.body.url)}`);
    const portal = page.frameLocator('iframe[title="Webhooks portal"]');
    await expect(portal.getByText('Their endpoint')).toBeVisible();
    // the operator's name and logo, not Herald's; no Jobs, no Sign out, no operator navigation
    await expect(portal.getByRole('link', { name: 'Acme Webhooks' })).toBeVisible();
    await expect(portal.locator('img.brand-logo')).toBeVisible();
    await expect(portal.getByText('Herald', { exact: true })).toHaveCount(0);
    await expect(portal.getByRole('link', { name: 'Jobs' })).toHaveCount(0);
    await expect(portal.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await expect(portal.getByRole('button', { name: 'Portal link' })).toHaveCount(0);
    // the operator's colour on the selected tab
    const tab = portal.getByRole('link', { name: 'Endpoints', exact: true });
    await expect(tab).toHaveCSS('color', 'rgb(15, 118, 110)');

    // the catalogue: the type, its schema, and an example built from it
    await portal.getByRole('link', { name: 'Event types', exact: true }).click();
    const card = portal.getByRole('region', { name: 'shipment.sent' });
    await expect(card.getByText('A parcel left the warehouse')).toBeVisible();
    // the example (first block) is built from the schema (second block)
    const example = card.locator('pre').first();
    await expect(example).toContainText('"parcel": "PX-1"');
    await expect(example).toContainText('"weightGrams": 1');
    await expect(card.locator('pre').nth(1)).toContainText('"required"');

    // the application's uid works in the portal's URLs
    const byUid = await api('GET', `/v1/apps/${app.id}`);
    const frame = page.frame({ url: /\/apps\// })!;
    await frame.goto(`${process.env.HERALD_E2E_URL}/apps/${byUid.body.uid}/messages`);
    await expect(portal.getByRole('heading', { name: 'Messages' })).toBeVisible();
    await expect(portal.getByText('Embedded Customer')).toBeVisible();

    // another site: the browser refuses to show Herald in its frame
    const refused = page.waitForEvent('console', {
      predicate: (m) => /frame-ancestors/.test(m.text()),
      timeout: 10_000,
    });
    await page.goto(
      `${process.env.HERALD_E2E_EMBED_OTHER}/embed?src=${encodeURIComponent(`${process.env.HERALD_E2E_URL}/`)}`,
    );
    await refused;
    await expect(page.frameLocator('iframe[title="Webhooks portal"]').getByLabel('API key')).toHaveCount(0);
  });

  test('a portal page says who may frame it', async ({ request }) => {
    const res = await request.get('/portal');
    expect(res.headers()['content-security-policy']).toContain(
      `frame-ancestors ${process.env.HERALD_E2E_EMBED_ALLOWED}`,
    );
    expect(res.headers()['x-frame-options']).toBeUndefined();
  });
});

test('the portal on its own: branded, with the event catalogue', async ({ page }) => {
  const app = await createApp('Portal Catalogue');
  const link = await api('POST', `/v1/apps/${app.id}/portal-access`, { expiresIn: 600 });
  await page.goto(link.body.url);
  await expect(page.getByRole('link', { name: 'Acme Webhooks' })).toBeVisible();
  await page.getByRole('link', { name: 'Event types', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Event types', level: 1 })).toBeVisible();
  await screenshot(page, 'portal-event-types');
});
