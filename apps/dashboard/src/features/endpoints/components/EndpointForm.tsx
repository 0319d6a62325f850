import { type Endpoint, type EventType, endpointIn, endpointPatch } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { brokerLabel, brokerUrlPlaceholder, kafkaBrokersField } from '../../../lib/brokers.ts';
import { issuesByPath } from '../../../lib/form-errors.ts';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { BrokerField } from '../../../lib/ui/BrokerField.tsx';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { KafkaSecurityFields } from '../../../lib/ui/KafkaSecurityFields.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useCreateEndpoint, useUpdateEndpoint } from '../api/endpoints.ts';
import { ChannelsField } from './ChannelsField.tsx';
import { EventTypePicker } from './EventTypePicker.tsx';
import { FlowControlFields } from './FlowControlFields.tsx';
import { type BrokerValues, byField, initial, toCreate, toPatch, type Values } from './form-values.ts';
import { HeadersEditor } from './HeadersEditor.tsx';

const targetLabel: Record<Values['target'], string> = { http: 'HTTP URL (POST)', ...brokerLabel };

/** The fields of the chosen broker. */
function BrokerFields({
  type,
  values,
  errors,
  onChange,
}: {
  type: Exclude<Values['target'], 'http'>;
  values: BrokerValues;
  errors: Record<string, string>;
  onChange: (name: keyof BrokerValues, value: string) => void;
}) {
  const f = { values, errors, onChange, errorPrefix: 'destination.' };
  const urlHint = 'Credentials in the URL are kept secret: they show as *** afterwards, and *** keeps them.';
  switch (type) {
    case 'amqp':
      return (
        <>
          <BrokerField
            name="url"
            label="Broker URL"
            hint={urlHint}
            placeholder={brokerUrlPlaceholder.amqp}
            {...f}
          />
          <div className="form-row">
            <BrokerField name="exchange" label="Exchange" hint="Empty: the default exchange." {...f} />
            <BrokerField name="routingKey" label="Routing key" {...f} />
          </div>
        </>
      );
    case 'kafka':
      return (
        <>
          <BrokerField {...kafkaBrokersField} {...f} />
          <div className="form-row">
            <BrokerField name="topic" label="Topic" {...f} />
            <BrokerField
              name="key"
              label="Record key"
              hint='Optional; "{messageId}" and "{eventType}" are replaced.'
              {...f}
            />
          </div>
          <KafkaSecurityFields {...f} />
        </>
      );
    case 'nats':
      return (
        <>
          <BrokerField
            name="url"
            label="Broker URL"
            hint={urlHint}
            placeholder={brokerUrlPlaceholder.nats}
            {...f}
          />
          <BrokerField name="subject" label="Subject" hint="A subject a JetStream stream captures." {...f} />
        </>
      );
    case 'redis':
      return (
        <>
          <BrokerField
            name="url"
            label="Broker URL"
            hint={urlHint}
            placeholder={brokerUrlPlaceholder.redis}
            {...f}
          />
          <div className="form-row">
            <BrokerField name="stream" label="Stream" {...f} />
            <BrokerField
              name="maxLen"
              label="Trim to about"
              hint="Entries kept (XADD MAXLEN ~). Empty: never trimmed."
              {...f}
            />
          </div>
        </>
      );
  }
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
      if (k === 'target') for (const f of Object.keys(rest)) if (f.startsWith('destination')) delete rest[f];
      return rest;
    });
  };
  const setBroker = (name: keyof BrokerValues, value: string) => {
    setValues((old) => ({ ...old, broker: { ...old.broker, [name]: value } }));
    setErrors((old) => {
      const rest: Record<string, string> = { ...old };
      delete rest[`destination.${name}`];
      delete rest.destination;
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
      <Field
        label="Delivers to"
        hint="A broker gets the same body, with the webhook-* headers as message headers."
        error={errors.destination}
      >
        {(p) => (
          <select
            {...p}
            value={values.target}
            onChange={(e) => set('target', e.target.value as Values['target'])}
          >
            {Object.entries(targetLabel).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {values.target === 'http' ? (
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
      ) : (
        <BrokerFields type={values.target} values={values.broker} errors={errors} onChange={setBroker} />
      )}
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
