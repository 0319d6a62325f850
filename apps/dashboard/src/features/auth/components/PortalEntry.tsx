import { useEffect, useRef } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { navigate } from '../../../lib/router.tsx';
import { Loading } from '../../../lib/ui/State.tsx';
import { useSignIn } from '../api/whoami.ts';

/** The token of a portal link (`/portal#token=…`), or null. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token?.trim() ? token.trim() : null;
}

/** Keeps the link's token for this tab only, drops it from the address bar, opens its application. */
export function PortalEntry({ token }: { token: string }) {
  const signIn = useSignIn();
  const started = useRef(false);
  const { mutate } = signIn;
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // the token must not linger in the address bar, the history or a copied link
    window.history.replaceState(null, '', '/portal');
    mutate(
      { key: token, portal: true },
      {
        onSuccess: ({ who }) =>
          navigate(who.app ? `/apps/${encodeURIComponent(who.app)}/endpoints` : '/', { replace: true }),
      },
    );
  }, [mutate, token]);

  if (signIn.isError) {
    const expired = signIn.error instanceof ApiError && signIn.error.status === 401;
    return <PortalProblem expired={expired} error={signIn.error} />;
  }
  return (
    <main className="sign-in">
      <Loading label="Opening the portal…" />
    </main>
  );
}

export function PortalProblem({ expired, error }: { expired: boolean; error?: unknown }) {
  return (
    <main className="sign-in">
      <div className="card sign-in-card" role="alert">
        <h1>{expired ? 'This link has expired' : 'This link does not work'}</h1>
        <p className="muted">
          {expired
            ? 'Portal links are short-lived. Ask the team that sent it for a new one.'
            : error
              ? errorMessage(error)
              : 'The link is incomplete. Open the full link you were sent.'}
        </p>
      </div>
    </main>
  );
}
