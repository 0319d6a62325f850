import pg from 'pg';
import { encodeTime } from 'ulidx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT_ATTEMPT_STATS_SQL, ENDPOINT_DELIVERY_COUNTS_SQL } from '../src/db/endpoints.ts';
import { FEED_PAGE_SQL, FEED_SINCE_SQL } from '../src/db/feed.ts';
import { MESSAGES_BY_STATUS_SQL } from '../src/db/messages.ts';
import { idFloor } from '../src/ids.ts';
import { startTestHerald, type TestHerald } from './helpers/herald.ts';

// Issue 9: the reads that grew with the data (a feed page found with since=, messages?status=failed,
// endpoint stats) read the same number of pages with 20,000 and with 80,000 messages stored. Pages
// are counted by EXPLAIN (ANALYZE, BUFFERS) of the statements the API runs, so the figure is the
// work done, not a time on a noisy machine.
let h: TestHerald;
let db: pg.Client;
/** the feed and the status filter read this application's messages */
let appId: string;
let endpointId: string;
/** endpoint stats read this one's: the same 500 in the last 24 h, and ever more older ones */
let statsApp: string;
let statsEndpoint: string;
const HOUR = 3600_000;
const now = Date.now();
/** where the feed application's messages continue: each transaction's are newer than the last's */
let next = now - 200 * 24 * HOUR;

beforeAll(async () => {
  h = await startTestHerald({}, ['api'], { inject: true });
  db = new pg.Client({ connectionString: h.db.url });
  await db.connect();
  appId = (await h.api('POST', '/v1/apps', { name: 'flat' })).body.id;
  endpointId = (await h.api('POST', `/v1/apps/${appId}/endpoints`, { url: 'http://127.0.0.1:9/flat' })).body
    .id;
  statsApp = (await h.api('POST', '/v1/apps', { name: 'stats' })).body.id;
  statsEndpoint = (await h.api('POST', `/v1/apps/${statsApp}/endpoints`, { url: 'http://127.0.0.1:9/stats' }))
    .body.id;
  await generate(statsApp, statsEndpoint, 500, now - 20 * HOUR, 100);
});
afterAll(async () => {
  await db?.end();
  await h?.stop();
});

let batch = 0;
/**
 * `n` messages of `app` from `from` on, one every `everyMs`, in transactions of 1,000 in time order
 * (as Herald writes them: a later transaction's messages are newer), each with a delivery to
 * `endpoint` (every 20th failed) and an attempt; ids carry their creation time, as Herald's do.
 */
async function generate(app: string, endpoint: string, n: number, from: number, everyMs: number) {
  for (let start = 0; start < n; start += 1000) {
    batch++;
    const tag = String(batch).padStart(4, '0');
    const times = Array.from({ length: Math.min(1000, n - start) }, (_, i) =>
      encodeTime(from + (start + i + 1) * everyMs, 10),
    );
    await db.query(
      `WITH m AS (
         INSERT INTO messages (id, app_id, event_type, payload, created_at)
         SELECT 'msg_' || t || $4 || lpad(g::text, 12, '0'), $1, 'flat.event', '{}',
                to_timestamp(($2 + ($6 + g) * $3::float8) / 1000)
         FROM unnest($5::text[]) WITH ORDINALITY AS x (t, g)
         RETURNING id, app_id, created_at
       ), d AS (
         INSERT INTO deliveries (message_id, endpoint_id, app_id, status, attempts, created_at, updated_at)
         SELECT id, $7, app_id, CASE WHEN right(id, 2)::int % 20 = 0 THEN 'failed' ELSE 'succeeded' END, 1,
                created_at, created_at
         FROM m RETURNING message_id, status, created_at, app_id
       )
       INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url,
                             response_status_code, duration_ms, job_key, created_at)
       SELECT 'atmpt_' || substr(message_id, 5), message_id, $7, app_id, 1, 'scheduled', status,
              'http://127.0.0.1:9/flat', CASE WHEN status = 'failed' THEN 500 ELSE 200 END, 12,
              'flat:' || message_id, created_at
       FROM d`,
      [app, from, everyMs, tag, times, start, endpoint],
    );
  }
  await db.query('VACUUM ANALYZE messages, deliveries, attempts');
}

/** Pages (shared buffers hit or read) a statement touches, by EXPLAIN (ANALYZE, BUFFERS). */
async function pagesOf(sql: string, params: unknown[]): Promise<number> {
  if (process.env.FLAT_PLANS)
    console.log(
      (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n'),
    );
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const plan = rows[0]['QUERY PLAN'][0].Plan;
  return plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
}

/** The time of the message in the middle of the application's messages. */
async function middle(): Promise<string> {
  const { rows } = await db.query(
    `SELECT created_at FROM messages WHERE app_id = $1 ORDER BY created_at
     OFFSET (SELECT count(*) / 2 FROM messages WHERE app_id = $1) LIMIT 1`,
    [appId],
  );
  return (rows[0].created_at as Date).toISOString();
}

async function measure() {
  const since = await middle();
  const { rows } = await db.query(FEED_SINCE_SQL, [appId, since, '10 seconds']);
  const pos = rows[0];
  const feed =
    (await pagesOf(FEED_SINCE_SQL, [appId, since, '10 seconds'])) +
    (await pagesOf(FEED_PAGE_SQL, [
      appId,
      pos.x,
      Number(pos.seq) - 1,
      '999999999999',
      null,
      null,
      since,
      100,
    ]));
  // the shape before: the first page scanned from the start of the feed
  const feedBefore = await pagesOf(FEED_PAGE_SQL, [appId, '0', 0, '999999999999', null, null, since, 100]);
  const failedBefore = await pagesOf(
    `SELECT m.* FROM messages m WHERE m.app_id = $1 AND EXISTS (
       SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status = $2
         AND (d.lease_until IS NULL OR d.lease_until <= now()))
     ORDER BY m.id DESC LIMIT 51`,
    [appId, 'failed'],
  );
  const failed = await pagesOf(MESSAGES_BY_STATUS_SQL, [appId, null, null, null, null, null, 'failed', 51]);
  const day = new Date(now - 24 * HOUR);
  const stats =
    (await pagesOf(ENDPOINT_DELIVERY_COUNTS_SQL, [statsEndpoint, day])) +
    (await pagesOf(ENDPOINT_ATTEMPT_STATS_SQL, [
      endpointId,
      day,
      idFloor('atmpt', new Date(day.getTime() - 60_000)),
    ]));
  const statsBefore =
    (await pagesOf(
      'SELECT status, count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND updated_at >= $2 GROUP BY status',
      [statsEndpoint, day],
    )) +
    (await pagesOf(
      'SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FROM attempts WHERE endpoint_id = $1 AND created_at >= $2',
      [statsEndpoint, day],
    ));
  // the first page really starts at the first message created since `since`
  const page = await db.query(FEED_PAGE_SQL, [
    appId,
    pos.x,
    Number(pos.seq) - 1,
    '999999999999',
    null,
    null,
    since,
    1,
  ]);
  const first = await db.query(
    'SELECT id FROM messages WHERE app_id = $1 AND created_at >= $2 ORDER BY xid, seq LIMIT 1',
    [appId, since],
  );
  expect(page.rows[0].id).toBe(first.rows[0].id);
  return { feed, feedBefore, failed, failedBefore, stats, statsBefore };
}

describe('reads that stay flat as the data grows', () => {
  it('since=, status=failed and endpoint stats read as many pages at 80,000 messages as at 20,000', async () => {
    await generate(appId, endpointId, 20_000, next, 60_000);
    await generate(statsApp, statsEndpoint, 20_000, now - 200 * 24 * HOUR, 60_000);
    next += 20_000 * 60_000;
    const small = await measure();
    // 60,000 more of each: newer ones for the feed's application, older ones for the stats endpoint
    await generate(appId, endpointId, 60_000, next, 60_000);
    await generate(statsApp, statsEndpoint, 60_000, now - 400 * 24 * HOUR, 60_000);
    const large = await measure();
    console.log(`pages read at 20k / 80k messages: ${JSON.stringify(small)} / ${JSON.stringify(large)}`);
    for (const k of ['feed', 'failed', 'stats'] as const) {
      expect(large[k], k).toBeLessThanOrEqual(small[k] * 1.2 + 10);
      // about 8 pages per message of a status page (index descent, lease check, the message)
      expect(large[k], k).toBeLessThan(600);
    }
    // the old shape of the since= page grew with the data
    expect(large.feedBefore).toBeGreaterThan(5 * large.feed);
  }, 120_000);
});
