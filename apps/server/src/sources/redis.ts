import { Redis } from 'ioredis';
import type { ConsumedMessage } from '../services/consume.ts';
import {
  Backoff,
  type ConsumerDeps,
  ConsumerState,
  type SourceConsumer,
  Stopper,
  settleBatch,
} from './consumer.ts';

/**
 * One consumer name for every worker: a source runs on one worker at a time (its lease), and a worker
 * taking over reads this name's pending entries first, i.e. what the previous holder read but never
 * acknowledged.
 */
const CONSUMER = 'herald';
/** XREADGROUP waits at most this long, so a stop is noticed within it. */
const BLOCK_MS = 1000;

type Entry = [id: Buffer, fields: Buffer[] | null];

/** A stream entry: the JSON body in the field `body`, every other field a header. */
export function toConsumed(stream: string, [id, fields]: Entry): ConsumedMessage {
  const headers: Record<string, string> = {};
  let body: Buffer | undefined;
  for (let i = 0; i + 1 < (fields?.length ?? 0); i += 2) {
    const name = fields![i]!.toString('utf8');
    if (name === 'body') body = fields![i + 1]!;
    else headers[name.toLowerCase()] = fields![i + 1]!.toString('utf8');
  }
  // an entry without a body field is poison: an empty body is not JSON
  return { id: `${stream}/${id.toString('utf8')}`, headers, body: body ?? Buffer.alloc(0) };
}

/**
 * Consumes a Redis stream through a consumer group (created by Herald, from the stream's start, when
 * missing). Entries are acknowledged (XACK) after their publish committed; poison entries are added to
 * the dead-letter stream first.
 */
export function startRedisConsumer(deps: ConsumerDeps): SourceConsumer {
  const { source } = deps;
  const stream = source.broker!.stream!;
  const group = source.broker!.group!;
  const deadLetter = source.broker!.deadLetter;
  const state = new ConsumerState(deps);
  const stopper = new Stopper();
  const backoff = new Backoff();
  let client: Redis | null = null;

  async function read(redis: Redis, from: '0' | '>'): Promise<Entry[]> {
    const args = ['GROUP', group, CONSUMER, 'COUNT', deps.batchSize];
    if (from === '>') args.push('BLOCK', BLOCK_MS);
    const reply = (await redis.callBuffer('XREADGROUP', ...args, 'STREAMS', stream, from)) as
      | unknown[]
      | null;
    if (!reply || reply.length === 0) return [];
    // RESP2 answers [[stream, entries]]; RESP3 a map, which arrives flattened as [stream, entries]
    const entries = Array.isArray(reply[0]) ? (reply[0] as [Buffer, Entry[]])[1] : (reply[1] as Entry[]);
    return entries ?? [];
  }

  async function lag(redis: Redis) {
    const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
    for (const g of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i + 1 < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
      if (info.get('name') === group) {
        const l = info.get('lag');
        state.setLag(typeof l === 'number' ? l : null);
      }
    }
  }

  async function handle(redis: Redis, entries: Entry[]) {
    const gone = entries.filter(([, fields]) => fields === null).map(([id]) => id);
    if (gone.length > 0) await redis.xack(stream, group, ...gone);
    const items = entries
      .filter(([, fields]) => fields !== null)
      .map((raw) => ({ raw, message: toConsumed(stream, raw) }));
    if (items.length === 0) return;
    await settleBatch(deps, state, items, {
      async deadLetter(poison) {
        const multi = redis.multi();
        for (const p of poison)
          multi.xadd(
            deadLetter,
            '*',
            'body',
            p.message.body,
            'error',
            p.error,
            'source',
            source.id,
            'entry',
            p.raw[0],
          );
        const results = await multi.exec();
        const failed = results?.find(([err]) => err);
        if (!results || failed) throw failed?.[0] ?? new Error('dead-letter XADD was not executed');
      },
      async ack(raws) {
        await redis.xack(stream, group, ...raws.map(([id]) => id));
      },
    });
  }

  async function session() {
    state.connecting();
    const redis = new Redis(source.broker_url!, {
      lazyConnect: true,
      // reconnecting is this loop's job: a broken connection fails the session, which starts over
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeout: 5000,
    });
    // without retries ioredis rejects with "Connection is closed."; the socket's own error says why
    let socketError: Error | undefined;
    redis.on('error', (err: Error) => {
      socketError = err;
    });
    client = redis;
    try {
      await redis.connect().catch((err: Error) => {
        throw socketError ?? err;
      });
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((err: Error) => {
        if (!/BUSYGROUP/.test(err.message)) throw err;
      });
      state.connected();
      backoff.reset();
      await lag(redis);
      let lagAt = Date.now();
      // first what this consumer name read and never acknowledged (a dead holder's), then new entries
      let from: '0' | '>' = '0';
      while (!stopper.stopped) {
        const entries = await read(redis, from);
        if (from === '0' && entries.length === 0) from = '>';
        if (entries.length > 0) {
          try {
            await handle(redis, entries);
          } catch (err) {
            // nothing acknowledged: read the pending entries again after a pause
            state.failed(err, false);
            from = '0';
            await stopper.sleep(backoff.delay());
          }
        }
        if (Date.now() - lagAt > 2000) {
          lagAt = Date.now();
          await lag(redis);
        }
      }
    } finally {
      client = null;
      redis.disconnect();
    }
  }

  const run = (async () => {
    while (!stopper.stopped) {
      try {
        await session();
      } catch (err) {
        if (stopper.stopped) break;
        state.failed(err);
        await stopper.sleep(backoff.delay());
      }
    }
  })();

  return {
    report: () => state.report(),
    async stop() {
      stopper.stop();
      await run;
      (client as Redis | null)?.disconnect();
    },
  };
}
