import type { Job } from 'pg-boss';
import type { Context } from '../context.ts';
import {
  type ClaimedDelivery,
  claimDeliveries,
  existingDeliveries,
  releaseLeases,
  renewLeases,
} from '../db/deliveries.ts';
import { listen } from '../db/listen.ts';
import { withTransaction } from '../db/pool.ts';
import type { HttpClient } from '../delivery/http-client.ts';
import { prepareRequest } from '../delivery/prepare.ts';
import { createRateLimiter } from '../delivery/rate-limiter.ts';
import { type JobRef, type Outcome, recordOutcomes } from '../delivery/record.ts';
import { attemptDuration, attemptsTotal } from '../metrics.ts';
import { type DeliverJob, QUEUES, WAKE_CHANNEL } from '../queue/boss.ts';
import { userAgent } from '../version.ts';

export interface DeliveryWorker {
  /** Stops fetching, waits for in-flight deliveries up to `timeoutMs`, hands the rest back to the queue. */
  stop(timeoutMs: number): Promise<void>;
  /** Deliveries fetched and not yet recorded. */
  inFlight(): number;
}

const RECORD_BATCH = 200;
/** A claimed delivery's lease; renewed every HEARTBEAT_MS while its send runs. */
export const LEASE_SECONDS = 15;
/** Held jobs' heartbeats and leases are refreshed this often (the queue's heartbeat window is 10 s). */
const HEARTBEAT_MS = 3000;
const MAX_CONCURRENT_FLUSHES = 4;
/** Outcomes that finish within this window are recorded in one transaction. */
const FLUSH_DELAY_MS = 10;
const BUSY_RETRY_MS = 2000;
/** Sends to a rate-limited endpoint wait in memory up to this long; beyond it the job is re-queued. */
const MAX_RATE_LIMIT_WAIT_MS = 1000;

const key = (m: string, e: string) => `${m} ${e}`;

/**
 * The delivery dispatcher. It keeps up to HERALD_WORKER_CONCURRENCY deliveries in flight: fetches jobs
 * in batches whenever slots are free (a slow receiver holds one slot, not a batch), runs
 * prepare -> send for each, and hands outcomes to a recorder that commits them in small batches.
 * Idle, it sleeps until a publish NOTIFYs or the poll interval passes (due retries).
 */
export async function startDeliveryWorker(
  ctx: Context,
  http: HttpClient,
  databaseUrl: string,
): Promise<DeliveryWorker> {
  const { config, boss, log, pool } = ctx;
  const capacity = config.HERALD_WORKER_CONCURRENCY;
  const leaseSeconds = LEASE_SECONDS;
  const limiter = createRateLimiter();

  let stopping = false;
  let active = 0;
  const held = new Map<string, JobRef & { delivery?: ClaimedDelivery }>();

  // --- wake-ups: NOTIFY from publishes, freed slots, and the poll timer
  let wakeFlag = false;
  let wakeResolve: (() => void) | null = null;
  const wake = () => {
    wakeFlag = true;
    wakeResolve?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wakeFlag) return resolve();
      const timer = setTimeout(resolve, ms);
      wakeResolve = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wakeResolve = null;
      wakeFlag = false;
    });

  // anything published while the listener was away is picked up on reconnect
  const listener = await listen(databaseUrl, WAKE_CHANNEL, wake, {
    onReconnect: wake,
    onLost: (err) => log.warn({ err }, 'wake-up listener lost; polling until it is back'),
  });

  // --- record stage, batched
  const pending: Array<{ outcome: Outcome; done: () => void }> = [];
  let flushing = 0;
  let flushScheduled = false;

  // a short delay gathers outcomes that finish together into one transaction
  const scheduleFlush = () => {
    if (pending.length >= RECORD_BATCH) return void flush();
    if (flushScheduled) return;
    flushScheduled = true;
    setTimeout(() => {
      flushScheduled = false;
      void flush();
    }, FLUSH_DELAY_MS);
  };

  async function flush(): Promise<void> {
    if (flushing >= MAX_CONCURRENT_FLUSHES || pending.length === 0) return;
    flushing++;
    const batch = pending.splice(0, RECORD_BATCH);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await withTransaction(pool, (db) =>
            recordOutcomes(
              ctx,
              db,
              batch.map((b) => b.outcome),
            ),
          );
          break;
        } catch (err) {
          if (attempt >= 3) {
            // the jobs stay active and expire: pg-boss re-runs them, the receiver may see a repeat
            log.error(
              { err, jobs: batch.length },
              'could not record outcomes; jobs will be retried after expiry',
            );
            break;
          }
          await new Promise((r) => setTimeout(r, 250 * attempt));
        }
      }
    } finally {
      flushing--;
      for (const b of batch) b.done();
      if (pending.length > 0) scheduleFlush();
    }
  }

  /** Jobs whose outcome waits for, or is inside, a record transaction. */
  const recording = new Set<string>();
  /** Set by stop() once it has handed the unfinished deliveries back to the queue. */
  let handedBack = false;

  function finish(job: JobRef, outcome: Outcome) {
    // a send cut off by shutdown: its job is back in the queue and will be re-run, not recorded here
    if (handedBack) return;
    recording.add(job.id);
    pending.push({
      outcome,
      done: () => {
        recording.delete(job.id);
        held.delete(job.id);
        active--;
        wake();
      },
    });
    scheduleFlush();
  }

  // --- prepare -> send for one claimed delivery
  async function deliver(job: JobRef, d: ClaimedDelivery): Promise<void> {
    const manual = job.data.t === 'manual';
    const base = { messageId: d.message_id, endpointId: d.endpoint_id, addAttempts: 0 };
    if (!manual && d.status === 'succeeded') {
      return finish(job, {
        kind: 'skip',
        job,
        update: { ...base, status: 'succeeded', nextAttemptAt: null },
      });
    }
    if (!manual && d.disabled) {
      return finish(job, { kind: 'skip', job, update: { ...base, status: 'failed', nextAttemptAt: null } });
    }
    const slot = limiter.reserve(d.endpoint_id, d.rate_limit, MAX_RATE_LIMIT_WAIT_MS);
    if (!slot.booked) {
      // a long wait would hold a slot and the lease: give both back and come back when it is due
      return finish(job, { kind: 'requeue', job, at: new Date(Date.now() + slot.waitMs), release: true });
    }
    if (slot.waitMs > 0) await new Promise((r) => setTimeout(r, slot.waitMs));
    const request = prepareRequest(d, userAgent, Math.floor(Date.now() / 1000));
    const result = await http.send(request);
    attemptsTotal.inc({ status: result.ok ? 'succeeded' : 'failed' });
    attemptDuration.observe(result.durationMs / 1000);
    finish(job, { kind: 'attempt', job, delivery: d, request, result });
  }

  async function handle(jobs: Array<Job<DeliverJob>>): Promise<void> {
    const refs: JobRef[] = jobs.map((j) => ({ id: j.id, retryCount: j.retryCount, data: j.data }));
    for (const r of refs) held.set(r.id, r);
    let claimed: ClaimedDelivery[];
    try {
      claimed = await claimDeliveries(
        pool,
        refs.map((r) => r.data),
        leaseSeconds,
      );
    } catch (err) {
      log.error({ err }, 'claiming deliveries failed; jobs handed back');
      await boss.fail(QUEUES.deliver, refs, { error: 'claim failed' }).catch(() => {});
      for (const r of refs) {
        held.delete(r.id);
        active--;
      }
      return;
    }
    const byKey = new Map(claimed.map((c) => [key(c.message_id, c.endpoint_id), c]));
    const unclaimed: JobRef[] = [];
    for (const r of refs) {
      const k = key(r.data.m, r.data.e);
      const d = byKey.get(k);
      if (!d) {
        unclaimed.push(r);
        continue;
      }
      byKey.delete(k); // one claim serves one job; a second job for it in this batch waits its turn
      const h = held.get(r.id);
      if (h) h.delivery = d;
      deliver(r, d).catch((err) => {
        log.error({ err, jobId: r.id }, 'delivery crashed');
        finish(r, { kind: 'requeue', job: r, at: new Date(Date.now() + BUSY_RETRY_MS), release: true });
      });
    }
    if (unclaimed.length > 0) {
      const exists = await existingDeliveries(
        pool,
        unclaimed.map((r) => r.data),
      ).catch(() => null);
      for (const r of unclaimed) {
        const alive = exists === null || exists.has(key(r.data.m, r.data.e));
        finish(
          r,
          alive
            ? { kind: 'requeue', job: r, at: new Date(Date.now() + BUSY_RETRY_MS), release: false }
            : { kind: 'drop', job: r },
        );
      }
    }
  }

  // --- heartbeats: a crashed worker's jobs are retried once their heartbeat is 10 s old, and its
  // leases run out 15 s after the last renewal, instead of waiting for the job expiry (timeout + 30 s)
  const heartbeat = setInterval(() => {
    const jobs = [...held.values()];
    if (jobs.length === 0) return;
    void Promise.all([
      boss.touch(QUEUES.deliver, jobs),
      renewLeases(
        pool,
        jobs.flatMap((j) => (j.delivery ? [j.data] : [])),
        leaseSeconds,
      ),
    ]).catch((err) => log.warn({ err }, 'heartbeat of held deliveries failed'));
  }, HEARTBEAT_MS);
  heartbeat.unref();

  // --- the pump
  const loop = (async () => {
    while (!stopping) {
      const free = capacity - active;
      if (free <= 0) {
        await sleep(config.HERALD_WORKER_POLL_INTERVAL_MS);
        continue;
      }
      const want = Math.min(free, config.HERALD_WORKER_BATCH_SIZE);
      let jobs: Array<Job<DeliverJob>> = [];
      try {
        jobs = await boss.fetch<DeliverJob>(QUEUES.deliver, { batchSize: want });
      } catch (err) {
        log.warn({ err }, 'fetching delivery jobs failed');
        await sleep(config.HERALD_WORKER_POLL_INTERVAL_MS);
        continue;
      }
      if (stopping) {
        if (jobs.length > 0)
          await boss.fail(QUEUES.deliver, jobs, { error: 'worker stopping' }).catch(() => {});
        break;
      }
      active += jobs.length;
      if (jobs.length > 0) void handle(jobs);
      // a full batch means more may be ready: fetch again at once
      if (jobs.length < want) await sleep(config.HERALD_WORKER_POLL_INTERVAL_MS);
    }
  })();

  return {
    inFlight: () => active,
    async stop(timeoutMs: number) {
      stopping = true;
      wake();
      await loop;
      clearInterval(heartbeat);
      await listener.close();
      const deadline = Date.now() + timeoutMs;
      while (active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (active > 0) {
        // hand unfinished deliveries back: release their leases and let the queue retry them soon.
        // Outcomes already waiting for the record stage are recorded rather than sent again.
        handedBack = true;
        const left = [...held.values()].filter((j) => !recording.has(j.id));
        log.warn({ jobs: left.length }, 'shutdown: handing unfinished deliveries back to the queue');
        await releaseLeases(
          pool,
          left.map((j) => j.data),
        ).catch(() => {});
        await boss.fail(QUEUES.deliver, left, { error: 'worker stopped' }).catch(() => {});
        // the record stage commits what it holds before the caller closes the pool
        const flushDeadline = Date.now() + 500;
        while (recording.size > 0 && Date.now() < flushDeadline) await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
