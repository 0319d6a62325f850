import { type Job, PgBoss } from 'pg-boss';
// pg-boss's own statement builder, so a job inserted inside our statement gets exactly what insert() gives it
import { insertJobs } from 'pg-boss/dist/plans.js';
import type { Config } from '../config.ts';
import type { EndpointLane } from '../db/endpoints.ts';
import { beginLocked } from '../db/locks.ts';
import { bossDb, notifyAfterCommit, type Pool, type Queryable, withTransaction } from '../db/pool.ts';

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
  /** message id (for a `head` job: the delivery that asked for it; the head is sent, whichever it is) */
  m: string;
  /** endpoint id */
  e: string;
  /**
   * manual re-send; the index of the scheduled attempt (0 = first); or `head`: send the oldest pending
   * delivery of a FIFO endpoint, if it is due (FIFO deliveries have no jobs of their own)
   */
  t: 'manual' | number | 'head';
}

/** The queue tier of a lane: the number of jobs the endpoint may have active at once, as text. */
function laneTier(lane: EndpointLane | undefined): string | undefined {
  if (!lane) return undefined;
  if (lane.ordering === 'fifo') return '1';
  return lane.maxConcurrency === null ? undefined : String(lane.maxConcurrency);
}

/**
 * Fetches delivery jobs, one fetch at a time across every worker. pg-boss counts a group's active jobs
 * in the fetch's own snapshot, so two workers fetching at the same moment would each see the other's
 * jobs as not yet active and together hand out twice an endpoint's maxConcurrency (measured: 20 in
 * flight for a limit of 10). Under the lock each fetch sees the one before it committed. A fetch takes
 * a few milliseconds, so this allows hundreds of fetches, of up to a batch each, per second.
 */
/** The fetch's transaction opens holding its lock: one round trip for both. */
const FETCH_BEGIN = beginLocked('herald.deliver-fetch');

export async function fetchDeliveries(
  boss: PgBoss,
  pool: Pool,
  opts: {
    batchSize: number;
    groupConcurrency: ReturnType<typeof deliverGroupConcurrency>;
    ignoreGroups: string[];
  },
): Promise<Array<Job<DeliverJob>>> {
  return withTransaction(
    pool,
    (db) =>
      boss.fetch<DeliverJob>(QUEUES.deliver, {
        batchSize: opts.batchSize,
        groupConcurrency: opts.groupConcurrency,
        ...(opts.ignoreGroups.length > 0 ? { ignoreGroups: opts.ignoreGroups } : {}),
        db: tierIsLimit(bossDb(db)),
      }),
    FETCH_BEGIN,
  );
}

/** pg-boss's look-up of a group's limit in the fetch: `(<the tiers map> ->> group_tier)`. */
const TIER_LOOKUP = /\((\$\d+)::text::jsonb ->> group_tier\)/g;

/**
 * A job's tier is its endpoint's limit, as a number (laneTier): the fetch reads the limit from the
 * tier itself instead of looking it up in a map of every tier. Given as a map of 1..1000, pg-boss's
 * fetch parsed that JSON (12 KB) for every candidate row once its plan was generic: 0.19 ms each,
 * most of a batch fetch (docs/adr/0017). The map handed over is a one-entry stand-in; the rewrite
 * keeps its parameter referenced, so the statement's parameters stay as pg-boss numbered them.
 * Fails loudly if pg-boss's statement changed shape.
 */
function tierIsLimit(db: ReturnType<typeof bossDb>): ReturnType<typeof bossDb> {
  return {
    executeSql(text: string, values?: unknown[]) {
      if (!/\bgroup_tier\b/.test(text)) return db.executeSql(text, values);
      const lookups = text.match(TIER_LOOKUP)?.length ?? 0;
      if (lookups !== 2)
        throw new Error('pg-boss fetch statement changed: review tierIsLimit in queue/boss.ts');
      return db.executeSql(
        text.replace(TIER_LOOKUP, (_, param: string) => `(group_tier || left(${param}::text, 0))`),
        values,
      );
    },
  };
}

/**
 * The fetch's per-endpoint concurrency: pg-boss counts the active jobs of each group (endpoint) across
 * every worker and hands out no more than the job's tier allows (the default when it has none). A
 * tier is the limit itself (tierIsLimit); the one-entry map only makes pg-boss build its tier branch.
 */
export function deliverGroupConcurrency(config: Config) {
  return { default: config.HERALD_ENDPOINT_MAX_CONCURRENCY, tiers: { '1': 1 } };
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

export function createBoss(
  databaseUrl: string,
  /** monitorIntervalSeconds: HERALD_QUEUE_MONITOR_INTERVAL_SECONDS, for a process that supervises */
  opts: { supervise: boolean; max: number; monitorIntervalSeconds?: number },
) {
  const monitorIntervalSeconds = opts.monitorIntervalSeconds ?? 5;
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    max: opts.max,
    application_name: 'herald-queue',
    supervise: opts.supervise,
    schedule: opts.supervise,
    // a crashed worker's jobs are found by the monitor: keep it frequent
    monitorIntervalSeconds,
    superviseIntervalSeconds: monitorIntervalSeconds,
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
    // workers touch the jobs they hold every HERALD_HEARTBEAT_INTERVAL_MS: a crashed worker's jobs
    // come back once their heartbeat is this old
    heartbeatSeconds: config.HERALD_QUEUE_HEARTBEAT_SECONDS,
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
    heartbeatSeconds: config.HERALD_QUEUE_HEARTBEAT_SECONDS,
    expireInSeconds: 6 * 3600,
    retryLimit: 50,
    retryDelay: 2,
    deleteAfterSeconds: 86400,
  });
  // createQueue leaves an existing queue as it is: a changed HERALD_QUEUE_HEARTBEAT_SECONDS applies here
  for (const name of [QUEUES.deliver, QUEUES.platform])
    await boss.updateQueue(name, { heartbeatSeconds: config.HERALD_QUEUE_HEARTBEAT_SECONDS });
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

/**
 * Enqueues delivery jobs inside the caller's transaction, and wakes workers once it commits. Each job
 * joins its endpoint's group, so the queue never hands out more of them at once than the endpoint's
 * maxConcurrency. A first attempt (t = 0) to a FIFO endpoint becomes a `head` job: FIFO deliveries
 * are sent by head jobs in message order, never by jobs of their own. `lanes` gives the endpoints'
 * settings when the caller has them; the others are read here.
 */
export async function enqueueDeliveries(
  boss: PgBoss,
  db: Queryable,
  jobs: Array<{ data: DeliverJob; startAfter?: Date }>,
  lanes: Map<string, EndpointLane> = new Map(),
): Promise<void> {
  if (jobs.length === 0) return;
  const unknown = [...new Set(jobs.map((j) => j.data.e))].filter((e) => !lanes.has(e));
  const all = unknown.length > 0 ? new Map([...lanes, ...(await readLanes(db, unknown))]) : lanes;
  await boss.insert(
    QUEUES.deliver,
    jobs.map((j) => {
      const lane = all.get(j.data.e);
      const data: DeliverJob =
        lane?.ordering === 'fifo' && j.data.t === 0 ? { ...j.data, t: 'head' } : j.data;
      const tier = laneTier(lane);
      return {
        data,
        group: tier ? { id: j.data.e, tier } : { id: j.data.e },
        ...(j.startAfter ? { startAfter: j.startAfter } : {}),
      };
    }),
    { db: bossDb(db) },
  );
  if (jobs.some((j) => !j.startAfter || j.startAfter.getTime() <= Date.now())) {
    notifyAfterCommit(db, WAKE_CHANNEL, '');
  }
}

async function readLanes(db: Queryable, endpointIds: string[]): Promise<Map<string, EndpointLane>> {
  const { rows } = await db.query<{
    id: string;
    max_concurrency: number | null;
    ordering: 'unordered' | 'fifo';
  }>('SELECT id, max_concurrency, ordering FROM endpoints WHERE id = ANY ($1::text[])', [endpointIds]);
  return new Map(rows.map((r) => [r.id, { maxConcurrency: r.max_concurrency, ordering: r.ordering }]));
}

/**
 * After an endpoint's maxConcurrency or ordering changed: its queued jobs take the new limit (a job's
 * group tier is fixed when it is inserted). Runs on pg-boss's table directly; pg-boss has no bulk update.
 */
export async function retierQueuedDeliveries(
  boss: PgBoss,
  db: Queryable,
  endpointId: string,
  lane: EndpointLane,
) {
  const table = (await deliverTable(boss)).replace(/[^a-z0-9_]/gi, '');
  await db.query(
    `UPDATE pgboss.${table} SET group_tier = $3 WHERE name = $1 AND group_id = $2 AND state < 'active'`,
    [QUEUES.deliver, endpointId, laneTier(lane) ?? null],
  );
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

/** Where pg-boss's insert statement reads its jobs: replaced by a subquery of ours. */
const JOBS_PARAMETER = 'json_to_recordset($1::text::json)';

/**
 * pg-boss's own INSERT of jobs into `queue` (the statement `boss.insert` runs, with the queue's
 * retry, expiry and retention settings), reading its jobs from the SQL expression handed to the
 * result instead of a parameter: a JSON array of pg-boss job objects (`data`, `groupId`,
 * `groupTier`, ...). Lets one statement insert messages, deliveries and their jobs together
 * (the publish path's single round trip). Fails loudly if pg-boss's statement changed shape.
 */
export async function jobInsertFrom(boss: PgBoss, queue: string): Promise<(jobsJson: string) => string> {
  const found = await boss.getQueue(queue);
  if (!found) throw new Error(`queue ${queue} missing`);
  const sql = insertJobs('pgboss', { table: found.table, name: queue, returnId: false });
  if (sql.split(JOBS_PARAMETER).length !== 2 || /\$[2-9]/.test(sql))
    throw new Error('pg-boss insert statement changed: review jobInsertFrom in queue/boss.ts');
  return (jobsJson) => sql.replace(JOBS_PARAMETER, () => `json_to_recordset((${jobsJson})::json)`);
}
