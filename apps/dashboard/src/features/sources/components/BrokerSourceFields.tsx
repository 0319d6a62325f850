import type { BrokerType } from '@herald/contracts';
import { brokerUrlPlaceholder, kafkaBrokersField } from '../../../lib/brokers.ts';
import { BrokerField } from '../../../lib/ui/BrokerField.tsx';
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
 * The fields of a broker source of `type`: its broker and where it consumes, and the dead-letter
 * target. Errors are keyed by the contract's names (`url`, `stream`, `brokers`, `deadLetter`).
 * `fixed` (an edit): shown, not changed: the API changes no broker coordinates of a source.
 */
export function BrokerSourceFields({
  type,
  values,
  errors,
  fixed,
  onChange,
}: {
  type: BrokerType;
  values: BrokerSourceValues;
  errors: Record<string, string>;
  fixed: boolean;
  onChange: (name: keyof BrokerSourceValues, value: string) => void;
}) {
  const f = { values, errors, onChange, readOnly: fixed };
  return (
    <>
      {type === 'kafka' ? (
        <BrokerField {...kafkaBrokersField} {...f} />
      ) : (
        <BrokerField
          name="url"
          label="Broker URL"
          hint={
            fixed
              ? 'Shown without its credentials.'
              : 'Credentials in the URL are kept secret: they are never shown again.'
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
      <BrokerField
        name="deadLetter"
        label={deadLetterLabel[type]}
        hint={
          fixed
            ? 'Where poison messages go.'
            : `Where poison messages go. Empty: ${defaultDeadLetter(type, values)}.`
        }
        {...f}
      />
    </>
  );
}
