import type { Context } from '../context.ts';
import { retryThroughOutage } from '../db/connection-errors.ts';
import { compactError, withTransaction } from '../db/pool.ts';
import { type Outcome, type PublishOperational, type Recorded, recordOutcomes } from './record.ts';

const RECORD_BATCH = 200;
const MAX_CONCURRENT_FLUSHES = 4;
/** Outcomes that finish within this window are recorded in one transaction. */
const FLUSH_DELAY_MS = 10;
const FLUSH_ATTEMPTS = 3;
/** While the database is away, recording is retried this long (inside the queue's 10 s heartbeat window). */
const OUTAGE_RETRY_MS = 8000;

export interface Recorder {
  /** Queues an outcome; `done` runs once its transaction has committed or been given up. */
  add(outcome: Outcome, done: () => void): void;
  /** Outcomes queued or inside a transaction. */
  size(): number;
}

/**
 * The record stage as a unit: gathers outcomes that finish together into one transaction (up to 200,
 * at most 4 transactions at once) and retries a failed transaction twice. If it still fails (the
 * database is away), the jobs stay active: pg-boss hands them out again after their heartbeat
 * lapses, so the receiver may see a repeat with the same webhook-id, never a loss.
 */
export function createRecorder(
  ctx: Context,
  publishOperational: PublishOperational,
  onRecorded: (r: Recorded) => void,
): Recorder {
  const queue: Array<{ outcome: Outcome; done: () => void }> = [];
  let flushing = 0;
  let inside = 0;
  let scheduled = false;

  const schedule = () => {
    if (queue.length >= RECORD_BATCH) return void flush();
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      void flush();
    }, FLUSH_DELAY_MS);
  };

  async function flush(): Promise<void> {
    if (flushing >= MAX_CONCURRENT_FLUSHES || queue.length === 0) return;
    flushing++;
    const batch = queue.splice(0, RECORD_BATCH);
    inside += batch.length;
    try {
      // a lost database is waited for (a send already made should not be made again); any other
      // error is tried a couple of times
      const outcomes = batch.map((b) => b.outcome);
      onRecorded(
        await retryThroughOutage(
          () => withTransaction(ctx.pool, (db) => recordOutcomes(ctx, db, outcomes, publishOperational)),
          { forMs: OUTAGE_RETRY_MS, otherAttempts: FLUSH_ATTEMPTS },
        ),
      );
    } catch (err) {
      ctx.log.error(
        { ...compactError(err), jobs: batch.length },
        'could not record outcomes; their jobs run again once their heartbeat lapses',
      );
    } finally {
      flushing--;
      inside -= batch.length;
      for (const b of batch) b.done();
      if (queue.length > 0) schedule();
    }
  }

  return {
    add(outcome, done) {
      queue.push({ outcome, done });
      schedule();
    },
    size: () => queue.length + inside,
  };
}
