/**
 * Settle stage: what one outcome changes. Pure functions of (outcome, delivery, schedule, now): the
 * delivery's new state, the next job, the operational events, and the endpoint's health and circuit
 * breaker. The recorder (record.ts) only reads the inputs and writes the results.
 */
import type { DeliverJob } from '../queue/boss.ts';

/** What happened on one attempt, as far as settling cares. */
export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  retryAfterSeconds: number | null;
}

/** The delivery an attempt was made for, as it was claimed. */
export interface SettleDelivery {
  messageId: string;
  endpointId: string;
  status: 'pending' | 'succeeded' | 'failed';
  /** scheduled attempts made before this one */
  scheduledAttempts: number;
  ordering: 'unordered' | 'fifo';
}

export interface RetryPolicy {
  schedule: readonly number[];
  /** 0.2 = +-20 % */
  jitter: number;
}

export interface DeliveryChange {
  status: 'pending' | 'succeeded' | 'failed';
  addAttempts: number;
  addScheduled: number;
  /** null clears it; undefined keeps the current value */
  nextAttemptAt: Date | null | undefined;
}

export interface Settlement {
  change: DeliveryChange;
  /** the job that comes next for this delivery or its endpoint's FIFO line */
  next: { data: DeliverJob; startAfter?: Date } | null;
  /** the retry schedule ran out: publish `message.attempt.exhausted` */
  exhausted: boolean;
  /** 410 Gone: disable the endpoint */
  gone: boolean;
}

/**
 * Before a send: a scheduled job whose delivery has already succeeded ends without an attempt, and so
 * does one whose endpoint is disabled (the delivery fails); a FIFO head that ends so lets its line move
 * on. Manual re-sends always go. Null = send.
 */
export function settleWithoutAttempt(
  job: DeliverJob,
  d: { status: SettleDelivery['status']; disabled: boolean },
): Pick<Settlement, 'change' | 'next'> | null {
  if (job.t === 'manual') return null;
  const status = d.status === 'succeeded' ? 'succeeded' : d.disabled ? 'failed' : null;
  if (status === null) return null;
  return {
    change: { status, addAttempts: 0, addScheduled: 0, nextAttemptAt: null },
    next: job.t === 'head' ? { data: job } : null,
  };
}

/** Retry-After is honoured up to this many seconds. */
export const MAX_RETRY_AFTER_SECONDS = 3600;

/**
 * After scheduled attempt `index` (0 = the first) fails, the next waits `schedule[index]` seconds
 * +- jitter; when the schedule is spent the delivery has failed for good. 429/503 with Retry-After
 * wait as asked (at most an hour). Returns null when no attempt is left.
 */
export function nextAttemptAt(
  result: AttemptResult,
  index: number,
  policy: RetryPolicy,
  now: number,
  random: () => number,
): Date | null {
  const base = policy.schedule[index];
  if (base === undefined) return null;
  let delaySeconds = base * (1 + policy.jitter * (2 * random() - 1));
  const honoursRetryAfter = result.statusCode === 429 || result.statusCode === 503;
  if (honoursRetryAfter && result.retryAfterSeconds !== null) {
    delaySeconds = Math.min(Math.max(result.retryAfterSeconds, 0), MAX_RETRY_AFTER_SECONDS);
  }
  return new Date(now + Math.round(delaySeconds * 1000));
}

/**
 * The decision after an attempt. A manual attempt is one more try: it never schedules anything and
 * leaves pending retries alone. A scheduled attempt follows the retry policy; its place in the
 * schedule is the job's index, or for a FIFO head the delivery's own count (head jobs carry none).
 * A FIFO line moves on whenever its head reaches a final state, and waits for the head's retry
 * otherwise: a failing head blocks the messages behind it until it succeeds or is exhausted.
 */
export function settleAttempt(
  job: DeliverJob,
  d: SettleDelivery,
  result: AttemptResult,
  policy: RetryPolicy,
  now: number,
  random: () => number = Math.random,
): Settlement {
  const gone = result.statusCode === 410;
  const headJob = (startAfter?: Date) => ({
    data: { m: d.messageId, e: d.endpointId, t: 'head' as const },
    ...(startAfter ? { startAfter } : {}),
  });
  // a FIFO delivery that is final now lets the next one in its line go
  const lineMoves = (status: DeliveryChange['status']) =>
    d.ordering === 'fifo' && d.status === 'pending' && status !== 'pending' ? headJob() : null;

  if (job.t === 'manual') {
    const change: DeliveryChange = result.ok
      ? { status: 'succeeded', addAttempts: 1, addScheduled: 0, nextAttemptAt: null }
      : {
          status: d.status === 'pending' ? 'pending' : 'failed',
          addAttempts: 1,
          addScheduled: 0,
          nextAttemptAt: undefined,
        };
    return { change, next: lineMoves(change.status), exhausted: false, gone };
  }

  const index = job.t === 'head' ? d.scheduledAttempts : job.t;
  const final = (status: 'succeeded' | 'failed', exhausted: boolean): Settlement => ({
    change: { status, addAttempts: 1, addScheduled: 1, nextAttemptAt: null },
    next: job.t === 'head' ? headJob() : lineMoves(status),
    exhausted,
    gone,
  });
  if (result.ok) return final('succeeded', false);
  if (gone) return final('failed', false);
  const at = nextAttemptAt(result, index, policy, now, random);
  if (at === null) return final('failed', true);
  return {
    change: { status: 'pending', addAttempts: 1, addScheduled: 1, nextAttemptAt: at },
    next:
      job.t === 'head'
        ? headJob(at)
        : { data: { m: d.messageId, e: d.endpointId, t: index + 1 }, startAfter: at },
    exhausted: false,
    gone,
  };
}

// --- the endpoint: health (auto-disable) and circuit breaker

export interface EndpointState {
  disabled: boolean;
  /** first failure of the current run of failures; null after any success */
  failingSince: Date | null;
  /** consecutive failed attempts */
  failures: number;
  /** set while the circuit is open or half-open */
  openedAt: Date | null;
  /** when the next probe may go */
  probeAt: Date | null;
}

export interface BreakerPolicy {
  /** consecutive failures that open the circuit; 0 = never */
  threshold: number;
  cooldownSeconds: number;
  maxCooldownSeconds: number;
  /** an endpoint that has only failed for this long is disabled */
  disableAfterSeconds: number;
}

/** One attempt's effect on its endpoint, in the order the attempts finished. */
export interface EndpointAttempt {
  ok: boolean;
  gone: boolean;
  /** this attempt was the probe of a half-open circuit */
  probe: boolean;
}

export interface EndpointSettlement {
  state: EndpointState;
  /** the state differs from the input: write it */
  changed: boolean;
  opened: boolean;
  closed: boolean;
  disable: 'gone' | 'failing' | null;
}

/** Wait before the probe after `failures` consecutive failures: doubles with each failed probe. */
export function cooldownSeconds(failures: number, p: BreakerPolicy): number {
  const reopenings = Math.min(Math.max(failures - p.threshold, 0), 20);
  return Math.min(p.cooldownSeconds * 2 ** reopenings, p.maxCooldownSeconds);
}

/**
 * An endpoint after a run of attempts. Any success clears the failure run and closes the circuit. A
 * failure extends the run; `threshold` consecutive failures open the circuit until a probe may go
 * after the cooldown, and a failed probe re-opens it with a longer cooldown. An endpoint that has
 * only failed for `disableAfterSeconds`, or that answered 410 Gone, is disabled.
 */
export function settleEndpoint(
  s: EndpointState,
  attempts: EndpointAttempt[],
  p: BreakerPolicy,
  now: number,
): EndpointSettlement {
  let { failingSince, failures, openedAt, probeAt } = s;
  let opened = false;
  let closed = false;
  let gone = false;
  for (const a of attempts) {
    if (a.gone) gone = true;
    if (a.ok) {
      failingSince = null;
      failures = 0;
      if (openedAt) closed = true;
      openedAt = null;
      probeAt = null;
      continue;
    }
    failingSince ??= new Date(now);
    failures++;
    if (openedAt) {
      // a failed probe waits longer; failures of attempts already in flight when it opened do not
      if (a.probe) probeAt = new Date(now + cooldownSeconds(failures, p) * 1000);
    } else if (p.threshold > 0 && failures >= p.threshold) {
      openedAt = new Date(now);
      probeAt = new Date(now + cooldownSeconds(failures, p) * 1000);
      opened = true;
      closed = false;
    }
  }
  const failingTooLong = failingSince !== null && now - failingSince.getTime() > p.disableAfterSeconds * 1000;
  const disable = s.disabled ? null : gone ? 'gone' : failingTooLong ? 'failing' : null;
  const state: EndpointState = {
    disabled: s.disabled || disable !== null,
    failingSince,
    failures,
    openedAt,
    probeAt,
  };
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  const changed =
    state.disabled !== s.disabled ||
    state.failures !== s.failures ||
    !same(state.failingSince, s.failingSince) ||
    !same(state.openedAt, s.openedAt) ||
    !same(state.probeAt, s.probeAt);
  return { state, changed, opened, closed, disable };
}
