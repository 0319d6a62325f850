// The receiver of bench/cluster.ts, in a process of its own: every POST is held HOLD_MS, then 200. It keeps,
// per endpoint path, how many requests are in flight at once (its peak: a maxConcurrency check across
// workers), and per delivery (webhook-id x path) whether a second attempt arrived while one was still
// open (two workers attempting one delivery at once) or later (a duplicate).
import { createServer } from 'node:http';

const HOLD_MS = Number(process.env.HOLD_MS ?? 2);

type Stats = { count: number; first: number; last: number; inFlight: number; peakInFlight: number };
let perPath = new Map<string, Stats>();
let open = new Set<string>();
let seen = new Set<string>();
let concurrentDuplicates = 0;
let duplicates = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/reset') {
      perPath = new Map();
      open = new Set();
      seen = new Set();
      concurrentDuplicates = 0;
      duplicates = 0;
      return res.end('{}');
    }
    let count = 0;
    for (const s of perPath.values()) count += s.count;
    return res.end(
      JSON.stringify({ count, concurrentDuplicates, duplicates, paths: Object.fromEntries(perPath) }),
    );
  }
  const path = req.url ?? '/';
  const key = `${req.headers['webhook-id']} ${path}`;
  const now = Date.now();
  let s = perPath.get(path);
  if (!s) {
    s = { count: 0, first: now, last: now, inFlight: 0, peakInFlight: 0 };
    perPath.set(path, s);
  }
  const stats = s;
  if (open.has(key)) concurrentDuplicates++;
  else if (seen.has(key)) duplicates++;
  open.add(key);
  seen.add(key);
  stats.inFlight++;
  stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
  req.resume();
  req.on('end', () => {
    setTimeout(() => {
      stats.inFlight--;
      stats.count++;
      stats.last = Date.now();
      open.delete(key);
      res.end('ok');
    }, HOLD_MS);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
