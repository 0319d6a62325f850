import { type Source, sourceIn, sourcePatch } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useCreateSource, useUpdateSource } from '../api/sources.ts';
import {
  type EventTypeMode,
  initialValues,
  type SourceValues,
  toCreate,
  toPatch,
  type VerificationType,
} from './source-values.ts';

const types: Array<[VerificationType, string]> = [
  ['hmac-sha256', 'HMAC-SHA256 (generic: Shopify, Slack, your own)'],
  ['github', 'GitHub (x-hub-signature-256)'],
  ['stripe', 'Stripe (stripe-signature)'],
  ['standard-webhooks', 'Standard Webhooks (webhook-signature, whsec_ secret)'],
  ['none', 'None: no signature check'],
];

const modes: Array<[EventTypeMode, string, string]> = [
  ['header', 'From a header', 'x-github-event'],
  ['bodyPath', 'From the body', 'data.type'],
  ['fixed', 'Always the same', 'order.created'],
];

/** Field errors by path; `verification.secret` and the like are shown on their field. */
function byPath(issues: Array<{ path: PropertyKey[]; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.map(String).join('.') || 'form'] ??= i.message;
  return out;
}

/** Creates a source, or edits `source` when given. */
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
  const shownOnFields = failure instanceof ApiError && Object.keys(failure.fieldErrors()).length > 0;
  const set = <K extends keyof SourceValues>(k: K, v: SourceValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    setErrors({});
  };
  const err = (path: string) => errors[path];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const onError = (error: Error) => {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    };
    if (source) {
      const parsed = sourcePatch.safeParse(toPatch(opened, values));
      if (!parsed.success) return setErrors(byPath(parsed.error.issues));
      if (Object.keys(parsed.data).length === 0) return onSaved(source.id);
      update.mutate({ src: source.id, patch: parsed.data }, { onSuccess: (s) => onSaved(s.id), onError });
    } else {
      const parsed = sourceIn.safeParse(toCreate(values));
      if (!parsed.success) return setErrors(byPath(parsed.error.issues));
      create.mutate(parsed.data, { onSuccess: (s) => onSaved(s.id), onError });
    }
  };

  const hmac = values.type === 'hmac-sha256';
  const mode = modes.find(([m]) => m === values.eventTypeMode)!;
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <Field label="Name" error={err('name')}>
        {(p) => <input {...p} value={values.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      {source ? null : (
        <Field label="UID (optional)" hint="Your own name for it in URLs of the API." error={err('uid')}>
          {(p) => <input {...p} value={values.uid} onChange={(e) => set('uid', e.target.value)} />}
        </Field>
      )}
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
            source && values.type === opened.type
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
      {hmac ? (
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
          error={err(`eventType.${values.eventTypeMode}`)}
        >
          {(p) => (
            <input
              {...p}
              value={values.eventTypeValue}
              placeholder={mode[2]}
              onChange={(e) => set('eventTypeValue', e.target.value)}
            />
          )}
        </Field>
      </div>
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
      {failure && !shownOnFields ? <Notice kind="error">{errorMessage(failure)}</Notice> : null}
      <FormActions
        onCancel={onCancel}
        action={{ label: source ? 'Save source' : 'Create source', busyLabel: 'Saving…', busy: saving }}
      />
    </form>
  );
}
