import { errorMessage } from '../../../lib/http.ts';
import { StatusBadge } from '../../../lib/ui/Badge.tsx';
import { ProgressBar, percentOf } from '../../../lib/ui/ProgressBar.tsx';
import { Loading, Notice } from '../../../lib/ui/State.tsx';
import { isFinished, useJob } from '../api/jobs.ts';
import { JobButtons, JobProblems, useJobControls } from './JobControls.tsx';
import { progressText, resultText } from './job-text.ts';

export const barTone = (status: string) =>
  status === 'completed'
    ? 'success'
    : status === 'failed'
      ? 'danger'
      : status === 'cancelled'
        ? 'neutral'
        : 'primary';

/**
 * One job followed live (polled every second until it finishes): counts, percent, status, a progress
 * bar, then what it did. Cancel while it runs; Download when it is a completed export.
 */
export function JobProgress({
  jobId,
  label,
  doneNote,
}: {
  jobId: string;
  /** the progress bar's accessible name, e.g. "Replay progress" */
  label: string;
  /** said after the result once the job has completed */
  doneNote?: string;
}) {
  const q = useJob(jobId);
  const controls = useJobControls(jobId);
  if (q.isPending) return <Loading label="Starting…" />;
  if (q.isError) return <Notice kind="error">{errorMessage(q.error)}</Notice>;
  const j = q.data;
  const finished = isFinished(j);
  const result = resultText(j);
  return (
    <div className="stack">
      <div className="progress-head">
        <span>{progressText(j)}</span>
        <span className="progress-end">
          <span className="muted">{percentOf(j.progress.done, j.progress.total, finished)} %</span>
          <StatusBadge status={j.status} />
        </span>
      </div>
      <ProgressBar
        label={label}
        done={j.progress.done}
        total={j.progress.total}
        finished={finished}
        tone={barTone(j.status)}
      />
      {j.status === 'completed' ? (
        <Notice kind="success">
          Done: {result}.{doneNote ? ` ${doneNote}` : ''}
        </Notice>
      ) : null}
      {j.status === 'failed' || j.status === 'cancelled' ? (
        <Notice kind={j.status === 'failed' ? 'error' : 'info'}>{result}.</Notice>
      ) : null}
      <div className="job-controls">
        <JobButtons job={j} controls={controls} />
        {!finished ? (
          <span className="muted small">You can close this: the job keeps running on the server.</span>
        ) : null}
      </div>
      <JobProblems controls={controls} />
    </div>
  );
}
