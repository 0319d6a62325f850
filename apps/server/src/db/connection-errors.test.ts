import { describe, expect, it } from 'vitest';
import { isConnectionError, retryThroughOutage } from './connection-errors.ts';

const lost = Object.assign(new Error('terminating connection due to administrator command'), {
  code: '57P01',
});
const bad = Object.assign(new Error('duplicate key'), { code: '23505' });

/** A function failing with `errors` in turn, then answering 'ok'; counts its calls. */
function failing(...errors: Error[]) {
  let calls = 0;
  const fn = async () => {
    const e = errors[calls++];
    if (e) throw e;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('connection errors', () => {
  it('tells a lost database from an error in the statement', () => {
    expect(isConnectionError(lost)).toBe(true);
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(bad)).toBe(false);
  });

  it('retries through an outage until it succeeds, and other errors only as often as asked', async () => {
    const outage = failing(lost, lost);
    await expect(retryThroughOutage(outage.fn, { forMs: 5000 })).resolves.toBe('ok');
    expect(outage.calls()).toBe(3);
    const other = failing(bad, bad, bad);
    await expect(retryThroughOutage(other.fn, { forMs: 5000, otherAttempts: 2 })).rejects.toBe(bad);
    expect(other.calls()).toBe(2);
  });

  it('gives up with the last error when the outage outlasts forMs, or once stopped', async () => {
    const long = failing(lost, lost, lost, lost, lost);
    const t0 = Date.now();
    await expect(retryThroughOutage(long.fn, { forMs: 600 })).rejects.toBe(lost);
    expect(Date.now() - t0).toBeLessThan(1500);
    const stopped = failing(lost, lost);
    await expect(retryThroughOutage(stopped.fn, { forMs: 5000, stopped: () => true })).rejects.toBe(lost);
    expect(stopped.calls()).toBe(1);
  });
});
