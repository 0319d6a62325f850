import { applicationIn } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useCreateApp } from '../api/apps.ts';

export function CreateAppForm({
  onCreated,
  onCancel,
}: {
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [uid, setUid] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateApp();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = applicationIn.safeParse({ name: name.trim(), ...(uid.trim() ? { uid: uid.trim() } : {}) });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (app) => onCreated(app.id),
      onError: (err) => err instanceof ApiError && setErrors(err.fieldErrors()),
    });
  };

  return (
    <form onSubmit={submit} className="form" noValidate>
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}
      </Field>
      <Field
        label="UID (optional)"
        hint="Your own id for it, usable wherever the app id is."
        error={errors.uid}
      >
        {(p) => <input {...p} value={uid} onChange={(e) => setUid(e.target.value)} spellCheck={false} />}
      </Field>
      {create.isError && Object.keys(errors).length === 0 ? (
        <Notice kind="error">{errorMessage(create.error)}</Notice>
      ) : null}
      <FormActions
        onCancel={onCancel}
        action={{ label: 'Create application', busyLabel: 'Creating…', busy: create.isPending }}
      />
    </form>
  );
}
