import { type Endpoint, type EventType, endpointIn, endpointPatch } from '@herald/contracts';
import { type FormEvent, useId, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Field } from '../../../lib/ui/Field.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useCreateEndpoint, useUpdateEndpoint } from '../api/endpoints.ts';
import { type HeaderRow, initial, row, toCreate, toPatch, type Values } from './form-values.ts';

const fields = new Set([
  'url',
  'description',
  'eventTypes',
  'channels',
  'rateLimit',
  'headers',
  'maxConcurrency',
  'ordering',
]);

/** Messages by form field (`headers.X-Foo` belongs to `headers`); others are shown with the form. */
function byField(issues: Array<{ path: string; message: string }>) {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const field = i.path.split('.')[0]!;
    if (fields.has(field)) out[field] ??= i.message;
  }
  return out;
}
const zodIssues = (issues: Array<{ path: PropertyKey[]; message: string }>) =>
  byField(issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));

/** Event types chosen from the catalogue as checkboxes, plus types not (yet) in it. */
function EventTypePicker({
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

function HeadersEditor({
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

/** Creates an endpoint, or edits `endpoint` when given. */
export function EndpointForm({
  app,
  endpoint,
  catalogue,
  onSaved,
  onCancel,
}: {
  app: string;
  endpoint?: Endpoint;
  catalogue: EventType[] | undefined;
  onSaved: (endpointId: string) => void;
  onCancel: () => void;
}) {
  // what the form opened with: an edit sends only what differs from it
  const [opened] = useState<Values>(() => initial(endpoint));
  const [values, setValues] = useState<Values>(opened);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateEndpoint(app);
  const update = useUpdateEndpoint(app, endpoint?.id ?? '');
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;
  // a failure the fields show (and that may have been fixed since) is not repeated as a notice
  const shownOnFields =
    failure instanceof ApiError && Object.keys(byField(failure.problem?.errors ?? [])).length > 0;
  const set = <K extends keyof Values>(k: K, v: Values[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    // a field's error goes when it is edited; the limit's too when the ordering changes (FIFO sends none)
    setErrors((old) => {
      const rest: Record<string, string> = { ...old };
      delete rest[k];
      if (k === 'ordering') delete rest.maxConcurrency;
      return rest;
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const onError = (err: Error) => {
      if (err instanceof ApiError) setErrors(byField(err.problem?.errors ?? []));
    };
    if (endpoint) {
      const { patch, error } = toPatch(opened, values);
      if (error) return setErrors({ maxConcurrency: error });
      const parsed = endpointPatch.safeParse(patch);
      if (!parsed.success) return setErrors(zodIssues(parsed.error.issues));
      setErrors({});
      // nothing changed: nothing to send
      if (Object.keys(parsed.data).length === 0) return onSaved(endpoint.id);
      update.mutate(parsed.data, { onSuccess: (ep) => onSaved(ep.id), onError });
    } else {
      const parsed = endpointIn.safeParse(toCreate(values));
      if (!parsed.success) return setErrors(zodIssues(parsed.error.issues));
      setErrors({});
      create.mutate(parsed.data, { onSuccess: (ep) => onSaved(ep.id), onError });
    }
  };
  const fifo = values.ordering === 'fifo';

  return (
    <form className="form card" onSubmit={submit} noValidate>
      <Field label="URL" hint="Where Herald POSTs the webhooks: http:// or https://." error={errors.url}>
        {(p) => (
          <input
            {...p}
            type="url"
            value={values.url}
            onChange={(e) => set('url', e.target.value)}
            placeholder="https://example.com/webhooks"
            spellCheck={false}
            required
          />
        )}
      </Field>
      <Field label="Description" error={errors.description}>
        {(p) => (
          <input
            {...p}
            value={values.description}
            onChange={(e) => set('description', e.target.value)}
            placeholder="What receives these, e.g. Billing service"
          />
        )}
      </Field>
      <EventTypePicker
        catalogue={catalogue}
        value={values.eventTypes}
        onChange={(v) => set('eventTypes', v)}
        error={errors.eventTypes}
      />
      <div className="form-row">
        <Field
          label="Channels"
          hint="Comma-separated. Empty: every channel. Otherwise only messages sharing one."
          error={errors.channels}
        >
          {(p) => (
            <input
              {...p}
              value={values.channels}
              onChange={(e) => set('channels', e.target.value)}
              placeholder="project-1, eu"
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="Rate limit"
          hint="Deliveries per second at most. Empty: no limit."
          error={errors.rateLimit}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              inputMode="numeric"
              value={values.rateLimit}
              onChange={(e) => set('rateLimit', e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-row">
        <Field
          label="Ordering"
          hint="FIFO: one message at a time, in publish order; a failing message blocks the ones behind it until it succeeds or runs out of retries."
          error={errors.ordering}
        >
          {(p) => (
            <select
              {...p}
              value={values.ordering}
              onChange={(e) => set('ordering', e.target.value === 'fifo' ? 'fifo' : 'unordered')}
            >
              <option value="unordered">Unordered</option>
              <option value="fifo">FIFO</option>
            </select>
          )}
        </Field>
        <Field
          label="Max concurrency"
          hint={
            fifo
              ? 'FIFO sends one at a time.'
              : endpoint
                ? 'Attempts in flight at most, across all workers: 1 to 1000.'
                : 'Attempts in flight at most, across all workers: 1 to 1000. Empty: the server default.'
          }
          error={errors.maxConcurrency}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              max={1000}
              inputMode="numeric"
              disabled={fifo}
              value={fifo ? '1' : values.maxConcurrency}
              onChange={(e) => set('maxConcurrency', e.target.value)}
            />
          )}
        </Field>
      </div>
      <HeadersEditor rows={values.headers} onChange={(v) => set('headers', v)} error={errors.headers} />
      {failure && !shownOnFields && Object.keys(errors).length === 0 ? (
        <Notice kind="error">{errorMessage(failure)}</Notice>
      ) : null}
      {Object.keys(errors).length > 0 ? <Notice kind="error">Check the fields marked above.</Notice> : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
