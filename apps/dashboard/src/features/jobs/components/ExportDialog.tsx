import type { ExportIn } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Link } from '../../../lib/router.tsx';
import { Dialog } from '../../../lib/ui/Dialog.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useStartExport } from '../api/jobs.ts';
import { JobProgress } from './JobProgress.tsx';
import { type Window, WindowFields, windowBody, windowFrom } from './WindowFields.tsx';

const formats = [
  { value: 'ndjson', label: 'NDJSON', hint: 'one JSON object per line' },
  { value: 'csv', label: 'CSV', hint: 'for spreadsheets' },
] as const;
type Format = (typeof formats)[number]['value'];

/**
 * "Export": writes the delivery log of a time window (one row per attempt, with the message and its
 * delivery) as a job on the server, then offers the file once the job has completed. The window starts
 * as the log's own (its after/before filters), else the last day.
 */
export function ExportButton({
  app,
  from = {},
}: {
  app: string;
  from?: { after?: string; before?: string };
}) {
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<Window>(() => windowFrom(from.after, from.before));
  const [format, setFormat] = useState<Format>('ndjson');
  const [localErrors, setLocalErrors] = useState<Partial<Window>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartExport(app);

  const openDialog = () => {
    start.reset();
    setJobId(null);
    setRange(windowFrom(from.after, from.before));
    setLocalErrors({});
    setOpen(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const w = windowBody(range);
    if ('error' in w) return setLocalErrors(w.error);
    setLocalErrors({});
    const body: ExportIn = { ...w, format };
    start.mutate(body, { onSuccess: (j) => setJobId(j.id) });
  };
  const server = start.error instanceof ApiError ? start.error.fieldErrors() : {};
  const errors = { since: localErrors.since ?? server.since, until: localErrors.until ?? server.until };
  const otherError = start.isError && !server.since && !server.until;

  return (
    <>
      <button type="button" className="button" onClick={openDialog}>
        Export
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Export the delivery log">
        {jobId ? (
          <div className="stack">
            <JobProgress
              jobId={jobId}
              label="Export progress"
              doneNote="The file stays available to download under Jobs."
            />
            <FormActions
              onCancel={() => setOpen(false)}
              cancelLabel="Close"
              aside={<Link to="/jobs">All jobs</Link>}
            />
          </div>
        ) : (
          <form className="stack" onSubmit={submit} noValidate>
            <p>
              One line per delivery attempt of the messages published in the window, with the message, its
              payload and the delivery's state. Large exports are written in the background.
            </p>
            <WindowFields value={range} onChange={setRange} errors={errors} />
            <fieldset className="fieldset">
              <legend>Format</legend>
              <div className="radios">
                {formats.map((f) => (
                  <label key={f.value} className="check">
                    <input
                      type="radio"
                      name="export-format"
                      value={f.value}
                      checked={format === f.value}
                      onChange={() => setFormat(f.value)}
                    />
                    <span>
                      {f.label} <span className="muted small">({f.hint})</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            {otherError ? <Notice kind="error">{errorMessage(start.error)}</Notice> : null}
            <FormActions
              onCancel={() => setOpen(false)}
              action={{ label: 'Start export', busyLabel: 'Starting…', busy: start.isPending }}
            />
          </form>
        )}
      </Dialog>
    </>
  );
}
