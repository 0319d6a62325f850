import { encodeTime } from 'ulidx';
import type { Context } from '../context.ts';
import { isConnectionError } from '../db/connection-errors.ts';

export interface RetentionResult {
  messages: number;
  idempotencyKeys: number;
  portalKeys: number;
  jobs: number;
  sourceRequests: number;
  ms: number;
}

/** The smallest message id created at `time`: every id below it is older (ids are ULIDs). */
export function messageIdAt(time: Date): string {
  return `msg_${encodeTime(time.getTime(), 10)}0000000000000000`;
}

/**
 * Deletes messages (with their deliveries, attempts and payloads) older than each application's
 * retention, or the server's. Small batches, each its own short transaction, walking the primary-key
 * index below a cut-off id: no long locks, no table scans, and publishing goes on meanwhile. The
 * feed and the log page by keys, so a cut never makes them skip or repeat anything that remains.
 * One pass at a time per database (advisory lock); a second caller returns null.
 */
export async function runRetention(
  ctx: Context,
  opts: { batchSize?: number; pauseMs?: number; now?: Date } = {},
): Promise<RetentionResult | null> {
  const batch = opts.batchSize ?? 1000;
  const pauseMs = opts.pauseMs ?? 10;
  const now = opts.now ?? new Date();
  const started = Date.now();
  const client = await ctx.pool.connect();
  // a connection that broke, or could not give the lock back, is destroyed (which frees the lock), not pooled
  let destroy: Error | undefined;
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext('herald.retention')) AS ok`,
    );
    if (!lock[0]?.ok) return null;
    try {
      const result: RetentionResult = {
        messages: 0,
        idempotencyKeys: 0,
        portalKeys: 0,
        jobs: 0,
        sourceRequests: 0,
        ms: 0,
      };
      const deleteInBatches = async (sql: string, params: unknown[]) => {
        let total = 0;
        for (;;) {
          const { rowCount } = await client.query(sql, [...params, batch]);
          total += rowCount ?? 0;
          if ((rowCount ?? 0) < batch) return total;
          if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
        }
      };
      let after = '';
      for (;;) {
        const { rows: apps } = await client.query<{ id: string; retention_days: number | null }>(
          'SELECT id, retention_days FROM applications WHERE id > $1 ORDER BY id LIMIT 500',
          [after],
        );
        if (apps.length === 0) break;
        for (const app of apps) {
          const days = app.retention_days ?? ctx.config.HERALD_RETENTION_DAYS;
          const cut = messageIdAt(new Date(now.getTime() - days * 86400_000));
          result.messages += await deleteInBatches(
            `DELETE FROM messages WHERE id IN (
               SELECT id FROM messages WHERE app_id = $1 AND id < $2 ORDER BY id LIMIT $3)`,
            [app.id, cut],
          );
        }
        after = apps.at(-1)!.id;
      }
      result.idempotencyKeys = await deleteInBatches(
        `DELETE FROM idempotency_keys WHERE ctid IN (
           SELECT ctid FROM idempotency_keys WHERE expires_at < $1 LIMIT $2)`,
        [now],
      );
      result.portalKeys = await deleteInBatches(
        `DELETE FROM api_keys WHERE id IN (
           SELECT id FROM api_keys WHERE kind = 'portal' AND expires_at < $1::timestamptz - interval '1 day' LIMIT $2)`,
        [now],
      );
      result.jobs = await deleteInBatches(
        `DELETE FROM jobs WHERE id IN (
           SELECT id FROM jobs WHERE status IN ('completed', 'failed', 'cancelled')
             AND updated_at < $1::timestamptz - make_interval(days => $2) LIMIT $3)`,
        [now, ctx.config.HERALD_RETENTION_DAYS],
      );
      // inbound requests kept for inspection: the server's retention, whatever the application's
      result.sourceRequests = await deleteInBatches(
        `DELETE FROM source_requests WHERE id IN (
           SELECT id FROM source_requests
            WHERE received_at < $1::timestamptz - make_interval(days => $2) LIMIT $3)`,
        [now, ctx.config.HERALD_RETENTION_DAYS],
      );
      result.ms = Date.now() - started;
      return result;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('herald.retention'))`).catch((err: Error) => {
        destroy = err;
      });
    }
  } catch (err) {
    if (isConnectionError(err)) destroy ??= err as Error;
    throw err;
  } finally {
    client.release(destroy);
  }
}
