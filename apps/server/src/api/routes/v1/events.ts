import { consumerName, feedAck, feedConsumer, feedPage, feedQuery } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../../context.ts';
import {
  decodeIterator,
  encodeIterator,
  findConsumer,
  presentPosition,
  readFeed,
  START,
  saveConsumer,
} from '../../../db/feed.ts';
import { toMessage } from '../../../db/messages.ts';
import { type NotificationHub, pollUntil } from '../../../db/notification-hub.ts';
import { appParams, loadApp, secured, typed } from './shared.ts';

const consumerParams = appParams.extend({ consumer: consumerName });

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
        if (q.start === 'now' && !q.iterator) {
          // a new consumer that wants only what comes next, by the server's clock, not its own
          return { data: [], iterator: encodeIterator(await presentPosition(ctx.pool)), done: true };
        }
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
      { schema: { tags, security: secured, params: consumerParams, response: { 200: feedConsumer } } },
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
          body: feedAck,
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
