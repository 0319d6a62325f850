// A minimal webhook receiver for the benchmark, in its own process so it does not share Herald's CPU
// time slice. POST anything -> 200 (POST /slow/... answers after 2 s); GET /count -> how many POSTs
// arrived, and when the last one did; GET /arrival/:webhook-id -> when its first POST arrived;
// GET /arrivals -> every [webhook-id, path, ms] recorded since the last call (then forgotten);
// GET /in-flight -> requests being held by /slow now, and the most at once.
import { createServer } from 'node:http';

const SLOW_MS = 2000;
let count = 0;
let last = 0;
let holding = 0;
let maxHolding = 0;
const arrivals = new Map<string, number>();
let log: Array<[string, string, number]> = [];
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/count') return res.end(JSON.stringify({ count, last }));
    if (req.url === '/reset') {
      count = 0;
      maxHolding = holding;
      arrivals.clear();
      log = [];
      return res.end('{}');
    }
    if (req.url === '/arrivals') {
      const out = log;
      log = [];
      return res.end(JSON.stringify(out));
    }
    if (req.url === '/in-flight') return res.end(JSON.stringify({ now: holding, max: maxHolding }));
    const id = req.url?.slice('/arrival/'.length) ?? '';
    return res.end(JSON.stringify({ at: arrivals.get(id) ?? null }));
  }
  const at = performance.timeOrigin + performance.now();
  req.resume();
  req.on('end', () => {
    count++;
    last = Date.now();
    const id = req.headers['webhook-id'];
    if (typeof id === 'string') {
      if (arrivals.size < 100_000 && !arrivals.has(id)) arrivals.set(id, at);
      if (log.length < 200_000) log.push([id, req.url ?? '', at]);
    }
    if (!req.url?.startsWith('/slow')) return res.end('ok');
    maxHolding = Math.max(maxHolding, ++holding);
    setTimeout(() => {
      holding--;
      res.end('ok');
    }, SLOW_MS);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
