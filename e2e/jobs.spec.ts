import { readFileSync } from 'node:fs';
import { api, createApp, eventually, expect, screenshot, signIn, test } from './fixtures.ts';

/** Publishes `n` small messages in batches of 1000 (no endpoint: nothing is sent). */
async function publishMany(app: string, n: number) {
  for (let i = 0; i < n; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
      eventType: 'bulk.item',
      payload: { n: i + j },
    }));
    const r = await api('POST', `/v1/apps/${app}/messages/batch`, { messages });
    expect(r.status).toBe(202);
  }
}

test('replay messages and export the log as jobs, follow their progress, download the export', async ({
  page,
  receiver,
}) => {
  const app = await createApp('Jobs demo');
  // the catalogue is shared by every application: these may exist already
  await api('POST', '/v1/event-types', { name: 'order.created', description: 'An order was placed' });
  await api('POST', '/v1/event-types', { name: 'order.shipped', description: 'An order left the warehouse' });
  const ep = await api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url, description: 'Orders' });
  expect(ep.status).toBe(201);
  const ids: string[] = [];
  for (const [i, eventType] of ['order.created', 'order.created', 'order.shipped'].entries()) {
    const m = await api('POST', `/v1/apps/${app.id}/messages`, { eventType, payload: { order: i } });
    expect(m.status).toBe(202);
    ids.push(m.body.id);
  }
  await eventually(async () => receiver.requests.length === 3);

  // a key limited to this application: its Jobs view lists this application's jobs only
  const key = await api('POST', '/v1/api-keys', { name: 'jobs e2e', app: app.id });
  expect(key.status).toBe(201);
  await signIn(page, key.body.key);

  // the log asks for the deliveries with the list: no request per row
  const perRow: string[] = [];
  const lists: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/\/v1\/apps\/[^/]+\/messages\/[^/]+\/deliveries$/.test(url.pathname)) perRow.push(url.pathname);
    if (/\/v1\/apps\/[^/]+\/messages$/.test(url.pathname) && r.method() === 'GET') lists.push(url.search);
  });
  await page.goto(`/apps/${app.id}/messages`);
  const log = page.getByRole('table', { name: 'Messages' });
  await expect(log.getByRole('row').filter({ hasText: 'succeeded' })).toHaveCount(3);
  expect(lists.length).toBeGreaterThan(0);
  expect(lists.every((q) => q.includes('withDeliveries=true'))).toBe(true);
  expect(perRow).toEqual([]);

  // Replay messages: every event type (none checked), every subscribed endpoint, the last 24 hours
  await page.getByRole('button', { name: 'Replay messages' }).click();
  const replay = page.getByRole('dialog', { name: 'Replay messages' });
  await expect(replay.getByLabel('Since')).not.toHaveValue('');
  await expect(replay.getByRole('checkbox', { name: 'order.created' })).not.toBeChecked();
  await expect(replay.getByText('None checked: every event type.')).toBeVisible();
  await expect(replay.getByLabel('Endpoint')).toHaveValue('');
  await screenshot(page, 'replay-form', { fullPage: false });
  const replayStarted = page.waitForResponse(
    (r) => r.url().endsWith('/messages/replay') && r.request().method() === 'POST',
  );
  await expect(replay.getByText('3 messages match.')).toBeVisible();
  await replay.getByRole('button', { name: 'Replay 3 messages' }).click();
  const replayJob: string = (await (await replayStarted).json()).job.id;
  await expect(replay.getByText('3 messages will be re-sent')).toBeVisible();
  const replayBar = replay.getByRole('progressbar', { name: 'Replay progress' });
  await expect(replayBar).toHaveAttribute('aria-valuemax', '3');
  await expect(replayBar).toHaveAttribute('aria-valuenow', '3');
  await expect(replay.getByText('3 of 3 messages re-sent')).toBeVisible();
  await expect(replay.getByText('completed', { exact: true })).toBeVisible();
  await expect(replay.getByText('100 %')).toBeVisible();
  // a finished job offers no Cancel
  await expect(replay.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  await screenshot(page, 'replay', { fullPage: false });

  // the receiver gets each message once more, with its webhook id
  await eventually(async () => receiver.requests.length === 6);
  const seen = receiver.requests.map((r) => String(r.headers['webhook-id']));
  for (const id of new Set(seen)) expect(seen.filter((s) => s === id)).toHaveLength(2);
  expect(new Set(seen).size).toBe(3);
  await replay.getByRole('button', { name: 'Close', exact: true }).click();
  // every replayed attempt is recorded before the export reads the log
  await eventually(async () => {
    for (const id of ids) {
      const a = await api('GET', `/v1/apps/${app.id}/messages/${id}/attempts`);
      if (a.body.data.length !== 2) return false;
    }
    return true;
  });

  // Export: NDJSON of the same window, then Download (a blob fetched with the key)
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exp = page.getByRole('dialog', { name: 'Export the delivery log' });
  await expect(exp.getByRole('radio', { name: /NDJSON/ })).toBeChecked();
  const exportStarted = page.waitForResponse(
    (r) => r.url().endsWith('/exports') && r.request().method() === 'POST',
  );
  await exp.getByRole('button', { name: 'Start export' }).click();
  const exportJob: string = (await (await exportStarted).json()).id;
  const exportBar = exp.getByRole('progressbar', { name: 'Export progress' });
  await expect(exportBar).toHaveAttribute('aria-valuenow', '3');
  await expect(exportBar).toHaveAttribute('aria-valuemax', '3');
  await expect(exp.getByText('completed', { exact: true })).toBeVisible();
  await expect(exp.getByText('3 of 3 messages exported')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await exp.getByRole('button', { name: 'Download' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe(`${exportJob}.ndjson`);
  const lines = readFileSync(await file.path(), 'utf8')
    .trimEnd()
    .split('\n');
  // one JSON line per attempt: three first attempts and three replayed ones
  expect(lines).toHaveLength(6);
  const records = lines.map((l) => JSON.parse(l));
  expect(records.every((r) => typeof r.attemptId === 'string')).toBe(true);
  expect(new Set(records.map((r) => r.messageId))).toEqual(new Set(ids));
  expect(records.filter((r) => r.trigger === 'manual')).toHaveLength(3);
  await expect(exp.getByText(`Saved as ${exportJob}.ndjson`)).toBeVisible();
  await screenshot(page, 'export', { fullPage: false });
  await exp.getByRole('button', { name: 'Close', exact: true }).click();

  // the Jobs view, from the header: both jobs completed, nothing to cancel, the export downloadable
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  const jobs = page.getByRole('table', { name: 'Jobs' });
  await expect(jobs.getByRole('row')).toHaveCount(3); // the header and this application's two jobs
  const replayRow = jobs.getByRole('row').filter({ hasText: replayJob });
  const exportRow = jobs.getByRole('row').filter({ hasText: exportJob });
  await expect(replayRow.getByText('completed', { exact: true })).toBeVisible();
  await expect(replayRow.getByRole('cell', { name: '3 messages re-sent', exact: true })).toBeVisible();
  await expect(replayRow.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '3');
  await expect(exportRow.getByText('completed', { exact: true })).toBeVisible();
  await expect(exportRow.getByText(/NDJSON · 3 messages/)).toBeVisible();
  await expect(jobs.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  await expect(replayRow.getByRole('button', { name: 'Download' })).toHaveCount(0);
  await expect(exportRow.getByRole('button', { name: 'Download' })).toBeVisible();
  await screenshot(page, 'jobs');
});

test.describe('cancelling', () => {
  // the deliberate 409 (cancelling a job that finished) is logged by the browser
  test.use({ allowConsole: [/status of 409/] });

  test('a queued job is cancelled from its dialog; a finished one answers 409, shown', async ({ page }) => {
    const app = await createApp('Cancel demo');
    await publishMany(app.id, 20_000);
    await signIn(page);
    await page.goto(`/apps/${app.id}/messages`);
    await expect(page.getByRole('table', { name: 'Messages' })).toBeVisible();

    // jobs run one at a time: a few exports of 20,000 messages keep the next one queued for seconds
    const since = new Date(Date.now() - 3600_000).toISOString();
    const ahead: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api('POST', `/v1/apps/${app.id}/exports`, { since, format: 'csv' });
      expect(r.status).toBe(202);
      ahead.push(r.body.id);
    }
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const exp = page.getByRole('dialog', { name: 'Export the delivery log' });
    await exp.getByRole('radio', { name: /CSV/ }).check();
    const started = page.waitForResponse(
      (r) => r.url().endsWith('/exports') && r.request().method() === 'POST',
    );
    await exp.getByRole('button', { name: 'Start export' }).click();
    const mine: string = (await (await started).json()).id;
    await expect(exp.getByRole('progressbar', { name: 'Export progress' })).toHaveAttribute(
      'aria-valuemax',
      '20000',
    );
    await expect(exp.getByText('queued', { exact: true })).toBeVisible();
    await screenshot(page, 'export-queued', { fullPage: false, transient: true });
    await exp.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(exp.getByText('cancelled', { exact: true })).toBeVisible();
    await expect(exp.getByText(/Cancelled after \d+ of 20,000 messages/)).toBeVisible();
    await expect(exp.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
    await expect(exp.getByRole('button', { name: 'Download' })).toHaveCount(0);
    expect((await api('GET', `/v1/jobs/${mine}`)).body.status).toBe('cancelled');
    await exp.getByRole('button', { name: 'Close', exact: true }).click();

    // the jobs ahead carry on and complete; the Jobs view follows them every second
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    const jobs = page.getByRole('table', { name: 'Jobs' });
    await expect(
      jobs.getByRole('row').filter({ hasText: mine }).getByText('cancelled', { exact: true }),
    ).toBeVisible();
    const last = jobs.getByRole('row').filter({ hasText: ahead.at(-1)! });
    await expect(last.getByText('completed', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(last.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
    await expect(last.getByRole('button', { name: 'Download' })).toBeVisible();

    // a view that is behind (it still shows the job running) offers Cancel: the server's 409 is shown
    const target = ahead[0]!;
    let behind = true;
    await page.route(/\/v1\/jobs(\?.*)?$/, async (route) => {
      if (!behind) return route.fallback();
      const res = await route.fetch();
      const body = await res.json();
      for (const j of body.data) if (j.id === target) j.status = 'running';
      await route.fulfill({ response: res, json: body });
    });
    // (in-app navigation: until the server answers /jobs with the dashboard, a reload there is a 404)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    const stale = jobs.getByRole('row').filter({ hasText: target }).first();
    await expect(stale.getByText('running', { exact: true })).toBeVisible();
    await stale.getByRole('button', { name: 'Cancel', exact: true }).click();
    behind = false;
    const problem = jobs.getByRole('alert');
    await expect(problem).toContainText('Could not cancel: the job is completed');
    // and the list catches up: completed, nothing to cancel
    const row = jobs.getByRole('row').filter({ hasText: target }).first();
    await expect(row.getByText('completed', { exact: true })).toBeVisible();
    await expect(row.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
    await screenshot(page, 'jobs-cancel');
    await page.unrouteAll({ behavior: 'wait' });
  });
});
