import type { Context } from '../context.ts';
import type { AppRow } from '../db/apps.ts';
import type { EndpointRow } from '../db/endpoints.ts';
import { insertJob, type JobRow } from '../db/jobs.ts';
import { bossDb, withTransaction } from '../db/pool.ts';
import { countRecoverable, type RecoverWindow, recoverablePage } from '../db/recover.ts';
import { invalid } from '../errors.ts';
import { newId } from '../ids.ts';
import { enqueueDeliveries, QUEUES } from '../queue/boss.ts';
import { runInPages } from './paged-job.ts';

export const MAX_RECOVER_WINDOW_DAYS = 14;

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
    const ids = await recoverablePage(db, endpointId, w, after, ctx.config.HERALD_JOB_PAGE_SIZE);
    await enqueueDeliveries(
      ctx.boss,
      db,
      ids.map((m) => ({ data: { m, e: endpointId, t: 'manual' as const } })),
    );
    return { n: ids.length, last: ids.at(-1) ?? null };
  });
  return result && { resent: result.done };
}
