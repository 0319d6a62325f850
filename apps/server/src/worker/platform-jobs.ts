import type { PgBoss } from 'pg-boss';
import type { Context } from '../context.ts';
import { finishJob, markRunning } from '../db/jobs.ts';
import { type PlatformJob, QUEUES } from '../queue/boss.ts';
import { runRecover } from '../services/recover.ts';

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
          case 'recover': {
            const result = await runRecover(ctx, job, qjob.signal);
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
