import { useId } from 'react';
import { type HeaderRow, row } from './form-values.ts';

/** The endpoint's custom headers as name/value rows; rows without a name are not sent. */
export function HeadersEditor({
  rows,
  onChange,
  error,
}: {
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const set = (key: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset
      className={error ? 'field fieldset field-invalid' : 'field fieldset'}
      aria-labelledby={`${id}-legend`}
    >
      <legend id={`${id}-legend`}>Custom headers</legend>
      <p className="field-hint">Sent with every delivery, e.g. an auth token your receiver expects.</p>
      {rows.map((r, i) => (
        <div key={r.key} className="header-row">
          <input
            aria-label={`Header ${i + 1} name`}
            placeholder="X-Header-Name"
            value={r.name}
            spellCheck={false}
            onChange={(e) => set(r.key, { name: e.target.value })}
          />
          <input
            aria-label={`Header ${i + 1} value`}
            placeholder="value"
            value={r.value}
            spellCheck={false}
            onChange={(e) => set(r.key, { value: e.target.value })}
          />
          <button
            type="button"
            className="button button-small button-ghost"
            aria-label={`Remove header ${i + 1}`}
            onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="button button-small" onClick={() => onChange([...rows, row()])}>
          Add header
        </button>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
