import {
  attempt,
  attemptListQuery,
  delivery,
  listResponse,
  loggedMessage,
  message,
  messageBatchIn,
  messageIn,
  messageListQuery,
  publishedMessage,
  publishQuery,
} from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../../context.ts';
import { listAppAttempts, listMessageAttempts, toAttempt } from '../../../db/attempts.ts';
import { findEndpoint } from '../../../db/endpoints.ts';
import {
  deliveriesOf,
  ensureDelivery,
  findMessage,
  listDeliveries,
  listMessages,
  toMessage,
} from '../../../db/messages.ts';
import type { NotificationHub } from '../../../db/notification-hub.ts';
import { page } from '../../../db/paging.ts';
import { withTransaction } from '../../../db/pool.ts';
import { notFound } from '../../../errors.ts';
import { enqueueDeliveries } from '../../../queue/boss.ts';
import { waitForFirstAttempts } from '../../../services/publish-and-wait.ts';
import { publishBatch, publishMessage } from '../../../services/publish-message.ts';
import { appParams, loadApp, loadEndpoint, messageParams, secured, typed } from './shared.ts';

const idempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(256).optional(),
});

export function messageRoutes(ctx: Context, firstAttemptHub: NotificationHub) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['Messages'];

    app.post(
      '/apps/:app/messages',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          querystring: publishQuery,
          headers: idempotencyHeaders,
          body: messageIn,
          response: { 200: publishedMessage, 202: publishedMessage },
        },
      },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        const published = await publishMessage(ctx, found, req.body, {
          idempotencyKey: req.headers['idempotency-key'],
          requestId: req.id,
          trace: req.otel,
        });
        req.log.debug({ messageId: published.message.id, created: published.created }, 'message accepted');
        if (!published.created) reply.header('idempotent-replayed', 'true');
        const body = toMessage(published.message);
        if (req.query.wait === undefined) return reply.code(202).send(body);
        const id = published.message.id;
        const deadline = Date.now() + req.query.wait * 1000;
        const outcome = await waitForFirstAttempts(firstAttemptHub, ctx.pool, id, deadline);
        return reply.code(outcome.done ? 200 : 202).send({ ...body, deliveries: outcome.deliveries });
      },
    );

    app.post(
      '/apps/:app/messages/batch',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          body: messageBatchIn,
          response: { 202: z.object({ data: z.array(message) }) },
        },
      },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        const published = await publishBatch(ctx, found, req.body.messages, {
          requestId: req.id,
          trace: req.otel,
        });
        req.log.debug({ messageIds: published.map((p) => p.message.id) }, 'messages accepted');
        return reply.code(202).send({ data: published.map((p) => toMessage(p.message)) });
      },
    );

    app.get(
      '/apps/:app/messages',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          querystring: messageListQuery,
          response: { 200: listResponse(loggedMessage) },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        const { limit, iterator, endpoint, withDeliveries, ...filter } = req.query;
        let endpointId: string | undefined;
        if (endpoint) {
          const ep = await findEndpoint(ctx.pool, found.id, endpoint);
          if (!ep) throw notFound('endpoint');
          endpointId = ep.id;
        }
        const rows = await listMessages(ctx.pool, found.id, { ...filter, endpointId }, limit, iterator);
        const result = page(rows, limit, (r) => r.id, toMessage);
        if (!withDeliveries) return result;
        const byMessage = await deliveriesOf(
          ctx.pool,
          result.data.map((m) => m.id),
        );
        return { ...result, data: result.data.map((m) => ({ ...m, deliveries: byMessage.get(m.id) ?? [] })) };
      },
    );

    app.get(
      '/apps/:app/messages/:msg',
      { schema: { tags, security: secured, params: messageParams, response: { 200: message } } },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        const row = await findMessage(ctx.pool, found.id, req.params.msg);
        if (!row) throw notFound('message');
        return toMessage(row);
      },
    );

    app.get(
      '/apps/:app/messages/:msg/deliveries',
      {
        schema: { tags, security: secured, params: messageParams, response: { 200: listResponse(delivery) } },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        if (!(await findMessage(ctx.pool, found.id, req.params.msg))) throw notFound('message');
        return { data: await listDeliveries(ctx.pool, req.params.msg), iterator: null, done: true };
      },
    );

    app.get(
      '/apps/:app/messages/:msg/attempts',
      {
        schema: { tags, security: secured, params: messageParams, response: { 200: listResponse(attempt) } },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        if (!(await findMessage(ctx.pool, found.id, req.params.msg))) throw notFound('message');
        const rows = await listMessageAttempts(ctx.pool, req.params.msg);
        return { data: rows.map(toAttempt), iterator: null, done: true };
      },
    );

    app.get(
      '/apps/:app/attempts',
      {
        schema: {
          tags: ['Attempts'],
          security: secured,
          params: appParams,
          querystring: attemptListQuery,
          response: { 200: listResponse(attempt) },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        const { limit, iterator, endpoint: endpointRef, status } = req.query;
        let endpointId: string | undefined;
        if (endpointRef) {
          const ep = await findEndpoint(ctx.pool, found.id, endpointRef);
          if (!ep) throw notFound('endpoint');
          endpointId = ep.id;
        }
        const rows = await listAppAttempts(ctx.pool, found.id, { endpointId, status }, limit, iterator);
        return page(rows, limit, (r) => r.id, toAttempt);
      },
    );

    app.post(
      '/apps/:app/messages/:msg/endpoints/:endpoint/resend',
      {
        schema: {
          tags,
          security: secured,
          params: messageParams.extend({ endpoint: z.string().min(1).max(256) }),
        },
      },
      async (req, reply) => {
        const { app: found, endpoint: ep } = await loadEndpoint(
          ctx,
          req,
          req.params.app,
          req.params.endpoint,
        );
        const msg = await findMessage(ctx.pool, found.id, req.params.msg);
        if (!msg) throw notFound('message');
        await withTransaction(ctx.pool, async (db) => {
          await ensureDelivery(db, found.id, msg.id, ep.id);
          await enqueueDeliveries(ctx.boss, db, [{ data: { m: msg.id, e: ep.id, t: 'manual' } }]);
        });
        return reply.code(202).send();
      },
    );
  };
}
