// The hand-rolled baselines of npm run bench, as a child process (so they get a process of their own,
// like Herald's worker): a pg-boss fetch -> (sign) -> undici POST -> complete loop with nothing else.
//   node bench/pipeline.ts <databaseUrl> <pg-boss schema> <queue> <sign: 0|1>
// Two loops of 100 jobs (200 in flight at most, like a Herald worker). No delivery log, no retries,
// no fairness. Sends {ready} once started, then runs until killed.
import { createHmac } from 'node:crypto';
import { PgBoss } from 'pg-boss';
import { Agent, request } from 'undici';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
const [databaseUrl, schema, queue, sign] = process.argv.slice(2);

interface PipelineJob {
  id: string;
  url: string;
  body: string;
}

async function main() {
  const boss = new PgBoss({
    connectionString: databaseUrl!,
    schema: schema!,
    max: 4,
    supervise: false,
    schedule: false,
  });
  boss.on('error', (err) => console.error('pipeline:', err.message));
  await boss.start();
  const agent = new Agent({ connections: 200 });
  const post = async (j: PipelineJob) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'webhook-id': j.id };
    if (sign === '1') {
      const ts = Math.floor(Date.now() / 1000);
      headers['webhook-timestamp'] = String(ts);
      headers['webhook-signature'] =
        `v1,${createHmac('sha256', SECRET).update(`${j.id}.${ts}.${j.body}`).digest('base64')}`;
    }
    const res = await request(j.url, { method: 'POST', headers, body: j.body, dispatcher: agent });
    await res.body.dump();
  };
  process.send?.({ ready: true });
  const loop = async () => {
    for (;;) {
      const jobs = await boss.fetch<PipelineJob>(queue!, { batchSize: 100 });
      if (jobs.length === 0) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      await Promise.all(jobs.map((j) => post(j.data).catch(() => {})));
      await boss.complete(
        queue!,
        jobs.map((j) => j.id),
      );
    }
  };
  await Promise.all([loop(), loop()]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
