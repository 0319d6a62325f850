/**
 * The receiver-side checks every Standard Webhooks verifier shares, with no crypto and no Node APIs,
 * so the Node signer (`./index.ts`) and the browser-safe SDK verifier use the same rules: which
 * headers, how a timestamp is read and bounded, which signature entries count.
 */

/** Thrown when a webhook must be rejected; the message says why. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface VerifyOptions {
  /** Maximum allowed distance, either way, between the timestamp header and now. Default 300. */
  toleranceSeconds?: number;
  /** "Now" in unix seconds; for tests and replaying stored requests. Default: the clock. */
  nowSeconds?: number;
}

/** A fetch `Headers`, or a plain object such as Node's `req.headers` (any case; arrays allowed). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

function headerReader(headers: WebhookHeaders): (name: string) => string | undefined {
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
    if (value === undefined || !Array.isArray(value)) return value;
    // Repeated signature headers are just more candidates; a repeated id or timestamp is ambiguous.
    if (name.endsWith('-signature')) return value.join(' ');
    if (value.length === 1) return value[0];
    throw new WebhookVerificationError(`multiple ${name} headers`);
  };
}

export interface SignedHeaders {
  id: string;
  timestamp: number;
  /** the base64 digests of the `v1` entries (HMAC-SHA256) */
  v1Signatures: string[];
  /** the base64 signatures of the `v1a` entries (ed25519); other versions are ignored */
  v1aSignatures: string[];
}

/**
 * Reads `webhook-*` (or the equivalent `svix-*`, each `webhook-*` header winning over its twin, like
 * the official svix library) and checks the timestamp is within tolerance; throws
 * {@link WebhookVerificationError} otherwise.
 */
export function readSignedHeaders(headers: WebhookHeaders, options: VerifyOptions = {}): SignedHeaders {
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

  const v1Signatures: string[] = [];
  const v1aSignatures: string[] = [];
  // Headers.get joins repeated headers with ", ": a trailing comma is a separator, never base64
  for (const entry of signatures.split(' ').map((e) => e.replace(/,$/, ''))) {
    const comma = entry.indexOf(',');
    if (comma === -1) continue;
    const version = entry.slice(0, comma);
    if (version === 'v1') v1Signatures.push(entry.slice(comma + 1));
    else if (version === 'v1a') v1aSignatures.push(entry.slice(comma + 1));
  }
  return { id, timestamp, v1Signatures, v1aSignatures };
}
