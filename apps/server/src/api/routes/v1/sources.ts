import {
  listQuery,
  listResponse,
  type SourceVerificationIn,
  type SourceVerificationPatch,
  source,
  sourceIn,
  sourcePatch,
  sourceRequest,
  sourceVerificationIn,
} from '@herald/contracts';
import { isValidSecret } from '@herald/signing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { caProblem } from '../../../brokers/kafka-security.ts';
import { withSaslPassword } from '../../../brokers/urls.ts';
import type { Context } from '../../../context.ts';
import { page } from '../../../db/paging.ts';
import { consumerStates } from '../../../db/source-consumers.ts';
import {
  deleteSource,
  findAcceptedReplay,
  findSource,
  findSourceRequest,
  insertSource,
  listSourceRequests,
  listSources,
  type SourceRow,
  toSource,
  toSourceRequest,
  updateSource,
  verificationOf,
} from '../../../db/sources.ts';
import { conflict, HeraldError, invalid, notFound } from '../../../errors.ts';
import { replayKeptRequest } from '../../../services/ingest.ts';
import { appParams, loadApp, secured, typed } from './shared.ts';

const sourceParams = appParams.extend({ source: appParams.shape.app });
const requestParams = sourceParams.extend({ request: appParams.shape.app });

/** Checks what the schema cannot: a standard-webhooks secret's form. */
function checkVerification(v: SourceVerificationIn): void {
  if (v.type === 'standard-webhooks' && !isValidSecret(v.secret ?? ''))
    throw invalid('verification.secret', 'must be "whsec_" followed by standard base64 of 24 to 64 bytes');
}

/**
 * A verification patch over the current one: the same type keeps the fields not given (the secret
 * too); a new type starts from the patch alone. The result must be a complete verification.
 */
function mergeVerification(row: SourceRow, patch: SourceVerificationPatch): SourceVerificationIn {
  const keep = patch.type === undefined || patch.type === row.verification_type;
  const merged: Record<string, unknown> = keep ? { ...verificationOf(row) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else if (v !== undefined) merged[k] = v;
  }
  const parsed = sourceVerificationIn.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(['verification', ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}

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
      // decrypted to be redacted: the API shows the broker's host and port, never its credentials
      return rows.map((r) =>
        toSource(
          { ...r, broker_url: ctx.secrets.decryptNullable(r.broker_url) },
          baseUrl(req),
          states.get(r.id),
        ),
      );
    }

    const checkBodyLimit = (max: number | null | undefined) => {
      if (max != null && max > ctx.config.HERALD_MAX_BODY_BYTES)
        throw invalid(
          'maxBodyBytes',
          `must be at most HERALD_MAX_BODY_BYTES (${ctx.config.HERALD_MAX_BODY_BYTES})`,
        );
    };

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
        let input = req.body;
        if (input.type === 'http') {
          checkVerification(input.verification);
          checkBodyLimit(input.maxBodyBytes);
          const { secret } = input.verification;
          // stored encrypted under HERALD_ENCRYPTION_KEY's first key (secrets/cipher.ts)
          input = {
            ...input,
            verification: { ...input.verification, secret: secret && ctx.secrets.encrypt(secret) },
          };
        } else if (input.type === 'kafka') {
          const ca = caProblem(input.tls);
          if (ca) throw invalid('tls.ca', ca);
          // the SASL password: a secret, stored like the others
          input = withSaslPassword(input, (p) => ctx.secrets.encrypt(p));
        } else {
          // the broker URL carries its credentials: a secret too
          input = { ...input, url: ctx.secrets.encrypt(input.url) };
        }
        const row = await insertSource(ctx.pool, found.id, input);
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

    app.patch(
      '/apps/:app/sources/:source',
      {
        schema: {
          tags,
          summary: 'Change a source (its secret, verification, event type, limits)',
          security: secured,
          params: sourceParams,
          body: sourcePatch,
          response: { 200: source },
        },
      },
      async (req) => {
        const stored = await loadSource(req, req.params.app, req.params.source);
        // the patch applies to the plain secret; it is stored encrypted again (secrets/cipher.ts)
        const row = { ...stored, secret: ctx.secrets.decryptNullable(stored.secret) };
        const p = req.body;
        if (stored.type !== 'http') {
          const httpOnly = (['verification', 'rateLimitPerMinute', 'maxBodyBytes'] as const).find(
            (k) => p[k] !== undefined,
          );
          if (httpOnly)
            throw invalid(
              httpOnly,
              'only HTTP sources have it; a broker source takes no verification or limits',
            );
        }
        const plain = p.verification ? mergeVerification(row, p.verification) : verificationOf(row);
        checkVerification(plain);
        const verification = { ...plain, secret: plain.secret && ctx.secrets.encrypt(plain.secret) };
        checkBodyLimit(p.maxBodyBytes);
        const pick = <T>(given: T | undefined, current: T) => (given === undefined ? current : given);
        const current = (v: string | null) => (v === null ? null : Number(v));
        const updated = await updateSource(ctx.pool, row.id, {
          name: pick(p.name, row.name),
          uid: pick(p.uid, row.uid),
          verification,
          eventType: pick(p.eventType, row.event_type),
          rateLimitPerMinute: pick(p.rateLimitPerMinute, current(row.rate_limit_per_minute)),
          maxBodyBytes: pick(p.maxBodyBytes, current(row.max_body_bytes)),
        });
        return (await out(req, [updated]))[0]!;
      },
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

    app.get(
      '/apps/:app/sources/:source/requests/:request',
      { schema: { tags, security: secured, params: requestParams, response: { 200: sourceRequest } } },
      async (req) => {
        const row = await loadSource(req, req.params.app, req.params.source);
        const kept = await findSourceRequest(ctx.pool, row.id, req.params.request);
        if (!kept) throw notFound('inbound request');
        return toSourceRequest(kept);
      },
    );

    app.post(
      '/apps/:app/sources/:source/requests/:request/replay',
      {
        schema: {
          tags,
          summary: 'Replay a rejected inbound request into the pipeline',
          description:
            'Runs a kept, rejected request again with the source as it is now (e.g. after its secret was fixed), verified as of when it was received. The outcome is kept as a new request (`replayOf`): accepted with its `messageId`, or rejected with the `error`.',
          security: secured,
          params: requestParams,
          response: { 201: sourceRequest },
        },
      },
      async (req, reply) => {
        const row = await loadSource(req, req.params.app, req.params.source);
        // a broker source's log holds its dead letters: they are replayed from the dead-letter target
        if (row.type !== 'http')
          throw conflict(
            'a broker source is not replayed here: its dead letters wait in its dead-letter target',
          );
        const kept = await findSourceRequest(ctx.pool, row.id, req.params.request);
        if (!kept) throw notFound('inbound request');
        if (kept.status === 'accepted')
          throw conflict(
            `this request was accepted (message ${kept.message_id}); only rejected ones are replayed`,
          );
        if (kept.truncated)
          throw conflict('the body of this request was not kept in full, so it cannot be replayed');
        const done = await findAcceptedReplay(ctx.pool, row.id, kept.id);
        if (done) throw conflict(`already replayed into message ${done.message_id} (request ${done.id})`);
        const outcome = await replayKeptRequest(ctx, row, kept, req.id);
        if (!outcome.kept) throw new HeraldError('internal', 'the replay could not be recorded');
        return reply.code(201).send(toSourceRequest(outcome.kept));
      },
    );
  };
}
