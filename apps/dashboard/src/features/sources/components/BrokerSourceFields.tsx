import type { BrokerType } from '@herald/contracts';
import { brokerUrlPlaceholder, kafkaBrokersField } from '../../../lib/brokers.ts';
import { BrokerField } from '../../../lib/ui/BrokerField.tsx';
import { KafkaSecurityFields } from '../../../lib/ui/KafkaSecurityFields.tsx';
import { type BrokerSourceValues, defaultDeadLetter } from './source-values.ts';

/** Where each broker consumes, as the contract names it. */
const coordinates: Record<
  BrokerType,
  Array<{ name: keyof BrokerSourceValues; label: string; hint?: string }>
> = {
  amqp: [{ name: 'queue', label: 'Queue', hint: 'Declared durable if it is missing.' }],
  kafka: [
    { name: 'topic', label: 'Topic' },
    { name: 'group', label: 'Consumer group', hint: 'Offsets are committed after each publish.' },
  ],
  nats: [
    { name: 'stream', label: 'Stream', hint: 'An existing JetStream stream.' },
    { name: 'durable', label: 'Durable consumer', hint: 'The pull consumer Herald creates on the stream.' },
  ],
  redis: [
    { name: 'stream', label: 'Stream', hint: 'Each entry carries the JSON body in its field "body".' },
    { name: 'group', label: 'Consumer group', hint: 'Herald creates it on the stream.' },
  ],
};

const deadLetterLabel: Record<BrokerType, string> = {
  amqp: 'Dead-letter queue',
  kafka: 'Dead-letter topic',
  nats: 'Dead-letter subject',
  redis: 'Dead-letter stream',
};

/**
 * The fields of a broker source of `type`: its broker and where it consumes (Kafka: with its SASL
 * and TLS), and the dead-letter target. Errors are keyed by the contract's names (`url`, `stream`,
 * `brokers`, `deadLetter`; `saslPassword`, `ca` for Kafka's nested ones). `editing`: the URL or the SASL
 * password shows its password as ***, which keeps the stored one unless typed anew.
 */
export function BrokerSourceFields({
  type,
  values,
  errors,
  editing,
  onChange,
}: {
  type: BrokerType;
  values: BrokerSourceValues;
  errors: Record<string, string>;
  editing: boolean;
  onChange: (name: keyof BrokerSourceValues, value: string) => void;
}) {
  const f = { values, errors, onChange };
  return (
    <>
      {type === 'kafka' ? (
        <BrokerField {...kafkaBrokersField} {...f} />
      ) : (
        <BrokerField
          name="url"
          label="Broker URL"
          hint={
            editing
              ? 'A password shows as ***: left so, the stored one is kept (on the same host and port). Type a new one to rotate it.'
              : 'Credentials in the URL are kept secret: they show as *** afterwards.'
          }
          placeholder={brokerUrlPlaceholder[type]}
          {...f}
        />
      )}
      <div className="form-row">
        {coordinates[type].map((c) => (
          <BrokerField key={c.name} {...c} {...f} />
        ))}
      </div>
      {type === 'kafka' ? (
        <KafkaSecurityFields
          {...f}
          errorPrefix=""
          passwordHint={
            editing
              ? 'Shown as ***: left so, the stored one is kept (with the same brokers and username). Type a new one to rotate it.'
              : 'Kept secret: it shows as *** afterwards.'
          }
        />
      ) : null}
      {editing ? (
        <p className="field-hint">
          Another {coordinates[type].map((c) => c.label.toLowerCase()).join(' or ')} is read as a new consumer
          reads it: a group or durable consumer Herald creates from the beginning, one that exists from where
          it is. A new URL or dead-letter target keeps the position.
        </p>
      ) : null}
      <BrokerField
        name="deadLetter"
        label={deadLetterLabel[type]}
        hint={`Where poison messages go. Empty: ${defaultDeadLetter(type, values)}.`}
        {...f}
      />
    </>
  );
}
