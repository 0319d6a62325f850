import type { Job } from '@herald/contracts';
import { errorMessage } from '../../../lib/http.ts';
import { Notice } from '../../../lib/ui/State.tsx';
import { isFinished, useCancelJob, useDownloadExport } from '../api/jobs.ts';

/** Cancel and download of one job, with their outcomes (a 409 on cancel is shown, not swallowed). */
export function useJobControls(jobId: string) {
  return { cancel: useCancelJob(jobId), download: useDownloadExport(jobId) };
}
type Controls = ReturnType<typeof useJobControls>;

export const canCancel = (j: Job) => !isFinished(j);
export const canDownload = (j: Job) => j.type === 'export' && j.status === 'completed';

/** "Cancel" while the job is queued or running; "Download" once an export has completed. */
export function JobButtons({ job, controls }: { job: Job; controls: Controls }) {
  const { cancel, download } = controls;
  return (
    <>
      {canCancel(job) ? (
        <button
          type="button"
          className="button button-small button-danger-outline"
          title="Stop this job; what it has done so far stays done"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate()}
        >
          Cancel
        </button>
      ) : null}
      {canDownload(job) ? (
        <button
          type="button"
          className="button button-small"
          aria-busy={download.isPending}
          disabled={download.isPending}
          onClick={() => download.mutate()}
        >
          Download
        </button>
      ) : null}
    </>
  );
}

export function JobProblems({ controls }: { controls: Controls }) {
  const { cancel, download } = controls;
  return (
    <>
      {cancel.isError ? <Notice kind="error">Could not cancel: {errorMessage(cancel.error)}</Notice> : null}
      {download.isError ? (
        <Notice kind="error">Download failed: {errorMessage(download.error)}</Notice>
      ) : null}
      {download.isSuccess ? <Notice kind="success">Saved as {download.data}.</Notice> : null}
    </>
  );
}
