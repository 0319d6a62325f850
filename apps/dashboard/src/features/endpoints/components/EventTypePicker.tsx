import type { EventType } from '@herald/contracts';
import { useId, useState } from 'react';

/** Event types chosen from the catalogue as checkboxes, plus types not (yet) in it. */
export function EventTypePicker({
  catalogue,
  value,
  onChange,
  error,
}: {
  catalogue: EventType[] | undefined;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const [other, setOther] = useState('');
  const known = new Set(catalogue?.map((t) => t.name));
  const names = [...(catalogue?.map((t) => t.name) ?? []), ...value.filter((v) => !known.has(v))];
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...value, name] : value.filter((v) => v !== name));
  const addOther = () => {
    const name = other.trim();
    if (name && !value.includes(name)) onChange([...value, name]);
    setOther('');
  };
  return (
    <fieldset
      className={error ? 'field fieldset field-invalid' : 'field fieldset'}
      aria-labelledby={`${id}-legend`}
      aria-describedby={`${id}-hint`}
    >
      <legend id={`${id}-legend`}>Event types</legend>
      <p className="field-hint" id={`${id}-hint`}>
        {value.length === 0
          ? 'None chosen: this endpoint receives every event type.'
          : `Receives ${value.length} event type${value.length === 1 ? '' : 's'}.`}
      </p>
      {catalogue === undefined ? (
        <p className="muted">Loading the catalogue…</p>
      ) : names.length === 0 ? (
        <p className="muted">The catalogue is empty. Add event types by name below.</p>
      ) : (
        <div className="checks">
          {names.map((name) => {
            const description = catalogue.find((t) => t.name === name)?.description;
            return (
              <label key={name} className="check">
                <input
                  type="checkbox"
                  checked={value.includes(name)}
                  onChange={(e) => toggle(name, e.target.checked)}
                />
                <span>
                  <code>{name}</code>
                  {description ? <span className="muted small"> {description}</span> : null}
                </span>
              </label>
            );
          })}
        </div>
      )}
      <div className="inline-add">
        <label htmlFor={`${id}-other`} className="visually-hidden">
          Another event type by name
        </label>
        <input
          id={`${id}-other`}
          value={other}
          placeholder="another.type"
          spellCheck={false}
          onChange={(e) => setOther(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              addOther();
            }
          }}
        />
        <button type="button" className="button button-small" onClick={addOther} disabled={!other.trim()}>
          Add type
        </button>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
