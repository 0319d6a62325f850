/**
 * @herald/sdk: a typed client for Herald's HTTP API and a receiver-side webhook verifier. No Node
 * built-ins: runs in Node 20+, Deno, Bun, browsers and edge runtimes (fetch + WebCrypto). Built into an
 * installable package by scripts/build-packages.ts (npm run build:packages).
 */

export type { ApiKeys, Apps, Attempts, Endpoints, EventTypes, Jobs, Messages, Portal } from './client.ts';
export { Herald, type PublishOptions } from './client.ts';
export {
  Events,
  type FeedFilter,
  type FeedItem,
  type FeedPageOptions,
  type FollowOptions,
} from './events.ts';
export { HeraldApiError, type HeraldOptions, type RequestOptions } from './http.ts';
export { paginate } from './paginate.ts';
export type * from './types.ts';
export {
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookEvent,
  type WebhookHeaders,
  WebhookVerificationError,
} from './verify.ts';
