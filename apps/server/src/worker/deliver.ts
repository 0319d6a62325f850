import type { Job } from 'pg-boss';
import type { Context } from '../context.ts';
import { isConnectionError, retryThroughOutage } from '../db/connection-errors.ts';
import {
  type ClaimedDelivery,
  claimDeliveries,
  existingDeliveries,
  headsLeased,
  releaseLeases,
  renewLeases,
} from '../db/deliveries.ts';
import { listen } from '../db/listen.ts';
import { throttledErrorLog } from '../db/pool.ts';
import type { Sender } from '../delivery/destination.ts';
import { type Gated, gateDeliveries } from '../delivery/gate.ts';
import { prepareRequest } from '../delivery/prepare.ts';
import type { JobRef, Outcome } from '../delivery/record.ts';
import { createRecorder } from '../delivery/recorder.ts';
import { settleWithoutAttempt } from '../delivery/settle.ts';
import { attemptDuration, attemptsTotal } from '../metrics.ts';
import {
  type DeliverJob,
  deliverGroupConcurrency,
  fetchDeliveries,
  QUEUES,
  WAKE_CHANNEL,
} from '../queue/boss.ts';
import { publishWithin } from '../services/publish-message.ts';
import { type Span, SpanKind, SpanStatusCode } from '../telemetry/tracing.ts';
import { userAgent } from '../version.ts';
import { APP_RESERVE, APP_SHARE, createAppShares } from './app-shares.ts';
import { createCircuitWatch } from './circuit-watch.ts';
import { createWakeup } from './wakeup.ts';

export interface DeliveryWorker {
  /** Stops fetching, waits for in-flight deliveries up to `timeoutMs`, hands the rest back to the queue. */
  stop(timeoutMs: number): Promise<void>;
  /** Deliveries fetched and not yet recorded. */
  inFlight(): number;
}

const BUSY_RETRY_MS = 2000;
/** How long a fetch that found no other application's jobs is trusted (see othersIdle). */
const OTHERS_RECHECK_MS = 100;
/** Handing jobs back is retried this long while the database is away (the heartbeat window is >= 10 s). */
const FAIL_BACK_MS = 8000;

const key = (m: string, e: string) => `${m} ${e}`;

/**
 * The delivery dispatcher. It keeps up to HERALD_WORKER_CONCURRENCY deliveries in flight: fetches jobs
 * whenever slots are free, claims their deliveries, and runs prepare -> send for each; the recorder
 * commits the outcomes; a broker endpoint's send is a publish (delivery/destination.ts). Fairness comes from the queue (each endpoint's jobs form a group that pg-boss
 * caps at the endpoint's maxConcurrency across all workers), from open circuits being left queued, and
 * from the per-application shares (app-shares.ts). Idle, it sleeps until a publish NOTIFYs or the poll interval
 * passes (due retries).
 */
export async function startDeliveryWorker(
  ctx: Context,
  sender: Sender,
  /** for the wake-up LISTEN: a session (HERALD_DIRECT_DATABASE_URL behind PgBouncer) */
  listenUrl: string,
): Promise<DeliveryWorker> {
  const { config, boss, log, pool } = ctx;
  const capacity = config.HERALD_WORKER_CONCURRENCY;
  const groupConcurrency = deliverGroupConcurrency(config);
  const probeHoldSeconds = Math.ceil(config.HERALD_HTTP_TIMEOUT_MS / 1000) + 5;
  /** A claimed delivery's lease; renewed every heartbeatMs while its send runs. */
  const leaseSeconds = config.HERALD_DELIVERY_LEASE_SECONDS;
  /** Held jobs' heartbeats and leases are refreshed this often, inside the queue's heartbeat window. */
  const heartbeatMs = config.HERALD_HEARTBEAT_INTERVAL_MS;
  const wakeup = createWakeup();
  const circuits = createCircuitWatch(ctx);
  await circuits.refresh();
  const shares = createAppShares();
  const reserve = Math.ceil(capacity * APP_RESERVE);

  let stopping = false;
  let active = 0;
  /** Jobs fetched and not yet recorded, with their delivery once claimed. */
  const held = new Map<string, JobRef & { delivery?: ClaimedDelivery }>();

  const outageLog = throttledErrorLog(log, 'delivery worker: database error');
  const warnOutage = (err: unknown, fields: Record<string, unknown>, what: string) =>
    isConnectionError(err) ? outageLog(err, { what, ...fields }) : log.warn({ err, ...fields }, what);

  /**
   * Gives jobs back to the queue (they run again after its retry delay). While the database is away
   * this is retried for up to FAIL_BACK_MS, inside the heartbeat window: failing later makes no
   * difference, the queue hands them out again once their heartbeat lapses.
   */
  const failBack = (jobs: JobRef[], error: string) =>
    retryThroughOutage(() => boss.fail(QUEUES.deliver, jobs, { error }), {
      forMs: FAIL_BACK_MS,
      stopped: () => stopping,
    }).catch(() => {});

  /**
   * A fetch that passes over the busiest applications' endpoints reads past all their queued jobs
   * when nobody else has any: with 40,000 queued for one tenant, 17.7 ms under the fetch lock for
   * nothing, on every fetch of a drain (docs/adr/0017). Once such a fetch came back empty, the next
   * OTHERS_RECHECK_MS fetch without passing over them; a publish (NOTIFY) ends the pause at once, so
   * another tenant's new message still goes first.
   */
  const othersIdle = (() => {
    let idleAt = Number.NEGATIVE_INFINITY;
    return {
      found(empty: boolean) {
        idleAt = empty ? Date.now() : Number.NEGATIVE_INFINITY;
      },
      recently: () => Date.now() - idleAt < OTHERS_RECHECK_MS,
      published() {
        idleAt = Number.NEGATIVE_INFINITY;
      },
    };
  })();

  const listener = await listen(
    listenUrl,
    WAKE_CHANNEL,
    () => {
      othersIdle.published();
      wakeup.wake();
    },
    {
      // anything published while the listener was away is picked up on reconnect
      onReconnect: wakeup.wake,
      onLost: (err) =>
        log.warn({ err: (err as Error)?.message }, 'wake-up listener lost; polling until it is back'),
    },
  );

  const recorder = createRecorder(ctx, publishWithin, (r) => {
    for (const o of r.opened) circuits.opened(o.endpointId, o.probeAt);
  });
  /** Jobs whose outcome waits for, or is inside, a record transaction. */
  const recording = new Set<string>();
  /** Set by stop() once it has handed the unfinished deliveries back to the queue. */
  let handedBack = false;

  /** A job is over for this worker: its slot is free once the outcome is recorded. */
  function finish(job: JobRef, outcome: Outcome) {
    // a send cut off by shutdown: its job is back in the queue and will be re-run, not recorded here
    if (handedBack) return;
    recording.add(job.id);
    recorder.add(outcome, () => {
      recording.delete(job.id);
      shares.released(job.id);
      held.delete(job.id);
      active--;
      wakeup.wake();
    });
  }

  const requeue = (job: JobRef, atMs: number, d: ClaimedDelivery | null): Outcome => ({
    kind: 'requeue',
    job,
    at: new Date(atMs),
    delivery: d,
  });

  const urlWithoutSecrets = (url: string) => {
    try {
      const u = new URL(url);
      return `${u.protocol}//${u.host}${u.pathname}`;
    } catch {
      return 'invalid';
    }
  };

  /** Tracing on: a client span for one attempt, in the trace of its message's publish. */
  function attemptSpan(d: ClaimedDelivery, job: JobRef, probe: boolean): Span | null {
    if (!ctx.tracing.enabled) return null;
    return ctx.tracing.tracer.startSpan(
      'herald.attempt',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'herald.message.id': d.message_id,
          'herald.endpoint.id': d.endpoint_id,
          'herald.app.id': d.app_id,
          'herald.attempt': d.attempts + 1,
          'herald.attempt.trigger': job.data.t === 'manual' ? 'manual' : 'scheduled',
          'herald.probe': probe,
          'http.request.method': 'POST',
          // scheme, host and path: a query string or user-info may hold a receiver's token
          'url.full': urlWithoutSecrets(d.url),
          ...(d.request_id ? { 'herald.request_id': d.request_id } : {}),
        },
      },
      ctx.tracing.fromTraceparent(d.traceparent),
    );
  }

  // --- prepare -> send for one claimed delivery
  async function deliver(job: JobRef, d: ClaimedDelivery, slotAt: number, probe: boolean): Promise<void> {
    const settled = settleWithoutAttempt(job.data, d);
    if (settled) return finish(job, { kind: 'skip', job, delivery: d, settled });
    const wait = slotAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const request = prepareRequest(d, userAgent, Math.floor(Date.now() / 1000), ctx.secrets);
    const span = attemptSpan(d, job, probe);
    if (span && ctx.config.HERALD_TRACEPARENT_TO_RECEIVERS) {
      const traceparent = ctx.tracing.traceparent(ctx.tracing.contextOf(span));
      if (traceparent) request.headers.traceparent = traceparent;
    }
    const result = await sender.send(request);
    if (span) {
      if (result.statusCode !== null) span.setAttribute('http.response.status_code', result.statusCode);
      span.setAttribute('herald.attempt.status', result.ok ? 'succeeded' : 'failed');
      if (!result.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? 'not 2xx' });
      span.end();
    }
    attemptsTotal.inc({ status: result.ok ? 'succeeded' : 'failed' });
    attemptDuration.observe(result.durationMs / 1000);
    log.debug(
      {
        requestId: d.request_id,
        messageId: d.message_id,
        endpointId: d.endpoint_id,
        trigger: job.data.t === 'manual' ? 'manual' : 'scheduled',
        status: result.ok ? 'succeeded' : 'failed',
        responseStatusCode: result.statusCode,
        durationMs: Math.round(result.durationMs),
        ...(probe ? { probe } : {}),
      },
      'attempt',
    );
    finish(job, { kind: 'attempt', job, delivery: d, request, result, probe });
  }

  async function handle(jobs: Array<Job<DeliverJob>>): Promise<void> {
    const refs: JobRef[] = jobs.map((j) => ({ id: j.id, retryCount: j.retryCount, data: j.data }));
    for (const r of refs) held.set(r.id, r);
    const pairs = refs.filter((r) => r.data.t !== 'head');
    const heads = refs.filter((r) => r.data.t === 'head');
    let claimed: ClaimedDelivery[];
    try {
      claimed = await claimDeliveries(
        pool,
        pairs.map((r) => r.data),
        heads.map((r) => r.data.e),
        leaseSeconds,
      );
    } catch (err) {
      warnOutage(err, { jobs: refs.length }, 'claiming deliveries failed; jobs handed back');
      await failBack(refs, 'claim failed');
      for (const r of refs) {
        held.delete(r.id);
        shares.released(r.id);
      }
      active -= refs.length;
      wakeup.wake();
      return;
    }
    const byPair = new Map(claimed.filter((c) => !c.head).map((c) => [key(c.message_id, c.endpoint_id), c]));
    const byHead = new Map(claimed.filter((c) => c.head).map((c) => [c.endpoint_id, c]));
    const ready: Array<{ job: JobRef; d: ClaimedDelivery }> = [];
    const unclaimed: JobRef[] = [];
    const idleHeads: JobRef[] = [];
    for (const r of refs) {
      // one claim serves one job; a second job for it in this batch waits its turn
      const k = r.data.t === 'head' ? r.data.e : key(r.data.m, r.data.e);
      const d = r.data.t === 'head' ? byHead.get(k) : byPair.get(k);
      if (!d) {
        (r.data.t === 'head' ? idleHeads : unclaimed).push(r);
        continue;
      }
      (r.data.t === 'head' ? byHead : byPair).delete(k);
      const h = held.get(r.id);
      if (h) h.delivery = d;
      shares.claimed(r.id, d.app_id, d.endpoint_id);
      ready.push({ job: r, d });
    }

    let gated: Gated = { going: [], waiting: [] };
    try {
      gated = await gateDeliveries(pool, ready, probeHoldSeconds, (err) =>
        warnOutage(err, {}, 'booking send slots failed; rate-limited deliveries re-queued'),
      );
    } catch (err) {
      log.error({ err }, 'gating deliveries failed; re-queued');
      gated.waiting = ready.map((c) => ({ ...c, at: Date.now() + BUSY_RETRY_MS }));
    }
    for (const w of gated.waiting) finish(w.job, requeue(w.job, w.at, w.d));
    for (const g of gated.going) {
      deliver(g.job, g.d, g.slotAt, g.probe).catch((err) => {
        log.error({ err, jobId: g.job.id }, 'delivery crashed');
        finish(g.job, requeue(g.job, Date.now() + BUSY_RETRY_MS, g.d));
      });
    }

    if (unclaimed.length > 0) {
      const exists = await existingDeliveries(
        pool,
        unclaimed.map((r) => r.data),
      ).catch(() => null);
      for (const r of unclaimed) {
        const alive = exists === null || exists.has(key(r.data.m, r.data.e));
        // another worker holds it (a manual re-send racing a retry): try again shortly
        finish(r, alive ? requeue(r, Date.now() + BUSY_RETRY_MS, null) : { kind: 'drop', job: r });
      }
    }
    if (idleHeads.length > 0) {
      // a FIFO line with nothing due ends here: its head's retry, or the next publish, brings a new job
      const leased = await headsLeased(
        pool,
        idleHeads.map((r) => r.data.e),
      ).catch(() => null);
      for (const r of idleHeads) {
        const busy = leased === null || leased.has(r.data.e);
        finish(r, busy ? requeue(r, Date.now() + BUSY_RETRY_MS, null) : { kind: 'drop', job: r });
      }
    }
  }

  // --- heartbeats: a crashed worker's jobs are retried once their heartbeat is older than the queue's
  // window, and its leases run out leaseSeconds after the last renewal, instead of waiting for the job
  // expiry (timeout + 30 s)
  const heartbeat = setInterval(() => {
    const jobs = [...held.values()];
    if (jobs.length === 0) return;
    void Promise.all([
      boss.touch(QUEUES.deliver, jobs),
      renewLeases(
        pool,
        jobs.flatMap((j) => (j.delivery ? [{ m: j.delivery.message_id, e: j.delivery.endpoint_id }] : [])),
        leaseSeconds,
      ),
    ]).catch((err) => log.warn({ err: (err as Error).message }, 'heartbeat of held deliveries failed'));
  }, heartbeatMs);
  heartbeat.unref();

  const fetch = (want: number, ignore: string[]) =>
    fetchDeliveries(boss, pool, { batchSize: want, groupConcurrency, ignoreGroups: ignore });

  // --- the pump
  let fetchBackoff = 0;
  const loop = (async () => {
    while (!stopping) {
      const free = capacity - active;
      if (free <= 0) {
        await wakeup.sleep(config.HERALD_WORKER_POLL_INTERVAL_MS);
        continue;
      }
      const closed = circuits.closedTo(Date.now());
      const batch = config.HERALD_WORKER_BATCH_SIZE;
      let want = 0;
      let jobs: Array<Job<DeliverJob>> = [];
      try {
        if (free > reserve) {
          // applications over half the slots are served after the others, up to the reserve
          want = Math.min(batch, free - reserve);
          const hogs = shares.endpointsOver(capacity * APP_SHARE);
          if (hogs.length > 0 && othersIdle.recently()) {
            jobs = await fetch(want, closed);
          } else {
            jobs = await fetch(want, [...closed, ...hogs]);
            if (hogs.length > 0 && jobs.length < want) othersIdle.found(jobs.length === 0);
          }
          shares.fetched(jobs);
          if (hogs.length > 0 && jobs.length < want) {
            const more = await fetch(want - jobs.length, closed);
            shares.fetched(more);
            jobs = jobs.concat(more);
          }
        } else {
          // the last slots go only to applications holding few: a busy tenant never takes them all
          want = Math.min(batch, free);
          const big = shares.endpointsOver(reserve);
          if (big.length > 0 && othersIdle.recently()) {
            // nobody else had work a moment ago: wait for a freed slot, a publish or the recheck
            await wakeup.sleep(OTHERS_RECHECK_MS);
            continue;
          }
          jobs = await fetch(want, [...closed, ...big]);
          if (big.length > 0) othersIdle.found(jobs.length === 0);
          shares.fetched(jobs);
        }
      } catch (err) {
        warnOutage(err, {}, 'fetching delivery jobs failed');
        // back off while the database is away; any success resets it
        fetchBackoff = Math.min(Math.max(fetchBackoff * 2, config.HERALD_WORKER_POLL_INTERVAL_MS), 2000);
        await wakeup.sleep(fetchBackoff);
        continue;
      }
      fetchBackoff = 0;
      if (stopping) {
        if (jobs.length > 0)
          await boss.fail(QUEUES.deliver, jobs, { error: 'worker stopping' }).catch(() => {});
        for (const j of jobs) shares.released(j.id);
        break;
      }
      active += jobs.length;
      // handle() catches what it expects; anything else is logged, never an unhandled rejection
      if (jobs.length > 0) handle(jobs).catch((err) => log.error({ err }, 'handling fetched jobs failed'));
      // a full batch means more may be ready: fetch again at once
      if (jobs.length < want) await wakeup.sleep(config.HERALD_WORKER_POLL_INTERVAL_MS);
    }
  })();

  return {
    inFlight: () => active,
    async stop(timeoutMs: number) {
      stopping = true;
      wakeup.wake();
      await loop;
      clearInterval(heartbeat);
      circuits.stop();
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
          left.flatMap((j) => (j.delivery ? [{ m: j.delivery.message_id, e: j.delivery.endpoint_id }] : [])),
        ).catch(() => {});
        await boss.fail(QUEUES.deliver, left, { error: 'worker stopped' }).catch(() => {});
        // the record stage commits what it holds before the caller closes the pool
        const flushDeadline = Date.now() + 500;
        while (recorder.size() > 0 && Date.now() < flushDeadline) await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
