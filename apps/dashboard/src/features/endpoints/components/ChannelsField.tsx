import { Field } from '../../../lib/ui/Field.tsx';

/** The endpoint's channels as comma-separated text (form-values splits it into the list). */
export function ChannelsField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  return (
    <Field
      label="Channels"
      hint="Comma-separated. Empty: every channel. Otherwise only messages sharing one."
      error={error}
    >
      {(p) => (
        <input
          {...p}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder="project-1, eu"
          spellCheck={false}
        />
      )}
    </Field>
  );
}
