import { formatCount } from '../format.ts';

/** Percent done, 0–100. Nothing to do counts as done once the work has finished. */
export function percentOf(done: number, total: number, finished = false): number {
  if (total <= 0) return finished ? 100 : 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/**
 * A determinate progress bar: `role="progressbar"` with its numbers in aria-valuenow/-max (and a
 * readable aria-valuetext), so tests and screen readers get "3 of 10" rather than a picture.
 */
export function ProgressBar({
  label,
  done,
  total,
  finished = false,
  tone = 'primary',
  compact = false,
}: {
  label: string;
  done: number;
  total: number;
  /** the job is over: a bar of nothing to do shows as full */
  finished?: boolean;
  tone?: 'primary' | 'success' | 'danger' | 'neutral';
  compact?: boolean;
}) {
  const pct = percentOf(done, total, finished);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={Math.max(total, 0)}
      aria-valuenow={Math.max(0, Math.min(done, Math.max(total, 0)))}
      aria-valuetext={`${formatCount(done)} of ${formatCount(total)} (${pct} %)`}
      className={`progress progress-${tone}${compact ? ' progress-compact' : ''}`}
    >
      <span className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
