import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createPool } from '../src/db/pool.ts';
import { newId } from '../src/ids.ts';
import { publishGroupSize } from '../src/metrics.ts';
import { createBoss, deliverTable } from '../src/queue/boss.ts';
import { createPublishGroups } from '../src/services/publish-groups.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver, verifyWithStandardWebhooks } from './helpers/receiver.ts';

// Group commit of single publishes (services/publish-groups.ts): publishes of the same moment share
// one statement that inserts messages, deliveries and jobs, each still answered with its own message.
let h: TestHerald;
let ctx: Context;
beforeAll(async () => {
  h = await startTestHerald();
  const boss = createBoss(h.db.url, { supervise: false, max: 2 });
  boss.on('error', () => {});
  await boss.start();
  ctx = {
    config: h.config,
    pool: createPool(h.db.url, 4, 'publish-groups-test'),
    boss,
    log: pino({ level: 'silent' }),
  } as unknown as Context;
});
afterAll(async () => {
  await ctx?.pool.end();
  await ctx?.boss.stop({ graceful: false });
  await h?.stop();
});

const groupCount = async () =>
  (await publishGroupSize.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;

describe('group commit of single publishes', () => {
  it('concurrent publishes share statements; each gets its own message and every delivery arrives signed', async () => {
    const receiver = await startReceiver();
    const app = (await h.api('POST', '/v1/apps', { name: 'grouped' })).body;
    const secrets: string[] = [];
    for (let i = 0; i < 2; i++) {
      const ep = (await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: `${receiver.url}?ep=${i}` }))
        .body;
      secrets.push((await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}/secret`)).body.key);
    }
    const groupsBefore = await groupCount();
    const N = 40;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, n) =>
        h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'grouped.event', payload: { n } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(202));
    // each answer is its own request's message
    expect(answers.map((a) => a.body.payload.n)).toEqual(Array.from({ length: N }, (_, n) => n));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(N);
    const statements = (await groupCount()) - groupsBefore;
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(N);

    const got = await receiver.waitFor(2 * N);
    for (const r of got) {
      const i = Number(new URL(r.path, 'http://x').searchParams.get('ep'));
      verifyWithStandardWebhooks(secrets[i]!, r);
    }
    const pairs = new Set(got.map((r) => `${r.headers['webhook-id']} ${r.path}`));
    expect(pairs.size).toBe(2 * N);
    await receiver.close();
  });

  it('a message that fails its group is answered with its own error; the others are published', async () => {
    const app = (await h.api('POST', '/v1/apps', { name: 'split' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'http://127.0.0.1:9/never' });
    const taken = (
      await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'split.event', payload: {} })
    ).body.id as string;
    const groups = createPublishGroups(ctx, 1);
    const row = (id: string) => ({
      id,
      appId: app.id,
      eventType: 'split.event',
      eventId: null,
      channels: [],
      payloadJson: '{"ok":true}',
      requestId: null,
    });
    const ids = [newId('msg'), taken, newId('msg'), newId('msg')];
    const results = await Promise.allSettled(ids.map((id) => groups.publish(row(id))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    for (const id of [ids[0], ids[2], ids[3]]) {
      const d = (await h.api('GET', `/v1/apps/${app.id}/messages/${id}/deliveries`)).body.data;
      expect(d).toHaveLength(1);
    }
  });

  it("inserts jobs exactly as pg-boss's insert does: queue settings, group and tier, FIFO head", async () => {
    const app = (await h.api('POST', '/v1/apps', { name: 'jobs' })).body;
    const limited = (
      await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'http://127.0.0.1:9/a', maxConcurrency: 7 })
    ).body;
    const fifo = (
      await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'http://127.0.0.1:9/b', ordering: 'fifo' })
    ).body;
    // one publish through the group statement, one (with an eventId) through pg-boss's insert
    const grouped = (
      await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'jobs.event', payload: {} })
    ).body;
    const keyed = (
      await h.api('POST', `/v1/apps/${app.id}/messages`, {
        eventType: 'jobs.event',
        payload: {},
        eventId: 'k1',
      })
    ).body;
    const table = await deliverTable(ctx.boss);
    const { rows } = await ctx.pool.query(
      `SELECT data, group_id, group_tier, expire_seconds, deletion_seconds, retry_limit, retry_delay, retry_backoff,
              retry_delay_max, policy, heartbeat_seconds, priority, keep_until - start_after AS kept
       FROM pgboss.${table}
       -- the first jobs (a failed attempt adds a retry job with t = 1)
       WHERE data->>'m' = ANY ($1::text[]) AND data->>'t' IN ('0', 'head') ORDER BY data->>'e', data->>'m'`,
      [[grouped.id, keyed.id]],
    );
    expect(rows).toHaveLength(4);
    const strip = ({ data, ...rest }: Record<string, unknown>) => ({
      ...rest,
      t: (data as { t: unknown }).t,
    });
    const byEndpoint = (e: string) => rows.filter((r) => r.data.e === e).map(strip);
    for (const e of [limited.id, fifo.id]) {
      const [a, b] = byEndpoint(e);
      expect(a).toEqual(b);
    }
    expect(byEndpoint(limited.id)[0]).toMatchObject({ group_id: limited.id, group_tier: '7', t: 0 });
    expect(byEndpoint(fifo.id)[0]).toMatchObject({ group_id: fifo.id, group_tier: '1', t: 'head' });
  });
});

describe('group commit and the delivery log', () => {
  it('a grouped publish is listed and delivered like any other', async () => {
    const receiver = await startReceiver();
    const app = (await h.api('POST', '/v1/apps', { name: 'listed' })).body;
    await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url });
    const msg = (
      await h.api('POST', `/v1/apps/${app.id}/messages`, { eventType: 'listed.event', payload: { a: 1 } })
    ).body;
    await receiver.waitFor(1);
    const list = (await h.api('GET', `/v1/apps/${app.id}/messages`)).body.data;
    expect(list.map((m: { id: string }) => m.id)).toEqual([msg.id]);
    await eventually(async () => {
      const d = (await h.api('GET', `/v1/apps/${app.id}/messages/${msg.id}/deliveries`)).body.data;
      return d[0]?.status === 'succeeded';
    });
    await receiver.close();
  });
});
