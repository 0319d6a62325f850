import type { PgBoss } from 'pg-boss';
import type { Context } from '../context.ts';
import { matchEndpoints } from '../db/endpoints.ts';
import { insertDeliveries, messageById } from '../db/messages.ts';
import { withTransaction } from '../db/pool.ts';
import { enqueueDeliveries, type FanOutJob, QUEUES } from '../queue/boss.ts';

const PAGE = 1000;

/**
 * Creates the deliveries and first jobs of a message matched by many endpoints, a page of endpoints
 * per transaction. Re-running after a crash is safe: existing deliveries are skipped, and only new
 * ones get a job.
 */
export async function fanOut(ctx: Context, messageId: string): Promise<number> {
  const message = await messageById(ctx.pool, messageId);
  if (!message) return 0;
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const ids = await matchEndpoints(
      ctx.pool,
      message.app_id,
      message.event_type,
      message.channels,
      PAGE,
      after,
    );
    if (ids.length === 0) break;
    total += await withTransaction(ctx.pool, async (db) => {
      const created = await insertDeliveries(db, message.app_id, message.id, ids);
      await enqueueDeliveries(
        ctx.boss,
        db,
        created.map((e) => ({ data: { m: message.id, e, t: 0 } })),
      );
      return created.length;
    });
    after = ids.at(-1)!;
    if (ids.length < PAGE) break;
  }
  return total;
}

export async function startFanOutWorker(ctx: Context, boss: PgBoss): Promise<void> {
  await boss.work<FanOutJob>(QUEUES.fanOut, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await fanOut(ctx, job.data.messageId);
  });
}
