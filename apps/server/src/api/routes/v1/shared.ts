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

/** `ref` is an id or uid; a key scoped to another application gets 404, never a hint that it exists. */
export async function loadApp(ctx: Context, req: FastifyRequest, ref: string): Promise<AppRow> {
  const app = await findApp(ctx.pool, ref, req.principal.appScope);
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
