import { eventType, eventTypeIn, eventTypeName, listQuery, listResponse } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../../context.ts';
import {
  deleteEventType,
  findEventType,
  listEventTypes,
  toEventType,
  upsertEventType,
} from '../../../db/event-types.ts';
import { page } from '../../../db/paging.ts';
import { HeraldError, invalid, notFound } from '../../../errors.ts';
import { secured, typed } from './shared.ts';

export function eventTypeRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['Event types'];
    const params = z.object({ name: eventTypeName });

    app.post(
      '/event-types',
      {
        schema: { tags, security: secured, body: eventTypeIn, response: { 200: eventType, 201: eventType } },
      },
      async (req, reply) => {
        if (req.principal.appScope)
          throw new HeraldError('forbidden', 'the event-type catalogue is managed with an unscoped key');
        if (req.body.schema) {
          try {
            ctx.payloads.assertUsable(req.body.schema);
          } catch (err) {
            throw invalid('schema', `is not a valid JSON Schema: ${(err as Error).message}`);
          }
        }
        const { row, created } = await upsertEventType(ctx.pool, req.body);
        ctx.eventTypes.invalidate(row.name);
        return reply.code(created ? 201 : 200).send(toEventType(row));
      },
    );

    app.get(
      '/event-types',
      {
        schema: {
          tags,
          security: secured,
          querystring: listQuery,
          response: { 200: listResponse(eventType) },
        },
      },
      async (req) => {
        const rows = await listEventTypes(ctx.pool, req.query.limit, req.query.iterator);
        return page(rows, req.query.limit, (r) => r.name, toEventType);
      },
    );

    app.get(
      '/event-types/:name',
      { schema: { tags, security: secured, params, response: { 200: eventType } } },
      async (req) => {
        const row = await findEventType(ctx.pool, req.params.name);
        if (!row) throw notFound('event type');
        return toEventType(row);
      },
    );

    app.delete('/event-types/:name', { schema: { tags, security: secured, params } }, async (req, reply) => {
      if (req.principal.appScope)
        throw new HeraldError('forbidden', 'the event-type catalogue is managed with an unscoped key');
      if (!(await deleteEventType(ctx.pool, req.params.name))) throw notFound('event type');
      ctx.eventTypes.invalidate(req.params.name);
      return reply.code(204).send();
    });
  };
}
