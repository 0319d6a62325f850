/**
 * Standard Webhooks (https://www.standardwebhooks.com) signing and verification.
 *
 * signature = "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`))
 * where key is the base64-decoded part of a `whsec_...` secret and timestamp is unix seconds.
 * The server signs every delivery with this; receivers (and our SDK) verify with it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** Thrown when a `whsec_` secret is malformed; a configuration error, not a bad request. */
export class InvalidSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSecretError';
  }
}

/** Thrown by {@link verify} when a webhook must be rejected. The message says why. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

/** A fresh secret: `whsec_` + standard base64 (with padding) of `bytes` random bytes. */
export function generateSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) {
    throw new RangeError(`secret size must be an integer from ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes`);
  }
  return SECRET_PREFIX + randomBytes(bytes).toString('base64');
}

/**
 * The HMAC key bytes of a `whsec_` secret.
 *
 * Buffer.from(x, 'base64') is lenient (accepts base64url, missing padding, stray characters), so the
 * decoded bytes are re-encoded and compared with the input: only canonical standard base64 passes.
 * Otherwise two different strings would silently be the same secret, or garbage would become a key.
 */
export function parseSecret(secret: string): Buffer {
  if (typeof secret !== 'string' || !secret.startsWith(SECRET_PREFIX)) {
    throw new InvalidSecretError(`secret must start with "${SECRET_PREFIX}"`);
  }
  const encoded = secret.slice(SECRET_PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  if (encoded.length === 0 || key.toString('base64') !== encoded) {
    throw new InvalidSecretError(
      `secret must be "${SECRET_PREFIX}" followed by standard base64 with padding (A-Z a-z 0-9 + / =)`,
    );
  }
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new InvalidSecretError(
      `secret key must be ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes, got ${key.length}`,
    );
  }
  return key;
}

export function isValidSecret(secret: string): boolean {
  try {
    parseSecret(secret);
    return true;
  } catch {
    return false;
  }
}

function toKey(secret: string | Buffer): Buffer {
  return typeof secret === 'string' ? parseSecret(secret) : secret;
}

/** Raw HMAC digest over `${id}.${timestamp}.` followed by the exact body bytes (no re-encoding). */
function digest(key: Buffer, msgId: string, timestampSeconds: number, body: string | Uint8Array): Buffer {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    // A fractional or negative timestamp would be signed as e.g. "1.5" and never verify anywhere.
    throw new TypeError(`timestamp must be a non-negative integer of unix seconds, got ${timestampSeconds}`);
  }
  const hmac = createHmac('sha256', key);
  hmac.update(`${msgId}.${timestampSeconds}.`, 'utf8');
  hmac.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return hmac.digest();
}

/**
 * One `v1,<base64>` signature. `secret` may be a `whsec_` string or key bytes already returned by
 * {@link parseSecret}, so the hot path can cache parsed keys instead of decoding per delivery.
 */
export function sign(
  secret: string | Buffer,
  msgId: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): string {
  return 'v1,' + digest(toKey(secret), msgId, timestampSeconds, body).toString('base64');
}

/**
 * The `webhook-signature` header value: one signature per secret, space-separated. During secret
 * rotation the server signs with both the old and new secret so receivers on either one verify.
 */
export function signatureHeader(
  secrets: Array<string | Buffer>,
  msgId: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): string {
  return secrets.map((secret) => sign(secret, msgId, timestampSeconds, body)).join(' ');
}

export interface VerifyOptions {
  /** Maximum allowed distance, either way, between the timestamp header and now. Default 300. */
  toleranceSeconds?: number;
  /** "Now" in unix seconds; for tests and replaying stored requests. Default: the clock. */
  nowSeconds?: number;
}

type HeaderInput = Record<string, string | string[] | undefined> | Headers;

function headerReader(headers: HeaderInput): (name: string) => string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    // Headers.get is already case-insensitive and joins repeated headers with ", ".
    return (name) => headers.get(name) ?? undefined;
  }
  const lower = new Map<string, string | string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lower.set(name.toLowerCase(), value);
  }
  return (name) => {
    const value = lower.get(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return value;
    // Repeated signature headers are just more candidates; a repeated id or timestamp is ambiguous.
    if (name.endsWith('-signature')) return value.join(' ');
    if (value.length === 1) return value[0];
    throw new WebhookVerificationError(`multiple ${name} headers`);
  };
}

/**
 * Verifies a received webhook; returns normally when valid, throws {@link WebhookVerificationError}.
 *
 * Pass the raw body exactly as received: re-serialised JSON will not match. Accepts `webhook-*` and
 * the equivalent `svix-*` headers (each `webhook-*` header wins over its `svix-*` twin, like the
 * official svix library). Signature entries with a version other than `v1` are ignored.
 */
export function verify(
  secret: string | Buffer,
  rawBody: string | Uint8Array,
  headers: HeaderInput,
  options: VerifyOptions = {},
): void {
  const key = toKey(secret);
  const read = headerReader(headers);
  const get = (suffix: string) => read(`webhook-${suffix}`) ?? read(`svix-${suffix}`);

  const msgId = get('id');
  const timestampHeader = get('timestamp');
  const signatures = get('signature');
  if (!msgId || !timestampHeader || !signatures) {
    const missing = [
      msgId ? null : 'webhook-id',
      timestampHeader ? null : 'webhook-timestamp',
      signatures ? null : 'webhook-signature',
    ].filter((name) => name !== null);
    throw new WebhookVerificationError(`missing required headers: ${missing.join(', ')}`);
  }

  // Stricter than parseInt: "123abc" must not pass as 123.
  if (!/^\d{1,15}$/.test(timestampHeader.trim())) {
    throw new WebhookVerificationError(
      `invalid webhook-timestamp header: ${JSON.stringify(timestampHeader)}`,
    );
  }
  const timestamp = Number(timestampHeader.trim());
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (now - timestamp > tolerance) {
    throw new WebhookVerificationError(
      `message timestamp too old: ${now - timestamp}s ago, tolerance is ${tolerance}s`,
    );
  }
  if (timestamp - now > tolerance) {
    throw new WebhookVerificationError(
      `message timestamp too new: ${timestamp - now}s in the future, tolerance is ${tolerance}s`,
    );
  }

  // Compare the base64 text rather than decoded bytes: Buffer's base64 decoder is lenient, and the
  // strings have a fixed length, so equal-length timingSafeEqual keeps the comparison constant-time.
  const expected = Buffer.from(digest(key, msgId, timestamp, rawBody).toString('base64'));
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma === -1 || entry.slice(0, comma) !== 'v1') continue;
    const candidate = Buffer.from(entry.slice(comma + 1));
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return;
  }
  throw new WebhookVerificationError('no matching signature found');
}
