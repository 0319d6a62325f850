import type { Context } from '../context.ts';
import { advanceJob, type JobRow } from '../db/jobs.ts';
import { type Tx, withTransaction } from '../db/pool.ts';

class Cancelled extends Error {}

/**
 * Runs a platform job a page at a time. Each page's work, the progress and the resume point commit in
 * one transaction, so a worker killed mid-job resumes after the last committed page: nothing is done
 * twice, nothing skipped. `step` does one page after `after` and says how many items it handled and
 * where it stopped. Returns null when the job was cancelled meanwhile.
 */
export async function runInPages(
  ctx: Context,
  job: JobRow,
  signal: AbortSignal,
  step: (db: Tx, after: string) => Promise<{ n: number; last: string | null }>,
): Promise<{ done: number } | null> {
  let after = job.resume_after ?? '';
  let done = job.progress_done;
  for (;;) {
    if (signal.aborted) throw new Error('worker stopping; the job resumes on the next run');
    try {
      const page = await withTransaction(ctx.pool, async (db) => {
        const r = await step(db, after);
        if (r.n === 0 || r.last === null) return r;
        // cancelled meanwhile: roll this page back
        if (!(await advanceJob(db, job.id, r.n, r.last))) throw new Cancelled();
        return r;
      });
      if (page.n === 0 || page.last === null) return { done };
      done += page.n;
      after = page.last;
    } catch (err) {
      if (err instanceof Cancelled) return null;
      throw err;
    }
  }
}
