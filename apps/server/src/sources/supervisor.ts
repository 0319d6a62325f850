import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SourceType } from '@herald/contracts';
import { withSaslPassword } from '../brokers/urls.ts';
import type { Context } from '../context.ts';
import { throttledErrorLog } from '../db/pool.ts';
import {
  type ConsumerReport,
  claimBrokerSources,
  pruneStaleReports,
  releaseSourceLeases,
  reportConsumers,
  SHARED_TYPES,
} from '../db/source-consumers.ts';
import type { SourceRow } from '../db/sources.ts';
import { startAmqpConsumer } from './amqp.ts';
import type { SourceConsumer, StartConsumer } from './consumer.ts';
import { startKafkaConsumer } from './kafka.ts';
import { startNatsConsumer } from './nats.ts';
import { startRedisConsumer } from './redis.ts';
import { createFirstAttemptWaiter } from './replies.ts';

const starters: Record<Exclude<SourceType, 'http'>, StartConsumer> = {
  amqp: startAmqpConsumer,
  kafka: startKafkaConsumer,
  nats: startNatsConsumer,
  redis: startRedisConsumer,
};

export interface SourceSupervisor {
  /** this worker's name in source_consumers and on leases */
  workerId: string;
  stop(): Promise<void>;
}

/**
 * Runs the broker sources on this worker. Every scan (HERALD_SOURCE_SCAN_INTERVAL_MS) it reads the
 * broker sources, takes or renews the leases of those consumed by one worker at a time, starts the
 * consumers it should run, restarts those whose source was edited, stops those it should not
 * (deleted, or a lease it lost), and reports their state to `source_consumers`. Sources the broker
 * shares (Kafka groups, competing AMQP consumers, JetStream durables) run on every worker; a dead
 * worker's share is the broker's to hand out again.
 */
export function startSourceSupervisor(ctx: Context, databaseUrl: string): SourceSupervisor {
  const workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = ctx.log.child({ component: 'sources' });
  const waiter = createFirstAttemptWaiter(databaseUrl, ctx.pool, log);
  /** `edited`: the source's updated_at when its consumer started, to see an edit of it */
  const running = new Map<string, { consumer: SourceConsumer; type: SourceType; edited: number }>();
  /** counters of consumers stopped for a restart, reported with their successor's */
  const carried = new Map<string, { consumed: number; deadLettered: number }>();
  const scanError = throttledErrorLog(log, 'source scan failed');
  const leaseMs = ctx.config.HERALD_SOURCE_LEASE_SECONDS * 1000;
  let renewedAt = Date.now();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let scans = 0;

  const start = (row: SourceRow) => {
    const consumer = starters[row.type as keyof typeof starters]({
      ctx: { ...ctx, log },
      // stored encrypted (secrets/cipher.ts): the consumer connects with the plaintext URL or password
      source: {
        ...row,
        broker_url: ctx.secrets.decryptNullable(row.broker_url),
        broker: row.broker && withSaslPassword(row.broker, (p) => ctx.secrets.decrypt(p)),
      },
      waiter,
      batchSize: ctx.config.HERALD_SOURCE_BATCH_SIZE,
    });
    running.set(row.id, { consumer, type: row.type, edited: row.updated_at.getTime() });
  };
  const stopOne = async (id: string) => {
    const r = running.get(id);
    if (!r) return;
    running.delete(id);
    await r.consumer.stop().catch((err) => log.warn({ err, sourceId: id }, 'source consumer stop failed'));
  };

  /**
   * A consumer holds the row it started with (its event type rule, say): an edited source gets a new
   * consumer with the new row, after the old one settled its batch in flight.
   */
  const restart = async (row: SourceRow) => {
    const old = running.get(row.id)!;
    await stopOne(row.id);
    const last = old.consumer.report();
    const before = carried.get(row.id);
    carried.set(row.id, {
      consumed: last.consumed + (before?.consumed ?? 0),
      deadLettered: last.deadLettered + (before?.deadLettered ?? 0),
    });
    start(row);
    log.info({ sourceId: row.id }, 'source edited: its consumer restarted');
  };
  const withCarried = (report: ConsumerReport): ConsumerReport => {
    const c = carried.get(report.sourceId);
    if (!c) return report;
    carried.delete(report.sourceId);
    return {
      ...report,
      consumed: report.consumed + c.consumed,
      deadLettered: report.deadLettered + c.deadLettered,
    };
  };

  async function scan() {
    try {
      const rows = await claimBrokerSources(ctx.pool, workerId, ctx.config.HERALD_SOURCE_LEASE_SECONDS);
      renewedAt = Date.now();
      if (stopped) return;
      const wanted = new Set(rows.map((r) => r.id));
      await Promise.all([...running.keys()].filter((id) => !wanted.has(id)).map(stopOne));
      for (const id of carried.keys()) if (!wanted.has(id)) carried.delete(id);
      const edited = rows.filter((r) => {
        const now = running.get(r.id);
        return now !== undefined && now.edited !== r.updated_at.getTime();
      });
      await Promise.all(edited.map(restart));
      for (const row of rows) if (!running.has(row.id)) start(row);
      await reportConsumers(
        ctx.pool,
        workerId,
        [...running.values()].map((r) => withCarried(r.consumer.report())),
      );
      if (scans++ % 60 === 0) await pruneStaleReports(ctx.pool, ctx.config.HERALD_SOURCE_LEASE_SECONDS);
    } catch (err) {
      scanError(err);
      // a lease that could not be renewed may be someone else's by now: stop what it covered
      if (Date.now() - renewedAt > leaseMs)
        await Promise.all(
          [...running].filter(([, r]) => !SHARED_TYPES.includes(r.type)).map(([id]) => stopOne(id)),
        );
    }
  }

  let current: Promise<void> = Promise.resolve();
  const loop = async () => {
    current = scan();
    await current;
    if (!stopped) timer = setTimeout(loop, ctx.config.HERALD_SOURCE_SCAN_INTERVAL_MS);
  };
  void loop();

  return {
    workerId,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await Promise.all([...running.keys()].map(stopOne));
      await waiter.close();
      // hand the leases over at once, and take this worker's rows off the state
      await releaseSourceLeases(ctx.pool, workerId).catch(() => {});
      await reportConsumers(ctx.pool, workerId, []).catch(() => {});
    },
  };
}
