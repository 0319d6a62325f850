import { createHash } from 'node:crypto';
import pg from 'pg';
import { isConnectionError } from './connection-errors.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

declare const inTransaction: unique symbol;
/**
 * A client inside an open transaction, as `withTransaction` hands it out. Code whose correctness
 * needs its statements to commit together takes a `Tx`, so a pool (or a bare client) passed there
 * fails to typecheck. A type-only brand: at run time it is the PoolClient itself.
 */
export type Tx = pg.PoolClient & { readonly [inTransaction]: true };

/** What the error logs here need of a logger (pino's and Fastify's both fit). */
export interface WarnLog {
  warn(obj: object, msg: string): void;
}

/** A connection attempt (or a wait for a free one) gives up after this long, so nothing hangs on a database that is away. */
export const CONNECT_TIMEOUT_MS = 5000;

export function createPool(
  connectionString: string,
  max: number,
  applicationName: string,
  log?: WarnLog,
): pg.Pool {
  return guardPool(new pg.Pool({ connectionString, max, application_name: applicationName }), log);
}

/**
 * Makes a lost connection fail only the statement that used it. pg-pool takes its own 'error'
 * listener off a client it hands out, so a connection that dies while checked out (PostgreSQL
 * restart, pg_terminate_backend) emits 'error' with nobody listening: an uncaught exception. Every
 * client gets a listener of its own when it connects; the statement running on it rejects anyway.
 * Idle clients that die are dropped by the pool and reported to `log`, compactly and rate-limited.
 */
export function guardPool(pool: pg.Pool, log?: WarnLog): pg.Pool {
  // the API's pool is created by @fastify/postgres; pg-pool reads its options on every connect
  pool.options.connectionTimeoutMillis ||= CONNECT_TIMEOUT_MS;
  pool.on('connect', (client) => client.on('error', () => {}));
  const warn = log ? throttledErrorLog(log, 'idle database connection lost') : () => {};
  pool.on('error', (err) => warn(err));
  return pool;
}

/** An error as two log fields, its code and message (never the objects some errors carry). */
export function compactError(err: unknown): { code: string | undefined; error: string } {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  return {
    code: typeof e.code === 'string' ? e.code : undefined,
    error: typeof e.message === 'string' ? e.message : String(err),
  };
}

/**
 * An error log for what repeats during an outage: code and message only (pg attaches the whole
 * client to a pool error), each kind of error at most once per `everyMs`, with the number of
 * repeats left out since the last line.
 */
export function throttledErrorLog(log: WarnLog, msg: string, everyMs = 10_000) {
  const seen = new Map<string, { at: number; repeats: number }>();
  return (err: unknown, fields: Record<string, unknown> = {}) => {
    const { code, error } = compactError(err);
    // pg-boss appends its worker's id to the message: it is the same error for every worker
    const kind = `${code} ${error.replace(/ \(Queue: .*\)$/, '')}`;
    const now = Date.now();
    const last = seen.get(kind);
    if (last && now - last.at < everyMs) {
      last.repeats++;
      return;
    }
    if (seen.size >= 100) seen.clear();
    seen.set(kind, { at: now, repeats: 0 });
    log.warn({ ...fields, code, error, ...(last?.repeats ? { repeats: last.repeats } : {}) }, msg);
  };
}

/** Notifications a transaction asked for, sent once it has committed (see notifyAfterCommit). */
const afterCommit = new WeakMap<object, Array<[string, string]>>();

/**
 * Runs fn in one transaction on its own client, handed to it as a `Tx`; rolls back on any throw. A
 * BEGIN that fails on a dead connection (a stale pooled one after a PostgreSQL restart) is tried once
 * more on a fresh client; nothing is retried after that, since the outcome of a COMMIT may be unknown.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (tx: Tx) => Promise<T>,
  /** what opens the transaction: BEGIN, or BEGIN with a first statement in the same round trip (db/locks.ts) */
  begin = 'BEGIN',
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query(begin);
    } catch (err) {
      client.release(err as Error);
      if (attempt === 1 && isConnectionError(err)) continue;
      throw err;
    }
    const notifications: Array<[string, string]> = [];
    afterCommit.set(client, notifications);
    let broken: Error | undefined;
    try {
      const result = await fn(client as Tx);
      await client.query('COMMIT');
      if (notifications.length > 0) notifier(pool).send(notifications);
      return result;
    } catch (err) {
      // a client whose connection broke, or that cannot even roll back, is destroyed, not pooled
      if (isConnectionError(err)) broken = err as Error;
      else await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      afterCommit.delete(client);
      client.release(broken);
    }
  }
}

/**
 * Wakes LISTENers once the transaction of `db` has committed (nothing is sent if it rolls back).
 *
 * Why not NOTIFY inside the transaction: PostgreSQL serialises the commits of all transactions that
 * sent a NOTIFY, cluster-wide (a global lock held through the commit and its WAL flush), so publishes
 * and record transactions would commit one at a time. Sent after the commit, from a short statement
 * of its own, coalesced with the other notifications of the moment, they cost nearly nothing. A
 * notification lost to a crash between the two is covered by the listeners' polling.
 */
export function notifyAfterCommit(db: Queryable, channel: string, payload: string): void {
  const pending = afterCommit.get(db);
  if (pending) pending.push([channel, payload]);
  else void db.query('SELECT pg_notify($1, $2)', [channel, payload]).catch(() => {});
}

/**
 * Sends notifications on `pool` soon, gathered with the others of this event-loop turn into one
 * statement: for a statement that committed on its own (no transaction to hang them on).
 */
export function notifySoon(pool: pg.Pool, notifications: Array<[string, string]>): void {
  notifier(pool).send(notifications);
}

const notifiers = new WeakMap<pg.Pool, { send(n: Array<[string, string]>): void }>();

/** Per pool: gathers the notifications of one event-loop turn into one deduplicated statement. */
function notifier(pool: pg.Pool) {
  let n = notifiers.get(pool);
  if (!n) {
    let queued = new Map<string, [string, string]>();
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      const batch = [...queued.values()];
      queued = new Map();
      void pool
        .query('SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS n (c, p)', [
          batch.map((x) => x[0]),
          batch.map((x) => x[1]),
        ])
        .catch(() => {});
    };
    n = {
      send(notifications) {
        for (const x of notifications) queued.set(`${x[0]}\u0000${x[1]}`, x);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      },
    };
    notifiers.set(pool, n);
  }
  return n;
}

/**
 * Named prepared statements on the hot path (docs/adr/0017): PostgreSQL parses and plans a named
 * statement once per connection and then, once a generic plan is found as good as the custom ones
 * (after five runs), skips planning altogether. Planning was most of the database's time on the
 * path from a publish to its first attempt: the delivery fetch planned in 0.85 ms and ran in 0.19.
 * Off behind a transaction-mode pooler that does not keep prepared statements (PgBouncer < 1.21):
 * `HERALD_DB_PREPARED_STATEMENTS`, set once at start.
 */
let preparing = true;
/** Bumped when a prepared statement went stale (its result type changed): later ones get new names. */
let generation = 0;
const names = new Map<string, string>();

export function usePreparedStatements(on: boolean): void {
  preparing = on;
}

/** `text` with `values` as a named prepared statement (unless they are off); the name follows the text. */
export function prepared(text: string, values: unknown[] = []): pg.QueryConfig {
  if (!preparing) return { text, values };
  let name = names.get(text);
  if (!name) {
    name = `h${generation}_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (names.size >= 500) names.clear();
    names.set(text, name);
  }
  return { name, text, values };
}

/**
 * A prepared statement whose result type changed under it (a migration added a column to a table it
 * reads with *) fails with 0A000 on every connection that prepared it: from then on, every statement
 * is prepared afresh under a new name. The statement that failed is the caller's to retry.
 */
export function forgetPreparedOn(err: unknown): void {
  const e = err as { code?: string; message?: string };
  if (e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '')) {
    generation++;
    names.clear();
  }
}

/** `db.query(text, values)` as a prepared statement (see `prepared`), for the hot path's statements. */
export async function queryPrepared<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  try {
    return await db.query<R>(prepared(text, values));
  } catch (err) {
    forgetPreparedOn(err);
    throw err;
  }
}

/**
 * pg-boss's IDatabase over a client, so jobs enqueue inside our own transaction (transactional
 * outbox). Its statements are few and fixed (fetch, complete, fail, insert): prepared.
 */
export function bossDb(client: Queryable) {
  return {
    executeSql: (text: string, values?: unknown[]) => queryPrepared(client, text, values ?? []),
  };
}
