import { type Endpoint, type EventType, endpointIn, endpointPatch } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useCreateEndpoint, useUpdateEndpoint } from '../api/endpoints.ts';
import { ChannelsField } from './ChannelsField.tsx';
import { EventTypePicker } from './EventTypePicker.tsx';
import { FlowControlFields } from './FlowControlFields.tsx';
import { byField, initial, issuesByPath, toCreate, toPatch, type Values } from './form-values.ts';
import { HeadersEditor } from './HeadersEditor.tsx';

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
  const update = useUpdateEndpoint(app);
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;
  // a failure the fields show (and that may have been fixed since) is not repeated as a notice
  const shownOnFields = failure instanceof ApiError && Object.keys(byField(failure.fieldErrors())).length > 0;
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
      if (err instanceof ApiError) setErrors(byField(err.fieldErrors()));
    };
    if (endpoint) {
      const { patch, error } = toPatch(opened, values);
      if (error) return setErrors({ maxConcurrency: error });
      const parsed = endpointPatch.safeParse(patch);
      if (!parsed.success) return setErrors(byField(issuesByPath(parsed.error.issues)));
      setErrors({});
      // nothing changed: nothing to send
      if (Object.keys(parsed.data).length === 0) return onSaved(endpoint.id);
      update.mutate({ ep: endpoint.id, patch: parsed.data }, { onSuccess: (ep) => onSaved(ep.id), onError });
    } else {
      const parsed = endpointIn.safeParse(toCreate(values));
      if (!parsed.success) return setErrors(byField(issuesByPath(parsed.error.issues)));
      setErrors({});
      create.mutate(parsed.data, { onSuccess: (ep) => onSaved(ep.id), onError });
    }
  };

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
        <ChannelsField value={values.channels} onChange={(v) => set('channels', v)} error={errors.channels} />
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
      <FlowControlFields
        ordering={values.ordering}
        maxConcurrency={values.maxConcurrency}
        onOrdering={(v) => set('ordering', v)}
        onMaxConcurrency={(v) => set('maxConcurrency', v)}
        errors={errors}
        editing={endpoint !== undefined}
      />
      <HeadersEditor rows={values.headers} onChange={(v) => set('headers', v)} error={errors.headers} />
      {failure && !shownOnFields && Object.keys(errors).length === 0 ? (
        <Notice kind="error">{errorMessage(failure)}</Notice>
      ) : null}
      {Object.keys(errors).length > 0 ? <Notice kind="error">Check the fields marked above.</Notice> : null}
      <FormActions onCancel={onCancel} action={{ label: 'Save', busyLabel: 'Saving…', busy: saving }} />
    </form>
  );
}
