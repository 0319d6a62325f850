import type { Context } from '../context.ts';
import type { AppRow } from '../db/apps.ts';
import type { EndpointRow } from '../db/endpoints.ts';
import { insertJob, type JobRow } from '../db/jobs.ts';
import { bossDb, type Queryable, withTransaction } from '../db/pool.ts';
import { invalid } from '../errors.ts';
import { newId } from '../ids.ts';
import { enqueueDeliveries, QUEUES } from '../queue/boss.ts';
import { runInPages } from './paged-job.ts';

export const MAX_RECOVER_WINDOW_DAYS = 14;

export interface RecoverWindow {
  since: Date;
  until: Date;
}

export function recoverWindow(
  input: { since: string; until?: string | undefined },
  now = Date.now(),
): RecoverWindow {
  const since = new Date(input.since);
  const until = input.until ? new Date(input.until) : new Date(now);
  if (since.getTime() < now - MAX_RECOVER_WINDOW_DAYS * 86400_000) {
    throw invalid('since', `must be within the last ${MAX_RECOVER_WINDOW_DAYS} days`);
  }
  if (until.getTime() <= since.getTime()) throw invalid('until', 'must be after since');
  return { since, until };
}

// Deliveries to the endpoint that failed for good (their latest state is failed: nothing succeeded
// since), of messages published in the window, in message order after `after`.
const RECOVERABLE = `
  FROM deliveries d JOIN messages m ON m.id = d.message_id
  WHERE d.endpoint_id = $1 AND d.status = 'failed' AND m.created_at >= $2 AND m.created_at < $3`;

export async function countRecoverable(db: Queryable, endpointId: string, w: RecoverWindow): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${RECOVERABLE}`, [
    endpointId,
    w.since,
    w.until,
  ]);
  return rows[0]!.n;
}

/** Creates the job row and its queue job in one transaction; the count is known up front. */
export async function startRecover(ctx: Context, app: AppRow, endpoint: EndpointRow, w: RecoverWindow) {
  return withTransaction(ctx.pool, async (db) => {
    const count = await countRecoverable(db, endpoint.id, w);
    const job = await insertJob(db, {
      id: newId('job'),
      appId: app.id,
      type: 'recover',
      params: { endpointId: endpoint.id, since: w.since.toISOString(), until: w.until.toISOString() },
      total: count,
    });
    await ctx.boss.send(QUEUES.platform, { jobId: job.id }, { db: bossDb(db) });
    return { job, count };
  });
}

/** Re-sends the recoverable deliveries as manual attempts, a page at a time (see runInPages). */
export async function runRecover(ctx: Context, job: JobRow, signal: AbortSignal) {
  const { endpointId } = job.params as { endpointId: string };
  const w = { since: new Date(job.params.since as string), until: new Date(job.params.until as string) };
  const result = await runInPages(ctx, job, signal, async (db, after) => {
    const { rows } = await db.query<{ message_id: string }>(
      `SELECT d.message_id ${RECOVERABLE} AND d.message_id > $4 ORDER BY d.message_id LIMIT $5`,
      [endpointId, w.since, w.until, after, ctx.config.HERALD_JOB_PAGE_SIZE],
    );
    await enqueueDeliveries(
      ctx.boss,
      db,
      rows.map((r) => ({ data: { m: r.message_id, e: endpointId, t: 'manual' as const } })),
    );
    return { n: rows.length, last: rows.at(-1)?.message_id ?? null };
  });
  return result && { resent: result.done };
}
