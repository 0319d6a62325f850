/**
 * Standard Webhooks (https://www.standardwebhooks.com) signing and verification.
 *
 * signature = "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`))
 * where key is the base64-decoded part of a `whsec_...` secret and timestamp is unix seconds; or, for
 * a `whsk_...` secret, "v1a," + base64(ed25519 signature of the same content) (./asymmetric.ts).
 * The server signs every delivery with this; receivers (and our SDK) verify with it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  isAsymmetricSecret,
  PUBLIC_KEY_PREFIX,
  publicKeyOf,
  signAsymmetric,
  verifyAsymmetric,
} from './asymmetric.ts';
import { InvalidSecretError } from './errors.ts';
import {
  readSignedHeaders,
  type VerifyOptions,
  type WebhookHeaders,
  WebhookVerificationError,
} from './headers.ts';

export {
  generateAsymmetricSecret,
  isAsymmetricSecret,
  isValidAsymmetricSecret,
  publicKeyOf,
  signAsymmetric,
} from './asymmetric.ts';
export { InvalidSecretError } from './errors.ts';
export { type VerifyOptions, type WebhookHeaders, WebhookVerificationError } from './headers.ts';

const SECRET_PREFIX = 'whsec_';
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

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
 * The `webhook-signature` header value: one signature per secret, space-separated: `v1` for a
 * `whsec_` secret (or HMAC key bytes), `v1a` for a `whsk_` one. During secret rotation the server
 * signs with both the old and new secret so receivers on either one verify.
 */
export function signatureHeader(
  secrets: Array<string | Buffer>,
  msgId: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): string {
  return secrets
    .map((secret) =>
      typeof secret === 'string' && isAsymmetricSecret(secret)
        ? signAsymmetric(secret, msgId, timestampSeconds, body)
        : sign(secret, msgId, timestampSeconds, body),
    )
    .join(' ');
}

/**
 * Verifies a received webhook; returns normally when valid, throws {@link WebhookVerificationError}.
 *
 * Pass the raw body exactly as received: re-serialised JSON will not match. Accepts `webhook-*` and
 * the equivalent `svix-*` headers (each `webhook-*` header wins over its `svix-*` twin, like the
 * official svix library). With a `whsec_` secret the `v1` entries count; with a `whpk_` public key
 * (or its `whsk_` secret) the `v1a` ones; entries of other versions are ignored.
 */
export function verify(
  secret: string | Buffer,
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  options: VerifyOptions = {},
): void {
  if (typeof secret === 'string' && (secret.startsWith(PUBLIC_KEY_PREFIX) || isAsymmetricSecret(secret))) {
    const publicKey = isAsymmetricSecret(secret) ? publicKeyOf(secret) : secret;
    const { id, timestamp, v1aSignatures } = readSignedHeaders(headers, options);
    if (verifyAsymmetric(publicKey, id, timestamp, rawBody, v1aSignatures)) return;
    throw new WebhookVerificationError('no matching signature found');
  }
  const key = toKey(secret);
  const { id, timestamp, v1Signatures } = readSignedHeaders(headers, options);
  // Compare the base64 text rather than decoded bytes: Buffer's base64 decoder is lenient, and the
  // strings have a fixed length, so equal-length timingSafeEqual keeps the comparison constant-time.
  const expected = Buffer.from(digest(key, id, timestamp, rawBody).toString('base64'));
  for (const signature of v1Signatures) {
    const candidate = Buffer.from(signature);
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return;
  }
  throw new WebhookVerificationError('no matching signature found');
}
