import type { MessageIn } from '@herald/contracts';
import type { Context } from '../context.ts';
import type { AppRow } from '../db/apps.ts';
import { matchEndpoints } from '../db/endpoints.ts';
import { findEventType } from '../db/event-types.ts';
import {
  claimIdempotencyKey,
  findMessage,
  insertDeliveries,
  insertMessage,
  type MessageRow,
} from '../db/messages.ts';
import { bossDb, type PoolClient, withTransaction } from '../db/pool.ts';
import { HeraldError } from '../errors.ts';
import { newId } from '../ids.ts';
import { enqueueDeliveries, QUEUES } from '../queue/boss.ts';

export interface Published {
  message: MessageRow;
  /** false when an idempotency key matched an earlier message: nothing was dispatched */
  created: boolean;
  /** endpoints that got a delivery in this transaction (empty when fanned out by a job) */
  endpointIds: string[];
}

/** Checks payloads against their event types' schemas before any write; 422 names the field. */
async function validatePayloads(
  ctx: Context,
  db: PoolClient,
  inputs: MessageIn[],
  prefix: (i: number) => string,
) {
  const types = new Map<string, Awaited<ReturnType<typeof findEventType>>>();
  for (const [i, input] of inputs.entries()) {
    if (!types.has(input.eventType)) types.set(input.eventType, await findEventType(db, input.eventType));
    const type = types.get(input.eventType);
    if (!type) continue;
    const errors = ctx.payloads.check(type, input.payload);
    if (errors.length > 0) {
      const named = errors.map((e) => ({ path: prefix(i) + e.path, message: e.message }));
      throw new HeraldError(
        'validation_failed',
        `payload does not match the schema of event type ${input.eventType}: ${named[0]!.path} ${named[0]!.message}`,
        named,
      );
    }
  }
}

/**
 * The transactional outbox: the message, one delivery per matching endpoint and their first jobs
 * commit together, or nothing does. A message matching more than HERALD_FANOUT_INLINE_LIMIT endpoints
 * commits with one fan-out job instead, so publish stays fast whatever the number of endpoints.
 */
async function publishOne(
  ctx: Context,
  db: PoolClient,
  app: AppRow,
  input: MessageIn,
  idempotencyKey: string | undefined,
): Promise<Published> {
  const id = newId('msg');
  const keys = [
    ...(input.eventId ? [`event:${input.eventId}`] : []),
    ...(idempotencyKey ? [`key:${idempotencyKey}`] : []),
  ];
  for (const key of keys) {
    const claim = await claimIdempotencyKey(db, app.id, key, id);
    if (!claim.claimed) {
      const earlier = await findMessage(db, app.id, claim.messageId);
      if (earlier) return { message: earlier, created: false, endpointIds: [] };
    }
  }

  const message = await insertMessage(db, {
    id,
    appId: app.id,
    eventType: input.eventType,
    eventId: input.eventId ?? null,
    channels: input.channels ?? [],
    payloadJson: JSON.stringify(input.payload),
  });

  const limit = ctx.config.HERALD_FANOUT_INLINE_LIMIT;
  const matched = await matchEndpoints(db, app.id, input.eventType, message.channels, limit + 1);
  if (matched.length > limit) {
    await ctx.boss.send(QUEUES.fanOut, { messageId: id }, { db: bossDb(db) });
    return { message, created: true, endpointIds: [] };
  }
  const endpointIds = await insertDeliveries(db, app.id, id, matched);
  await enqueueDeliveries(
    ctx.boss,
    db,
    endpointIds.map((e) => ({ data: { m: id, e, t: 0 } })),
  );
  return { message, created: true, endpointIds };
}

export async function publishMessage(
  ctx: Context,
  app: AppRow,
  input: MessageIn,
  idempotencyKey?: string,
): Promise<Published> {
  return withTransaction(ctx.pool, async (db) => {
    await validatePayloads(ctx, db, [input], () => '');
    return publishOne(ctx, db, app, input, idempotencyKey);
  });
}

/** All or nothing: one transaction for the whole batch. */
export async function publishBatch(ctx: Context, app: AppRow, inputs: MessageIn[]): Promise<Published[]> {
  return withTransaction(ctx.pool, async (db) => {
    await validatePayloads(ctx, db, inputs, (i) => `messages.${i}.`);
    const out: Published[] = [];
    for (const input of inputs) out.push(await publishOne(ctx, db, app, input, undefined));
    return out;
  });
}

/** Publishes into the same transaction as the caller (operational events recorded with an attempt). */
export async function publishWithin(
  ctx: Context,
  db: PoolClient,
  app: AppRow,
  input: MessageIn,
): Promise<Published> {
  return publishOne(ctx, db, app, input, undefined);
}
