import { useState } from 'react';
import { errorMessage } from '../../../lib/http.ts';
import { CopyButton } from '../../../lib/ui/CopyButton.tsx';
import { Dialog } from '../../../lib/ui/Dialog.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useEndpointSecret, useRotateSecret } from '../api/endpoints.ts';

/** The endpoint's signing secret: hidden until asked for, rotated with a confirmation. */
export function SecretPanel({ app, endpoint }: { app: string; endpoint: string }) {
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const secret = useEndpointSecret(app, endpoint, revealed);
  const rotate = useRotateSecret(app, endpoint);

  let shown = 'whsec_••••••••••••••••••••••••';
  if (revealed) shown = secret.isPending ? 'Loading…' : secret.isError ? '—' : secret.data.key;

  return (
    <section className="card" aria-labelledby="secret-title">
      <h2 id="secret-title">Signing secret</h2>
      <p className="muted small">
        Verify each delivery's <code>webhook-signature</code> with this secret (Standard Webhooks).
      </p>
      <div className="secret-row">
        <code
          className={revealed ? 'secret-value' : 'secret-value secret-hidden'}
          data-testid="endpoint-secret"
        >
          {shown}
        </code>
        {revealed && secret.data ? <CopyButton text={secret.data.key} label="Copy secret" /> : null}
      </div>
      {secret.isError ? <Notice kind="error">{errorMessage(secret.error)}</Notice> : null}
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() => setRevealed((r) => !r)}
          aria-pressed={revealed}
        >
          {revealed ? 'Hide secret' : 'Reveal secret'}
        </button>
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Rotate secret
        </button>
      </div>
      {rotate.isSuccess ? (
        <Notice kind="success">
          Secret rotated. For 24 hours deliveries are signed with the old one as well.
        </Notice>
      ) : null}
      <Dialog open={confirming} onClose={() => setConfirming(false)} title="Rotate the signing secret?">
        <p>
          A new secret is generated now. For the next 24 hours every delivery carries two signatures, one with
          the new secret and one with the old, so the receiver can switch over without dropping any.
        </p>
        {rotate.isError ? <Notice kind="error">{errorMessage(rotate.error)}</Notice> : null}
        <FormActions
          onCancel={() => setConfirming(false)}
          action={{
            label: 'Rotate now',
            busyLabel: 'Rotating…',
            busy: rotate.isPending,
            tone: 'danger',
            onClick: () => rotate.mutate(undefined, { onSuccess: () => setConfirming(false) }),
          }}
        />
      </Dialog>
    </section>
  );
}
