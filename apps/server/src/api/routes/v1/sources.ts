import { listQuery, listResponse, source, sourceIn, sourceRequest } from '@herald/contracts';
import { isValidSecret } from '@herald/signing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.ts';
import { page } from '../../../db/paging.ts';
import { consumerStates } from '../../../db/source-consumers.ts';
import {
  deleteSource,
  findSource,
  insertSource,
  listSourceRequests,
  listSources,
  type SourceRow,
  toSource,
  toSourceRequest,
} from '../../../db/sources.ts';
import { invalid, notFound } from '../../../errors.ts';
import { appParams, loadApp, secured, typed } from './shared.ts';

const sourceParams = appParams.extend({ source: appParams.shape.app });

export function sourceRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['Sources'];
    /** Where providers reach this server: HERALD_PUBLIC_URL, else the address this request came to. */
    const baseUrl = (req: FastifyRequest) =>
      ctx.config.HERALD_PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;
    /** Sources as the API shows them, broker sources with their consumers' state. */
    async function out(req: FastifyRequest, rows: SourceRow[]) {
      const brokers = rows.filter((r) => r.type !== 'http').map((r) => r.id);
      const states =
        brokers.length > 0
          ? await consumerStates(ctx.pool, brokers, ctx.config.HERALD_SOURCE_LEASE_SECONDS)
          : new Map();
      return rows.map((r) => toSource(r, baseUrl(req), states.get(r.id)));
    }

    async function loadSource(req: FastifyRequest, appRef: string, ref: string) {
      const found = await loadApp(ctx, req, appRef);
      const row = await findSource(ctx.pool, found.id, ref);
      if (!row) throw notFound('source');
      return row;
    }

    app.post(
      '/apps/:app/sources',
      { schema: { tags, security: secured, params: appParams, body: sourceIn, response: { 201: source } } },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        if (req.body.type === 'http') {
          const { type, secret } = req.body.verification;
          if (type === 'standard-webhooks' && !isValidSecret(secret ?? ''))
            throw invalid(
              'verification.secret',
              'must be "whsec_" followed by standard base64 of 24 to 64 bytes',
            );
        }
        const row = await insertSource(ctx.pool, found.id, req.body);
        const [shown] = await out(req, [row]);
        return reply.code(201).send(shown!);
      },
    );

    app.get(
      '/apps/:app/sources',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          querystring: listQuery,
          response: { 200: listResponse(source) },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        const rows = await listSources(ctx.pool, found.id, req.query.limit, req.query.iterator);
        const shown = page(
          rows,
          req.query.limit,
          (r) => r.id,
          (r) => r,
        );
        return { ...shown, data: await out(req, shown.data) };
      },
    );

    app.get(
      '/apps/:app/sources/:source',
      { schema: { tags, security: secured, params: sourceParams, response: { 200: source } } },
      async (req) => (await out(req, [await loadSource(req, req.params.app, req.params.source)]))[0]!,
    );

    app.delete(
      '/apps/:app/sources/:source',
      { schema: { tags, security: secured, params: sourceParams } },
      async (req, reply) => {
        const row = await loadSource(req, req.params.app, req.params.source);
        await deleteSource(ctx.pool, row.id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/apps/:app/sources/:source/requests',
      {
        schema: {
          tags,
          security: secured,
          params: sourceParams,
          querystring: listQuery,
          response: { 200: listResponse(sourceRequest) },
        },
      },
      async (req) => {
        const row = await loadSource(req, req.params.app, req.params.source);
        const rows = await listSourceRequests(ctx.pool, row.id, req.query.limit, req.query.iterator);
        return page(rows, req.query.limit, (r) => r.id, toSourceRequest);
      },
    );
  };
}
