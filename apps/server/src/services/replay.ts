import type { Context } from '../context.ts';
import type { AppRow } from '../db/apps.ts';
import { type EndpointFilter, endpointFilters } from '../db/endpoints.ts';
import { insertJob, type JobRow } from '../db/jobs.ts';
import { bossDb, type Queryable, withTransaction } from '../db/pool.ts';
import { newId } from '../ids.ts';
import { enqueueDeliveries, QUEUES } from '../queue/boss.ts';
import { runInPages } from './paged-job.ts';
import { endpointTakes } from './publish-message.ts';
import { recoverWindow } from './recover.ts';

export interface ReplayFilter {
  since: Date;
  until: Date;
  eventTypes: string[] | null;
  /** only this endpoint; otherwise every enabled endpoint that takes the message now */
  endpointId: string | null;
}

/** Replays share recover's window rules (at most 14 days back). */
export function replayFilter(
  input: { since: string; until?: string | undefined; eventTypes?: string[] | undefined },
  endpointId: string | null,
  now = Date.now(),
): ReplayFilter {
  const { since, until } = recoverWindow(input, now);
  return { since, until, eventTypes: input.eventTypes?.length ? input.eventTypes : null, endpointId };
}

const MATCHING = `FROM messages WHERE app_id = $1 AND created_at >= $2 AND created_at < $3
  AND ($4::text[] IS NULL OR event_type = ANY ($4::text[]))`;

export async function countReplay(db: Queryable, appId: string, f: ReplayFilter): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${MATCHING}`, [
    appId,
    f.since,
    f.until,
    f.eventTypes,
  ]);
  return rows[0]!.n;
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
  };
  const appId = job.app_id!;
  const result = await runInPages(ctx, job, signal, async (db, after) => {
    const { rows } = await db.query<{ id: string; event_type: string; channels: string[] }>(
      `SELECT id, event_type, channels ${MATCHING} AND id > $5 ORDER BY id LIMIT $6`,
      [appId, new Date(p.since), new Date(p.until), p.eventTypes, after, ctx.config.HERALD_JOB_PAGE_SIZE],
    );
    if (rows.length === 0) return { n: 0, last: null };
    let endpoints: EndpointFilter[];
    if (p.endpointId) {
      // the endpoint asked for gets every matching message, whatever its filters say
      endpoints = [{ id: p.endpointId, event_types: [], channels: [] }];
    } else {
      endpoints = await endpointFilters(db, appId, 100_000);
    }
    const pairs = rows.flatMap((m) =>
      endpoints.filter((e) => endpointTakes(e, m.event_type, m.channels)).map((e) => ({ m: m.id, e: e.id })),
    );
    if (pairs.length > 0) {
      // deliveries for endpoints that did not exist when the message was published
      await db.query(
        `INSERT INTO deliveries (message_id, endpoint_id, app_id)
         SELECT m, e, $1 FROM unnest($2::text[], $3::text[]) AS p (m, e)
         JOIN endpoints ep ON ep.id = p.e
         ON CONFLICT DO NOTHING`,
        [appId, pairs.map((x) => x.m), pairs.map((x) => x.e)],
      );
      await enqueueDeliveries(
        ctx.boss,
        db,
        pairs.map((x) => ({ data: { ...x, t: 'manual' as const } })),
      );
    }
    return { n: rows.length, last: rows.at(-1)!.id };
  });
  return result && { replayed: result.done };
}
