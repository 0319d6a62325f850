import { describe, expect, it } from 'vitest';
import type { DeliverJob } from '../queue/boss.ts';
import {
  type BreakerPolicy,
  cooldownSeconds,
  type EndpointState,
  nextAttemptAt,
  type SettleDelivery,
  settleAttempt,
  settleEndpoint,
  settleWithoutAttempt,
} from './settle.ts';

const now = 1_700_000_000_000;
const ok = { ok: true, statusCode: 204, retryAfterSeconds: null };
const fail = (statusCode: number | null, retryAfterSeconds: number | null = null) => ({
  ok: false,
  statusCode,
  retryAfterSeconds,
});
const noJitter = (schedule: number[]) => ({ schedule, jitter: 0 });
const delivery = (over: Partial<SettleDelivery> = {}): SettleDelivery => ({
  messageId: 'msg_1',
  endpointId: 'ep_1',
  status: 'pending',
  scheduledAttempts: 0,
  ordering: 'unordered',
  ...over,
});
const job = (t: DeliverJob['t']): DeliverJob => ({ m: 'msg_1', e: 'ep_1', t });

describe('retry schedule', () => {
  it('waits schedule[index] after a failure, then nothing is left', () => {
    expect(nextAttemptAt(fail(500), 0, noJitter([5, 300]), now, Math.random)).toEqual(new Date(now + 5000));
    expect(nextAttemptAt(fail(null), 1, noJitter([5, 300]), now, Math.random)).toEqual(
      new Date(now + 300_000),
    );
    expect(nextAttemptAt(fail(500), 2, noJitter([5, 300]), now, Math.random)).toBeNull();
  });

  it('spreads delays by +-jitter', () => {
    const p = { schedule: [100], jitter: 0.2 };
    expect(nextAttemptAt(fail(500), 0, p, now, () => 0)?.getTime()).toBe(now + 80_000);
    const high = nextAttemptAt(fail(500), 0, p, now, () => 0.999999)!;
    expect(Math.round((high.getTime() - now) / 1000)).toBe(120);
  });

  it('honours Retry-After on 429 and 503 only, capped at one hour', () => {
    const p = { schedule: [5, 5], jitter: 0.2 };
    expect(nextAttemptAt(fail(429, 42), 0, p, now, Math.random)?.getTime()).toBe(now + 42_000);
    expect(nextAttemptAt(fail(503, 99_999), 0, p, now, Math.random)?.getTime()).toBe(now + 3_600_000);
    expect(nextAttemptAt(fail(500, 42), 0, noJitter([5]), now, Math.random)?.getTime()).toBe(now + 5000);
  });
});

describe('settling an attempt', () => {
  it('a success is final and schedules nothing', () => {
    const s = settleAttempt(job(3), delivery(), ok, noJitter([5]), now);
    expect(s).toEqual({
      change: { status: 'succeeded', addAttempts: 1, addScheduled: 1, nextAttemptAt: null },
      next: null,
      exhausted: false,
      gone: false,
    });
  });

  it('a failure schedules the next step of the job, and the last one is exhausted', () => {
    const s = settleAttempt(job(0), delivery(), fail(500), noJitter([5, 60]), now);
    expect(s.change).toEqual({
      status: 'pending',
      addAttempts: 1,
      addScheduled: 1,
      nextAttemptAt: new Date(now + 5000),
    });
    expect(s.next).toEqual({ data: { m: 'msg_1', e: 'ep_1', t: 1 }, startAfter: new Date(now + 5000) });
    const last = settleAttempt(job(2), delivery(), fail(500), noJitter([5, 60]), now);
    expect(last.change.status).toBe('failed');
    expect(last.exhausted).toBe(true);
    expect(last.next).toBeNull();
  });

  it('410 Gone fails at once and asks to disable the endpoint', () => {
    const s = settleAttempt(job(0), delivery(), fail(410), noJitter([5, 5, 5]), now);
    expect(s.change.status).toBe('failed');
    expect(s.gone).toBe(true);
    expect(s.exhausted).toBe(false);
  });

  it('a manual attempt never schedules and leaves a pending retry alone', () => {
    const failed = settleAttempt(job('manual'), delivery(), fail(500), noJitter([5]), now);
    expect(failed.change).toEqual({
      status: 'pending',
      addAttempts: 1,
      addScheduled: 0,
      nextAttemptAt: undefined,
    });
    expect(failed.next).toBeNull();
    const onFailed = settleAttempt(
      job('manual'),
      delivery({ status: 'failed' }),
      fail(500),
      noJitter([5]),
      now,
    );
    expect(onFailed.change.status).toBe('failed');
    const won = settleAttempt(job('manual'), delivery({ status: 'failed' }), ok, noJitter([5]), now);
    expect(won.change).toEqual({ status: 'succeeded', addAttempts: 1, addScheduled: 0, nextAttemptAt: null });
  });

  it('a FIFO head takes its place in the schedule from the delivery, and its retry is a head job', () => {
    const head = delivery({ ordering: 'fifo', scheduledAttempts: 1 });
    const s = settleAttempt(job('head'), head, fail(500), noJitter([5, 60, 600]), now);
    expect(s.change.nextAttemptAt).toEqual(new Date(now + 60_000));
    expect(s.next).toEqual({
      data: { m: 'msg_1', e: 'ep_1', t: 'head' },
      startAfter: new Date(now + 60_000),
    });
  });

  it('a FIFO line moves on at once when its head is final, by success or exhaustion', () => {
    const head = delivery({ ordering: 'fifo', scheduledAttempts: 2 });
    for (const r of [ok, fail(500)]) {
      const s = settleAttempt(job('head'), head, r, noJitter([5, 60]), now);
      expect(s.change.status).not.toBe('pending');
      expect(s.next).toEqual({ data: { m: 'msg_1', e: 'ep_1', t: 'head' } });
    }
  });

  it('a manual success on a FIFO delivery lets its line move on', () => {
    const s = settleAttempt(job('manual'), delivery({ ordering: 'fifo' }), ok, noJitter([5]), now);
    expect(s.next).toEqual({ data: { m: 'msg_1', e: 'ep_1', t: 'head' } });
    const again = settleAttempt(
      job('manual'),
      delivery({ ordering: 'fifo', status: 'succeeded' }),
      ok,
      noJitter([5]),
      now,
    );
    expect(again.next).toBeNull();
  });
});

describe('settling without an attempt', () => {
  it('skips a scheduled job of a succeeded delivery or a disabled endpoint; a manual one always goes', () => {
    expect(settleWithoutAttempt(job(1), { status: 'succeeded', disabled: false })?.change.status).toBe(
      'succeeded',
    );
    expect(settleWithoutAttempt(job('head'), { status: 'pending', disabled: true })?.change).toEqual({
      status: 'failed',
      addAttempts: 0,
      addScheduled: 0,
      nextAttemptAt: null,
    });
    expect(settleWithoutAttempt(job('manual'), { status: 'succeeded', disabled: true })).toBeNull();
    expect(settleWithoutAttempt(job(0), { status: 'pending', disabled: false })).toBeNull();
    // a FIFO head that ends without an attempt lets its line move on; other jobs just end
    expect(settleWithoutAttempt(job('head'), { status: 'pending', disabled: true })?.next).toEqual({
      data: job('head'),
    });
    expect(settleWithoutAttempt(job(1), { status: 'pending', disabled: true })?.next).toBeNull();
  });
});

describe('settling an endpoint', () => {
  const policy: BreakerPolicy = {
    threshold: 3,
    cooldownSeconds: 30,
    maxCooldownSeconds: 600,
    disableAfterSeconds: 86_400,
  };
  const clean: EndpointState = {
    disabled: false,
    failingSince: null,
    failures: 0,
    openedAt: null,
    probeAt: null,
  };
  const failed = { ok: false, gone: false, probe: false };
  const succeeded = { ok: true, gone: false, probe: false };

  it('a success on a healthy endpoint changes nothing (no write)', () => {
    expect(settleEndpoint(clean, [succeeded, succeeded], policy, now).changed).toBe(false);
  });

  it('opens after `threshold` consecutive failures, with the probe after the cooldown', () => {
    const s = settleEndpoint(clean, [failed, failed, failed], policy, now);
    expect(s.opened).toBe(true);
    expect(s.state).toEqual({
      disabled: false,
      failingSince: new Date(now),
      failures: 3,
      openedAt: new Date(now),
      probeAt: new Date(now + 30_000),
    });
  });

  it('a success in between resets the run', () => {
    const s = settleEndpoint(clean, [failed, failed, succeeded, failed, failed], policy, now);
    expect(s.opened).toBe(false);
    expect(s.state.failures).toBe(2);
  });

  it('a failed probe re-opens with a doubled cooldown, capped; a success closes', () => {
    const open: EndpointState = {
      ...clean,
      failures: 3,
      failingSince: new Date(now - 1000),
      openedAt: new Date(now - 1000),
      probeAt: new Date(now),
    };
    const reopened = settleEndpoint(open, [{ ...failed, probe: true }], policy, now);
    expect(reopened.state.probeAt).toEqual(new Date(now + 60_000));
    expect(reopened.state.openedAt).toEqual(open.openedAt);
    expect(cooldownSeconds(50, policy)).toBe(600);
    const closed = settleEndpoint(open, [{ ...succeeded, probe: true }], policy, now);
    expect(closed.closed).toBe(true);
    expect(closed.state).toEqual(clean);
  });

  it('failures of attempts already in flight when it opened do not push the probe back', () => {
    const open: EndpointState = {
      ...clean,
      failures: 3,
      failingSince: new Date(now),
      openedAt: new Date(now),
      probeAt: new Date(now + 30_000),
    };
    const s = settleEndpoint(open, [failed, failed], policy, now + 5000);
    expect(s.state.probeAt).toEqual(new Date(now + 30_000));
    expect(s.state.failures).toBe(5);
  });

  it('threshold 0 never opens', () => {
    const s = settleEndpoint(clean, Array(50).fill(failed), { ...policy, threshold: 0 }, now);
    expect(s.state.openedAt).toBeNull();
  });

  it('disables on 410 Gone, and after failing only for disableAfterSeconds', () => {
    expect(settleEndpoint(clean, [{ ...failed, gone: true }], policy, now).disable).toBe('gone');
    const long: EndpointState = { ...clean, failures: 1, failingSince: new Date(now - 86_401_000) };
    const s = settleEndpoint(long, [failed], { ...policy, threshold: 0 }, now);
    expect(s.disable).toBe('failing');
    expect(s.state.disabled).toBe(true);
    expect(settleEndpoint({ ...long, disabled: true }, [failed], policy, now).disable).toBeNull();
  });
});
