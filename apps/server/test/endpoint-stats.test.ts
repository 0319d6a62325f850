import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, queryDb, resources } from './helpers/api.ts';
import { eventually, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { startReceiver } from './helpers/receiver.ts';

let h: TestHerald;
let r: ReturnType<typeof resources>;
beforeAll(async () => {
  // no socket needed: the API is called through inject()
  h = await startTestHerald({}, ['api', 'worker'], { inject: true });
  r = resources(h);
});
afterEach(() => {
  expect(h.serverErrors).toEqual([]);
});
afterAll(async () => {
  await h?.stop();
});

const MIN = 60_000;

/** An endpoint with one delivered attempt per entry, then moved to the given time, status and duration. */
async function endpointWithAttempts(attempts: Array<{ at: number; status: string; durationMs: number }>) {
  const receiver = await startReceiver();
  const app = await r.newApp({ retrySchedule: [] });
  const ep = await r.newEndpoint(app.id, receiver.url);
  for (const a of attempts) {
    const msg = await r.publish(app.id, { eventType: 'a.b', payload: {} });
    await eventually(async () => (await r.attemptsOf(app.id, msg.id)).length === 1);
    await queryDb(
      h,
      'UPDATE attempts SET created_at = $2, status = $3, duration_ms = $4 WHERE message_id = $1',
      [msg.id, new Date(a.at), a.status, a.durationMs],
    );
  }
  await receiver.close();
  return { app: app.id, ep: ep.id };
}

describe('endpoint stats series', () => {
  it('cuts the window into buckets on round times, every bucket answered, with counts and latency', async () => {
    const now = Date.now();
    const { app, ep } = await endpointWithAttempts([
      { at: now - 45 * MIN, status: 'succeeded', durationMs: 100 },
      { at: now - 45 * MIN, status: 'failed', durationMs: 300 },
      { at: now, status: 'succeeded', durationMs: 50 },
      { at: now - 3 * 60 * MIN, status: 'failed', durationMs: 999 }, // before the window
    ]);
    const res = await h.api('GET', `/v1/apps/${app}/endpoints/${ep}/stats?window=1h&buckets=12`);
    expect(res.status).toBe(200);
    const { since, series, attempts } = res.body;
    const start = Date.parse(since);
    // 5-minute buckets on multiples of 5 minutes; the last one holds now
    expect(start % (5 * MIN)).toBe(0);
    expect(start + 12 * 5 * MIN).toBeGreaterThan(Date.now() - 1000);
    expect(start + 11 * 5 * MIN).toBeLessThanOrEqual(Date.now());
    expect(series).toHaveLength(12);
    expect(series.map((b: { start: string }) => Date.parse(b.start))).toEqual(
      Array.from({ length: 12 }, (_, i) => start + i * 5 * MIN),
    );

    const bucketOf = (t: number) => series[Math.floor((t - start) / (5 * MIN))];
    const old = bucketOf(now - 45 * MIN);
    expect(old).toMatchObject({ succeeded: 1, failed: 1, p50: 200 });
    expect(old.p99).toBeCloseTo(298, 6);
    expect(bucketOf(now)).toMatchObject({ succeeded: 1, failed: 0, p50: 50, p99: 50 });

    // the totals cover the same buckets: the attempt of three hours ago is in neither
    const sum = (k: 'succeeded' | 'failed') =>
      series.reduce((n: number, b: Record<string, number>) => n + (b[k] ?? 0), 0);
    expect(attempts).toEqual({ succeeded: sum('succeeded'), failed: sum('failed') });
    expect(attempts).toEqual({ succeeded: 2, failed: 1 });
    const empty = series.filter((b: { succeeded: number; failed: number }) => b.succeeded + b.failed === 0);
    expect(empty.length).toBeGreaterThanOrEqual(9);
    for (const b of empty) expect(b).toMatchObject({ p50: null, p99: null });

    // a wider window takes the old attempt in
    const day = await h.api('GET', `/v1/apps/${app}/endpoints/${ep}/stats?window=24h&buckets=24`);
    expect(day.body.series).toHaveLength(24);
    expect(day.body.attempts).toEqual({ succeeded: 2, failed: 2 });
  });

  it('answers no series without buckets, and the window alone sets what is counted', async () => {
    const { app, ep } = await endpointWithAttempts([
      { at: Date.now() - 2 * 60 * MIN, status: 'succeeded', durationMs: 10 },
    ]);
    const plain = await h.api('GET', `/v1/apps/${app}/endpoints/${ep}/stats`);
    expect(plain.status).toBe(200);
    expect(plain.body.series).toBeUndefined();
    expect(plain.body.attempts).toEqual({ succeeded: 1, failed: 0 });
    expect(Date.now() - Date.parse(plain.body.since)).toBeGreaterThanOrEqual(24 * 60 * MIN - 1000);

    const hour = await h.api('GET', `/v1/apps/${app}/endpoints/${ep}/stats?window=1h`);
    expect(hour.body.series).toBeUndefined();
    expect(hour.body.attempts).toEqual({ succeeded: 0, failed: 0 });
    expect(hour.body.successRate).toBeNull();
  });

  it('refuses an unknown window or a bucket count out of range', async () => {
    const { app, ep } = await endpointWithAttempts([]);
    const base = `/v1/apps/${app}/endpoints/${ep}/stats`;
    expectProblem(await h.api('GET', `${base}?window=2h`), 422, 'window');
    expectProblem(await h.api('GET', `${base}?buckets=0`), 422, 'buckets');
    expectProblem(await h.api('GET', `${base}?buckets=97`), 422, 'buckets');
    expectProblem(await h.api('GET', `${base}?buckets=ten`), 422, 'buckets');
  });
});
