import { type ReactNode, useState } from 'react';
import { Dialog } from './Dialog.tsx';
import { FormActions } from './FormActions.tsx';
import { Notice } from './State.tsx';

/**
 * A destructive action behind a confirmation: the dialog says what goes, and with `typeToConfirm`
 * the user types that word (an application's name) before the button works.
 */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  busyLabel,
  typeToConfirm,
  onConfirm,
  busy,
  error,
}: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  typeToConfirm?: string;
  onConfirm: () => void;
  busy: boolean;
  error: string | null;
}) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  return (
    <>
      <button
        type="button"
        className="button button-danger-outline"
        onClick={() => {
          setTyped('');
          setOpen(true);
        }}
      >
        {label}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={title}>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            onConfirm();
          }}
        >
          {children}
          {typeToConfirm ? (
            <label className="field">
              <span>
                Type <strong>{typeToConfirm}</strong> to confirm
              </span>
              <input
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
            </label>
          ) : null}
          {error ? <Notice kind="error">{error}</Notice> : null}
          <FormActions
            onCancel={() => setOpen(false)}
            action={{
              label: confirmLabel,
              busyLabel,
              busy,
              disabled: typeToConfirm !== undefined && typed.trim() !== typeToConfirm,
              tone: 'danger',
            }}
          />
        </form>
      </Dialog>
    </>
  );
}
