import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Notice } from '../../../lib/ui/State.tsx';
import { useSignIn } from '../api/whoami.ts';

export function SignIn({ ended }: { ended: 'signed-out' | 'rejected' | null }) {
  const [key, setKey] = useState('');
  const signIn = useSignIn();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) signIn.mutate({ key: key.trim() });
  };
  const rejected = signIn.error instanceof ApiError && signIn.error.status === 401;
  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit}>
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">H</span> Herald
        </div>
        <h1>Sign in</h1>
        <p className="muted">
          Use the root API key printed when Herald first started (or <code>HERALD_API_KEY</code>), or any key
          made with <code>POST /v1/api-keys</code>. It stays in this tab only.
        </p>
        {ended === 'rejected' && !signIn.error ? (
          <Notice kind="error">Your key is no longer accepted (expired or revoked). Sign in again.</Notice>
        ) : null}
        <div className="field">
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="hk_…"
            required
            aria-invalid={signIn.isError || undefined}
            aria-describedby={signIn.isError ? 'api-key-error' : undefined}
          />
          {signIn.isError ? (
            <p className="field-error" id="api-key-error" role="alert">
              {rejected ? 'That key was not accepted.' : errorMessage(signIn.error)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button-primary button-block" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
