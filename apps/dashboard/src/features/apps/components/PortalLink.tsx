import { useState } from 'react';
import { errorMessage } from '../../../lib/http.ts';
import { CopyButton } from '../../../lib/ui/CopyButton.tsx';
import { Dialog } from '../../../lib/ui/Dialog.tsx';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useCreatePortalAccess } from '../api/apps.ts';

const durations = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86400 },
  { label: '7 days', seconds: 7 * 86400 },
];

/** Makes a short-lived link that opens this dashboard limited to one application, for a customer. */
export function PortalLinkButton({ app, appName }: { app: string; appName: string }) {
  const [open, setOpen] = useState(false);
  const [expiresIn, setExpiresIn] = useState(3600);
  const create = useCreatePortalAccess(app);
  const close = () => {
    setOpen(false);
    create.reset();
  };
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Portal link
      </button>
      <Dialog open={open} onClose={close} title={`Portal link for ${appName}`}>
        <p className="muted">
          Anyone with the link can manage this application's endpoints and see its messages until it expires,
          and nothing else.
        </p>
        {create.data ? (
          <div className="stack">
            <div className="secret-row">
              <code className="secret-value">{create.data.url}</code>
              <CopyButton text={create.data.url} label="Copy portal link" />
            </div>
            <p className="muted">
              Expires <Time iso={create.data.expiresAt} />. It is shown once.
            </p>
          </div>
        ) : (
          <div className="stack">
            <Field label="Valid for">
              {(p) => (
                <select {...p} value={expiresIn} onChange={(e) => setExpiresIn(Number(e.target.value))}>
                  {durations.map((d) => (
                    <option key={d.seconds} value={d.seconds}>
                      {d.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {create.isError ? <Notice kind="error">{errorMessage(create.error)}</Notice> : null}
            <FormActions
              onCancel={close}
              action={{
                label: 'Create link',
                busyLabel: 'Creating…',
                busy: create.isPending,
                onClick: () => create.mutate(expiresIn),
              }}
            />
          </div>
        )}
      </Dialog>
    </>
  );
}
