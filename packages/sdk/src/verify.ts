import {
  readSignedHeaders,
  type VerifyOptions,
  type WebhookHeaders,
  WebhookVerificationError,
} from '@herald/signing/headers';

/**
 * Receiver-side Standard Webhooks verification with WebCrypto (`globalThis.crypto.subtle`), so it runs
 * unchanged in Node, browsers, Deno, Bun and edge workers; hence async. It accepts exactly what the
 * official `standardwebhooks` library accepts: signature = "v1," + base64(HMAC-SHA256(key,
 * `${id}.${timestamp}.${body}`)), key = the base64 after `whsec_`; and, given a `whpk_` public key,
 * the asymmetric "v1a," + base64(ed25519 signature of the same content).
 */

export {
  type VerifyOptions as VerifyWebhookOptions,
  type WebhookHeaders,
  WebhookVerificationError,
} from '@herald/signing/headers';

/** What Herald sends: `{type, timestamp, data}`. */
export interface WebhookEvent<T = unknown> {
  type: string;
  timestamp: string;
  data: T;
}

const encoder = new TextEncoder();

/**
 * Verifies a received webhook and returns its parsed body; rejects with
 * {@link WebhookVerificationError} when the signature, the headers or the timestamp are wrong.
 *
 * `rawBody` must be the body exactly as received (re-serialised JSON will not match). `secret` is the
 * endpoint's `whsec_...` secret (the prefix may be left off, as the official libraries allow). Takes
 * `webhook-*` headers, or `svix-*` ones. During a secret rotation any one matching signature passes.
 */
export async function verifyWebhook<T = unknown>(
  secret: string,
  rawBody: string | Uint8Array | ArrayBuffer,
  headers: WebhookHeaders,
  options: VerifyOptions = {},
): Promise<WebhookEvent<T>> {
  const asymmetric = typeof secret === 'string' && secret.startsWith('whpk_');
  const keyBytes = asymmetric ? publicKeyBytes(secret) : secretKey(secret);
  const { id, timestamp, v1Signatures, v1aSignatures } = readSignedHeaders(headers, options);

  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : new Uint8Array(rawBody);
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix, 0);
  signed.set(body, prefix.length);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('verifyWebhook needs WebCrypto (globalThis.crypto.subtle)');

  let matched = false;
  if (asymmetric) {
    const key = await subtle.importKey('raw', keyBytes, { name: 'Ed25519' }, false, ['verify']);
    for (const signature of v1aSignatures) {
      const bytes = fromBase64(signature);
      if (bytes && bytes.length === 64 && (await subtle.verify('Ed25519', key, bytes, signed)))
        matched = true;
    }
  } else {
    const key = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const expected = toBase64(new Uint8Array(await subtle.sign('HMAC', key, signed)));
    // every candidate is compared in full, so timing tells nothing about which one nearly matched
    for (const signature of v1Signatures) if (constantTimeEqual(signature, expected)) matched = true;
  }
  if (!matched) throw new WebhookVerificationError('no matching signature found');

  const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(body);
  try {
    return JSON.parse(text) as WebhookEvent<T>;
  } catch {
    throw new WebhookVerificationError('the signed body is not JSON');
  }
}

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 to bytes; null when it is not canonical standard base64. */
function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!text || !CANONICAL_BASE64.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return toBase64(bytes) === text ? bytes : null;
}

/** The 32 bytes of a `whpk_` ed25519 public key. */
function publicKeyBytes(publicKey: string): Uint8Array<ArrayBuffer> {
  const bytes = fromBase64(publicKey.slice('whpk_'.length));
  if (bytes?.length !== 32 || !bytes)
    throw new TypeError('public key must be "whpk_" followed by standard base64 of 32 bytes');
  return bytes;
}

/** The HMAC key bytes of a `whsec_` secret: canonical standard base64, as Herald issues them. */
function secretKey(secret: string): Uint8Array<ArrayBuffer> {
  if (typeof secret !== 'string') throw new TypeError('secret must be a string');
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encoded) || !encoded) {
    throw new TypeError('secret must be "whsec_" followed by standard base64');
  }
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
