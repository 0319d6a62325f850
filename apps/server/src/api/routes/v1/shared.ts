import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../../../context.ts';
import { type AppRow, findApp } from '../../../db/apps.ts';
import { type EndpointRow, findEndpoint } from '../../../db/endpoints.ts';
import { notFound } from '../../../errors.ts';

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

export const appParams = z.object({ app: z.string().min(1).max(256) });
export const endpointParams = appParams.extend({ endpoint: z.string().min(1).max(256) });
export const messageParams = appParams.extend({ msg: z.string().min(1).max(256) });

/** Application look-ups in flight, per pool by ref and scope: concurrent requests for one app share one query. */
const appLookups = new WeakMap<Context['pool'], Map<string, Promise<AppRow | null>>>();

/**
 * `ref` is an id or uid; a key scoped to another application gets 404, never a hint that it exists.
 * Requests that arrive while the same look-up is in flight wait for its answer instead of sending
 * their own (under load, one query per moment instead of one per publish: issue 9); nothing is
 * kept once it is answered, so a change to the application is seen by the next request.
 */
export async function loadApp(ctx: Context, req: FastifyRequest, ref: string): Promise<AppRow> {
  const scope = req.principal.appScope;
  const key = `${ref}\u0000${scope ?? ''}`;
  let inFlight = appLookups.get(ctx.pool);
  if (!inFlight) {
    inFlight = new Map();
    appLookups.set(ctx.pool, inFlight);
  }
  const lookups = inFlight;
  let lookup = lookups.get(key);
  if (!lookup) {
    lookup = findApp(ctx.pool, ref, scope).finally(() => lookups.delete(key));
    lookups.set(key, lookup);
  }
  const app = await lookup;
  if (!app) throw notFound('application');
  return app;
}

export async function loadEndpoint(ctx: Context, req: FastifyRequest, appRef: string, ref: string) {
  const app = await loadApp(ctx, req, appRef);
  const endpoint: EndpointRow | null = await findEndpoint(ctx.pool, app.id, ref);
  if (!endpoint) throw notFound('endpoint');
  return { app, endpoint };
}

export const secured = [{ bearer: [] as string[] }];
