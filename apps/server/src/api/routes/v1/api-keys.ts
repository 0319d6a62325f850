import { apiKey, apiKeyCreated, apiKeyIn, listQuery, listResponse } from '@herald/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../../context.ts';
import { insertApiKey, listApiKeys, revokeApiKey, toApiKey } from '../../../db/api-keys.ts';
import { page } from '../../../db/paging.ts';
import { HeraldError, notFound } from '../../../errors.ts';
import { newId } from '../../../ids.ts';
import { generateApiKey, hashKey } from '../../../services/api-keys.ts';
import { loadApp, secured, typed } from './shared.ts';

/** Keys are managed with an unscoped key only: a scoped key must not mint itself wider access. */
function requireUnscoped(req: FastifyRequest) {
  if (req.principal.appScope) throw new HeraldError('forbidden', 'API keys are managed with an unscoped key');
}

export function apiKeyRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['API keys'];

    app.post(
      '/api-keys',
      { schema: { tags, security: secured, body: apiKeyIn, response: { 201: apiKeyCreated } } },
      async (req, reply) => {
        requireUnscoped(req);
        const appId = req.body.app ? (await loadApp(ctx, req, req.body.app)).id : null;
        const key = generateApiKey();
        const row = await insertApiKey(ctx.pool, {
          id: newId('key'),
          name: req.body.name,
          appId,
          isRoot: false,
          hash: hashKey(key),
        });
        return reply.code(201).send({ ...toApiKey(row), key });
      },
    );

    app.get(
      '/api-keys',
      {
        schema: { tags, security: secured, querystring: listQuery, response: { 200: listResponse(apiKey) } },
      },
      async (req) => {
        requireUnscoped(req);
        const rows = await listApiKeys(ctx.pool, req.query.limit, req.query.iterator);
        return page(rows, req.query.limit, (r) => r.id, toApiKey);
      },
    );

    app.delete(
      '/api-keys/:id',
      { schema: { tags, security: secured, params: z.object({ id: z.string().min(1).max(256) }) } },
      async (req, reply) => {
        requireUnscoped(req);
        if (!(await revokeApiKey(ctx.pool, req.params.id))) throw notFound('API key');
        return reply.code(204).send();
      },
    );
  };
}
