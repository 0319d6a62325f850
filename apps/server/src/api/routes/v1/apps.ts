import { application, applicationIn, applicationPatch, listQuery, listResponse } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../../context.ts';
import { deleteApp, insertApp, listApps, toApplication, updateApp } from '../../../db/apps.ts';
import { page } from '../../../db/paging.ts';
import { HeraldError } from '../../../errors.ts';
import { appParams, loadApp, secured, typed } from './shared.ts';

export function appRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['Applications'];

    app.post(
      '/apps',
      { schema: { tags, security: secured, body: applicationIn, response: { 201: application } } },
      async (req, reply) => {
        if (req.principal.appScope)
          throw new HeraldError('forbidden', 'a key scoped to one application cannot create applications');
        return reply.code(201).send(toApplication(await insertApp(ctx.pool, req.body)));
      },
    );

    app.get(
      '/apps',
      {
        schema: {
          tags,
          security: secured,
          querystring: listQuery,
          response: { 200: listResponse(application) },
        },
      },
      async (req) => {
        const rows = await listApps(ctx.pool, req.query.limit, req.query.iterator, req.principal.appScope);
        return page(rows, req.query.limit, (r) => r.id, toApplication);
      },
    );

    app.get(
      '/apps/:app',
      { schema: { tags, security: secured, params: appParams, response: { 200: application } } },
      async (req) => toApplication(await loadApp(ctx, req, req.params.app)),
    );

    app.patch(
      '/apps/:app',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          body: applicationPatch,
          response: { 200: application },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        return toApplication(await updateApp(ctx.pool, found.id, req.body));
      },
    );

    app.delete(
      '/apps/:app',
      { schema: { tags, security: secured, params: appParams } },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        await deleteApp(ctx.pool, found.id);
        return reply.code(204).send();
      },
    );
  };
}
