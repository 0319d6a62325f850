import { createHmac, timingSafeEqual } from 'node:crypto';
import { messageIn } from '@herald/contracts';
import { verify, WebhookVerificationError } from '@herald/signing';
import type { Context } from '../context.ts';
import { findApp } from '../db/apps.ts';
import {
  insertSourceRequest,
  type SourceRequestRow,
  type SourceRow,
  signatureHeaderOf,
} from '../db/sources.ts';
import { HeraldError, invalid } from '../errors.ts';
import { loneSurrogate } from '../input-text.ts';
import { publishMessage } from './publish-message.ts';

/** Stripe's and Slack's default: a signed timestamp further than this from our clock is a replay. */
const TIMESTAMP_TOLERANCE_SECONDS = 300;

export interface InboundRequest {
  /** Node's request headers: lower-case names */
  headers: Record<string, string | string[] | undefined>;
  /** the raw body, byte for byte: signatures are over these bytes */
  body: Buffer;
  /** x-request-id of the request, kept on the message */
  requestId: string;
}

type Read = (name: string) => string | undefined;

const reader =
  (headers: InboundRequest['headers']): Read =>
  (name) => {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  };

const rejected = (reason: string) => new HeraldError('unauthorized', `signature check failed: ${reason}`);

const hmacHex = (secret: string, ...parts: Array<string | Buffer>) => {
  const h = createHmac('sha256', secret);
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** Constant-time comparison of hex digests (case-insensitive, as providers differ). */
function sameHex(expected: string, candidate: string): boolean {
  const want = Buffer.from(expected);
  const got = Buffer.from(candidate.trim().toLowerCase());
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The digest written in a signature header, as bytes; null when it is not hex or base64 of 32 bytes. */
function digestBytes(written: string, encoding: 'hex' | 'base64'): Buffer | null {
  if (encoding === 'hex') return /^[0-9a-f]{64}$/i.test(written) ? Buffer.from(written, 'hex') : null;
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(written)) return null;
  return Buffer.from(written, 'base64');
}

/**
 * Generic HMAC-SHA256 over the raw body, or over a template such as Slack's "v0:{timestamp}:{body}",
 * written as hex or base64 after an optional prefix (Shopify: base64 in x-shopify-hmac-sha256;
 * Slack: "v0=" + hex in x-slack-signature, with x-slack-request-timestamp).
 */
function verifyHmac(source: SourceRow, read: Read, value: string, body: Buffer, nowSeconds: number): void {
  let timestamp = '';
  const timestampHeader = source.signature_timestamp_header;
  if (timestampHeader) {
    timestamp = read(timestampHeader)?.trim() ?? '';
    if (!/^\d{1,15}$/.test(timestamp)) throw rejected(`missing or malformed ${timestampHeader} header`);
    if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS)
      throw rejected(`timestamp outside the tolerance of ${TIMESTAMP_TOLERANCE_SECONDS} s`);
  }
  const [before = '', after = ''] = (source.signed_content ?? '{body}').split('{body}');
  const fill = (part: string) => part.replaceAll('{timestamp}', timestamp);
  const expected = createHmac('sha256', source.secret ?? '')
    .update(fill(before))
    .update(body)
    .update(fill(after))
    .digest();
  let written = value.trim();
  const prefix = source.signature_prefix;
  if (prefix) {
    if (!written.startsWith(prefix)) throw rejected(`the signature does not start with "${prefix}"`);
    written = written.slice(prefix.length);
  } else {
    written = written.replace(/^sha256=/i, '');
  }
  const got = digestBytes(written, source.signature_encoding ?? 'hex');
  if (!got || got.length !== expected.length || !timingSafeEqual(got, expected))
    throw rejected('no matching signature');
}

/** Throws 401 unless the request carries a valid signature of the source's kind. */
function verifySignature(source: SourceRow, read: Read, req: InboundRequest, nowSeconds: number): void {
  const secret = source.secret ?? '';
  const header = signatureHeaderOf(source);
  if (source.verification_type === 'none' || header === null) return;
  if (source.verification_type === 'standard-webhooks') {
    try {
      verify(secret, req.body, req.headers, { nowSeconds });
      return;
    } catch (err) {
      if (err instanceof WebhookVerificationError) throw rejected(err.message);
      throw err;
    }
  }
  const value = read(header);
  if (!value) throw rejected(`missing ${header} header`);
  switch (source.verification_type) {
    case 'hmac-sha256':
      verifyHmac(source, read, value, req.body, nowSeconds);
      return;
    case 'github':
      if (!value.startsWith('sha256=') || !sameHex(hmacHex(secret, req.body), value.slice('sha256='.length)))
        throw rejected('no matching signature');
      return;
    case 'stripe': {
      // t=<unix>,v1=<hex>[,v1=<hex>...][,v0=...]: only v1 entries count
      const items = value.split(',').map((item) => {
        const eq = item.indexOf('=');
        return [item.slice(0, eq).trim(), item.slice(eq + 1).trim()] as const;
      });
      const t = items.find(([k]) => k === 't')?.[1];
      if (!t || !/^\d{1,15}$/.test(t)) throw rejected('no timestamp in stripe-signature');
      if (Math.abs(nowSeconds - Number(t)) > TIMESTAMP_TOLERANCE_SECONDS)
        throw rejected(`timestamp outside the tolerance of ${TIMESTAMP_TOLERANCE_SECONDS} s`);
      const expected = hmacHex(secret, `${t}.`, req.body);
      if (!items.some(([k, v]) => k === 'v1' && sameHex(expected, v)))
        throw rejected('no matching signature');
      return;
    }
  }
}

/** The body as a JSON object: 415 for another media type, 400 for a non-object, 422 for a lone surrogate. */
function parseBody(read: Read, body: Buffer): Record<string, unknown> {
  const type = read('content-type');
  if (type && !/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type.trim()))
    throw new HeraldError('unsupported_media_type', 'send JSON with content-type: application/json');
  if (body.length === 0) throw new HeraldError('bad_request', 'body is empty; send a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HeraldError('bad_request', `body is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new HeraldError('bad_request', 'body must be a JSON object');
  // the body becomes the payload, named so in errors as on POST /v1/apps/:app/messages
  const lone = loneSurrogate(parsed, 'payload');
  if (lone) throw invalid(lone.path, lone.message);
  return parsed as Record<string, unknown>;
}

/** The value at a dotted path, walking own properties only (never `__proto__` and the like). */
export function atPath(value: unknown, path: string): unknown {
  let at = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Providers that name topics with `/` (Shopify's `orders/create`) get Herald's dotted form. */
const dotted = (name: string) => name.replaceAll('/', '.');

function eventTypeOf(source: SourceRow, read: Read, payload: Record<string, unknown>): string {
  const rule = source.event_type;
  if ('fixed' in rule) return rule.fixed;
  if ('header' in rule) {
    const value = read(rule.header)?.trim();
    if (!value) throw invalid('eventType', `the ${rule.header} header is missing`);
    return dotted(value);
  }
  const value = atPath(payload, rule.bodyPath);
  if (typeof value !== 'string' || value === '')
    throw invalid('eventType', `the body has no string at ${rule.bodyPath}`);
  return dotted(value);
}

/** The provider's delivery id, so a retry of the same delivery publishes nothing new. */
function eventIdOf(source: SourceRow, read: Read, payload: Record<string, unknown>): string | undefined {
  switch (source.verification_type) {
    case 'standard-webhooks':
      return read('webhook-id') ?? read('svix-id');
    case 'github':
      return read('x-github-delivery');
    case 'stripe':
      return typeof payload.id === 'string' ? payload.id : undefined;
    default:
      return undefined;
  }
}

async function accept(
  ctx: Context,
  source: SourceRow,
  read: Read,
  req: InboundRequest,
  nowSeconds: number,
): Promise<string> {
  // the secret is stored encrypted (secrets/cipher.ts); decrypted only for the check
  const secret = ctx.secrets.decryptNullable(source.secret);
  verifySignature({ ...source, secret }, read, req, nowSeconds);
  const payload = parseBody(read, req.body);
  const candidate = {
    eventType: eventTypeOf(source, read, payload),
    payload,
    eventId: eventIdOf(source, read, payload) || undefined,
  };
  const parsed = messageIn.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.map(String).join('.') || 'body', issue.message);
  }
  const app = await findApp(ctx.pool, source.app_id, null);
  if (!app) throw new HeraldError('not_found', 'source not found');
  const published = await publishMessage(ctx, app, parsed.data, { requestId: req.requestId });
  return published.message.id;
}

/** The headers as kept: one string per name. */
function keptHeaders(read: Read, headers: InboundRequest['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = read(name);
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

export interface IngestOutcome {
  /** the kept request (null if it could not be written: the outcome stands) */
  kept: SourceRequestRow | null;
  messageId: string | null;
  /** why it was rejected; a 5xx is the server's fault and is thrown instead */
  error: HeraldError | null;
}

/** Verifies, publishes, keeps the request with its outcome. Throws only what is not the request's fault. */
async function run(
  ctx: Context,
  source: SourceRow,
  req: InboundRequest,
  opts: { nowSeconds: number; replayOf?: string },
): Promise<IngestOutcome> {
  const read = reader(req.headers);
  const record = (status: 'accepted' | 'rejected', error: string | null, messageId: string | null) =>
    insertSourceRequest(ctx.pool, {
      sourceId: source.id,
      headers: keptHeaders(read, req.headers),
      body: req.body,
      status,
      error,
      messageId,
      replayOf: opts.replayOf ?? null,
    }).catch((err) => {
      ctx.log.warn({ err, sourceId: source.id }, 'could not keep an inbound request');
      return null;
    });
  let messageId: string;
  try {
    messageId = await accept(ctx, source, read, req, opts.nowSeconds);
  } catch (err) {
    const client = err instanceof HeraldError && err.status < 500;
    const kept = await record('rejected', client ? err.message : 'internal error', null);
    if (!client) throw err;
    return { kept, messageId: null, error: err };
  }
  return { kept: await record('accepted', null, messageId), messageId, error: null };
}

/**
 * Verifies an inbound request and publishes its body as a message of the source's application. Every
 * request is kept with its outcome, accepted or not, so a failing provider can be inspected.
 */
export async function ingest(ctx: Context, source: SourceRow, req: InboundRequest): Promise<string> {
  const outcome = await run(ctx, source, req, { nowSeconds: Math.floor(Date.now() / 1000) });
  if (outcome.error) throw outcome.error;
  return outcome.messageId!;
}

/**
 * Runs a kept request through the pipeline again with the source as it is now (its secret fixed,
 * say): verified as of the moment it was received (a signed timestamp was fresh then), published
 * like a new one, kept as a request of its own that points at the original.
 */
export async function replayKeptRequest(
  ctx: Context,
  source: SourceRow,
  kept: SourceRequestRow,
  requestId: string,
): Promise<IngestOutcome> {
  return run(
    ctx,
    source,
    { headers: kept.headers, body: kept.body, requestId },
    { nowSeconds: Math.floor(kept.received_at.getTime() / 1000), replayOf: kept.id },
  );
}

/** Keeps a request refused before its body was read (too large): headers only, marked truncated. */
export async function keepRefused(
  ctx: Context,
  source: SourceRow,
  headers: InboundRequest['headers'],
  error: string,
): Promise<void> {
  await insertSourceRequest(ctx.pool, {
    sourceId: source.id,
    headers: keptHeaders(reader(headers), headers),
    body: Buffer.alloc(0),
    bodyDropped: true,
    status: 'rejected',
    error,
    messageId: null,
  }).catch((err) => ctx.log.warn({ err, sourceId: source.id }, 'could not keep an inbound request'));
}
