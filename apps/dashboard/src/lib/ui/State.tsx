import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../http.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ error, retry, title }: { error: unknown; retry?: () => void; title?: string }) {
  const notFound = error instanceof ApiError && error.code === 'not_found';
  return (
    <div className="state state-error" role="alert">
      <strong>{title ?? (notFound ? 'Not found' : 'Something went wrong')}</strong>
      <p>{notFound ? 'It does not exist, or your key cannot see it.' : errorMessage(error)}</p>
      {retry && !notFound ? (
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <div className="state-body">{children}</div> : null}
      {action}
    </div>
  );
}

/** A short message after an action, read out by screen readers. */
export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'error' | 'success';
  children: ReactNode;
}) {
  return (
    <p className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
