import { portalAccess, portalAccessIn, whoami } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../../context.ts';
import { insertApiKey } from '../../../db/api-keys.ts';
import { HeraldError } from '../../../errors.ts';
import { newId } from '../../../ids.ts';
import { generateApiKey, hashKey } from '../../../services/api-keys.ts';
import { appParams, loadApp, secured, typed } from './shared.ts';

export function authRoutes(ctx: Context) {
  return async (fastify: FastifyInstance) => {
    const app = typed(fastify);

    app.get(
      '/auth/whoami',
      { schema: { tags: ['API keys'], security: secured, response: { 200: whoami } } },
      async (req) => ({
        keyId: req.principal.keyId,
        app: req.principal.appScope,
        root: req.principal.root,
        portal: req.principal.portal,
        branding: {
          name: ctx.config.HERALD_PORTAL_NAME ?? null,
          logoUrl: ctx.config.HERALD_PORTAL_LOGO_URL ?? null,
          color: ctx.config.HERALD_PORTAL_COLOR ?? null,
        },
      }),
    );

    /** A short-lived link that opens the dashboard limited to one application (Svix's App Portal). */
    app.post(
      '/apps/:app/portal-access',
      {
        schema: {
          tags: ['Applications'],
          security: secured,
          params: appParams,
          // optional: a POST without a body reaches validation as null, not undefined
          body: portalAccessIn.nullish(),
          response: { 200: portalAccess },
        },
      },
      async (req) => {
        const found = await loadApp(ctx, req, req.params.app);
        if (req.principal.portal) {
          throw new HeraldError('forbidden', 'a portal link cannot mint further links');
        }
        const token = generateApiKey();
        const expiresAt = new Date(Date.now() + (req.body?.expiresIn ?? 3600) * 1000);
        await insertApiKey(ctx.pool, {
          id: newId('key'),
          name: 'portal',
          appId: found.id,
          isRoot: false,
          hash: hashKey(token),
          kind: 'portal',
          expiresAt,
        });
        const base = ctx.config.HERALD_PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;
        return { token, url: `${base}/portal#token=${token}`, expiresAt: expiresAt.toISOString() };
      },
    );
  };
}
