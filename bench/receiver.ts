// A minimal webhook receiver for the benchmark, in its own process so it does not share Herald's CPU
// time slice. POST anything -> 200; GET /count -> how many POSTs arrived, and when the last one did.
import { createServer } from 'node:http';

let count = 0;
let last = 0;
const arrivals = new Map<string, number>();
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/count') return res.end(JSON.stringify({ count, last }));
    if (req.url === '/reset') {
      count = 0;
      arrivals.clear();
      return res.end('{}');
    }
    const id = req.url?.slice('/arrival/'.length) ?? '';
    return res.end(JSON.stringify({ at: arrivals.get(id) ?? null }));
  }
  req.resume();
  req.on('end', () => {
    count++;
    last = Date.now();
    const id = req.headers['webhook-id'];
    if (typeof id === 'string' && arrivals.size < 100_000)
      arrivals.set(id, performance.timeOrigin + performance.now());
    res.end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
