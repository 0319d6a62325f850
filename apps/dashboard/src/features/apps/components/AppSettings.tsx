import type { Application } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { navigate } from '../../../lib/router.tsx';
import { ConfirmButton } from '../../../lib/ui/ConfirmDialog.tsx';
import { Field } from '../../../lib/ui/Field.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useDeleteApp, useUpdateApp } from '../api/apps.ts';

/** "5, 300, 1800" into seconds, or the reason it is not; empty means the server's default. */
export function parseSchedule(text: string): number[] | null | { error: string } {
  const t = text.trim();
  if (!t) return null;
  const parts = t.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p)))
    return { error: 'Whole seconds separated by commas, e.g. 5, 300, 1800.' };
  return parts.map(Number);
}

/** Name, retry schedule and retention of one application, and deleting it. */
export function AppSettings({ app }: { app: Application }) {
  const [name, setName] = useState(app.name);
  const [schedule, setSchedule] = useState(app.retrySchedule?.join(', ') ?? '');
  const [retention, setRetention] = useState(app.retentionDays?.toString() ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const update = useUpdateApp(app.id);
  const del = useDeleteApp(app.id);
  const server = update.error instanceof ApiError ? update.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = parseSchedule(schedule);
    const errs: Record<string, string> = {};
    if (s && 'error' in s) errs.retrySchedule = s.error;
    if (retention && !/^\d+$/.test(retention.trim())) errs.retentionDays = 'Whole days, e.g. 30.';
    setLocal(errs);
    if (Object.keys(errs).length > 0) return;
    update.mutate({
      name: name.trim(),
      retrySchedule: s as number[] | null,
      retentionDays: retention.trim() ? Number(retention) : null,
    });
  };
  return (
    <div className="stack-lg narrow">
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <form className="stack" onSubmit={submit} noValidate>
          <Field label="Name" error={server.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}
          </Field>
          <Field
            label="Retry schedule"
            error={local.retrySchedule ?? server.retrySchedule}
            hint="Seconds between attempts after the first, e.g. 5, 300, 1800. Empty: the server's default schedule."
          >
            {(p) => (
              <input
                {...p}
                value={schedule}
                onChange={(e) => setSchedule(e.target.value)}
                placeholder="server default"
                inputMode="numeric"
              />
            )}
          </Field>
          <Field
            label="Retention (days)"
            error={local.retentionDays ?? server.retentionDays}
            hint="How long messages and their attempts are kept. Empty: the server's default."
          >
            {(p) => (
              <input
                {...p}
                value={retention}
                onChange={(e) => setRetention(e.target.value)}
                placeholder="server default"
                inputMode="numeric"
              />
            )}
          </Field>
          {update.isError && Object.keys(server).length === 0 ? (
            <Notice kind="error">{errorMessage(update.error)}</Notice>
          ) : null}
          {update.isSuccess ? <Notice kind="success">Saved.</Notice> : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save settings'}
            </button>
          </div>
        </form>
      </section>
      <section className="card card-danger" aria-labelledby="danger-title">
        <h2 id="danger-title">Delete this application</h2>
        <p className="muted">Its endpoints, messages, attempts and API keys are deleted with it.</p>
        <ConfirmButton
          label="Delete application"
          title="Delete this application?"
          confirmLabel="Delete application"
          busyLabel="Deleting…"
          typeToConfirm={app.name}
          busy={del.isPending}
          error={del.isError ? errorMessage(del.error) : null}
          onConfirm={() => del.mutate(undefined, { onSuccess: () => navigate('/') })}
        >
          <p>
            <strong>{app.name}</strong> and everything in it go for good: endpoints stop receiving at once.
          </p>
        </ConfirmButton>
      </section>
    </div>
  );
}
