import { listQuery, listResponse, source, sourceIn, sourceRequest } from '@herald/contracts';
import { isValidSecret } from '@herald/signing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.ts';
import { page } from '../../../db/paging.ts';
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
    const out = (req: FastifyRequest) => (r: SourceRow) => toSource(r, baseUrl(req));

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
        const { type, secret } = req.body.verification;
        if (type === 'standard-webhooks' && !isValidSecret(secret ?? ''))
          throw invalid(
            'verification.secret',
            'must be "whsec_" followed by standard base64 of 24 to 64 bytes',
          );
        // stored encrypted under HERALD_ENCRYPTION_KEY's first key (secrets/cipher.ts)
        const verification = { ...req.body.verification, secret: secret && ctx.secrets.encrypt(secret) };
        const row = await insertSource(ctx.pool, found.id, { ...req.body, verification });
        return reply.code(201).send(out(req)(row));
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
        return page(rows, req.query.limit, (r) => r.id, out(req));
      },
    );

    app.get(
      '/apps/:app/sources/:source',
      { schema: { tags, security: secured, params: sourceParams, response: { 200: source } } },
      async (req) => out(req)(await loadSource(req, req.params.app, req.params.source)),
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
