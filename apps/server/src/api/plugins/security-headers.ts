import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The API answers JSON, never a page: nothing it sends may run, load or be framed. Pages that need
 * more (the dashboard, the API reference) set their own policy (see `pagesKeepTheirPolicy`).
 */
const apiPolicy = {
  useDefaults: false,
  directives: {
    'default-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  },
};

/**
 * @fastify/helmet's headers on every answer (HSTS, nosniff, Referrer-Policy, COOP/CORP, a strict CSP
 * for the API). Registered on the root before any route.
 */
export async function registerSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: apiPolicy,
    frameguard: { action: 'deny' },
  });
}

/**
 * Routes registered inside `scope` keep helmet's other headers but set their own CSP and framing:
 * the dashboard's page sends its own policy and decides its own frame-ancestors (the portal may be
 * embedded, HERALD_PORTAL_EMBED_ORIGINS), and the API reference at /docs runs inline scripts.
 */
export function pagesKeepTheirPolicy(scope: FastifyInstance) {
  scope.addHook('onRoute', (route) => {
    route.config = Object.assign(route.config ?? {}, {
      helmet: { contentSecurityPolicy: false, frameguard: false },
    });
  });
}

/**
 * CORS is off unless origins are listed (HERALD_CORS_ORIGINS): then those browser origins may call
 * the API with a bearer key (no cookies are involved, so no credentials mode), and read the headers
 * a client needs (request id, rate limit, ETag).
 */
export async function registerCors(app: FastifyInstance, origins: string[]) {
  if (origins.length === 0) return;
  await app.register(cors, {
    origin: origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'if-none-match'],
    exposedHeaders: [
      'x-request-id',
      'etag',
      'retry-after',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
    ],
    maxAge: 600,
  });
}
