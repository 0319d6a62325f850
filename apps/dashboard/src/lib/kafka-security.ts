import type { KafkaSasl, KafkaTls } from '@herald/contracts';

/** Kafka's SASL login and TLS as a form holds them (an endpoint's Kafka destination, a Kafka source). */
export interface KafkaSecurityValues {
  /** Kafka SASL: '' for none */
  saslMechanism: '' | KafkaSasl['mechanism'];
  saslUsername: string;
  /** "***" as the API shows a stored one: sent back, it keeps it */
  saslPassword: string;
  /** Kafka TLS: off, on, or on without checking the certificate */
  tls: 'off' | 'verify' | 'insecure';
  /** PEM of the CA the brokers' certificates come from; empty: the system's */
  ca: string;
}

/** The form values of a stored `sasl` and `tls` (the password as the API shows it: "***"). */
export function kafkaSecurityValues(
  sasl: KafkaSasl | undefined,
  tls: KafkaTls | undefined,
): KafkaSecurityValues {
  return {
    saslMechanism: sasl?.mechanism ?? '',
    saslUsername: sasl?.username ?? '',
    saslPassword: sasl?.password ?? '',
    tls: !tls ? 'off' : tls !== true && tls.rejectUnauthorized === false ? 'insecure' : 'verify',
    ca: tls && tls !== true ? (tls.ca ?? '') : '',
  };
}

/** The `sasl` and `tls` the form describes; absent: none, plaintext (unchecked: the contract checks them). */
export function kafkaSecurity(b: KafkaSecurityValues): { sasl?: KafkaSasl; tls?: KafkaTls } {
  const ca = b.ca.trim();
  const tls: KafkaTls =
    ca || b.tls === 'insecure'
      ? { ...(ca ? { ca } : {}), ...(b.tls === 'insecure' ? { rejectUnauthorized: false } : {}) }
      : true;
  return {
    ...(b.saslMechanism
      ? { sasl: { mechanism: b.saslMechanism, username: b.saslUsername.trim(), password: b.saslPassword } }
      : {}),
    ...(b.tls === 'off' ? {} : { tls }),
  };
}

/** The form fields of the nested `sasl` and `tls` paths. */
const securityFields = new Map<string, keyof KafkaSecurityValues>([
  ['sasl', 'saslMechanism'],
  ['sasl.mechanism', 'saslMechanism'],
  ['sasl.username', 'saslUsername'],
  ['sasl.password', 'saslPassword'],
  ['tls', 'tls'],
  ['tls.ca', 'ca'],
  ['tls.rejectUnauthorized', 'tls'],
]);

/**
 * The form field an error at `path` (from the `sasl` or `tls` of a Kafka destination or source, e.g.
 * `sasl.password`, `tls.ca`) shows on; undefined for other paths.
 */
export function kafkaSecurityField(path: string): keyof KafkaSecurityValues | undefined {
  const [first, second] = path.split('.');
  return securityFields.get(`${first}.${second}`) ?? securityFields.get(first!);
}
