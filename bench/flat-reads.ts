// The reads of issue 9 that grew with the data, for npm run bench:scale: a feed page found with
// since= in the middle and near the end, messages?status=failed, endpoint stats, the message list
// unfiltered and by event type, attempts by endpoint, and publish and publish -> receipt, timed
// through the API (medians of 11 or 21, the two applications in turn) on an application with 1,000 recent messages and on one with the same 1,000 behind `old` older
// ones (5 % of deliveries failed, one attempt each). Rows are generated in SQL, in time order (as
// Herald writes them: a later transaction's messages are newer), with ids that carry their time.
import type pg from 'pg';
import { encodeTime } from 'ulidx';

type Call = (method: string, path: string, body?: unknown) => Promise<any>;
type Report = (name: string, value: string) => void;

const DAY = 86400_000;
const CHUNK = 100_000;
/** message ids end in a counter of this run, so two applications' generated ids never collide */
let serial = 0;

async function generate(
  db: pg.Pool,
  app: string,
  endpoint: string,
  n: number,
  from: number,
  everyMs: number,
) {
  for (let start = 0; start < n; start += CHUNK) {
    const size = Math.min(CHUNK, n - start);
    const times = Array.from({ length: size }, (_, i) => encodeTime(from + (start + i) * everyMs, 10));
    const base = serial;
    serial += size;
    await db.query(
      `WITH m AS (
         INSERT INTO messages (id, app_id, event_type, payload, created_at)
         SELECT 'msg_' || t || lpad(($7 + g)::text, 16, '0'), $1, 'bench.flat', json_build_object('n', $4 + g),
                to_timestamp(($2 + ($4 + g - 1) * $3::float8) / 1000)
         FROM unnest($5::text[]) WITH ORDINALITY AS x (t, g)
         RETURNING id, app_id, created_at
       ), d AS (
         INSERT INTO deliveries (message_id, endpoint_id, app_id, status, attempts, created_at, updated_at)
         SELECT id, $6, app_id, CASE WHEN right(id, 2)::int % 20 = 0 THEN 'failed' ELSE 'succeeded' END, 1,
                created_at, created_at
         FROM m RETURNING message_id, status, created_at, app_id
       )
       INSERT INTO attempts (id, message_id, endpoint_id, app_id, attempt, trigger, status, url,
                             response_status_code, duration_ms, job_key, created_at)
       SELECT 'atmpt_' || substr(message_id, 5), message_id, $6, app_id, 1, 'scheduled', status, 'http://127.0.0.1:9/',
              CASE WHEN status = 'failed' THEN 500 ELSE 200 END, 12, 'flat:' || message_id, created_at
       FROM d`,
      [app, from, everyMs, start, times, endpoint, base],
    );
  }
}

async function time(call: Call, path: string): Promise<number> {
  const t = performance.now();
  await call('GET', path);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** The paths of the four reads for one application. */
async function paths(db: pg.Pool, app: string, endpoint: string) {
  const at = async (fraction: number) =>
    (
      await db.query<{ created_at: Date }>(
        `SELECT created_at FROM messages WHERE app_id = $1 ORDER BY created_at
         OFFSET (SELECT floor(count(*) * $2::float8)::int FROM messages WHERE app_id = $1) LIMIT 1`,
        [app, fraction],
      )
    ).rows[0]!.created_at.toISOString();
  const newest = async (n: number) =>
    (
      await db.query<{ created_at: Date }>(
        'SELECT created_at FROM messages WHERE app_id = $1 ORDER BY created_at DESC OFFSET $2 LIMIT 1',
        [app, n - 1],
      )
    ).rows[0]!.created_at.toISOString();
  return {
    'feed page, since= in the middle': `/v1/apps/${app}/events?limit=100&since=${await at(0.5)}`,
    // at the end: the 50 newest messages, whatever the application's size (a page of the same rows)
    'feed page, since= at the end': `/v1/apps/${app}/events?limit=100&since=${await newest(50)}`,
    'messages?status=failed': `/v1/apps/${app}/messages?status=failed`,
    'endpoints/:ep/stats': `/v1/apps/${app}/endpoints/${endpoint}/stats`,
    'messages, first page': `/v1/apps/${app}/messages`,
    'messages?eventType=': `/v1/apps/${app}/messages?eventType=bench.flat`,
    'attempts?endpoint=': `/v1/apps/${app}/attempts?endpoint=${endpoint}`,
  };
}

/**
 * Publish latency, and publish -> receipt, on an application: `bench.flat.live` messages go to its
 * one live endpoint (the receiver), which takes that type only.
 */
async function publishAndDeliver(call: Call, app: string, arrival: (id: string) => Promise<number | null>) {
  const t = performance.now();
  const m = await call('POST', `/v1/apps/${app}/messages`, {
    eventType: 'bench.flat.live',
    payload: { at: t },
  });
  const published = performance.now() - t;
  const sentAt = performance.timeOrigin + t;
  const end = performance.now() + 10_000;
  for (;;) {
    const at = await arrival(m.id);
    if (at !== null) return { published, delivered: at - sentAt };
    if (performance.now() > end) throw new Error(`message ${m.id} not delivered within 10 s`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function flatReads(
  call: Call,
  db: pg.Pool,
  receiverUrl: string,
  old: number,
  report: Report,
  arrival: (id: string) => Promise<number | null>,
) {
  console.log(`\nFlat reads: 1,000 recent messages, alone and behind ${old} older ones (median of 11, ms)`);
  const apps: Array<{ app: string; endpoint: string }> = [];
  for (const name of ['flat small', 'flat large']) {
    const app = (await call('POST', '/v1/apps', { name })).id as string;
    // disabled: the generated deliveries have no jobs, and nothing is sent
    const endpoint = (await call('POST', `/v1/apps/${app}/endpoints`, { url: receiverUrl, disabled: true }))
      .id as string;
    apps.push({ app, endpoint });
    await call('POST', `/v1/apps/${app}/endpoints`, { url: receiverUrl, eventTypes: ['bench.flat.live'] });
  }
  const recentFrom = Date.now() - 2 * 3600_000;
  const [small, large] = apps as [(typeof apps)[0], (typeof apps)[0]];
  await generate(db, small.app, small.endpoint, 1000, recentFrom, 1000);
  const t = performance.now();
  await generate(db, large.app, large.endpoint, old, Date.now() - 40 * DAY, Math.floor((38 * DAY) / old));
  await generate(db, large.app, large.endpoint, 1000, recentFrom, 1000);
  await db.query('VACUUM ANALYZE messages, deliveries, attempts');
  report(
    `generated ${old} older messages + deliveries + attempts`,
    `${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const a = await paths(db, small.app, small.endpoint);
  const b = await paths(db, large.app, large.endpoint);
  for (const k of Object.keys(a) as Array<keyof typeof a>) {
    // the two in turn, 11 times each, so both see the same moments of a noisy machine
    const ta: number[] = [];
    const tb: number[] = [];
    for (let i = 0; i < 11; i++) {
      ta.push(await time(call, a[k]));
      tb.push(await time(call, b[k]));
    }
    const [ma, mb] = [median(ta), median(tb)];
    report(
      `  ${k}: alone / behind ${old}`,
      `${ma.toFixed(1)} / ${mb.toFixed(1)}  (${(mb / ma).toFixed(2)}x; target <= 1.2x)`,
    );
  }
  const pa: Array<{ published: number; delivered: number }> = [];
  const pb: Array<{ published: number; delivered: number }> = [];
  for (let i = 0; i < 21; i++) {
    pa.push(await publishAndDeliver(call, small.app, arrival));
    pb.push(await publishAndDeliver(call, large.app, arrival));
  }
  for (const [k, name] of [
    ['published', 'publish'],
    ['delivered', 'publish -> receipt'],
  ] as const) {
    const [ma, mb] = [median(pa.map((x) => x[k])), median(pb.map((x) => x[k]))];
    report(
      `  ${name}: alone / behind ${old}`,
      `${ma.toFixed(1)} / ${mb.toFixed(1)}  (${(mb / ma).toFixed(2)}x; target <= 1.2x)`,
    );
  }
}
