import { cluster } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../../context.ts';
import { listInstances, toInstance } from '../../../db/instances.ts';
import { HeraldError } from '../../../errors.ts';
import { secured, typed } from './shared.ts';

/** The service registry: every api and worker process, with its last heartbeat. */
export function clusterRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    app.get(
      '/cluster',
      {
        schema: {
          tags: ['Cluster'],
          security: secured,
          summary: 'Every api and worker instance; those that stopped heart-beating show as gone',
          response: { 200: cluster },
        },
      },
      async (req) => {
        if (req.principal.appScope)
          throw new HeraldError('forbidden', 'the cluster is visible to unscoped keys only');
        const rows = await listInstances(ctx.pool, ctx.config.HERALD_INSTANCE_GONE_AFTER_MS);
        return { data: rows.map(toInstance) };
      },
    );
  };
}
