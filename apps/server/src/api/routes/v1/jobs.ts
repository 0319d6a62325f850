import { job, listQuery, listResponse } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../../context.ts';
import { cancelJob, findJob, listJobs, toJob } from '../../../db/jobs.ts';
import { page } from '../../../db/paging.ts';
import { conflict, notFound } from '../../../errors.ts';
import { secured, typed } from './shared.ts';

export function jobRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['Jobs'];
    const params = z.object({ job: z.string().min(1).max(256) });

    app.get(
      '/jobs',
      { schema: { tags, security: secured, querystring: listQuery, response: { 200: listResponse(job) } } },
      async (req) => {
        const rows = await listJobs(ctx.pool, req.principal.appScope, req.query.limit, req.query.iterator);
        return page(rows, req.query.limit, (r) => r.id, toJob);
      },
    );

    app.get(
      '/jobs/:job',
      { schema: { tags, security: secured, params, response: { 200: job } } },
      async (req) => {
        const row = await findJob(ctx.pool, req.params.job, req.principal.appScope);
        if (!row) throw notFound('job');
        return toJob(row);
      },
    );

    app.post(
      '/jobs/:job/cancel',
      { schema: { tags, security: secured, params, response: { 200: job } } },
      async (req) => {
        const row = await findJob(ctx.pool, req.params.job, req.principal.appScope);
        if (!row) throw notFound('job');
        const cancelled = await cancelJob(ctx.pool, row.id);
        if (!cancelled)
          throw conflict(`the job is ${row.status}; only queued or running jobs can be cancelled`);
        return toJob(cancelled);
      },
    );
  };
}
