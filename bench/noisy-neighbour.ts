// The noisy-neighbour scenario of npm run bench: app X's endpoint holds every request 10 s and has a
// backlog of 400 messages; app Y publishes 50 single messages to a healthy endpoint meanwhile. Reports Y's
// publish -> receipt latency, and how X is served: its most requests in flight (it should be exactly its
// maxConcurrency, neither more nor fewer) and its deliveries started per second over two hold periods.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { percentile, sleep } from './harness.ts';

const HOLD_MS = 10_000;
const X_MAX_CONCURRENCY = 10;
const X_MESSAGES = 400;
const Y_MESSAGES = 50;
/** X's throughput is measured over this long from its first request: two waves of maxConcurrency */
const WINDOW_MS = 2 * HOLD_MS;

type Call = (method: string, path: string, body?: unknown) => Promise<any>;
type Report = (name: string, value: string) => void;

/** On 127.0.0.1, in this process: /x answers after HOLD_MS, /y at once; both record when requests began. */
async function startHoldingReceiver() {
  const xStarts: number[] = [];
  const yArrivals = new Map<string, number>();
  let xInFlight = 0;
  let xMaxInFlight = 0;
  const holds = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const at = performance.now();
    req.resume();
    if (req.url === '/x') {
      xStarts.push(at);
      xMaxInFlight = Math.max(xMaxInFlight, ++xInFlight);
      res.once('close', () => xInFlight--);
      const hold = setTimeout(() => {
        holds.delete(hold);
        if (!res.destroyed) res.end('ok');
      }, HOLD_MS);
      holds.add(hold);
      return;
    }
    const id = req.headers['webhook-id'];
    if (typeof id === 'string' && !yArrivals.has(id)) yArrivals.set(id, at);
    req.once('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    xStarts,
    yArrivals,
    xInFlight: () => xInFlight,
    xMaxInFlight: () => xMaxInFlight,
    /** drops the held requests too: clears their timers and destroys every connection */
    async close() {
      for (const hold of holds) clearTimeout(hold);
      holds.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `done` every 10 ms for at most `ms`; says whether it became true. */
async function within(ms: number, done: () => boolean) {
  const until = performance.now() + ms;
  while (!done()) {
    if (performance.now() > until) return false;
    await sleep(10);
  }
  return true;
}

export async function noisyNeighbour(call: Call, report: Report) {
  console.log(
    `\nNoisy neighbour: X's endpoint holds every request ${HOLD_MS / 1000} s, maxConcurrency ${X_MAX_CONCURRENCY}` +
      `\n  (target: Y p95 < 1 s; X in flight = its maxConcurrency)`,
  );
  const r = await startHoldingReceiver();
  let x: string | undefined;
  try {
    x = (await call('POST', '/v1/apps', { name: 'bench noisy X' })).id as string;
    const y = (await call('POST', '/v1/apps', { name: 'bench healthy Y' })).id as string;
    await call('POST', `/v1/apps/${x}/endpoints`, { url: `${r.base}/x`, maxConcurrency: X_MAX_CONCURRENCY });
    await call('POST', `/v1/apps/${y}/endpoints`, { url: `${r.base}/y` });
    const messages = Array.from({ length: X_MESSAGES }, (_, n) => ({
      eventType: 'bench.noisy',
      payload: { n },
    }));
    await call('POST', `/v1/apps/${x}/messages/batch`, { messages });
    if (!(await within(15_000, () => r.xInFlight() >= X_MAX_CONCURRENCY)))
      console.log(`  X reached only ${r.xInFlight()} in flight within 15 s; publishing Y's messages anyway`);

    // Y: one message at a time, each timed from just before its publish request
    const sentAt = new Map<string, number>();
    for (let i = 0; i < Y_MESSAGES; i++) {
      const t = performance.now();
      const msg = await call('POST', `/v1/apps/${y}/messages`, {
        eventType: 'bench.healthy',
        payload: { i },
      });
      if (typeof msg?.id === 'string') sentAt.set(msg.id, t);
    }
    await within(15_000, () => [...sentAt.keys()].every((id) => r.yArrivals.has(id)));
    const latencies = [...sentAt].flatMap(([id, t]) => {
      const at = r.yArrivals.get(id);
      return at === undefined ? [] : [at - t];
    });
    // X: every request that began within WINDOW_MS of its first one
    const x0 = r.xStarts[0];
    if (x0 !== undefined) await sleep(Math.max(0, x0 + WINDOW_MS - performance.now()) + 500);
    const xStarted = x0 === undefined ? 0 : r.xStarts.filter((t) => t < x0 + WINDOW_MS).length;

    report('Y deliveries received / published', `${latencies.length} / ${Y_MESSAGES}`);
    if (latencies.length > 0)
      report(
        'Y publish -> receipt latency (p50 / p95 / max ms)',
        `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 95).toFixed(1)} / ${Math.max(...latencies).toFixed(1)}`,
      );
    report(`X requests in flight, max (maxConcurrency ${X_MAX_CONCURRENCY})`, `${r.xMaxInFlight()}`);
    report(
      `X deliveries started/s, first ${WINDOW_MS / 1000} s (ceiling ${(X_MAX_CONCURRENCY / (HOLD_MS / 1000)).toFixed(2)})`,
      `${(xStarted / (WINDOW_MS / 1000)).toFixed(2)}  (${xStarted} started)`,
    );
  } finally {
    // no new requests to X, then drop the held ones
    if (x !== undefined) await call('DELETE', `/v1/apps/${x}`).catch(() => {});
    await r.close();
  }
}
