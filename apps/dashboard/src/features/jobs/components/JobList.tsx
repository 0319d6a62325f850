import type { Job } from '@herald/contracts';
import { Link } from '../../../lib/router.tsx';
import { StatusBadge } from '../../../lib/ui/Badge.tsx';
import { LoadMore } from '../../../lib/ui/LoadMore.tsx';
import { ProgressBar, percentOf } from '../../../lib/ui/ProgressBar.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { isFinished, useJobs } from '../api/jobs.ts';
import { JobButtons, JobProblems, useJobControls } from './JobControls.tsx';
import { barTone } from './JobProgress.tsx';
import { jobLabel, progressText, resultText, targetText } from './job-text.ts';

function JobRow({ job, appName }: { job: Job; appName: ((id: string) => string | null) | null }) {
  const { target, window } = targetText(job);
  const controls = useJobControls(job.id);
  const finished = isFinished(job);
  const result = resultText(job);
  const problems = controls.cancel.isError || controls.download.isError || controls.download.isSuccess;
  return (
    <>
      <tr className={problems ? 'has-detail' : undefined}>
        <td className="cell-main" data-label="Job">
          <strong>{jobLabel(job.type)}</strong>
          <div>
            <code className="muted small">{job.id}</code>
          </div>
        </td>
        {appName ? (
          <td data-label="Application">
            {job.appId ? (
              <Link to={`/apps/${encodeURIComponent(job.appId)}/messages`}>
                {appName(job.appId) ?? job.appId}
              </Link>
            ) : (
              <span className="muted">–</span>
            )}
          </td>
        ) : null}
        <td data-label="Target" className={target || window ? 'cell-target' : 'cell-empty'}>
          {target ? <div className="url">{target}</div> : null}
          {window ? <div className="muted small">{window}</div> : null}
        </td>
        <td className="cell-status">
          <StatusBadge status={job.status} />
        </td>
        <td className="cell-progress" data-label="Progress">
          <div className="progress-head progress-head-small">
            <span>{progressText(job)}</span>
            <span className="muted">{percentOf(job.progress.done, job.progress.total, finished)} %</span>
          </div>
          <ProgressBar
            label={`${jobLabel(job.type)} progress`}
            done={job.progress.done}
            total={job.progress.total}
            finished={finished}
            tone={barTone(job.status)}
            compact
          />
        </td>
        <td className="cell-time" data-label="Created">
          <Time iso={job.createdAt} />
        </td>
        <td className="cell-time" data-label="Updated">
          <Time iso={job.updatedAt} />
        </td>
        <td
          className={job.status === 'failed' ? 'cell-result cell-error' : 'cell-result'}
          data-label="Result"
        >
          {result ?? <span className="muted">–</span>}
        </td>
        <td className="cell-actions">
          <JobButtons job={job} controls={controls} />
        </td>
      </tr>
      {problems ? (
        <tr className="row-detail">
          <td colSpan={appName ? 9 : 8}>
            <JobProblems controls={controls} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Every job the key can see, newest first, refreshed each second while one is under way. */
export function JobList({
  emptyHint,
  appName = null,
}: {
  emptyHint?: React.ReactNode;
  /** the name of an application by id; null: one application only (no column) */
  appName?: ((id: string) => string | null) | null;
}) {
  const q = useJobs();
  if (q.isPending) return <Loading label="Loading jobs…" />;
  if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
  const jobs = q.data.pages.flatMap((p) => p.data);
  if (jobs.length === 0) return <Empty title="No jobs yet">{emptyHint}</Empty>;
  const running = jobs.filter((j) => !isFinished(j)).length;
  return (
    <div className="card card-flush">
      <table className="table table-jobs table-cards" aria-label="Jobs">
        <thead>
          <tr>
            <th scope="col">Job</th>
            {appName ? <th scope="col">Application</th> : null}
            <th scope="col">Target and window</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Result</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <JobRow key={j.id} job={j} appName={appName} />
          ))}
        </tbody>
      </table>
      <div className="table-footer">
        <span className="muted small">
          {jobs.length} job{jobs.length === 1 ? '' : 's'}
          {running > 0 ? `, ${running} under way (refreshing every second)` : ''}
        </span>
        {q.hasNextPage ? (
          <LoadMore query={q} label="Load older" />
        ) : (
          <span className="muted small">That is all.</span>
        )}
      </div>
    </div>
  );
}
