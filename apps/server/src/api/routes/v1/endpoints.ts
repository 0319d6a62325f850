import {
  type EndpointDestination,
  endpoint,
  endpointIn,
  endpointPatch,
  endpointSecretOut,
  endpointStats,
  endpointStatsQuery,
  listQuery,
  listResponse,
  recoverIn,
  recoverPreview,
  recoverStarted,
  rotateSecretIn,
  statsWindowMs,
} from '@herald/contracts';
import { generateAsymmetricSecret, generateSecret, isAsymmetricSecret, publicKeyOf } from '@herald/signing';
import type { FastifyInstance } from 'fastify';
import { caProblem } from '../../../brokers/kafka-security.ts';
import { keepMaskedPassword, MASK, openDestination } from '../../../brokers/urls.ts';
import type { Context } from '../../../context.ts';
import {
  attemptSeries,
  deleteEndpoint,
  endpointStatsSince,
  insertEndpoint,
  listEndpoints,
  rotateSecret,
  seriesWindow,
  toEndpoint,
  updateEndpoint,
} from '../../../db/endpoints.ts';
import { toJob } from '../../../db/jobs.ts';
import { page } from '../../../db/paging.ts';
import { withTransaction } from '../../../db/pool.ts';
import { countRecoverable } from '../../../db/recover.ts';
import { privateBroker, privateDestination } from '../../../delivery/destination.ts';
import { invalid } from '../../../errors.ts';
import { retierQueuedDeliveries } from '../../../queue/boss.ts';
import { publishEndpointEvent } from '../../../services/operational-events.ts';
import { recoverWindow, startRecover } from '../../../services/recover.ts';
import { appParams, endpointParams, loadApp, loadEndpoint, secured, typed } from './shared.ts';

function assertDeliverable(ctx: Context, target: { url?: string; destination?: EndpointDestination }) {
  const ca = target.destination?.type === 'kafka' ? caProblem(target.destination.tls) : null;
  if (ca) throw invalid('destination.tls.ca', ca);
  if (ctx.config.allowPrivateNetworks) return;
  const reason = target.destination
    ? privateBroker(target.destination)
    : target.url
      ? privateDestination(target.url)
      : null;
  if (reason) {
    throw invalid(
      target.destination ? 'destination' : 'url',
      `points at a ${reason} address; set HERALD_ALLOW_PRIVATE_NETWORKS=true to allow private networks`,
    );
  }
}

/** During a rotation the old secret keeps signing for this long, so receivers can switch over. */
const ROTATION_GRACE_SECONDS = 24 * 3600;

export function endpointRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);
    const tags = ['Endpoints'];

    app.post(
      '/apps/:app/endpoints',
      {
        schema: { tags, security: secured, params: appParams, body: endpointIn, response: { 201: endpoint } },
      },
      async (req, reply) => {
        const found = await loadApp(ctx, req, req.params.app);
        assertDeliverable(ctx, req.body);
        const secret = ctx.secrets.encrypt(req.body.secret ?? generateSecret());
        const row = await withTransaction(ctx.pool, async (db) => {
          const created = await insertEndpoint(db, found.id, req.body, secret, ctx.secrets);
          await publishEndpointEvent(ctx, db, 'endpoint.created', found, created, req.id);
          return created;
        });
        return reply.code(201).send(toEndpoint(row, ctx.config.HERALD_ENDPOINT_MAX_CONCURRENCY, ctx.secrets));
      },
    );

    app.get(
      '/apps/:app/endpoints',
      {
        schema: {
          tags,
          security: secured,
          params: appParams,
          querystring: listQuery,
          response: { 200: listResponse(endpoint) },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        const rows = await listEndpoints(ctx.pool, found.id, req.query.limit, req.query.iterator);
        return page(
          rows,
          req.query.limit,
          (r) => r.id,
          (r) => toEndpoint(r, ctx.config.HERALD_ENDPOINT_MAX_CONCURRENCY, ctx.secrets),
        );
      },
    );

    app.get(
      '/apps/:app/endpoints/:endpoint',
      { schema: { tags, security: secured, params: endpointParams, response: { 200: endpoint } } },
      async (req) =>
        toEndpoint(
          (await loadEndpoint(ctx, req, req.params.app, req.params.endpoint)).endpoint,
          ctx.config.HERALD_ENDPOINT_MAX_CONCURRENCY,
          ctx.secrets,
        ),
    );

    app.patch(
      '/apps/:app/endpoints/:endpoint',
      {
        schema: {
          tags,
          security: secured,
          params: endpointParams,
          body: endpointPatch,
          response: { 200: endpoint },
        },
      },
      async (req) => {
        const { app: found, endpoint: ep } = await loadEndpoint(
          ctx,
          req,
          req.params.app,
          req.params.endpoint,
        );
        assertDeliverable(ctx, req.body);
        const patch = req.body.destination
          ? {
              ...req.body,
              destination: keepMaskedPassword(
                req.body.destination,
                ep.destination && openDestination(ep.destination, ctx.secrets),
              ),
            }
          : req.body;
        // a stored Kafka password goes only to the brokers and user it was given for
        if (patch.destination?.type === 'kafka' && patch.destination.sasl?.password === MASK)
          throw invalid(
            'destination.sasl.password',
            `"${MASK}" keeps the stored password only with the same brokers and username; give the password`,
          );
        const updated = await withTransaction(ctx.pool, async (db) => {
          const row = await updateEndpoint(db, ep.id, patch, ctx.secrets);
          // queued jobs carry their endpoint's limit: they take the new one
          if (req.body.maxConcurrency !== undefined || req.body.ordering !== undefined) {
            const lane = { maxConcurrency: row.max_concurrency, ordering: row.ordering };
            await retierQueuedDeliveries(ctx.boss, db, ep.id, lane);
          }
          await publishEndpointEvent(ctx, db, 'endpoint.updated', found, row, req.id);
          return row;
        });
        return toEndpoint(updated, ctx.config.HERALD_ENDPOINT_MAX_CONCURRENCY, ctx.secrets);
      },
    );

    app.delete(
      '/apps/:app/endpoints/:endpoint',
      { schema: { tags, security: secured, params: endpointParams } },
      async (req, reply) => {
        const { app: found, endpoint: ep } = await loadEndpoint(
          ctx,
          req,
          req.params.app,
          req.params.endpoint,
        );
        await withTransaction(ctx.pool, async (db) => {
          await deleteEndpoint(db, ep.id);
          await publishEndpointEvent(ctx, db, 'endpoint.deleted', found, ep, req.id);
        });
        return reply.code(204).send();
      },
    );

    app.get(
      '/apps/:app/endpoints/:endpoint/secret',
      { schema: { tags, security: secured, params: endpointParams, response: { 200: endpointSecretOut } } },
      async (req) => {
        const { endpoint: ep } = await loadEndpoint(ctx, req, req.params.app, req.params.endpoint);
        const key = ctx.secrets.decrypt(ep.secret);
        return { key, publicKey: isAsymmetricSecret(key) ? publicKeyOf(key) : null };
      },
    );

    app.post(
      '/apps/:app/endpoints/:endpoint/secret/rotate',
      // the body is optional: a POST without one reaches validation as null, not undefined
      { schema: { tags, security: secured, params: endpointParams, body: rotateSecretIn.nullish() } },
      async (req, reply) => {
        const { endpoint: ep } = await loadEndpoint(ctx, req, req.params.app, req.params.endpoint);
        // without a key, a new one of the same kind (HMAC or ed25519)
        const fresh = () =>
          isAsymmetricSecret(ctx.secrets.decrypt(ep.secret)) ? generateAsymmetricSecret() : generateSecret();
        const key = ctx.secrets.encrypt(req.body?.key ?? fresh());
        await rotateSecret(ctx.pool, ep.id, key, ROTATION_GRACE_SECONDS);
        return reply.code(204).send();
      },
    );

    app.post(
      '/apps/:app/endpoints/:endpoint/recover/preview',
      {
        schema: {
          tags,
          security: secured,
          params: endpointParams,
          body: recoverIn,
          response: { 200: recoverPreview },
        },
      },
      async (req) => {
        const { endpoint: ep } = await loadEndpoint(ctx, req, req.params.app, req.params.endpoint);
        return { count: await countRecoverable(ctx.pool, ep.id, recoverWindow(req.body)) };
      },
    );

    app.post(
      '/apps/:app/endpoints/:endpoint/recover',
      {
        schema: {
          tags,
          security: secured,
          params: endpointParams,
          body: recoverIn,
          response: { 202: recoverStarted },
        },
      },
      async (req, reply) => {
        const { app: found, endpoint: ep } = await loadEndpoint(
          ctx,
          req,
          req.params.app,
          req.params.endpoint,
        );
        const { job, count } = await startRecover(ctx, found, ep, recoverWindow(req.body));
        return reply.code(202).send({ job: toJob(job), count });
      },
    );

    app.get(
      '/apps/:app/endpoints/:endpoint/stats',
      {
        schema: {
          tags,
          security: secured,
          params: endpointParams,
          querystring: endpointStatsQuery,
          response: { 200: endpointStats },
        },
      },
      async (req) => {
        const { endpoint: ep } = await loadEndpoint(ctx, req, req.params.app, req.params.endpoint);
        const span = statsWindowMs[req.query.window];
        if (req.query.buckets === undefined)
          return endpointStatsSince(ctx.pool, ep.id, new Date(Date.now() - span));
        // with a series the totals cover its buckets, so a chart's summary matches its bars
        const window = seriesWindow(Date.now(), span, req.query.buckets);
        const [stats, series] = await Promise.all([
          endpointStatsSince(ctx.pool, ep.id, window.since),
          attemptSeries(ctx.pool, ep.id, window),
        ]);
        return { ...stats, series };
      },
    );
  };
}
