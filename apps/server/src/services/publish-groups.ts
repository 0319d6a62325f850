import type { Context } from '../context.ts';
import { isConnectionError } from '../db/connection-errors.ts';
import {
  insertMessagesAtOnce,
  type JobInserts,
  type MessageRow,
  messagesWithEndpoints,
  type NewMessage,
} from '../db/messages.ts';
import { notifySoon } from '../db/pool.ts';
import { publishGroupSize } from '../metrics.ts';
import { FEED_CHANNEL, jobInsertFrom, QUEUES, WAKE_CHANNEL } from '../queue/boss.ts';

/** At most this many messages share one statement. */
const MAX_GROUP = 250;

export type GroupedMessage = MessageRow & { endpoint_ids: string[] };

export interface PublishGroups {
  /** Inserts one message (with its deliveries and jobs) in the next group statement of its application. */
  publish(row: NewMessage): Promise<GroupedMessage>;
}

interface Waiting {
  row: NewMessage;
  resolve: (m: GroupedMessage) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit of single publishes. Publishes that arrive while the process already has
 * `flights` statements in flight wait for the next free one, and every waiting publish of one
 * application goes into that statement together (`insertMessagesAtOnce`: one statement, its own
 * commit, no BEGIN / COMMIT). An idle process sends a publish at once (the next event-loop check),
 * so a lone publish waits for nothing; under load the groups grow by themselves. Each publish gets
 * its own message back, or its own error: a group that fails for a reason other than the connection
 * is split, each message tried alone.
 */
export function createPublishGroups(ctx: Context, flights: number): PublishGroups {
  const waiting = new Map<string, Waiting[]>();
  let size = 0;
  let inFlight = 0;
  let scheduled = false;
  let inserts: Promise<JobInserts> | null = null;

  const jobInserts = () => {
    inserts ??= Promise.all([
      jobInsertFrom(ctx.boss, QUEUES.deliver),
      jobInsertFrom(ctx.boss, QUEUES.fanOut),
    ]).then(
      ([deliver, fanOut]) => ({ deliver, fanOut }),
      (err: unknown) => {
        inserts = null;
        throw err;
      },
    );
    return inserts;
  };

  const schedule = () => {
    if (scheduled || inFlight >= flights || size === 0) return;
    scheduled = true;
    setImmediate(flush);
  };

  function flush() {
    scheduled = false;
    while (inFlight < flights && size > 0) {
      const [appId, list] = waiting.entries().next().value as [string, Waiting[]];
      const group = list.splice(0, MAX_GROUP);
      if (list.length === 0) waiting.delete(appId);
      size -= group.length;
      inFlight++;
      void run(appId, group).finally(() => {
        inFlight--;
        schedule();
      });
    }
  }

  /**
   * One statement is atomic: if its answer is lost with the connection, it either committed or left
   * nothing. It is sent once more; a duplicate message id then proves the first one committed.
   */
  async function insert(appId: string, rows: NewMessage[]): Promise<GroupedMessage[]> {
    const jobs = await jobInserts();
    const once = () =>
      insertMessagesAtOnce(ctx.pool, appId, rows, ctx.config.HERALD_FANOUT_INLINE_LIMIT, jobs);
    try {
      return await once();
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      try {
        return await once();
      } catch (again) {
        const e = again as { code?: string; constraint?: string };
        // the key of the partition the message went to: messages_<partition>_pkey
        if (e.code === '23505' && /^messages_\w*pkey$/.test(e.constraint ?? ''))
          return messagesWithEndpoints(
            ctx.pool,
            rows.map((r) => r.id),
          );
        throw again;
      }
    }
  }

  async function run(appId: string, group: Waiting[]): Promise<void> {
    let rows: GroupedMessage[];
    try {
      rows = await insert(
        appId,
        group.map((w) => w.row),
      );
    } catch (err) {
      if (group.length > 1 && !isConnectionError(err)) {
        // one message's bad input must not fail the others: each alone, with its own answer
        await Promise.all(group.map((w) => run(appId, [w])));
        return;
      }
      for (const w of group) w.reject(err);
      return;
    }
    publishGroupSize.observe(group.length);
    notifySoon(ctx.pool, [
      [WAKE_CHANNEL, ''],
      [FEED_CHANNEL, appId],
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const w of group) {
      const row = byId.get(w.row.id);
      if (row) w.resolve(row);
      else w.reject(new Error(`message ${w.row.id} missing from its group's answer`));
    }
  }

  return {
    publish(row) {
      return new Promise<GroupedMessage>((resolve, reject) => {
        const list = waiting.get(row.appId);
        if (list) list.push({ row, resolve, reject });
        else waiting.set(row.appId, [{ row, resolve, reject }]);
        size++;
        schedule();
      });
    },
  };
}
