import type { ReactNode } from 'react';

export interface PrimaryAction {
  label: string;
  /** said instead of `label` while `busy`, e.g. "Saving…" */
  busyLabel?: string;
  /** its request is under way: the button is disabled so it is not sent twice */
  busy?: boolean;
  /** disabled for another reason, e.g. there is nothing to do */
  disabled?: boolean;
  /** a plain button that calls this; without it the button submits the form it is in */
  onClick?: () => void;
  tone?: 'primary' | 'danger';
}

/**
 * The row of buttons at the foot of a dialog or form: Cancel, then the primary action with its busy
 * state. Without `action` it is the row shown once the work is done: a Close button (`cancelLabel`),
 * `children` after it (e.g. a link to what was made) and `aside` at the far left.
 */
export function FormActions({
  onCancel,
  cancelLabel = 'Cancel',
  action,
  aside,
  children,
}: {
  onCancel: () => void;
  cancelLabel?: string;
  action?: PrimaryAction;
  aside?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      {aside === undefined ? null : <span className="form-actions-aside">{aside}</span>}
      <button type="button" className="button" onClick={onCancel}>
        {cancelLabel}
      </button>
      {action ? (
        <button
          type={action.onClick ? 'button' : 'submit'}
          className={`button button-${action.tone ?? 'primary'}`}
          disabled={action.busy === true || action.disabled === true}
          onClick={action.onClick}
        >
          {action.busy && action.busyLabel ? action.busyLabel : action.label}
        </button>
      ) : null}
      {children}
    </div>
  );
}
