import type { Context } from '../context.ts';
import { findAppByUid } from '../db/apps.ts';
import {
  type AttemptInsert,
  type ClaimedDelivery,
  type DeliveryUpdate,
  insertAttempts,
  releaseLeases,
  trackEndpointHealth,
  updateDeliveries,
} from '../db/deliveries.ts';
import { disableEndpoint } from '../db/endpoints.ts';
import { bossDb, notifyAfterCommit, type PoolClient } from '../db/pool.ts';
import { newId } from '../ids.ts';
import { type DeliverJob, enqueueDeliveries, FIRST_ATTEMPT_CHANNEL, QUEUES } from '../queue/boss.ts';
import { publishWithin } from '../services/publish-message.ts';
import type { SendResult } from './http-client.ts';
import type { PreparedRequest } from './prepare.ts';
import { decide } from './retry-policy.ts';

export interface JobRef {
  id: string;
  retryCount: number;
  data: DeliverJob;
}

/** How one job ended, ready to be recorded. */
export type Outcome =
  /** an HTTP attempt was made */
  | { kind: 'attempt'; job: JobRef; delivery: ClaimedDelivery; request: PreparedRequest; result: SendResult }
  /** no attempt: release the delivery with this state (already succeeded, endpoint disabled) */
  | { kind: 'skip'; job: JobRef; update: DeliveryUpdate }
  /** try this job again at `at`; `release` when this worker holds the delivery's lease */
  | { kind: 'requeue'; job: JobRef; at: Date; release: boolean }
  /** the delivery no longer exists (message or endpoint deleted) */
  | { kind: 'drop'; job: JobRef };

interface OperationalEvent {
  eventType: 'message.attempt.exhausted' | 'endpoint.disabled';
  appId: string;
  payload: Record<string, unknown>;
}

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
    responseBody: r.statusCode === null ? null : r.responseBody,
    truncated: r.truncated,
    durationMs: Math.round(r.durationMs),
    error: r.error,
    jobKey: jobKey(o.job),
  };
}

/**
 * Record stage: in one transaction, every attempt row, the new delivery states, the next attempts'
 * jobs, endpoint health, operational events, and the completion of the jobs that did the work. A crash
 * before commit leaves the jobs active; pg-boss re-runs them after expiry (a repeated send with the
 * same webhook-id, never a lost one), and the unique job key means an attempt is never recorded twice.
 */
export async function recordOutcomes(ctx: Context, db: PoolClient, outcomes: Outcome[]): Promise<void> {
  const { config } = ctx;
  const attempts = outcomes.filter((o): o is Extract<Outcome, { kind: 'attempt' }> => o.kind === 'attempt');
  const rows = attempts.map(toAttempt);
  const rowOf = new Map(attempts.map((a, i) => [a, rows[i]!]));
  const inserted = await insertAttempts(db, rows);

  const updates: DeliveryUpdate[] = [];
  const nextJobs: Array<{ data: DeliverJob; startAfter: Date }> = [];
  const succeededEndpoints: string[] = [];
  const failedEndpoints: string[] = [];
  const gone = new Map<string, ClaimedDelivery>();
  const events: OperationalEvent[] = [];
  const released: Array<{ m: string; e: string }> = [];

  for (const o of outcomes) {
    if (o.kind === 'skip') updates.push(o.update);
    if (o.kind === 'requeue') {
      nextJobs.push({ data: o.job.data, startAfter: o.at });
      if (o.release) released.push(o.job.data);
    }
    if (o.kind !== 'attempt') continue;
    const row = rowOf.get(o)!;
    if (!inserted.has(row.jobKey)) continue; // this claim was recorded before: only complete the job
    const d = o.delivery;
    const base = { messageId: d.message_id, endpointId: d.endpoint_id, addAttempts: 1 };
    (o.result.ok ? succeededEndpoints : failedEndpoints).push(d.endpoint_id);

    if (o.job.data.t === 'manual') {
      // a manual re-send is one more try: never rescheduled, and it leaves pending retries alone
      updates.push(
        o.result.ok
          ? { ...base, status: 'succeeded', nextAttemptAt: null }
          : { ...base, status: d.status === 'pending' ? 'pending' : 'failed', nextAttemptAt: undefined },
      );
      if (o.result.statusCode === 410) gone.set(d.endpoint_id, d);
      continue;
    }

    const schedule = d.retry_schedule ?? config.HERALD_RETRY_SCHEDULE;
    const decision = decide(o.result, o.job.data.t, schedule, config.HERALD_RETRY_JITTER);
    if (decision.status === 'succeeded') {
      updates.push({ ...base, status: 'succeeded', nextAttemptAt: null });
    } else if (decision.status === 'pending') {
      updates.push({ ...base, status: 'pending', nextAttemptAt: decision.at });
      nextJobs.push({
        data: { m: d.message_id, e: d.endpoint_id, t: decision.next },
        startAfter: decision.at,
      });
    } else {
      updates.push({ ...base, status: 'failed', nextAttemptAt: null });
      if (decision.disableEndpoint) gone.set(d.endpoint_id, d);
      if (decision.exhausted) {
        events.push({
          eventType: 'message.attempt.exhausted',
          appId: d.app_id,
          payload: {
            appId: d.app_id,
            appUid: d.app_uid,
            msgId: d.message_id,
            endpointId: d.endpoint_id,
            lastAttempt: {
              id: row.id,
              responseStatusCode: row.responseStatusCode,
              timestamp: new Date().toISOString(),
            },
          },
        });
      }
    }
  }

  await updateDeliveries(db, updates);
  await releaseLeases(db, released);

  const overdue = await trackEndpointHealth(
    db,
    succeededEndpoints,
    failedEndpoints,
    config.HERALD_DISABLE_FAILING_ENDPOINT_AFTER_SECONDS,
  );
  const toDisable: Array<[string, 'gone' | 'failing', string]> = [
    ...[...gone.values()].map((d) => [d.endpoint_id, 'gone', d.app_id] as [string, 'gone', string]),
    ...overdue.map((id) => {
      const d = attempts.find((a) => a.delivery.endpoint_id === id)!.delivery;
      return [id, 'failing', d.app_id] as [string, 'failing', string];
    }),
  ];
  for (const [endpointId, reason, appId] of toDisable) {
    if (await disableEndpoint(db, endpointId, reason)) {
      ctx.log.warn({ endpointId, reason }, 'endpoint disabled');
      events.push({ eventType: 'endpoint.disabled', appId, payload: { appId, endpointId, reason } });
    }
  }

  await enqueueDeliveries(ctx.boss, db, nextJobs);
  await ctx.boss.complete(
    QUEUES.deliver,
    outcomes.map((o) => ({ id: o.job.id, retryCount: o.job.retryCount })),
    null,
    { db: bossDb(db) },
  );
  await publishOperationalEvents(ctx, db, events);

  // wake publish-and-wait requests; payloads stay far below NOTIFY's 8000-byte limit
  const firstAttempts = [
    ...new Set(
      attempts
        .filter((o, i) => o.job.data.t === 0 && inserted.has(rows[i]!.jobKey))
        .map((o) => o.delivery.message_id),
    ),
  ];
  for (let i = 0; i < firstAttempts.length; i += 200) {
    notifyAfterCommit(db, FIRST_ATTEMPT_CHANNEL, firstAttempts.slice(i, i + 200).join(' '));
  }
}

/** Operational events are ordinary messages of the application named by HERALD_OPERATIONAL_APP. */
async function publishOperationalEvents(
  ctx: Context,
  db: PoolClient,
  events: OperationalEvent[],
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
  if (inputs.length > 0) await publishWithin(ctx, db, opsApp, inputs);
}
