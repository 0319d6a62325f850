import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_PAGE_SQL } from '../src/db/feed.ts';
import { insertMessages } from '../src/db/messages.ts';
import { newId } from '../src/ids.ts';
import { createTestDatabase } from './helpers/database.ts';
import { startTestHerald, type TestHerald } from './helpers/herald.ts';

let h: TestHerald;
beforeAll(async () => {
  // no socket needed: the API is called through inject()
  h = await startTestHerald({}, ['api', 'worker'], { inject: true });
});
afterAll(async () => {
  await h?.stop();
});

const newApp = async (name: string) => (await h.api('POST', '/v1/apps', { name })).body as { id: string };
const publish = (appId: string, body: Record<string, unknown>) =>
  h.api('POST', `/v1/apps/${appId}/messages`, body).then((r) => r.body as { id: string });

/** Follows the feed from the start until it has `count` messages; returns their ids in feed order. */
async function follow(appId: string, count: number, limit: number, query = '') {
  const seen: string[] = [];
  let iterator: string | undefined;
  const deadline = Date.now() + 20_000;
  while (seen.length < count && Date.now() < deadline) {
    const qs = `limit=${limit}&wait=1${iterator ? `&iterator=${iterator}` : ''}${query}`;
    const res = await h.api('GET', `/v1/apps/${appId}/events?${qs}`);
    expect(res.status).toBe(200);
    expect(typeof res.body.iterator).toBe('string');
    seen.push(...res.body.data.map((m: any) => m.id));
    iterator = res.body.iterator;
  }
  return { seen, iterator: iterator! };
}

describe('events feed', () => {
  it('returns messages oldest first, pages with an iterator that is never null, and filters', async () => {
    const app = await newApp('feed');
    const empty = await h.api('GET', `/v1/apps/${app.id}/events`);
    expect(empty.body).toMatchObject({ data: [], done: true });
    expect(empty.body.iterator).toEqual(expect.any(String));

    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await publish(app.id, {
            eventType: i % 2 ? 'order.paid' : 'order.created',
            payload: { i },
            channels: i === 4 ? ['eu'] : [],
          })
        ).id,
      );
    }
    const first = await h.api('GET', `/v1/apps/${app.id}/events?limit=2`);
    expect(first.body.data.map((m: any) => m.id)).toEqual(ids.slice(0, 2));
    expect(first.body.done).toBe(false);
    expect(first.body.data[0]).toMatchObject({ eventType: 'order.created', payload: { i: 0 } });
    const rest = await h.api('GET', `/v1/apps/${app.id}/events?limit=10&iterator=${first.body.iterator}`);
    expect(rest.body.data.map((m: any) => m.id)).toEqual(ids.slice(2));
    expect(rest.body.done).toBe(true);
    // a drained iterator continues later with exactly the new messages
    const later = await publish(app.id, { eventType: 'order.created', payload: { i: 5 } });
    const next = await h.api('GET', `/v1/apps/${app.id}/events?iterator=${rest.body.iterator}`);
    expect(next.body.data.map((m: any) => m.id)).toEqual([later.id]);

    const paid = await h.api('GET', `/v1/apps/${app.id}/events?eventTypes=order.paid`);
    expect(paid.body.data.map((m: any) => m.payload.i)).toEqual([1, 3]);
    const both = await h.api(
      'GET',
      `/v1/apps/${app.id}/events?eventTypes=order.paid,order.created&limit=250`,
    );
    expect(both.body.data).toHaveLength(6);
    const eu = await h.api('GET', `/v1/apps/${app.id}/events?channel=eu`);
    expect(eu.body.data.map((m: any) => m.payload.i)).toEqual([4]);

    const bad = await h.api('GET', `/v1/apps/${app.id}/events?iterator=garbage`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('iterator');
  });

  it('reads a page as an index range scan, without sorting, however large the table', async () => {
    const big = await newApp('big');
    const other = await newApp('other');
    const db = new pg.Client({ connectionString: h.db.url });
    await db.connect();
    try {
      // 60k messages over two apps, in 6 transactions, then fresh statistics
      for (const [app, n] of [
        [big.id, 0],
        [other.id, 1],
      ] as const) {
        for (let t = 0; t < 3; t++) {
          await db.query(
            `INSERT INTO messages (id, app_id, event_type, payload)
             SELECT 'msg_00PLAN' || $2::text || $3::text || lpad(g::text, 8, '0'), $1, 'plan.x', '{}'
             FROM generate_series(1, 10000) AS g`,
            [app, n, t],
          );
        }
      }
      await db.query('ANALYZE messages');
      const { rows: mid } = await db.query(
        'SELECT xid::text AS x, seq FROM messages WHERE app_id = $1 ORDER BY xid, seq OFFSET 15000 LIMIT 1',
        [big.id],
      );
      const plan = (
        await db.query(`EXPLAIN ${FEED_PAGE_SQL}`, [
          big.id,
          mid[0].x,
          mid[0].seq,
          '999999999999',
          null,
          null,
          null,
          100,
        ])
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      // one ordered range of the feed index per time partition, merged: no scan, no sort
      expect(plan).toMatch(/Index Scan using messages_initial_feed_idx/);
      expect(plan).toMatch(/Merge Append/);
      expect(plan).not.toMatch(/Seq Scan|-> {2}Sort|Sort {2}\(/);
    } finally {
      await db.end();
    }
  });

  it('starts at a point in time with since', async () => {
    const app = await newApp('since');
    await publish(app.id, { eventType: 'a.old', payload: {} });
    await new Promise((r) => setTimeout(r, 50));
    const cut = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 50));
    const fresh = await publish(app.id, { eventType: 'a.new', payload: {} });
    const res = await h.api('GET', `/v1/apps/${app.id}/events?since=${encodeURIComponent(cut)}`);
    expect(res.body.data.map((m: any) => m.id)).toEqual([fresh.id]);
  });

  it('start=now answers an empty page positioned at the present: only later messages follow', async () => {
    const app = await newApp('start-now');
    await publish(app.id, { eventType: 'old.one', payload: {} });
    const now = await h.api('GET', `/v1/apps/${app.id}/events?start=now`);
    expect(now.body).toMatchObject({ data: [], done: true });
    const later = await publish(app.id, { eventType: 'new.one', payload: {} });
    const next = await h.api('GET', `/v1/apps/${app.id}/events?iterator=${now.body.iterator}`);
    expect(next.body.data.map((m: any) => m.id)).toEqual([later.id]);
    expect((await h.api('GET', `/v1/apps/${app.id}/events?start=later`)).status).toBe(422);
  });

  it('long-poll wakes within a fraction of a second of a publish', async () => {
    const app = await newApp('long-poll');
    const start = await h.api('GET', `/v1/apps/${app.id}/events`);
    const t0 = Date.now();
    const poll = h.api('GET', `/v1/apps/${app.id}/events?wait=10&iterator=${start.body.iterator}`);
    await new Promise((r) => setTimeout(r, 300));
    const published = Date.now();
    const msg = await publish(app.id, { eventType: 'x.y', payload: {} });
    const res = await poll;
    const wake = Date.now() - published;
    expect(res.body.data.map((m: any) => m.id)).toEqual([msg.id]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(wake).toBeLessThan(1000);
    console.log(`feed long-poll wake-up after publish: ${wake} ms`);
  });

  it('keeps a consumer cursor on the server so a consumer resumes where it left off', async () => {
    const app = await newApp('consumers');
    const fresh = await h.api('GET', `/v1/apps/${app.id}/events/consumers/billing`);
    expect(fresh.body).toEqual({ consumer: 'billing', iterator: null, updatedAt: null });
    const a = await publish(app.id, { eventType: 'c.x', payload: { n: 1 } });
    const page = await h.api('GET', `/v1/apps/${app.id}/events`);
    expect(page.body.data.map((m: any) => m.id)).toEqual([a.id]);
    expect(
      (
        await h.api('POST', `/v1/apps/${app.id}/events/consumers/billing/ack`, {
          iterator: page.body.iterator,
        })
      ).status,
    ).toBe(204);
    const b = await publish(app.id, { eventType: 'c.x', payload: { n: 2 } });
    const cursor = await h.api('GET', `/v1/apps/${app.id}/events/consumers/billing`);
    expect(cursor.body.iterator).toBe(page.body.iterator);
    const resumed = await h.api('GET', `/v1/apps/${app.id}/events?iterator=${cursor.body.iterator}`);
    expect(resumed.body.data.map((m: any) => m.id)).toEqual([b.id]);
    const bad = await h.api('POST', `/v1/apps/${app.id}/events/consumers/billing/ack`, { iterator: 'nope' });
    expect(bad.status).toBe(422);
  });

  it('is not held back by a long write transaction in another database of the same server', async () => {
    const other = await createTestDatabase();
    const c = new pg.Client({ connectionString: other.url });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_current_xact_id()'); // now it holds a transaction id, as a writer does
      const app = await newApp('neighbour');
      const msg = await publish(app.id, { eventType: 'n.x', payload: {} });
      const res = await h.api('GET', `/v1/apps/${app.id}/events`);
      expect(res.body.data.map((m: any) => m.id)).toEqual([msg.id]);
    } finally {
      await c.query('ROLLBACK');
      await c.end();
      await other.drop();
    }
  });

  it('never skips a message whose transaction commits late, and every follower sees one order', async () => {
    const app = await newApp('exactness');
    const held: pg.Client[] = [];
    const heldIds: string[] = [];
    // hold three publishing transactions open: their messages have earlier positions than later ones
    for (let i = 0; i < 3; i++) {
      const c = new pg.Client({ connectionString: h.db.url });
      await c.connect();
      await c.query('BEGIN');
      const id = newId('msg');
      await insertMessages(c, [
        {
          id,
          appId: app.id,
          eventType: 'held.tx',
          eventId: null,
          channels: [],
          payloadJson: `{"held":${i}}`,
          requestId: null,
        },
      ]);
      held.push(c);
      heldIds.push(id);
    }
    const total = 3 + 4 * 15;
    // followers read all along, in small pages, from the start
    const followers = [follow(app.id, total, 3), follow(app.id, total, 7), follow(app.id, total, 50)];
    // four publishers in parallel, while the held transactions commit one by one in reverse order
    const publishers = Array.from({ length: 4 }, async (_, p) => {
      for (let i = 0; i < 15; i++) {
        await publish(app.id, { eventType: 'free.tx', payload: { p, i } });
        if (p === 0 && i % 5 === 4) {
          const c = held.pop()!;
          await c.query('COMMIT');
          await c.end();
        }
      }
    });
    await Promise.all(publishers);
    for (const c of held) {
      await c.query('COMMIT');
      await c.end();
    }
    const results = await Promise.all(followers);
    for (const r of results) {
      expect(r.seen).toHaveLength(total);
      expect(new Set(r.seen).size).toBe(total);
      for (const id of heldIds) expect(r.seen).toContain(id);
    }
    expect(results[1]!.seen).toEqual(results[0]!.seen);
    expect(results[2]!.seen).toEqual(results[0]!.seen);
    // and nothing more arrives afterwards on any follower's chain
    const after = await h.api('GET', `/v1/apps/${app.id}/events?iterator=${results[0]!.iterator}`);
    expect(after.body.data).toEqual([]);
  });
});
