import type { KafkaSecurityValues } from '../kafka-security.ts';
import { BrokerField } from './BrokerField.tsx';
import { Field } from './Field.tsx';

interface Props {
  values: KafkaSecurityValues;
  errors: Record<string, string>;
  /** before each field's name in `errors`: `destination.` for an endpoint, '' for a source */
  errorPrefix: string;
  onChange: (name: keyof KafkaSecurityValues, value: string) => void;
}

/** A choice among a few values of Kafka's security. */
function BrokerChoice<K extends 'saslMechanism' | 'tls'>({
  name,
  label,
  options,
  values,
  errors,
  errorPrefix,
  onChange,
}: Props & { name: K; label: string; options: Record<KafkaSecurityValues[K], string> }) {
  return (
    <Field label={label} error={errors[`${errorPrefix}${name}`]}>
      {(p) => (
        <select {...p} value={values[name]} onChange={(e) => onChange(name, e.target.value)}>
          {Object.entries(options).map(([k, text]) => (
            <option key={k} value={k}>
              {text as string}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const saslLabel: Record<KafkaSecurityValues['saslMechanism'], string> = {
  '': 'None',
  plain: 'PLAIN (use with TLS)',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
};
const tlsLabel: Record<KafkaSecurityValues['tls'], string> = {
  off: 'Off (plaintext)',
  verify: 'On',
  insecure: 'On, certificate not checked (testing only)',
};

/**
 * Kafka's SASL login and TLS: what Confluent Cloud, MSK and Aiven ask for. Errors are keyed by
 * `errorPrefix` and the field's name (`destination.saslPassword` for an endpoint, `saslPassword` for a source).
 */
export function KafkaSecurityFields(f: Props & { passwordHint?: string }) {
  const { passwordHint = 'Kept secret: it shows as *** afterwards, and *** keeps it.', ...p } = f;
  return (
    <>
      <div className="form-row">
        <BrokerChoice name="saslMechanism" label="SASL" options={saslLabel} {...p} />
        <BrokerChoice name="tls" label="TLS" options={tlsLabel} {...p} />
      </div>
      {p.values.saslMechanism ? (
        <div className="form-row">
          <BrokerField name="saslUsername" label="SASL username" {...p} />
          <BrokerField name="saslPassword" label="SASL password" type="password" hint={passwordHint} {...p} />
        </div>
      ) : null}
      {p.values.tls !== 'off' ? (
        <Field
          label="CA certificate"
          hint="PEM of the CA that signed the brokers' certificates. Empty: the system's CAs."
          error={p.errors[`${p.errorPrefix}ca`]}
        >
          {(fp) => (
            <textarea
              {...fp}
              rows={3}
              value={p.values.ca}
              onChange={(e) => p.onChange('ca', e.target.value)}
              placeholder="-----BEGIN CERTIFICATE-----"
              spellCheck={false}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}
