import { channel, eventTypeName, message } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../../context.ts';
import {
  decodeIterator,
  encodeIterator,
  findConsumer,
  readFeed,
  START,
  saveConsumer,
} from '../../../db/feed.ts';
import { toMessage } from '../../../db/messages.ts';
import { type NotificationHub, pollUntil } from '../../../db/notification-hub.ts';
import { appParams, loadApp, secured, typed } from './shared.ts';

/** `eventTypes=a,b` or `eventTypes=a&eventTypes=b` */
const eventTypeList = z.preprocess(
  (v) =>
    Array.isArray(v) ? v.flatMap((x) => String(x).split(',')) : typeof v === 'string' ? v.split(',') : v,
  z.array(eventTypeName).max(50),
);

const feedQuery = z.object({
  iterator: z.string().min(1).max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(250).default(50),
  eventTypes: eventTypeList.optional(),
  channel: channel.optional(),
  wait: z.coerce
    .number()
    .min(0)
    .max(30)
    .optional()
    .describe('seconds to hold the request until something arrives'),
  since: z.iso.datetime({ offset: true }).optional().describe('without an iterator: start at this time'),
});

const feedPage = z.object({
  data: z.array(message),
  iterator: z.string().describe('never null: with done=true it marks where to continue later'),
  done: z.boolean(),
});

const consumerParams = appParams.extend({
  consumer: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[a-zA-Z0-9\-_.]+$/),
});
const consumer = z.object({
  consumer: z.string(),
  iterator: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export function eventRoutes(ctx: Context, feedHub: NotificationHub) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['Events feed'];

    app.get(
      '/apps/:app/events',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          querystring: feedQuery,
          response: { 200: feedPage },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        const q = req.query;
        const from = q.iterator
          ? decodeIterator(q.iterator)
          : { ...START, ...(q.since ? { t: q.since } : {}) };
        const filter = { eventTypes: q.eventTypes, channel: q.channel };
        const read = () => readFeed(ctx.pool, found.id, from, filter, q.limit);
        const page = q.wait
          ? await pollUntil(feedHub, found.id, Date.now() + q.wait * 1000, read, (p) => p.rows.length > 0)
          : await read();
        return { data: page.rows.map(toMessage), iterator: encodeIterator(page.next), done: page.done };
      },
    );

    app.get(
      '/apps/:app/events/consumers/:consumer',
      { schema: { tags, security: secured, params: consumerParams, response: { 200: consumer } } },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        const row = await findConsumer(ctx.pool, found.id, req.params.consumer);
        return {
          consumer: req.params.consumer,
          iterator: row?.iterator ?? null,
          updatedAt: row?.updated_at.toISOString() ?? null,
        };
      },
    );

    app.post(
      '/apps/:app/events/consumers/:consumer/ack',
      {
        schema: {
          tags,
          security: secured,
          params: consumerParams,
          body: z.object({ iterator: z.string().min(1).max(1024) }),
        },
      },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        decodeIterator(req.body.iterator); // 422 for anything the feed did not hand out
        await saveConsumer(ctx.pool, found.id, req.params.consumer, req.body.iterator);
        return reply.code(204).send();
      },
    );
  };
}
