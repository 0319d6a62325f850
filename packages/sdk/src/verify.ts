/**
 * Receiver-side Standard Webhooks verification with WebCrypto (`globalThis.crypto.subtle`), so it runs
 * unchanged in Node, browsers, Deno, Bun and edge workers; hence async. It accepts exactly what the
 * official `standardwebhooks` library accepts: signature = "v1," + base64(HMAC-SHA256(key,
 * `${id}.${timestamp}.${body}`)), key = the base64 after `whsec_`.
 */

/** Thrown by {@link verifyWebhook} when a webhook must be rejected; the message says why. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface VerifyWebhookOptions {
  /** Maximum distance, either way, between `webhook-timestamp` and now. Default 300 s. */
  toleranceSeconds?: number;
  /** "Now" in unix seconds, for replaying stored requests and tests. Default: the clock. */
  nowSeconds?: number;
}

/** A fetch `Headers`, or a plain object such as Node's `req.headers` (any case; arrays allowed). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** What Herald sends: `{type, timestamp, data}`. */
export interface WebhookEvent<T = unknown> {
  type: string;
  timestamp: string;
  data: T;
}

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
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
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent<T>> {
  const keyBytes = secretKey(secret);
  const read = headerReader(headers);
  const get = (suffix: string) => read(`webhook-${suffix}`) ?? read(`svix-${suffix}`);
  const id = get('id');
  const timestampHeader = get('timestamp');
  const signatures = get('signature');
  if (!id || !timestampHeader || !signatures) {
    const missing = [
      id ? null : 'webhook-id',
      timestampHeader ? null : 'webhook-timestamp',
      signatures ? null : 'webhook-signature',
    ].filter((name) => name !== null);
    throw new WebhookVerificationError(`missing required headers: ${missing.join(', ')}`);
  }

  // stricter than parseInt: "123abc" is not 123
  if (!/^\d{1,15}$/.test(timestampHeader.trim())) {
    throw new WebhookVerificationError(
      `invalid webhook-timestamp header: ${JSON.stringify(timestampHeader)}`,
    );
  }
  const timestamp = Number(timestampHeader.trim());
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (now - timestamp > tolerance) {
    throw new WebhookVerificationError(`message timestamp too old: ${now - timestamp}s ago`);
  }
  if (timestamp - now > tolerance) {
    throw new WebhookVerificationError(`message timestamp too new: ${timestamp - now}s in the future`);
  }

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
  // Headers.get joins repeated headers with ", ": the comma is a separator then, never base64
  for (const entry of signatures.split(' ').map((e) => e.replace(/,$/, ''))) {
    const comma = entry.indexOf(',');
    if (comma === -1 || entry.slice(0, comma) !== 'v1') continue;
    // every candidate is compared in full, so timing tells nothing about which one nearly matched
    if (constantTimeEqual(entry.slice(comma + 1), expected)) matched = true;
  }
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

function headerReader(headers: WebhookHeaders): (name: string) => string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    return (name) => headers.get(name) ?? undefined;
  }
  const lower = new Map<string, string | string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lower.set(name.toLowerCase(), value);
  }
  return (name) => {
    const value = lower.get(name);
    if (value === undefined || !Array.isArray(value)) return value;
    // repeated signature headers are just more candidates; a repeated id or timestamp is ambiguous
    if (name.endsWith('-signature')) return value.join(' ');
    if (value.length === 1) return value[0];
    throw new WebhookVerificationError(`multiple ${name} headers`);
  };
}
