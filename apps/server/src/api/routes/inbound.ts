import { ingestAccepted } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../../context.ts';
import { findSourceById } from '../../db/sources.ts';
import { notFound } from '../../errors.ts';
import { ingest } from '../../services/ingest.ts';
import { rejectLoneSurrogates } from '../plugins/input-guard.ts';
import { typed } from './v1/shared.ts';

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
        schema: {
          tags: ['Sources'],
          summary: 'Receive a provider webhook',
          params: z.object({ source: z.string().min(1).max(256) }),
          response: { 202: ingestAccepted },
        },
      },
      async (req, reply) => {
        const row = await findSourceById(ctx.pool, req.params.source);
        // a broker source takes its messages from its broker, never here
        if (row?.type !== 'http') throw notFound('source');
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const messageId = await ingest(ctx, row, { headers: req.headers, body, requestId: req.id });
        return reply.code(202).send({ messageId });
      },
    );
  };
}
