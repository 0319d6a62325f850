import { ingestAccepted } from '@herald/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../../context.ts';
import { countHit } from '../../db/rate-limits.ts';
import { findSourceById, type SourceRow } from '../../db/sources.ts';
import { HeraldError, notFound } from '../../errors.ts';
import { ingest, keepRefused } from '../../services/ingest.ts';
import { rejectLoneSurrogates } from '../plugins/input-guard.ts';
import { typed } from './v1/shared.ts';

const params = z.object({ source: z.string().min(1).max(256) });

/** The source of the request, found once before its body is read. */
const sourceOf = new WeakMap<FastifyRequest, SourceRow>();

/**
 * A source's own limits, checked before its body is read: its rate limit (counted in PostgreSQL, so
 * across all api processes; not kept, a flood must not fill the log) and its body size by
 * Content-Length (kept as a rejected request, without the body).
 */
function sourceGate(ctx: Context) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = params.safeParse(req.params);
    if (!parsed.success) return; // the route's validation names the problem
    const row = await findSourceById(ctx.pool, parsed.data.source);
    if (!row) throw notFound('source');
    sourceOf.set(req, row);
    if (row.rate_limit_per_minute !== null) {
      const limit = Number(row.rate_limit_per_minute);
      const { hits, ttlMs } = await countHit(ctx.pool, `source:${row.id}`, 60_000);
      const reset = Math.max(1, Math.ceil(ttlMs / 1000));
      reply.header('ratelimit-limit', limit);
      reply.header('ratelimit-remaining', Math.max(0, limit - hits));
      reply.header('ratelimit-reset', reset);
      if (hits > limit) {
        reply.header('retry-after', reset);
        throw new HeraldError('rate_limited', `this source accepts ${limit} requests per minute`);
      }
    }
    const declared = Number(req.headers['content-length']);
    if (row.max_body_bytes !== null && declared > Number(row.max_body_bytes)) {
      const error = tooLarge(row).message;
      await keepRefused(ctx, row, req.headers, error);
      throw tooLarge(row);
    }
  };
}

const tooLarge = (row: SourceRow) =>
  new HeraldError('payload_too_large', `this source accepts bodies of at most ${row.max_body_bytes} bytes`);

/**
 * The inbound gateway: providers POST their webhooks to /in/:source. No API key: the provider's
 * signature, checked against the source's secret, is the authentication.
 */
export function inboundRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    fastify.setValidatorCompiler(validatorCompiler);
    fastify.setSerializerCompiler(serializerCompiler);
    // signatures are over the raw bytes: keep them, whatever the content type, and parse JSON later
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: ctx.config.HERALD_MAX_BODY_BYTES },
      (_req, body, done) => done(null, body),
    );
    // the body is checked for lone surrogates when it is parsed (services/ingest.ts), so it is recorded
    fastify.addHook('preValidation', rejectLoneSurrogates);
    const app = typed(fastify);

    app.post(
      '/in/:source',
      {
        onRequest: sourceGate(ctx),
        schema: {
          tags: ['Sources'],
          summary: 'Receive a provider webhook',
          params,
          response: { 202: ingestAccepted },
        },
      },
      async (req, reply) => {
        const row = sourceOf.get(req) ?? (await findSourceById(ctx.pool, req.params.source));
        // a broker source takes its messages from its broker, never here
        if (row?.type !== 'http') throw notFound('source');
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        // a body sent without Content-Length (chunked) is measured once read
        if (row.max_body_bytes !== null && body.length > Number(row.max_body_bytes)) {
          await keepRefused(ctx, row, req.headers, tooLarge(row).message);
          throw tooLarge(row);
        }
        const messageId = await ingest(ctx, row, { headers: req.headers, body, requestId: req.id });
        return reply.code(202).send({ messageId });
      },
    );
  };
}
