import { type Source, type SourceType, sourceIn, sourcePatchOf } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { brokerLabel } from '../../../lib/brokers.ts';
import { issuesByPath } from '../../../lib/form-errors.ts';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useCreateSource, useUpdateSource } from '../api/sources.ts';
import { BrokerSourceFields } from './BrokerSourceFields.tsx';
import {
  type BrokerSourceValues,
  byField,
  type EventTypeMode,
  initialValues,
  type SourceValues,
  toCreate,
  toPatch,
  type VerificationType,
} from './source-values.ts';

const kinds: Record<SourceType, string> = {
  http: 'HTTP: webhooks at its ingest URL',
  ...brokerLabel,
};

const types: Array<[VerificationType, string]> = [
  ['hmac-sha256', 'HMAC-SHA256 (generic: Shopify, Slack, your own)'],
  ['github', 'GitHub (x-hub-signature-256)'],
  ['stripe', 'Stripe (stripe-signature)'],
  ['standard-webhooks', 'Standard Webhooks (webhook-signature, whsec_ secret)'],
  ['none', 'None: no signature check'],
];

/** Each rule: its label, and an example for HTTP sources and for broker sources. */
const modes: Array<[EventTypeMode, string, string, string]> = [
  ['header', 'From a header', 'x-github-event', 'type'],
  ['bodyPath', 'From the body', 'data.type', 'data.type'],
  ['fixed', 'Always the same', 'order.created', 'order.created'],
];

interface Part {
  values: SourceValues;
  set: <K extends keyof SourceValues>(k: K, v: SourceValues[K]) => void;
  err: (path: string) => string | undefined;
}

/** HTTP sources: how a request is verified, with the HMAC options. */
function VerificationFields({ values, set, err, keepsSecret }: Part & { keepsSecret: boolean }) {
  return (
    <>
      <Field
        label="Verification"
        hint="How Herald checks that a request really comes from the provider."
        error={err('verification.type')}
      >
        {(p) => (
          <select
            {...p}
            value={values.type}
            onChange={(e) => set('type', e.target.value as VerificationType)}
          >
            {types.map(([t, label]) => (
              <option key={t} value={t}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {values.type === 'none' ? null : (
        <Field
          label="Secret"
          hint={
            keepsSecret
              ? 'Leave blank to keep the current secret. It is never shown again.'
              : 'The signing secret the provider gave you.'
          }
          error={err('verification.secret')}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              value={values.secret}
              onChange={(e) => set('secret', e.target.value)}
            />
          )}
        </Field>
      )}
      {values.type === 'hmac-sha256' ? (
        <fieldset className="fieldset">
          <legend>HMAC details</legend>
          <div className="form-row">
            <Field label="Signature header" hint="Default x-signature." error={err('verification.header')}>
              {(p) => (
                <input
                  {...p}
                  value={values.header}
                  placeholder="x-signature"
                  onChange={(e) => set('header', e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Encoding"
              hint="Shopify: base64. Slack, most others: hex."
              error={err('verification.encoding')}
            >
              {(p) => (
                <select
                  {...p}
                  value={values.encoding}
                  onChange={(e) => set('encoding', e.target.value as 'hex' | 'base64')}
                >
                  <option value="hex">hex</option>
                  <option value="base64">base64</option>
                </select>
              )}
            </Field>
            <Field
              label="Prefix"
              hint='Before the digest, e.g. "sha256=" or Slack&apos;s "v0=".'
              error={err('verification.prefix')}
            >
              {(p) => <input {...p} value={values.prefix} onChange={(e) => set('prefix', e.target.value)} />}
            </Field>
          </div>
          <div className="form-row">
            <Field
              label="Timestamp header"
              hint="A header with the sending time, checked within 300 s (Slack: x-slack-request-timestamp)."
              error={err('verification.timestampHeader')}
            >
              {(p) => (
                <input
                  {...p}
                  value={values.timestampHeader}
                  onChange={(e) => set('timestampHeader', e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Signed content"
              hint="What is signed, with {body} and {timestamp}; blank: the body alone. Slack: v0:{timestamp}:{body}."
              error={err('verification.signedContent')}
            >
              {(p) => (
                <input
                  {...p}
                  value={values.signedContent}
                  placeholder="{body}"
                  onChange={(e) => set('signedContent', e.target.value)}
                />
              )}
            </Field>
          </div>
        </fieldset>
      ) : null}
    </>
  );
}

/** Where the event type comes from: for a broker source "header" is a message header or property. */
function EventTypeFields({ values, set, err }: Part) {
  const http = values.kind === 'http';
  const mode = modes.find(([m]) => m === values.eventTypeMode)!;
  return (
    <div className="form-row">
      <Field label="Event type" error={err('eventType')}>
        {(p) => (
          <select
            {...p}
            value={values.eventTypeMode}
            onChange={(e) => set('eventTypeMode', e.target.value as EventTypeMode)}
          >
            {modes.map(([m, label]) => (
              <option key={m} value={m}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={
          values.eventTypeMode === 'header'
            ? 'Header name'
            : values.eventTypeMode === 'bodyPath'
              ? 'Body path'
              : 'Event type name'
        }
        hint={
          !http && values.eventTypeMode === 'header'
            ? 'A message header; Redis: an entry field; RabbitMQ: also a property such as type.'
            : undefined
        }
        error={err(`eventType.${values.eventTypeMode}`)}
      >
        {(p) => (
          <input
            {...p}
            value={values.eventTypeValue}
            placeholder={http ? mode[2] : mode[3]}
            onChange={(e) => set('eventTypeValue', e.target.value)}
          />
        )}
      </Field>
    </div>
  );
}

/** HTTP sources: their own rate and body limits. */
function LimitFields({ values, set, err }: Part) {
  return (
    <div className="form-row">
      <Field
        label="Rate limit (per minute)"
        hint="Blank: no limit of its own. More get 429."
        error={err('rateLimitPerMinute')}
      >
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            value={values.rateLimitPerMinute}
            onChange={(e) => set('rateLimitPerMinute', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Largest body (bytes)"
        hint="Blank: the server's limit. Larger gets 413."
        error={err('maxBodyBytes')}
      >
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            value={values.maxBodyBytes}
            onChange={(e) => set('maxBodyBytes', e.target.value)}
          />
        )}
      </Field>
    </div>
  );
}

/**
 * Creates a source (HTTP, or a broker's: RabbitMQ, Kafka, NATS JetStream, Redis Streams), or edits
 * `source` when given: its kind stays; a broker source's URL, coordinates and dead-letter target change.
 */
export function SourceForm({
  app,
  source,
  onSaved,
  onCancel,
}: {
  app: string;
  source?: Source;
  onSaved: (sourceId: string) => void;
  onCancel: () => void;
}) {
  const [opened] = useState<SourceValues>(() => initialValues(source));
  const [values, setValues] = useState<SourceValues>(opened);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateSource(app);
  const update = useUpdateSource(app);
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;
  // a failure the fields show (and that may have been fixed since) is not repeated as a notice
  const shownOnFields = failure instanceof ApiError && Object.keys(failure.fieldErrors()).length > 0;
  const set = <K extends keyof SourceValues>(k: K, v: SourceValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    setErrors({});
  };
  const setBroker = (name: keyof BrokerSourceValues, value: string) => {
    setValues((old) => ({ ...old, broker: { ...old.broker, [name]: value } }));
    setErrors({});
  };
  const err = (path: string) => errors[path];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const onError = (error: Error) => {
      if (error instanceof ApiError) setErrors(byField(error.fieldErrors()));
    };
    if (source) {
      // the rules of this source's type: a broker field is checked as on create
      const parsed = sourcePatchOf(source.type).safeParse(toPatch(opened, values));
      if (!parsed.success) return setErrors(byField(issuesByPath(parsed.error.issues)));
      if (Object.keys(parsed.data).length === 0) return onSaved(source.id);
      update.mutate({ src: source.id, patch: parsed.data }, { onSuccess: (s) => onSaved(s.id), onError });
    } else {
      const parsed = sourceIn.safeParse(toCreate(values));
      if (!parsed.success) return setErrors(byField(issuesByPath(parsed.error.issues)));
      create.mutate(parsed.data, { onSuccess: (s) => onSaved(s.id), onError });
    }
  };

  const part: Part = { values, set, err };
  const editing = source !== undefined;
  // an error about the input as a whole has no field of its own
  const whole = errors[''];
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <Field
        label="Receives from"
        hint={
          editing
            ? 'A source keeps its kind; its broker, where it consumes and its dead-letter target can change.'
            : 'A provider sends webhooks to its ingest URL, or Herald consumes a broker.'
        }
        error={err('type')}
      >
        {(p) => (
          <select
            {...p}
            value={values.kind}
            disabled={editing}
            onChange={(e) => set('kind', e.target.value as SourceType)}
          >
            {Object.entries(kinds).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Name" error={err('name')}>
        {(p) => <input {...p} value={values.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      {editing ? null : (
        <Field label="UID (optional)" hint="Your own name for it in URLs of the API." error={err('uid')}>
          {(p) => <input {...p} value={values.uid} onChange={(e) => set('uid', e.target.value)} />}
        </Field>
      )}
      {values.kind === 'http' ? (
        <VerificationFields {...part} keepsSecret={editing && values.type === opened.type} />
      ) : (
        <BrokerSourceFields
          type={values.kind}
          values={values.broker}
          errors={errors}
          editing={editing}
          onChange={setBroker}
        />
      )}
      <EventTypeFields {...part} />
      {values.kind === 'http' ? <LimitFields {...part} /> : null}
      {whole ? <Notice kind="error">{whole}</Notice> : null}
      {failure && !shownOnFields ? <Notice kind="error">{errorMessage(failure)}</Notice> : null}
      <FormActions
        onCancel={onCancel}
        action={{ label: editing ? 'Save source' : 'Create source', busyLabel: 'Saving…', busy: saving }}
      />
    </form>
  );
}
