/**
 * SASL and TLS of Herald's Kafka clients (the destinations' producers, the sources' consumers): the
 * options @platformatic/kafka takes, a key that tells connections with different credentials apart
 * without holding a password in clear, and the check of a CA before it is stored.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { KafkaSasl, KafkaTls } from '@herald/contracts';
import type { SASLOptions } from '@platformatic/kafka';

/** How a Kafka client authenticates and encrypts: absent fields mean plaintext, no SASL. */
export interface KafkaSecurity {
  sasl?: KafkaSasl | undefined;
  tls?: KafkaTls | undefined;
}

const MECHANISMS = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
} as const satisfies Record<KafkaSasl['mechanism'], SASLOptions['mechanism']>;

/** Node's TLS options for `tls` (verification on unless switched off); undefined for plaintext. */
function tlsOptions(tls: KafkaTls | undefined): TlsOptions | undefined {
  if (!tls) return undefined;
  const o = tls === true ? {} : tls;
  return { rejectUnauthorized: o.rejectUnauthorized ?? true, ...(o.ca ? { ca: o.ca } : {}) };
}

const hostOf = (broker: string) => broker.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');

/** The connection options of a Kafka client of `brokers` with this security. */
export function kafkaClientOptions(
  brokers: string[],
  s: KafkaSecurity,
): { sasl?: SASLOptions; tls?: TlsOptions; tlsServerName?: boolean } {
  const tls = tlsOptions(s.tls);
  return {
    ...(s.sasl
      ? {
          sasl: {
            mechanism: MECHANISMS[s.sasl.mechanism],
            username: s.sasl.username,
            password: s.sasl.password,
          },
        }
      : {}),
    // SNI with the broker's name: cloud clusters (Confluent Cloud) route on it; an IP literal has none
    ...(tls ? { tls, tlsServerName: brokers.some((b) => isIP(hostOf(b)) === 0) } : {}),
  };
}

/**
 * What makes two Kafka connections the same: the bootstrap brokers, and a digest of the credentials
 * and TLS settings (so endpoints with different users never share a producer, and the key, which may
 * be printed, holds no password).
 */
export function kafkaConnectionKey(brokers: string[], s: KafkaSecurity): string {
  const base = `kafka ${[...brokers].sort().join(',')}`;
  const tls = tlsOptions(s.tls);
  if (!s.sasl && !tls) return base;
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        s.sasl?.mechanism,
        s.sasl?.username,
        s.sasl?.password,
        tls?.ca,
        tls?.rejectUnauthorized,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
  return `${base} ${digest}`;
}

/**
 * Why the CA of `tls` cannot be used (each PEM block must parse as an X.509 certificate), or null. The
 * contract only checks the PEM framing; this catches a mangled copy and paste at the API, not at the
 * first delivery.
 */
export function caProblem(tls: KafkaTls | undefined): string | null {
  if (!tls || tls === true || !tls.ca) return null;
  const blocks = tls.ca.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  for (const [i, pem] of blocks.entries()) {
    try {
      new X509Certificate(pem);
    } catch {
      return `certificate ${i + 1} of ${blocks.length} is not a valid X.509 certificate`;
    }
  }
  return null;
}

/** Certificate checks that failed, as OpenSSL names them: the error then says what to look at. */
const CERT_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A hint for an error whose cause is a certificate the client does not trust, else ''. */
export function tlsHint(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CERT_ERRORS.has(code))
      return ` (TLS: the broker's certificate is not trusted, ${code}: check tls.ca, or the broker's name)`;
    const nested = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(nested)) {
      const hint = nested.map(tlsHint).find(Boolean);
      if (hint) return hint;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}
