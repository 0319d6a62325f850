import type { MessageIn } from '@herald/contracts';
import type { Context } from '../context.ts';
import type { AppRow } from '../db/apps.ts';
import { claimIdempotencyKeys, releaseIdempotencyKeys } from '../db/idempotency-keys.ts';
import {
  findMessages,
  insertMessagesWithDeliveries,
  type MessageRow,
  type NewMessage,
} from '../db/messages.ts';
import { bossDb, notifyAfterCommit, type Tx, withTransaction } from '../db/pool.ts';
import { HeraldError } from '../errors.ts';
import { newId } from '../ids.ts';
import { publishedMessages } from '../metrics.ts';
import { type DeliverJob, enqueueDeliveries, FEED_CHANNEL, QUEUES } from '../queue/boss.ts';
import { inSpan, type OtelContext } from '../telemetry/tracing.ts';
import { createPublishGroups, type PublishGroups } from './publish-groups.ts';

export interface Published {
  message: MessageRow;
  /** false when an idempotency key matched an earlier message: nothing was dispatched */
  created: boolean;
  /** endpoints that got a delivery in this transaction (empty when fanned out by a job) */
  endpointIds: string[];
}

/** What a publish carries besides its messages. */
export interface PublishMeta {
  /** the Idempotency-Key header */
  idempotencyKey?: string | undefined;
  /** x-request-id of the request (stored on the message, on the worker's log lines for it) */
  requestId?: string | null;
  /** the request's span: the outbox span goes under it (tracing) */
  trace?: OtelContext | undefined;
  /** set by the outbox span: stored on the messages, so their attempts join the trace */
  traceparent?: string | null;
}

interface Draft {
  input: MessageIn;
  keys: string[];
  row: NewMessage;
}

/** Checks payloads against their event types' schemas before any write; 422 names the field. */
export async function validatePayloads(ctx: Context, inputs: MessageIn[], prefix: (i: number) => string) {
  for (const [i, input] of inputs.entries()) {
    const type = await ctx.eventTypes.get(input.eventType);
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
 * The transactional outbox, for one message or a batch: the messages, one delivery per matching
 * endpoint and their first jobs commit together, or nothing does. Each step is one statement for the
 * whole batch. An application with more than HERALD_FANOUT_INLINE_LIMIT enabled endpoints gets one
 * fan-out job per message instead, so publishing stays fast whatever the number of endpoints.
 */
export async function publishWithin(
  ctx: Context,
  db: Tx,
  app: AppRow,
  inputs: MessageIn[],
  meta: PublishMeta = {},
): Promise<Published[]> {
  const { idempotencyKey } = meta;
  const drafts: Draft[] = inputs.map((input) => ({
    input,
    keys: [
      ...(input.eventId ? [`event:${input.eventId}`] : []),
      ...(idempotencyKey ? [`key:${idempotencyKey}`] : []),
    ],
    row: {
      id: newId('msg'),
      appId: app.id,
      eventType: input.eventType,
      eventId: input.eventId ?? null,
      channels: input.channels ?? [],
      payloadJson: JSON.stringify(input.payload),
      requestId: meta.requestId ?? null,
      traceparent: meta.traceparent ?? null,
    },
  }));

  // idempotency: a key already held by a live message makes that draft a repeat
  const repeats = new Map<Draft, string>();
  const keyed = drafts.flatMap((d) => d.keys.map((key) => ({ key, messageId: d.row.id, draft: d })));
  if (keyed.length > 0) {
    const holders = await claimIdempotencyKeys(db, app.id, keyed);
    for (const k of keyed) {
      const holder = holders.get(k.key);
      if (holder && holder !== k.messageId && !repeats.has(k.draft)) repeats.set(k.draft, holder);
    }
    // a repeat may have claimed its other keys for a message it will not create: free them again
    const unused = [...repeats.keys()].filter((d) => d.keys.length > 1);
    if (unused.length > 0)
      await releaseIdempotencyKeys(
        db,
        app.id,
        unused.flatMap((d) => d.keys.map((key) => ({ key, messageId: d.row.id }))),
      );
  }
  const fresh = drafts.filter((d) => !repeats.has(d));
  const earlier = await findMessages(db, app.id, [...new Set(repeats.values())]);
  // one statement: the messages, and their deliveries when the app has few enough endpoints
  const {
    messages: inserted,
    inline,
    lanes,
  } = await insertMessagesWithDeliveries(
    db,
    app.id,
    fresh.map((d) => d.row),
    ctx.config.HERALD_FANOUT_INLINE_LIMIT,
  );
  const matched = new Map(inserted.map((m) => [m.id, m.endpoint_ids]));
  if (fresh.length > 0 && !inline) {
    await ctx.boss.insert(
      QUEUES.fanOut,
      fresh.map((d) => ({ data: { messageId: d.row.id } })),
      { db: bossDb(db) },
    );
  } else {
    await enqueueDeliveries(
      ctx.boss,
      db,
      inserted.flatMap((m) =>
        m.endpoint_ids.map((e): { data: DeliverJob } => ({ data: { m: m.id, e, t: 0 } })),
      ),
      lanes,
    );
  }
  if (fresh.length > 0) notifyAfterCommit(db, FEED_CHANNEL, app.id);

  const byId = new Map([...inserted, ...earlier].map((m) => [m.id, m]));
  return drafts.map((d) => {
    const repeatOf = repeats.get(d);
    if (repeatOf) {
      const message = byId.get(repeatOf);
      if (!message)
        throw new HeraldError('conflict', 'the idempotency key belongs to a message that no longer exists');
      return { message, created: false, endpointIds: [] };
    }
    return { message: byId.get(d.row.id)!, created: true, endpointIds: matched.get(d.row.id) ?? [] };
  });
}

/** The outbox transaction as a span (under the request's), its traceparent handed to the messages. */
function outbox(
  ctx: Context,
  app: AppRow,
  count: number,
  meta: PublishMeta,
  run: (meta: PublishMeta) => Promise<Published[]>,
): Promise<Published[]> {
  if (!ctx.tracing.enabled) return run(meta);
  return inSpan(
    ctx.tracing,
    'herald.outbox',
    { parent: meta.trace, attributes: { 'herald.app.id': app.id, 'herald.messages': count } },
    async (span, spanCtx) => {
      const published = await run({ ...meta, traceparent: ctx.tracing.traceparent(spanCtx) });
      if (published.length === 1) span.setAttribute('herald.message.id', published[0]!.message.id);
      span.setAttribute(
        'herald.deliveries',
        published.reduce((n, p) => n + p.endpointIds.length, 0),
      );
      return published;
    },
  );
}

/** Statements of grouped publishes in flight at once, per process (see publish-groups.ts). */
const GROUP_FLIGHTS = 2;
const groups = new WeakMap<Context, PublishGroups>();

/**
 * One message. Without an idempotency key (no eventId, no Idempotency-Key) there is nothing to read
 * first, so it joins the group commit: one statement inserts it with its deliveries and jobs,
 * together with the other publishes of its application of the moment. With a key it takes the
 * transaction of publishWithin, where the key is claimed first; so does every publish while tracing
 * is on (the outbox span and its traceparent belong to that transaction).
 */
export async function publishMessage(
  ctx: Context,
  app: AppRow,
  input: MessageIn,
  meta: PublishMeta = {},
): Promise<Published> {
  await validatePayloads(ctx, [input], () => '');
  if (input.eventId === undefined && meta.idempotencyKey === undefined && !ctx.tracing.enabled) {
    let g = groups.get(ctx);
    if (!g) {
      g = createPublishGroups(ctx, GROUP_FLIGHTS);
      groups.set(ctx, g);
    }
    const row = await g.publish({
      id: newId('msg'),
      appId: app.id,
      eventType: input.eventType,
      eventId: null,
      channels: input.channels ?? [],
      payloadJson: JSON.stringify(input.payload),
      requestId: meta.requestId ?? null,
    });
    publishedMessages.inc();
    return { message: row, created: true, endpointIds: row.endpoint_ids };
  }
  const [published] = await outbox(ctx, app, 1, meta, (m) =>
    withTransaction(ctx.pool, (db) => publishWithin(ctx, db, app, [input], m)),
  );
  if (published!.created) publishedMessages.inc();
  return published!;
}

/** All or nothing: one transaction, and one statement per step, for the whole batch. */
export async function publishBatch(
  ctx: Context,
  app: AppRow,
  inputs: MessageIn[],
  meta: PublishMeta = {},
): Promise<Published[]> {
  await validatePayloads(ctx, inputs, (i) => `messages.${i}.`);
  const published = await outbox(ctx, app, inputs.length, meta, (m) =>
    withTransaction(ctx.pool, (db) => publishWithin(ctx, db, app, inputs, m)),
  );
  publishedMessages.inc(published.filter((p) => p.created).length);
  return published;
}
