import { readdirSync, readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  ROOT_KEY,
  startTestHerald,
  type TestHerald,
} from '../../../apps/server/test/helpers/herald.ts';
import {
  type Receiver,
  startReceiver,
  verifyWithStandardWebhooks,
} from '../../../apps/server/test/helpers/receiver.ts';
import {
  type FeedItem,
  Herald,
  HeraldApiError,
  verifyWebhook,
  WebhookVerificationError,
} from '../src/index.ts';

let h: TestHerald;
let herald: Herald;
let receiver: Receiver;

beforeAll(async () => {
  h = await startTestHerald();
  herald = new Herald({ baseUrl: h.url, apiKey: ROOT_KEY });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await h?.stop();
});

/** Node's request headers as the receiver saw them, string values only. */
const headersOf = (r: { headers: Record<string, string | string[] | undefined> }) => r.headers;

describe('client', () => {
  it('covers applications, endpoints, messages, deliveries, attempts and resend', async () => {
    const app = await herald.apps.create({ name: 'SDK', uid: 'sdk-app', metadata: { tier: 'gold' } });
    expect(app).toMatchObject({ id: expect.stringMatching(/^app_/), uid: 'sdk-app', name: 'SDK' });
    expect(await herald.apps.get('sdk-app')).toEqual(app);
    const renamed = await herald.apps.update('sdk-app', { name: 'SDK renamed' });
    expect(renamed.name).toBe('SDK renamed');

    await herald.eventTypes.create({ name: 'sdk.test', description: 'from the SDK' });
    expect((await herald.eventTypes.get('sdk.test')).description).toBe('from the SDK');

    const ep = await herald.endpoints.create('sdk-app', { url: receiver.url, uid: 'main' });
    expect(ep).toMatchObject({ appId: app.id, uid: 'main', url: receiver.url, disabled: false });
    expect((await herald.endpoints.update('sdk-app', 'main', { description: 'd' })).description).toBe('d');
    const secret = await herald.endpoints.secret('sdk-app', 'main');
    expect(secret).toMatch(/^whsec_/);

    const before = receiver.requests.length;
    const published = await herald.messages.publish(
      'sdk-app',
      { eventType: 'sdk.test', payload: { n: 1 }, channels: ['eu'] },
      { wait: 10 },
    );
    expect(published).toMatchObject({ eventType: 'sdk.test', payload: { n: 1 }, channels: ['eu'] });
    expect(published.deliveries).toEqual([
      expect.objectContaining({ endpointId: ep.id, status: 'succeeded', responseStatusCode: 200 }),
    ]);
    const [received] = (await receiver.waitFor(before + 1)).slice(before);
    expect(verifyWithStandardWebhooks(secret, received!)).toMatchObject({ type: 'sdk.test', data: { n: 1 } });

    expect(await herald.messages.get('sdk-app', published.id)).toMatchObject({ id: published.id });
    const deliveries = await herald.messages.deliveries('sdk-app', published.id);
    expect(deliveries).toEqual([expect.objectContaining({ endpointId: ep.id, status: 'succeeded' })]);
    const attempts = await herald.messages.attempts('sdk-app', published.id);
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, trigger: 'scheduled', status: 'succeeded' }),
    ]);

    await herald.messages.resend('sdk-app', published.id, 'main');
    await eventually(async () => (await herald.messages.attempts('sdk-app', published.id)).length === 2);
    const manual = await herald.attempts.list('sdk-app', { endpoint: 'main', limit: 1 });
    expect(manual.data[0]).toMatchObject({ trigger: 'manual', messageId: published.id });
    expect(
      (await herald.messages.list('sdk-app', { channel: 'eu', eventType: 'sdk.test' })).data,
    ).toHaveLength(1);
    expect((await herald.messages.list('sdk-app', { after: new Date(Date.now() + 60_000) })).data).toEqual(
      [],
    );

    const stats = await herald.endpoints.stats('sdk-app', 'main');
    expect(stats.counts.succeeded).toBe(1);

    const since = new Date(Date.now() - 3600_000);
    expect(await herald.endpoints.recoverPreview('sdk-app', 'main', { since })).toEqual({ count: 0 });
    const recovery = await herald.endpoints.recover('sdk-app', 'main', { since });
    expect(recovery.count).toBe(0);
    expect((await herald.jobs.get(recovery.job.id)).type).toBe('recover');
    const done = await eventually(async () => {
      const job = await herald.jobs.get(recovery.job.id);
      return job.status === 'completed' && job;
    });
    expect(done.progress).toEqual({ done: 0, total: 0 });
    const jobs = [];
    for await (const j of herald.jobs.listAll({ limit: 1 })) jobs.push(j.id);
    expect(jobs).toContain(recovery.job.id);
    const cancel = await herald.jobs.cancel(recovery.job.id).catch((e: unknown) => e);
    expect(cancel).toBeInstanceOf(HeraldApiError);
    expect(cancel).toMatchObject({ status: 409, code: 'conflict' });

    const portal = await herald.portal.access('sdk-app', { expiresIn: 600 });
    expect(portal.url).toContain(portal.token);

    const key = await herald.apiKeys.create({ name: 'scoped', app: 'sdk-app' });
    const scoped = new Herald({ baseUrl: h.url, apiKey: key.key });
    expect(await scoped.whoami()).toEqual({
      keyId: key.id,
      app: app.id,
      root: false,
      portal: false,
      branding: { name: null, logoUrl: null, color: null },
    });
    expect(await herald.whoami()).toMatchObject({ root: true });
    const keyIds = [];
    for await (const k of herald.apiKeys.listAll()) keyIds.push(k.id);
    expect(keyIds).toContain(key.id);
    await herald.apiKeys.revoke(key.id);
    await expect(scoped.whoami()).rejects.toMatchObject({ status: 401 });

    await herald.endpoints.delete('sdk-app', 'main');
    await herald.apps.delete('sdk-app');
    await expect(herald.apps.get('sdk-app')).rejects.toMatchObject({ status: 404 });
    expect(h.serverErrors).toEqual([]);
  });

  it('publishes idempotently and in batches', async () => {
    const app = await herald.apps.create({ name: 'idempotency' });
    const first = await herald.messages.publish(
      app.id,
      { eventType: 'order.created', payload: { n: 1 } },
      { idempotencyKey: 'order-1' },
    );
    const again = await herald.messages.publish(
      app.id,
      { eventType: 'order.created', payload: { n: 2 } },
      { idempotencyKey: 'order-1' },
    );
    expect(again.id).toBe(first.id);
    expect(again.payload).toEqual({ n: 1 });

    const batch = await herald.messages.publishBatch(app.id, [
      { eventType: 'order.created', payload: { n: 3 } },
      { eventType: 'order.paid', payload: { n: 4 }, eventId: 'e-4' },
    ]);
    expect(batch.map((m) => m.payload)).toEqual([{ n: 3 }, { n: 4 }]);
    expect(batch[1]!.eventId).toBe('e-4');
  });

  it('lists every item across pages with listAll', async () => {
    let requests = 0;
    const counting = new Herald({
      baseUrl: h.url,
      apiKey: ROOT_KEY,
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    const app = await herald.apps.create({ name: 'paging' });
    const created: string[] = [];
    for (let i = 0; i < 7; i++)
      created.push((await herald.endpoints.create(app.id, { url: `https://example.com/hook/${i}` })).id);

    const seen: string[] = [];
    for await (const ep of counting.endpoints.listAll(app.id, { limit: 3 })) seen.push(ep.id);
    expect(seen).toEqual(created);
    expect(requests).toBe(3); // 3 + 3 + 1

    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await herald.messages.publish(app.id, { eventType: 'page.test', payload: { i } })).id);
    const messages: string[] = [];
    for await (const m of herald.messages.listAll(app.id, { limit: 2 })) messages.push(m.id);
    expect(messages).toEqual([...ids].reverse()); // newest first

    // breaking out early fetches no further page
    requests = 0;
    for await (const _ of counting.endpoints.listAll(app.id, { limit: 2 })) break;
    expect(requests).toBe(1);

    const apps: string[] = [];
    for await (const a of herald.apps.listAll({ limit: 1 })) apps.push(a.id);
    expect(apps).toContain(app.id);
    expect(new Set(apps).size).toBe(apps.length);
  });

  it('turns problem details into HeraldApiError (404, 422, 401)', async () => {
    const missing = await herald.apps.get('no-such-app').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HeraldApiError);
    expect(missing).toMatchObject({
      status: 404,
      code: 'not_found',
      type: 'urn:herald:error:not_found',
      title: 'Not found',
      detail: 'application not found',
      errors: [],
    });

    const app = await herald.apps.create({ name: 'errors' });
    const invalid = await herald.endpoints
      .create(app.id, { url: 'ftp://example.com' })
      .catch((e: HeraldApiError) => e);
    expect(invalid).toBeInstanceOf(HeraldApiError);
    expect((invalid as HeraldApiError).status).toBe(422);
    expect((invalid as HeraldApiError).code).toBe('validation_failed');
    expect((invalid as HeraldApiError).errors).toEqual([expect.objectContaining({ path: 'url' })]);
    expect((invalid as HeraldApiError).message).toContain('422');

    const badFeed = await herald.events.page(app.id, { iterator: 'garbage' }).catch((e) => e);
    expect(badFeed).toMatchObject({ status: 422, errors: [expect.objectContaining({ path: 'iterator' })] });

    const wrongKey = new Herald({ baseUrl: h.url, apiKey: 'not-a-key-at-all' });
    await expect(wrongKey.apps.list()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });
});

describe('events feed', () => {
  /** Follows until `count` messages were handled, then aborts (the loop body goes on to the next one). */
  async function followFor(app: string, consumer: string, count: number, limit: number) {
    const controller = new AbortController();
    const items: FeedItem[] = [];
    for await (const item of herald.events.follow(app, {
      consumer,
      limit,
      waitSeconds: 2,
      signal: controller.signal,
    })) {
      items.push(item);
      if (items.length === count) controller.abort();
    }
    return items;
  }

  it('pages the feed and keeps consumer cursors', async () => {
    const app = await herald.apps.create({ name: 'feed pages' });
    const empty = await herald.events.page(app.id);
    expect(empty).toMatchObject({ data: [], done: true, iterator: expect.any(String) });
    expect(await herald.events.consumer(app.id, 'c')).toEqual({
      consumer: 'c',
      iterator: null,
      updatedAt: null,
    });
    await herald.events.ack(app.id, 'c', empty.iterator);
    expect((await herald.events.consumer(app.id, 'c')).iterator).toBe(empty.iterator);

    const m = await herald.messages.publish(app.id, { eventType: 'a.b', payload: {}, channels: ['x'] });
    const page = await herald.events.page(app.id, { iterator: empty.iterator, channel: 'x', wait: 5 });
    expect(page.data.map((d) => d.id)).toEqual([m.id]);
    expect((await herald.events.page(app.id, { eventTypes: ['other'] })).data).toEqual([]);
    expect((await herald.events.page(app.id, { since: new Date(Date.now() + 60_000) })).data).toEqual([]);
  });

  it('follows with a consumer: stopped after N messages, a new follow resumes right after them', async () => {
    const app = await herald.apps.create({ name: 'feed follow' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await herald.messages.publish(app.id, { eventType: 'feed.test', payload: { i } })).id);

    // pages of 2: the third message is the first of the second page, so the stop falls mid-page
    const first = await followFor(app.id, 'worker', 3, 2);
    expect(first.map((x) => x.message.id)).toEqual(ids.slice(0, 3));
    expect(first.map((x) => x.pageEnd)).toEqual([false, true, false]);
    expect((await herald.events.consumer(app.id, 'worker')).iterator).toEqual(expect.any(String));

    // resumes after the third; a message published while it long-polls arrives as well
    const controller = new AbortController();
    const second: string[] = [];
    const late = setTimeout(async () => {
      ids.push((await herald.messages.publish(app.id, { eventType: 'feed.test', payload: { i: 5 } })).id);
    }, 500);
    for await (const { message } of herald.events.follow(app.id, {
      consumer: 'worker',
      waitSeconds: 5,
      signal: controller.signal,
    })) {
      second.push(message.id);
      if (second.length === 3) controller.abort();
    }
    clearTimeout(late);
    expect(second).toEqual(ids.slice(3, 6));

    // stopped at a page end: nothing more to read, the cursor is at the end
    const rest = await herald.events.page(app.id, {
      iterator: (await herald.events.consumer(app.id, 'worker')).iterator!,
    });
    expect(rest.data).toEqual([]);

    // break (no abort) keeps the messages the loop finished with; the one it broke on comes again
    const seen: string[] = [];
    for await (const { message } of herald.events.follow(app.id, { consumer: 'breaker', limit: 4 })) {
      if (seen.length === 2) break;
      seen.push(message.id);
    }
    expect(seen).toEqual(ids.slice(0, 2));
    const resumed = await followFor(app.id, 'breaker', 1, 4);
    expect(resumed.map((x) => x.message.id)).toEqual([ids[2]]);

    // a follow without consumer starts where told, and filters
    const fromIterator = await (async () => {
      const out: string[] = [];
      const c = new AbortController();
      const start = await herald.events.page(app.id, { limit: 4 });
      for await (const { message } of herald.events.follow(app.id, {
        iterator: start.iterator,
        waitSeconds: 1,
        signal: c.signal,
      })) {
        out.push(message.id);
        if (out.length === 2) c.abort();
      }
      return out;
    })();
    expect(fromIterator).toEqual(ids.slice(4, 6));
  });

  it('rides out an unreachable server with backoff, and gives up on errors that will not heal', async () => {
    const app = await herald.apps.create({ name: 'feed retry' });
    const m = await herald.messages.publish(app.id, { eventType: 'retry.test', payload: {} });
    let failures = 2;
    const flaky = new Herald({
      baseUrl: h.url,
      apiKey: ROOT_KEY,
      fetch: (input, init) => {
        if (failures > 0) {
          failures--;
          return Promise.reject(new TypeError('fetch failed'));
        }
        return fetch(input, init);
      },
    });
    const retries: number[] = [];
    const controller = new AbortController();
    for await (const { message } of flaky.events.follow(app.id, {
      consumer: 'flaky',
      signal: controller.signal,
      retryDelayMs: { min: 20 },
      onRetry: (_err, delay) => retries.push(delay),
    })) {
      expect(message.id).toBe(m.id);
      controller.abort();
    }
    expect(retries).toEqual([20, 40]);
    expect((await herald.events.consumer(app.id, 'flaky')).iterator).toEqual(expect.any(String));

    const gone = herald.events.follow('no-such-app', { waitSeconds: 1 });
    await expect(gone.next()).rejects.toMatchObject({ status: 404 });
  });
});

describe('verifyWebhook', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = '{"type":"invoice.paid","timestamp":"2024-01-01T00:00:00.000Z","data":{"id":"inv_1"}}';
  const signed = (id: string, at: Date, payload = body, key = secret) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign(id, at, payload),
  });

  it('accepts what the official standardwebhooks library signs, and rejects what it would reject', async () => {
    const headers = signed('msg_1', new Date());
    expect(await verifyWebhook(secret, body, headers)).toEqual(JSON.parse(body));
    expect(await verifyWebhook(secret, new TextEncoder().encode(body), new Headers(headers))).toMatchObject({
      type: 'invoice.paid',
    });
    // the prefix may be left off, as the official libraries allow
    await verifyWebhook(secret.slice('whsec_'.length), body, headers);
    // svix-* headers
    await verifyWebhook(secret, body, {
      'svix-id': headers['webhook-id'],
      'svix-timestamp': headers['webhook-timestamp'],
      'svix-signature': headers['webhook-signature'],
    });
    // any case, several signatures (a rotation), other versions ignored
    await verifyWebhook(secret, body, {
      'Webhook-Id': headers['webhook-id'],
      'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'],
      'webhook-signature': `v2,abc v1,bm90IGl0 ${headers['webhook-signature']}`,
    });

    const rejects = async (promise: Promise<unknown>, reason: RegExp) => {
      const err = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WebhookVerificationError);
      expect((err as Error).message).toMatch(reason);
    };
    await rejects(verifyWebhook(secret, body.replace('inv_1', 'inv_2'), headers), /no matching signature/);
    await rejects(verifyWebhook(secret, `${body} `, headers), /no matching signature/);
    await rejects(
      verifyWebhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', body, headers),
      /no matching signature/,
    );
    await rejects(verifyWebhook(secret, body, { ...headers, 'webhook-id': 'msg_2' }), /no matching/);
    await rejects(verifyWebhook(secret, body, signed('msg_1', new Date(Date.now() - 600_000))), /too old/);
    await rejects(verifyWebhook(secret, body, signed('msg_1', new Date(Date.now() + 600_000))), /too new/);
    await rejects(verifyWebhook(secret, body, { 'webhook-id': 'msg_1' }), /missing required headers/);
    await rejects(verifyWebhook(secret, body, { ...headers, 'webhook-timestamp': '12abc' }), /invalid/);
    await rejects(
      verifyWebhook(secret, body, { ...headers, 'webhook-signature': headers['webhook-signature'].slice(3) }),
      /no matching/,
    );
    // a custom tolerance, and "now" for replays
    const old = signed('msg_1', new Date(Date.now() - 600_000));
    await verifyWebhook(secret, body, old, { toleranceSeconds: 900 });
    await verifyWebhook(secret, body, old, { nowSeconds: Number(old['webhook-timestamp']) });
    await expect(verifyWebhook('whsec_not base64!', body, headers)).rejects.toThrow(TypeError);

    // and the other way round: what the official library rejects, ours rejects too
    const official = new Webhook(secret);
    expect(() => official.verify(body.replace('inv_1', 'inv_2'), headers)).toThrow();
  });

  it("verifies Herald's real deliveries, before and during a secret rotation", async () => {
    const app = await herald.apps.create({ name: 'verify' });
    const ep = await herald.endpoints.create(app.id, { url: receiver.url, eventTypes: ['verify.test'] });
    const oldSecret = await herald.endpoints.secret(app.id, ep.id);
    const start = receiver.requests.length;
    await herald.messages.publish(app.id, { eventType: 'verify.test', payload: { n: 1, s: 'ü ✓' } });
    const first = (await receiver.waitFor(start + 1))[start]!;
    expect(await verifyWebhook(oldSecret, first.body, headersOf(first))).toEqual({
      type: 'verify.test',
      timestamp: expect.any(String),
      data: { n: 1, s: 'ü ✓' },
    });
    // as raw bytes and as fetch Headers too
    const fetchHeaders = new Headers();
    for (const [k, v] of Object.entries(first.headers)) if (typeof v === 'string') fetchHeaders.set(k, v);
    await verifyWebhook(oldSecret, Buffer.from(first.body), fetchHeaders);
    await expect(verifyWebhook(oldSecret, first.body.replace('1', '2'), headersOf(first))).rejects.toThrow(
      WebhookVerificationError,
    );

    await herald.endpoints.rotateSecret(app.id, ep.id);
    const newSecret = await herald.endpoints.secret(app.id, ep.id);
    expect(newSecret).not.toBe(oldSecret);
    await herald.messages.publish(app.id, { eventType: 'verify.test', payload: { n: 2 } });
    const second = (await receiver.waitFor(start + 2))[start + 1]!;
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [oldSecret, newSecret]) {
      expect((await verifyWebhook(s, second.body, headersOf(second))).data).toEqual({ n: 2 });
      expect(verifyWithStandardWebhooks(s, second).data).toEqual({ n: 2 });
    }
  });

  it('uses no Node built-ins, so it runs in browsers', () => {
    const dir = new URL('../src/', import.meta.url);
    // the SDK's own files, and the one module of @herald/signing it loads at run time
    const files = [
      ...readdirSync(dir).map((f) => new URL(f, dir)),
      new URL('../../signing/src/headers.ts', import.meta.url),
    ];
    for (const file of files) {
      // code only: comments may mention Node
      const source = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(source, file.pathname).not.toMatch(/from ['"]node:|require\(|\bBuffer\b|\bprocess\./);
      for (const [, spec] of source.matchAll(/^import (?!type)[^'"]*['"]([^'"]+)['"]/gm))
        expect(spec, `${file.pathname} imports ${spec}`).toMatch(/^(\.\/|@herald\/signing\/headers$)/);
    }
  });
});
