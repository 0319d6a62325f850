import type { ReactNode } from 'react';
import { Field } from './Field.tsx';

/**
 * One text field of a broker's settings, bound by `name` to a record of the form's values; its error
 * is `errors[errorPrefix + name]` (`destination.topic` for an endpoint, `topic` for a source).
 */
export function BrokerField<K extends string>({
  name,
  label,
  hint,
  placeholder,
  values,
  errors,
  errorPrefix = '',
  type,
  onChange,
}: {
  name: K;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  values: Record<K, string>;
  errors: Record<string, string>;
  errorPrefix?: string;
  /** `password`: not shown as typed, and not offered to the browser's autofill */
  type?: 'password';
  onChange: (name: K, value: string) => void;
}) {
  return (
    <Field label={label} hint={hint} error={errors[`${errorPrefix}${name}`]}>
      {(p) => (
        <input
          {...p}
          type={type}
          autoComplete={type === 'password' ? 'new-password' : undefined}
          value={values[name]}
          onChange={(e) => onChange(name, e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
        />
      )}
    </Field>
  );
}
