import { HeraldError } from '../errors.ts';
import type { MessageRow } from './messages.ts';
import type { Queryable } from './pool.ts';

/** A position in an application's feed: after (xid, seq), optionally only messages since `t`. */
export interface FeedPosition {
  x: string;
  s: number;
  t?: string;
}

export const START: FeedPosition = { x: '0', s: 0 };

export function encodeIterator(p: FeedPosition): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

export function decodeIterator(iterator: string): FeedPosition {
  try {
    const p = JSON.parse(Buffer.from(iterator, 'base64url').toString('utf8')) as FeedPosition;
    if (!/^\d{1,20}$/.test(p.x) || !Number.isSafeInteger(p.s) || p.s < 0) throw new Error('shape');
    if (p.t !== undefined && Number.isNaN(Date.parse(p.t))) throw new Error('time');
    return p;
  } catch {
    throw new HeraldError('validation_failed', 'iterator: not an iterator this feed returned', [
      { path: 'iterator', message: 'not an iterator this feed returned' },
    ]);
  }
}

export interface FeedFilter {
  eventTypes?: string[] | undefined;
  channel?: string | undefined;
}

/**
 * The oldest transaction of this database that is still running, or the next transaction id when
 * none is: every message below it is final. PostgreSQL's snapshot xmin would do, but it counts the
 * transactions of every database on the server, so a long write elsewhere would stall the feed.
 *
 * Order matters: the snapshot is taken first and the activity read after, so a transaction that was
 * running at the snapshot and is missing from the activity has committed before the rows are read.
 */
export async function feedHorizon(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ xmax: string; xip: string[] }>(
    `SELECT pg_snapshot_xmax(s)::text AS xmax, ARRAY(SELECT x::text FROM pg_snapshot_xip(s) AS x) AS xip
     FROM pg_current_snapshot() AS s`,
  );
  const { xmax, xip } = rows[0]!;
  if (xip.length === 0) return xmax;
  const { rows: ours } = await db.query<{ x: string }>(
    `SELECT backend_xid::text AS x FROM pg_stat_activity
     WHERE datname = current_database() AND backend_xid IS NOT NULL`,
  );
  // pg_stat_activity shows 32-bit xids; the snapshot's are 64-bit (epoch << 32 | xid)
  const running = new Set(ours.map((r) => r.x));
  let horizon = BigInt(xmax);
  for (const x of xip) {
    const full = BigInt(x);
    if (running.has((full & 0xffffffffn).toString()) && full < horizon) horizon = full;
  }
  return horizon.toString();
}

/** The present as a position: everything below the horizon is in the past. */
export async function presentPosition(db: Queryable): Promise<FeedPosition> {
  return { x: await feedHorizon(db), s: 0 };
}

/**
 * A page of one application's feed: a range scan of messages_feed_idx (app_id, xid, seq) from the
 * iterator, stopping at the horizon; no offset, no sort, whatever the table's size.
 */
export const FEED_PAGE_SQL = `SELECT * FROM messages
  WHERE app_id = $1 AND (xid, seq) > ($2::xid8, $3::bigint) AND xid < $4::xid8
    AND ($5::text[] IS NULL OR event_type = ANY ($5::text[]))
    AND ($6::text IS NULL OR $6 = ANY (channels))
    AND ($7::timestamptz IS NULL OR created_at >= $7)
  ORDER BY xid, seq LIMIT $8`;

/**
 * How long a transaction that inserts messages may run between its start (the message's created_at)
 * and its first write (when it gets its xid). Herald's publish, record and ingest transactions write
 * in their first statement; this is a margin of orders of magnitude.
 */
const XID_AFTER_START_MAX = '10 seconds';

/**
 * The feed position just before the first message created at `t` or later, for `since=`: without it
 * the first page scans the feed from its start, past every older message (issue 9: 128 ms in the
 * middle of 1 M messages, 254 ms at the end). A transaction gets its xid after it starts, and xids
 * grow with time, so the message with the smallest position among those created since t (call the
 * first of them by time F) was created before F got its xid, at most XID_AFTER_START_MAX after F's
 * created_at: a range of messages_app_created_idx (app_id, created_at) holds it.
 */
// MATERIALIZED: the window is read by created_at, then sorted; walking the feed index in order until
// a row matches (what the planner picks for ORDER BY ... LIMIT 1) is the scan from the start again
export const FEED_SINCE_SQL = `WITH w AS MATERIALIZED (
    SELECT xid, seq FROM messages
    WHERE app_id = $1 AND created_at >= $2
      AND created_at <= (SELECT created_at FROM messages WHERE app_id = $1 AND created_at >= $2
                         ORDER BY created_at LIMIT 1) + $3::interval
  )
  SELECT xid::text AS x, seq FROM w ORDER BY xid, seq LIMIT 1`;

async function firstPositionSince(db: Queryable, appId: string, t: string) {
  const { rows } = await db.query<{ x: string; seq: string }>(FEED_SINCE_SQL, [
    appId,
    t,
    XID_AFTER_START_MAX,
  ]);
  const r = rows[0];
  // the page reads after a position: the one just before the found message
  return r ? { x: r.x, s: Number(r.seq) - 1 } : null;
}

/**
 * One page of the feed after `from`, in publish order. Only messages of transactions older than
 * every transaction still running are read: below that horizon nothing can appear any more, so a
 * follower never skips a message that commits late, and never sees one twice.
 */
export async function readFeed(
  db: Queryable,
  appId: string,
  from: FeedPosition,
  filter: FeedFilter,
  limit: number,
): Promise<{ rows: MessageRow[]; next: FeedPosition; done: boolean }> {
  // the horizon is read before the rows: one older than the rows query's own is merely conservative
  const horizon = await feedHorizon(db);
  let start: { x: string; s: number } = from;
  if (from.t !== undefined && from.x === START.x && from.s === START.s) {
    const found = await firstPositionSince(db, appId, from.t);
    // nothing created since t below the horizon (everything below it is visible now): an empty page
    if (!found) return { rows: [], next: { ...from, x: horizon, s: 0 }, done: true };
    start = found;
  }
  const { rows } = await db.query<MessageRow & { xid: string; seq: string }>(FEED_PAGE_SQL, [
    appId,
    start.x,
    start.s,
    horizon,
    filter.eventTypes ?? null,
    filter.channel ?? null,
    from.t ?? null,
    limit,
  ]);
  const done = rows.length < limit;
  const last = rows.at(-1);
  let next: FeedPosition = last ? { ...from, x: last.xid, s: Number(last.seq) } : { ...from, ...start };
  // a drained feed moves its iterator up to the horizon: everything below it has been read
  if (done && BigInt(horizon) > BigInt(next.x)) next = { ...from, x: horizon, s: 0 };
  return { rows, next, done };
}

export async function findConsumer(db: Queryable, appId: string, consumer: string) {
  const { rows } = await db.query<{ iterator: string; updated_at: Date }>(
    'SELECT iterator, updated_at FROM feed_consumers WHERE app_id = $1 AND consumer = $2',
    [appId, consumer],
  );
  return rows[0] ?? null;
}

export async function saveConsumer(db: Queryable, appId: string, consumer: string, iterator: string) {
  await db.query(
    `INSERT INTO feed_consumers (app_id, consumer, iterator) VALUES ($1, $2, $3)
     ON CONFLICT (app_id, consumer) DO UPDATE SET iterator = EXCLUDED.iterator, updated_at = now()`,
    [appId, consumer, iterator],
  );
}
