import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` (Vite) puts the dashboard. */
const dashboardDist = fileURLToPath(new URL('../../../../dashboard/dist/', import.meta.url));

/**
 * The dashboard's own paths (its router: apps/dashboard/src/app/App.tsx). Each answers index.html, so
 * the dashboard's URLs can be opened and reloaded directly. Only these: every other path keeps the
 * server's own answers (404 problem, 414 for an over-long parameter), and a missing file is a 404.
 */
const dashboardPaths = ['/', '/portal', '/apps', '/apps/*', '/jobs', '/cluster', '/api-keys'];

export interface PageOptions {
  /** origins allowed to frame the page (HERALD_PORTAL_EMBED_ORIGINS); none: no framing at all */
  embedOrigins?: string[] | undefined;
  /** the portal's logo (HERALD_PORTAL_LOGO_URL): its origin may serve images */
  logoUrl?: string | undefined;
}

/**
 * The dashboard's page and its scripts are same-origin only: an injected script could read the API key
 * from session storage, so nothing inline and nothing from elsewhere runs. Framing is refused unless
 * origins are configured for embedding the portal; then only those may frame it (X-Frame-Options
 * cannot name origins, so it is left out and frame-ancestors alone decides).
 */
export function securityHeaders(opts: PageOptions = {}): Record<string, string> {
  const embed = opts.embedOrigins && opts.embedOrigins.length > 0 ? opts.embedOrigins : null;
  const logo = opts.logoUrl ? ` ${new URL(opts.logoUrl).origin}` : '';
  const headers: Record<string, string> = {
    'content-security-policy':
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:${logo}; connect-src 'self'; ` +
      `font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ${embed ? embed.join(' ') : "'none'"}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (!embed) headers['x-frame-options'] = 'DENY';
  return headers;
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Herald: dashboard not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f27}
code{background:#f1f2f5;padding:.1em .35em;border-radius:4px}</style></head>
<body><h1>The dashboard is not built</h1>
<p>Herald's API is running (see <a href="/docs">/docs</a>), but the dashboard's files are missing from
<code>apps/dashboard/dist</code>.</p>
<p>Build it with <code>npm run build</code> (<code>npm install</code> does this too), then restart Herald.
For development, <code>npm run dev</code> serves it with live reload.</p></body></html>`;

/**
 * Serves the built dashboard (apps/dashboard/dist): hashed files under /assets for a year (immutable),
 * index.html revalidated on every load so a new build is picked up at once, and index.html for the
 * dashboard's paths.
 */
export function dashboardRoutes(opts: { distDir?: string } & PageOptions = {}) {
  const headers = securityHeaders(opts);
  return async (app: FastifyInstance) => {
    const dist = opts.distDir ?? dashboardDist;
    const index = join(dist, 'index.html');

    if (existsSync(join(dist, 'assets'))) {
      await app.register(fastifyStatic, {
        root: join(dist, 'assets'),
        prefix: '/assets/',
        immutable: true,
        maxAge: '365d',
        index: false,
        setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
      });
    } else {
      // only reply.sendFile, for an index.html that appears later
      await app.register(fastifyStatic, { serve: false });
      app.log.warn({ dist }, 'the dashboard is not built: run `npm run build`, then restart');
    }

    // files copied from public/ (favicon): not hashed, so cached briefly
    if (existsSync(dist)) {
      for (const f of readdirSync(dist, { withFileTypes: true })) {
        if (!f.isFile() || f.name === 'index.html') continue;
        app.get(`/${f.name}`, { schema: { hide: true } }, (_req, reply) =>
          reply.sendFile(f.name, dist, { maxAge: '1h', immutable: false }),
        );
      }
    }

    const page = async (_req: FastifyRequest, reply: FastifyReply) => {
      if (!existsSync(index)) {
        return reply
          .code(503)
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(notBuiltPage);
      }
      reply.headers(headers);
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', dist, { cacheControl: false });
    };
    for (const path of dashboardPaths) app.get(path, { schema: { hide: true } }, page);
  };
}
