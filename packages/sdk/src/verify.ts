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
 * `${id}.${timestamp}.${body}`)), key = the base64 after `whsec_`.
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
  const keyBytes = secretKey(secret);
  const { id, timestamp, v1Signatures } = readSignedHeaders(headers, options);

  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : new Uint8Array(rawBody);
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix, 0);
  signed.set(body, prefix.length);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('verifyWebhook needs WebCrypto (globalThis.crypto.subtle)');
  const key = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const expected = toBase64(new Uint8Array(await subtle.sign('HMAC', key, signed)));

  let matched = false;
  // every candidate is compared in full, so timing tells nothing about which one nearly matched
  for (const signature of v1Signatures) if (constantTimeEqual(signature, expected)) matched = true;
  if (!matched) throw new WebhookVerificationError('no matching signature found');

  const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(body);
  try {
    return JSON.parse(text) as WebhookEvent<T>;
  } catch {
    throw new WebhookVerificationError('the signed body is not JSON');
  }
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
