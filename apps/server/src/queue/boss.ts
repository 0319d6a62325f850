import { PgBoss } from 'pg-boss';
import type { Config } from '../config.ts';
import { bossDb, notifyAfterCommit, type Queryable } from '../db/pool.ts';

export const QUEUES = {
  /** one job = one attempt of one delivery */
  deliver: 'deliver',
  /** one job = create the deliveries of a message matched by many endpoints */
  fanOut: 'fan-out',
  /** one job = run one platform job (recover, replay, export) of the jobs table */
  platform: 'platform',
  /** scheduled: one retention pass */
  retention: 'retention',
} as const;

/** NOTIFY channel that wakes idle workers the moment a publish commits. */
export const WAKE_CHANNEL = 'herald_deliver';

/** NOTIFY channel carrying ids of messages whose first attempts were just recorded (publish-and-wait). */
export const FIRST_ATTEMPT_CHANNEL = 'herald_first_attempts';

/** NOTIFY channel carrying the application id of every publish (wakes long polls of the events feed). */
export const FEED_CHANNEL = 'herald_feed';

export interface DeliverJob {
  /** message id */
  m: string;
  /** endpoint id */
  e: string;
  /** manual re-send, or the index of the scheduled attempt (0 = first) */
  t: 'manual' | number;
}

export interface PlatformJob {
  jobId: string;
}

export interface FanOutJob {
  messageId: string;
}

/**
 * A delivery job may be active this long before pg-boss hands it to another worker. It must exceed
 * the HTTP timeout by a margin, or a slow receiver gets a second concurrent attempt.
 */
export function deliverExpirySeconds(config: Config): number {
  return Math.ceil(config.HERALD_HTTP_TIMEOUT_MS / 1000) + 30;
}

export function createBoss(databaseUrl: string, opts: { supervise: boolean; max: number }) {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    max: opts.max,
    application_name: 'herald-queue',
    supervise: opts.supervise,
    schedule: opts.supervise,
    // a crashed worker's jobs are found by the monitor: keep it frequent
    monitorIntervalSeconds: 5,
    superviseIntervalSeconds: 5,
    maintenanceIntervalSeconds: 60,
    registerInstance: false,
  });
  return boss;
}

export async function createQueues(boss: PgBoss, config: Config): Promise<void> {
  const expireInSeconds = deliverExpirySeconds(config);
  await boss.createQueue(QUEUES.deliver, {
    // its own table: a backlog here does not slow other queues, and statistics stay its own
    partition: true,
    expireInSeconds,
    // workers touch the jobs they hold every 3 s: a crashed worker's jobs come back after 10 s
    heartbeatSeconds: 10,
    // pg-boss retries only re-run an attempt that never got recorded (a crashed or stopped worker);
    // delivery retries are scheduled by the record stage as new jobs
    retryLimit: 30,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
    deleteAfterSeconds: 3600,
  });
  await tuneAutovacuum(boss);
  await boss.createQueue(QUEUES.platform, {
    // a crashed worker's job is noticed by its missing heartbeat, not after a long expiry
    heartbeatSeconds: 10,
    expireInSeconds: 6 * 3600,
    retryLimit: 50,
    retryDelay: 2,
    deleteAfterSeconds: 86400,
  });
  await boss.createQueue(QUEUES.retention, {
    expireInSeconds: 3600,
    retryLimit: 1,
    deleteAfterSeconds: 86400,
  });
  await boss.createQueue(QUEUES.fanOut, {
    expireInSeconds: 300,
    retryLimit: 20,
    retryDelay: 2,
    retryBackoff: true,
    deleteAfterSeconds: 3600,
  });
}

/** Enqueues delivery jobs inside the caller's transaction, and wakes workers once it commits. */
export async function enqueueDeliveries(
  boss: PgBoss,
  db: Queryable,
  jobs: Array<{ data: DeliverJob; startAfter?: Date }>,
): Promise<void> {
  if (jobs.length === 0) return;
  await boss.insert(
    QUEUES.deliver,
    jobs.map((j) => (j.startAfter ? { data: j.data, startAfter: j.startAfter } : { data: j.data })),
    { db: bossDb(db) },
  );
  if (jobs.some((j) => !j.startAfter || j.startAfter.getTime() <= Date.now())) {
    notifyAfterCommit(db, WAKE_CHANNEL, '');
  }
}

/** The delivery queue's own table, where its jobs live (the queue is partitioned). */
export async function deliverTable(boss: PgBoss): Promise<string> {
  const queue = await boss.getQueue(QUEUES.deliver);
  if (!queue) throw new Error('delivery queue missing');
  return queue.table;
}

/**
 * The delivery queue's table churns fast: analyse and vacuum it after ~1 % of change instead of
 * PostgreSQL's default 10-20 %, so plans and dead tuples keep up with bursts. Set once (a storage
 * parameter change takes a lock, so it is skipped when already in place).
 */
async function tuneAutovacuum(boss: PgBoss): Promise<void> {
  const table = await deliverTable(boss);
  const db = boss.getDb();
  const { rows } = await db.executeSql(`SELECT reloptions FROM pg_class WHERE oid = $1::regclass`, [
    `pgboss.${table}`,
  ]);
  const options: string[] = rows[0]?.reloptions ?? [];
  if (options.some((o) => o.startsWith('autovacuum_analyze_scale_factor='))) return;
  await db.executeSql(
    `ALTER TABLE pgboss.${table.replace(/[^a-z0-9_]/gi, '')} SET (autovacuum_analyze_scale_factor = 0.01,
       autovacuum_analyze_threshold = 1000, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000)`,
  );
}
