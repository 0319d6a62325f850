import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { CopyButton } from '../../../lib/ui/CopyButton.tsx';
import { Field } from '../../../lib/ui/Field.tsx';
import { LoadMore } from '../../../lib/ui/LoadMore.tsx';
import { Empty, ErrorState, Loading, Notice } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/api-keys.ts';

/** A new key: its name and, optionally, the one application it reaches. The key is shown once. */
export function CreateApiKey({ apps }: { apps: Array<{ id: string; name: string }> }) {
  const [name, setName] = useState('');
  const [app, setApp] = useState('');
  const create = useCreateApiKey();
  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), ...(app ? { app } : {}) }, { onSuccess: () => setName('') });
  };
  return (
    <section className="card" aria-labelledby="new-key-title">
      <h2 id="new-key-title">New API key</h2>
      <form className="stack" onSubmit={submit}>
        <div className="form-row">
          <Field label="Name" error={fields.name} hint="What uses it, e.g. “billing service”">
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}
          </Field>
          <Field label="Reaches" error={fields.app}>
            {(p) => (
              <select {...p} value={app} onChange={(e) => setApp(e.target.value)}>
                <option value="">Every application</option>
                {apps.map((a) => (
                  <option key={a.id} value={a.id}>
                    Only {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {create.isError && !fields.name && !fields.app ? (
          <Notice kind="error">{errorMessage(create.error)}</Notice>
        ) : null}
        {create.isSuccess ? (
          <div className="notice notice-success" role="status">
            <p>
              Key <strong>{create.data.name}</strong> made. Copy it now: it is not shown again.
            </p>
            <div className="secret-row">
              <code className="secret-value">{create.data.key}</code>
              <CopyButton text={create.data.key} label="Copy the new key" />
            </div>
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending || !name.trim()}>
            {create.isPending ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Every key by name and scope; each can be revoked (it stops working at once). */
export function ApiKeyList({ appName }: { appName: (id: string) => string | null }) {
  const q = useApiKeys();
  const revoke = useRevokeApiKey();
  const [asked, setAsked] = useState<string | null>(null);
  if (q.isPending) return <Loading label="Loading API keys…" />;
  if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
  const keys = q.data.pages.flatMap((p) => p.data);
  if (keys.length === 0) return <Empty title="No API keys yet">Only the root key exists.</Empty>;
  return (
    <div className="card card-flush">
      <table className="table table-cards" aria-label="API keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Reaches</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td className="cell-main" data-label="Name">
                <strong>{k.name}</strong>
                <div>
                  <code className="muted small">{k.id}</code>
                </div>
              </td>
              <td data-label="Reaches">{k.app ? `only ${appName(k.app) ?? k.app}` : 'every application'}</td>
              <td data-label="Created">
                <Time iso={k.createdAt} />
              </td>
              <td className="cell-actions">
                {asked === k.id ? (
                  <>
                    <button
                      type="button"
                      className="button button-small button-danger"
                      aria-label={`Confirm: revoke ${k.name}`}
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(k.id, { onSettled: () => setAsked(null) })}
                    >
                      {revoke.isPending ? 'Revoking…' : 'Revoke now'}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setAsked(null)}>
                      Keep
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="button button-small button-danger-outline"
                    aria-label={`Revoke ${k.name}`}
                    onClick={() => setAsked(k.id)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoke.isError ? <Notice kind="error">{errorMessage(revoke.error)}</Notice> : null}
      {q.hasNextPage ? (
        <div className="table-footer">
          <LoadMore query={q} />
        </div>
      ) : null}
    </div>
  );
}
