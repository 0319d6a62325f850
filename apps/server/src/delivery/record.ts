import type { MessageIn } from '@herald/contracts';
import type { Context } from '../context.ts';
import { type AppRow, findAppByUid } from '../db/apps.ts';
import {
  type AttemptInsert,
  type ClaimedDelivery,
  type DeliveryUpdate,
  type EndpointStateRow,
  insertAttempts,
  readEndpointStates,
  releaseLeases,
  updateDeliveries,
  writeEndpointStates,
} from '../db/deliveries.ts';
import { disableEndpoint, type EndpointLane } from '../db/endpoints.ts';
import { bossDb, notifyAfterCommit, type Tx } from '../db/pool.ts';
import { newId } from '../ids.ts';
import { type DeliverJob, enqueueDeliveries, FIRST_ATTEMPT_CHANNEL, QUEUES } from '../queue/boss.ts';
import type { SendResult } from './http-client.ts';
import type { PreparedRequest } from './prepare.ts';
import { capResponseHeaders } from './response-headers.ts';
import {
  type BreakerPolicy,
  type EndpointAttempt,
  type EndpointState,
  type RetryPolicy,
  type Settlement,
  settleAttempt,
  settleEndpoint,
} from './settle.ts';

export interface JobRef {
  id: string;
  retryCount: number;
  data: DeliverJob;
}

/** How one job ended, ready to be recorded. */
export type Outcome =
  /** an attempt was made; `probe` when it was the probe of a half-open circuit */
  | {
      kind: 'attempt';
      job: JobRef;
      delivery: ClaimedDelivery;
      request: PreparedRequest;
      result: SendResult;
      probe: boolean;
    }
  /** no attempt: release the delivery with this settlement (already succeeded, endpoint disabled) */
  | { kind: 'skip'; job: JobRef; delivery: ClaimedDelivery; settled: Pick<Settlement, 'change' | 'next'> }
  /** try this job again at `at`; `delivery` when this worker holds its lease (released here) */
  | { kind: 'requeue'; job: JobRef; at: Date; delivery: ClaimedDelivery | null }
  /** nothing to do: the delivery is gone (message or endpoint deleted), or a FIFO line is empty or waiting */
  | { kind: 'drop'; job: JobRef };

interface OperationalEvent {
  eventType:
    | 'message.attempt.exhausted'
    | 'message.attempt.failing'
    | 'message.attempt.recovered'
    | 'endpoint.disabled';
  appId: string;
  payload: Record<string, unknown>;
}

/**
 * Publishes operational events as messages of `app` inside the record transaction. Handed in by the
 * worker (`publishWithin`): delivery/ sits below services/ and never imports it.
 */
export type PublishOperational = (ctx: Context, db: Tx, app: AppRow, inputs: MessageIn[]) => Promise<unknown>;

/** What the dispatcher learns from a record: circuits that just opened (their jobs stay queued). */
export interface Recorded {
  opened: Array<{ endpointId: string; probeAt: Date }>;
}

/** The first scheduled attempt of its delivery (a FIFO head's is made by a head job). */
const isFirstAttempt = (o: Extract<Outcome, { kind: 'attempt' }>) =>
  o.job.data.t === 0 || (o.job.data.t === 'head' && o.delivery.scheduled_attempts === 0);

const jobKey = (j: JobRef) => `${j.id}:${j.retryCount}`;

function toAttempt(o: Extract<Outcome, { kind: 'attempt' }>): AttemptInsert {
  const { delivery: d, result: r } = o;
  return {
    id: newId('atmpt'),
    messageId: d.message_id,
    endpointId: d.endpoint_id,
    appId: d.app_id,
    attempt: d.attempts + 1,
    trigger: o.job.data.t === 'manual' ? 'manual' : 'scheduled',
    status: r.ok ? 'succeeded' : 'failed',
    url: o.request.url,
    requestHeaders: o.request.headers,
    responseStatusCode: r.statusCode,
    // a broker's receipt comes without a status code
    responseBody: r.statusCode === null && r.responseBody === '' ? null : r.responseBody,
    responseHeaders: r.statusCode === null ? null : capResponseHeaders(r.headers),
    truncated: r.truncated,
    durationMs: Math.round(r.durationMs),
    error: r.error,
    jobKey: jobKey(o.job),
  };
}

const laneOf = (d: ClaimedDelivery): EndpointLane => ({
  maxConcurrency: d.max_concurrency,
  ordering: d.ordering,
});

const toState = (r: EndpointStateRow): EndpointState => ({
  disabled: r.disabled,
  failingSince: r.failing_since,
  failures: r.circuit_failures,
  openedAt: r.circuit_opened_at,
  probeAt: r.circuit_probe_at,
});

/**
 * The recorder: in one transaction, every attempt row, the new delivery states, the endpoints' health
 * and circuits, the next jobs, operational events, and the completion of the jobs that did the work.
 * Every decision comes from settle.ts; this only reads its inputs and writes its results. A crash
 * before commit leaves the jobs active; pg-boss re-runs them (a repeated send with the same
 * webhook-id, never a lost one), and the unique job key means an attempt is never recorded twice.
 */
export async function recordOutcomes(
  ctx: Context,
  db: Tx,
  outcomes: Outcome[],
  publish: PublishOperational,
): Promise<Recorded> {
  const { config } = ctx;
  const now = Date.now();
  const attempts = outcomes.filter((o): o is Extract<Outcome, { kind: 'attempt' }> => o.kind === 'attempt');
  const rows = attempts.map(toAttempt);
  const rowOf = new Map(attempts.map((a, i) => [a, rows[i]!]));
  const inserted = await insertAttempts(db, rows);

  const updates: DeliveryUpdate[] = [];
  const nextJobs: Array<{ data: DeliverJob; startAfter?: Date }> = [];
  const lanes = new Map<string, EndpointLane>();
  const events: OperationalEvent[] = [];
  const released: Array<{ m: string; e: string }> = [];
  const byEndpoint = new Map<string, { appId: string; attempts: EndpointAttempt[] }>();
  const pairOf = (d: ClaimedDelivery) => ({ messageId: d.message_id, endpointId: d.endpoint_id });

  for (const o of outcomes) {
    if (o.kind === 'requeue') {
      nextJobs.push({ data: o.job.data, startAfter: o.at });
      if (o.delivery) {
        released.push({ m: o.delivery.message_id, e: o.delivery.endpoint_id });
        lanes.set(o.delivery.endpoint_id, laneOf(o.delivery));
      }
    }
    if (o.kind === 'skip') {
      updates.push({ ...pairOf(o.delivery), ...o.settled.change });
      lanes.set(o.delivery.endpoint_id, laneOf(o.delivery));
      if (o.settled.next) nextJobs.push(o.settled.next);
    }
    if (o.kind !== 'attempt') continue;
    const row = rowOf.get(o)!;
    if (!inserted.has(row.jobKey)) continue; // this claim was recorded before: only complete the job
    const d = o.delivery;
    const policy: RetryPolicy = {
      schedule: d.retry_schedule ?? config.HERALD_RETRY_SCHEDULE,
      jitter: config.HERALD_RETRY_JITTER,
    };
    const settled = settleAttempt(
      o.job.data,
      {
        ...pairOf(d),
        status: d.status,
        scheduledAttempts: d.scheduled_attempts,
        ordering: d.ordering,
      },
      o.result,
      policy,
      now,
    );
    updates.push({ ...pairOf(d), ...settled.change });
    lanes.set(d.endpoint_id, laneOf(d));
    if (settled.next) nextJobs.push(settled.next);
    const ep = byEndpoint.get(d.endpoint_id) ?? { appId: d.app_id, attempts: [] };
    ep.attempts.push({ ok: o.result.ok, gone: settled.gone, probe: o.probe });
    byEndpoint.set(d.endpoint_id, ep);
    const lastAttempt = {
      id: row.id,
      responseStatusCode: row.responseStatusCode,
      timestamp: new Date(now).toISOString(),
    };
    const about = { appId: d.app_id, appUid: d.app_uid, msgId: d.message_id, endpointId: d.endpoint_id };
    // Svix's pair: the first failure of a delivery, and a success after failures (a delivery with
    // earlier attempts that has not succeeded has only failed so far)
    if (!o.result.ok && d.attempts === 0)
      events.push({
        eventType: 'message.attempt.failing',
        appId: d.app_id,
        payload: { ...about, lastAttempt },
      });
    if (o.result.ok && d.attempts > 0 && d.status !== 'succeeded')
      events.push({
        eventType: 'message.attempt.recovered',
        appId: d.app_id,
        payload: { ...about, lastAttempt },
      });
    if (settled.exhausted) {
      ctx.log.info(
        { requestId: d.request_id, messageId: d.message_id, endpointId: d.endpoint_id },
        'delivery failed for good: retry schedule spent',
      );
      events.push({
        eventType: 'message.attempt.exhausted',
        appId: d.app_id,
        payload: { ...about, lastAttempt },
      });
    }
  }

  await updateDeliveries(db, updates);
  await releaseLeases(db, released);
  const recorded = await settleEndpoints(ctx, db, byEndpoint, now, events);
  await enqueueDeliveries(ctx.boss, db, nextJobs, lanes);
  await ctx.boss.complete(
    QUEUES.deliver,
    outcomes.map((o) => ({ id: o.job.id, retryCount: o.job.retryCount })),
    null,
    { db: bossDb(db) },
  );
  await publishOperationalEvents(ctx, db, events, publish);

  // wake publish-and-wait requests; payloads stay far below NOTIFY's 8000-byte limit
  const firstAttempts = [
    ...new Set(
      attempts
        .filter((o, i) => isFirstAttempt(o) && inserted.has(rows[i]!.jobKey))
        .map((o) => o.delivery.message_id),
    ),
  ];
  for (let i = 0; i < firstAttempts.length; i += 200) {
    notifyAfterCommit(db, FIRST_ATTEMPT_CHANNEL, firstAttempts.slice(i, i + 200).join(' '));
  }
  return recorded;
}

/**
 * Endpoint health and circuits. Read without a lock first: a healthy endpoint's success changes
 * nothing and writes nothing. Only endpoints with a change are locked, re-read and settled again, so
 * concurrent recorders never lose each other's failures.
 */
async function settleEndpoints(
  ctx: Context,
  db: Tx,
  byEndpoint: Map<string, { appId: string; attempts: EndpointAttempt[] }>,
  now: number,
  events: OperationalEvent[],
): Promise<Recorded> {
  const { config, log } = ctx;
  const policy: BreakerPolicy = {
    threshold: config.HERALD_CIRCUIT_FAILURE_THRESHOLD,
    cooldownSeconds: config.HERALD_CIRCUIT_COOLDOWN_SECONDS,
    maxCooldownSeconds: config.HERALD_CIRCUIT_MAX_COOLDOWN_SECONDS,
    disableAfterSeconds: config.HERALD_DISABLE_FAILING_ENDPOINT_AFTER_SECONDS,
  };
  const settle = (r: EndpointStateRow) =>
    settleEndpoint(toState(r), byEndpoint.get(r.id)!.attempts, policy, now);
  const seen = await readEndpointStates(db, [...byEndpoint.keys()], false);
  const changing = seen.filter((r) => settle(r).changed).map((r) => r.id);
  const locked = await readEndpointStates(db, changing, true);
  const opened: Recorded['opened'] = [];
  const writes: Parameters<typeof writeEndpointStates>[1] = [];
  for (const r of locked) {
    const s = settle(r);
    if (!s.changed) continue;
    writes.push({ id: r.id, ...s.state, probeEnded: byEndpoint.get(r.id)!.attempts.some((a) => a.probe) });
    if (s.opened && s.state.probeAt) {
      opened.push({ endpointId: r.id, probeAt: s.state.probeAt });
      log.warn({ endpointId: r.id, failures: s.state.failures, probeAt: s.state.probeAt }, 'circuit opened');
    }
    if (s.closed) log.info({ endpointId: r.id }, 'circuit closed');
    if (s.disable && (await disableEndpoint(db, r.id, s.disable))) {
      log.warn({ endpointId: r.id, reason: s.disable }, 'endpoint disabled');
      events.push({
        eventType: 'endpoint.disabled',
        appId: r.app_id,
        payload: { appId: r.app_id, endpointId: r.id, reason: s.disable },
      });
    }
  }
  await writeEndpointStates(db, writes);
  return { opened };
}

/** Operational events are ordinary messages of the application named by HERALD_OPERATIONAL_APP. */
async function publishOperationalEvents(
  ctx: Context,
  db: Tx,
  events: OperationalEvent[],
  publish: PublishOperational,
): Promise<void> {
  const uid = ctx.config.HERALD_OPERATIONAL_APP;
  if (!uid || events.length === 0) return;
  const opsApp = await findAppByUid(db, uid);
  if (!opsApp) {
    ctx.log.warn({ uid }, 'HERALD_OPERATIONAL_APP names no application: operational events dropped');
    return;
  }
  // the operational app's own failures would otherwise feed themselves forever
  const inputs = events
    .filter((e) => e.appId !== opsApp.id)
    .map((e) => ({ eventType: e.eventType, payload: e.payload }));
  if (inputs.length > 0) await publish(ctx, db, opsApp, inputs);
}
