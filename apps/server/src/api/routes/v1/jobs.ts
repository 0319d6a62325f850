import {
  exportIn,
  job,
  listQuery,
  listResponse,
  recoverPreview,
  recoverStarted,
  replayIn,
} from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../../context.ts';
import { findEndpoint } from '../../../db/endpoints.ts';
import { cancelJob, findJob, listJobs, toJob } from '../../../db/jobs.ts';
import { page } from '../../../db/paging.ts';
import { countReplay } from '../../../db/replay.ts';
import { conflict, HeraldError, notFound } from '../../../errors.ts';
import { exportStream, exportWindow, startExport } from '../../../services/export.ts';
import { replayFilter, startReplay } from '../../../services/replay.ts';
import { startReencrypt } from '../../../services/secrets.ts';
import { appParams, loadApp, secured, typed } from './shared.ts';

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

    app.get('/jobs/:job/download', { schema: { tags, security: secured, params } }, async (req, reply) => {
      const row = await findJob(ctx.pool, req.params.job, req.principal.appScope);
      if (!row) throw notFound('job');
      if (row.type !== 'export') throw conflict('only export jobs have a download');
      if (row.status !== 'completed')
        throw conflict(`the export is ${row.status}; download it once completed`);
      const format = (row.params as { format: 'ndjson' | 'csv' }).format;
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="${row.id}.${format}"`)
        .send(exportStream(ctx.pool, row.id));
    });

    /** How many messages a replay with this body would re-send, starting nothing (the count first). */
    app.post(
      '/apps/:app/messages/replay/preview',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          body: replayIn,
          response: { 200: recoverPreview },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        let endpointId: string | null = null;
        if (req.body.endpoint) {
          const ep = await findEndpoint(ctx.pool, found.id, req.body.endpoint);
          if (!ep) throw notFound('endpoint');
          endpointId = ep.id;
        }
        return { count: await countReplay(ctx.pool, found.id, replayFilter(req.body, endpointId)) };
      },
    );

    app.post(
      '/apps/:app/messages/replay',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          body: replayIn,
          response: { 202: recoverStarted },
        },
      },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        let endpointId: string | null = null;
        if (req.body.endpoint) {
          const ep = await findEndpoint(ctx.pool, found.id, req.body.endpoint);
          if (!ep) throw notFound('endpoint');
          endpointId = ep.id;
        }
        const { job: row, count } = await startReplay(ctx, found, replayFilter(req.body, endpointId));
        return reply.code(202).send({ job: toJob(row), count });
      },
    );

    app.post(
      '/apps/:app/exports',
      { schema: { tags, security: secured, params: appParams, body: exportIn, response: { 202: job } } },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        const row = await startExport(ctx, found, exportWindow(req.body), req.body.format);
        return reply.code(202).send(toJob(row));
      },
    );

    app.post(
      '/secrets/reencrypt',
      {
        schema: {
          tags,
          security: secured,
          summary: 'Re-encrypt every stored secret under the first key of HERALD_ENCRYPTION_KEY',
          response: { 202: job },
        },
      },
      async (req, reply) => {
        if (req.principal.appScope)
          throw new HeraldError('forbidden', 'secrets are re-encrypted with an unscoped key');
        return reply.code(202).send(toJob(await startReencrypt(ctx)));
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
