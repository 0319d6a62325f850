import type { PgBoss } from 'pg-boss';
import type { Context } from '../context.ts';
import { finishJob, markRunning } from '../db/jobs.ts';
import { type PlatformJob, QUEUES } from '../queue/boss.ts';
import { runExport } from '../services/export.ts';
import { runRecover } from '../services/recover.ts';
import { runReplay } from '../services/replay.ts';
import { runRetention } from '../services/retention.ts';
import { runReencrypt } from '../services/secrets.ts';

/**
 * Runs platform jobs (one at a time per worker). A job row moves queued -> running -> completed |
 * failed; cancelled is set by the API and noticed between pages. A throw (or a crash) leaves the row
 * running and the queue retries the job, which resumes from its committed resume point.
 */
export async function startPlatformJobWorker(ctx: Context, boss: PgBoss): Promise<void> {
  await boss.work<PlatformJob>(
    QUEUES.platform,
    { batchSize: 1, pollingIntervalSeconds: 1 },
    async ([qjob]) => {
      if (!qjob) return;
      const job = await markRunning(ctx.pool, qjob.data.jobId);
      if (!job) return; // cancelled or already finished
      try {
        switch (job.type) {
          case 'recover':
          case 'replay':
          case 'export':
          case 'reencrypt': {
            const run = {
              recover: runRecover,
              replay: runReplay,
              export: runExport,
              reencrypt: runReencrypt,
            }[job.type];
            const result = await run(ctx, job, qjob.signal);
            if (result) await finishJob(ctx.pool, job.id, 'completed', result, null);
            return;
          }
          default:
            await finishJob(ctx.pool, job.id, 'failed', null, `unknown job type ${job.type}`);
        }
      } catch (err) {
        ctx.log.warn({ err, jobId: job.id }, 'platform job interrupted; it will resume');
        throw err;
      }
    },
  );
}

/** The retention pass, on HERALD_RETENTION_SCHEDULE (pg-boss sends one job per slot, cluster-wide). */
export async function startRetention(ctx: Context, boss: PgBoss): Promise<void> {
  await boss.schedule(QUEUES.retention, ctx.config.HERALD_RETENTION_SCHEDULE, null, { tz: 'UTC' });
  await boss.work(QUEUES.retention, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
    const result = await runRetention(ctx);
    if (result && result.messages + result.jobs + result.partitionsDropped + result.partitionsMade > 0)
      ctx.log.info({ retention: result }, 'retention pass');
    return result;
  });
}
