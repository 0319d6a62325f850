import type { ReactNode } from 'react';

export type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

const tones: Record<string, Tone> = {
  succeeded: 'success',
  completed: 'success',
  active: 'success',
  failed: 'danger',
  disabled: 'danger',
  cancelled: 'neutral',
  pending: 'warning',
  queued: 'warning',
  sending: 'info',
  running: 'info',
  manual: 'info',
};

export function Badge({ tone, children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone ?? 'neutral'}`} title={title}>
      {children}
    </span>
  );
}

/** A delivery, attempt or job state as a coloured word. */
export function StatusBadge({ status, title }: { status: string; title?: string }) {
  return (
    <Badge tone={tones[status] ?? 'neutral'} {...(title ? { title } : {})}>
      {status}
    </Badge>
  );
}

/** An HTTP status code coloured by class; none means the request never got an answer. */
export function HttpStatus({ code }: { code: number | null }) {
  if (code === null) return <Badge tone="danger">no response</Badge>;
  const tone: Tone = code < 300 ? 'success' : code < 500 && code !== 429 ? 'warning' : 'danger';
  return <Badge tone={tone}>HTTP {code}</Badge>;
}
