import { encodeTime } from 'ulidx';
import type { Context } from '../context.ts';
import { withSessionLock } from '../db/locks.ts';
import {
  dropPartition,
  ensurePartitionsAhead,
  longestRetentionDays,
  partitionsBefore,
} from '../db/partitions.ts';
import { retentionApps, retentionDeletes } from '../db/retention.ts';

export interface RetentionResult {
  /** time partitions dropped whole (each a range of messages with their deliveries and attempts) */
  partitionsDropped: number;
  /** time partitions made ahead */
  partitionsMade: number;
  /** messages deleted row by row: those of applications whose retention is shorter than the longest */
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
 * Removes messages (with their deliveries, attempts and payloads) older than each application's
 * retention, or the server's. First whole time partitions older than the longest retention in force
 * are dropped (detached concurrently: no row is deleted, no lock held against publishing); then the
 * messages of applications with a shorter retention go in small batches, each its own short
 * transaction, walking the primary-key index below a cut-off id. The feed and the log page by keys,
 * so a cut never makes them skip or repeat anything that remains. Partitions for the days ahead are
 * made on the way. One pass at a time per database (advisory lock); a second caller returns null.
 */
export async function runRetention(
  ctx: Context,
  opts: { batchSize?: number; pauseMs?: number; now?: Date } = {},
): Promise<RetentionResult | null> {
  const batch = opts.batchSize ?? 1000;
  const pauseMs = opts.pauseMs ?? 10;
  const now = opts.now ?? new Date();
  const started = Date.now();
  return withSessionLock(ctx.sessionPool ?? ctx.pool, 'herald.retention', async (client) => {
    const result: RetentionResult = {
      partitionsDropped: 0,
      partitionsMade: 0,
      messages: 0,
      idempotencyKeys: 0,
      portalKeys: 0,
      jobs: 0,
      sourceRequests: 0,
      ms: 0,
    };
    // one batch at a time until a short one, with a pause so publishing is never crowded out
    const inBatches = async (step: (limit: number) => Promise<number>) => {
      let total = 0;
      for (;;) {
        const n = await step(batch);
        total += n;
        if (n < batch) return total;
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      }
    };
    const d = retentionDeletes;
    const days = ctx.config.HERALD_RETENTION_DAYS;
    result.partitionsMade = await ensurePartitionsAhead(client, ctx.config.HERALD_PARTITION_DAYS);
    const longest = await longestRetentionDays(client, days);
    for (const suffix of await partitionsBefore(client, new Date(now.getTime() - longest * 86400_000))) {
      await dropPartition(client, suffix);
      result.partitionsDropped++;
    }
    for (let after = ''; ; ) {
      const apps = await retentionApps(client, after, 500);
      if (apps.length === 0) break;
      for (const app of apps) {
        const cut = messageIdAt(new Date(now.getTime() - (app.retention_days ?? days) * 86400_000));
        result.messages += await inBatches((n) => d.messages(client, app.id, cut, n));
      }
      after = apps.at(-1)!.id;
    }
    result.idempotencyKeys = await inBatches((n) => d.idempotencyKeys(client, now, n));
    result.portalKeys = await inBatches((n) => d.portalKeys(client, now, n));
    result.jobs = await inBatches((n) => d.jobs(client, now, days, n));
    // inbound requests kept for inspection: the server's retention, whatever the application's
    result.sourceRequests = await inBatches((n) => d.sourceRequests(client, now, days, n));
    result.ms = Date.now() - started;
    return result;
  });
}
