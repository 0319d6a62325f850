import type { Context } from '../context.ts';
import type { AppRow } from '../db/apps.ts';
import { insertJob, type JobRow } from '../db/jobs.ts';
import { bossDb, withTransaction } from '../db/pool.ts';
import { countReplay, replayDeliveries, replayPage } from '../db/replay.ts';
import { newId } from '../ids.ts';
import { enqueueDeliveries, QUEUES } from '../queue/boss.ts';
import { runInPages } from './paged-job.ts';
import { recoverWindow } from './recover.ts';

export interface ReplayFilter {
  since: Date;
  until: Date;
  eventTypes: string[] | null;
  /** only this endpoint; otherwise every enabled endpoint that takes the message now */
  endpointId: string | null;
  /** only deliveries that failed for good */
  failedOnly: boolean;
}

/** Replays share recover's window rules (at most 14 days back). */
export function replayFilter(
  input: {
    since: string;
    until?: string | undefined;
    eventTypes?: string[] | undefined;
    failedOnly?: boolean | undefined;
  },
  endpointId: string | null,
  now = Date.now(),
): ReplayFilter {
  const { since, until } = recoverWindow(input, now);
  return {
    since,
    until,
    eventTypes: input.eventTypes?.length ? input.eventTypes : null,
    endpointId,
    failedOnly: input.failedOnly === true,
  };
}

export async function startReplay(ctx: Context, app: AppRow, f: ReplayFilter) {
  return withTransaction(ctx.pool, async (db) => {
    const count = await countReplay(db, app.id, f);
    const job = await insertJob(db, {
      id: newId('job'),
      appId: app.id,
      type: 'replay',
      params: {
        since: f.since.toISOString(),
        until: f.until.toISOString(),
        eventTypes: f.eventTypes,
        endpointId: f.endpointId,
        failedOnly: f.failedOnly,
      },
      total: count,
    });
    await ctx.boss.send(QUEUES.platform, { jobId: job.id }, { db: bossDb(db) });
    return { job, count };
  });
}

/**
 * Re-sends every matching message to every endpoint that takes it now (including endpoints added
 * after it was published, which get a delivery created), or to the one endpoint asked for. Progress
 * counts messages.
 */
export async function runReplay(ctx: Context, job: JobRow, signal: AbortSignal) {
  const p = job.params as {
    since: string;
    until: string;
    eventTypes: string[] | null;
    endpointId: string | null;
    failedOnly?: boolean;
  };
  const appId = job.app_id!;
  const failedOnly = p.failedOnly === true;
  const w = {
    since: new Date(p.since),
    until: new Date(p.until),
    eventTypes: p.eventTypes,
    failedOnly,
    endpointId: p.endpointId,
  };
  const result = await runInPages(ctx, job, signal, async (db, after) => {
    const ids = await replayPage(db, appId, w, after, ctx.config.HERALD_JOB_PAGE_SIZE);
    if (ids.length === 0) return { n: 0, last: null };
    const pairs = await replayDeliveries(db, appId, ids, p.endpointId, failedOnly);
    await enqueueDeliveries(
      ctx.boss,
      db,
      pairs.map((x) => ({ data: { ...x, t: 'manual' as const } })),
    );
    return { n: ids.length, last: ids.at(-1)! };
  });
  return result && { replayed: result.done };
}
