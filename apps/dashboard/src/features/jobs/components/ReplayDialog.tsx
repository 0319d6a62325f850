import type { ReplayIn } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { formatCount } from '../../../lib/format.ts';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Link } from '../../../lib/router.tsx';
import { Dialog } from '../../../lib/ui/Dialog.tsx';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useStartReplay } from '../api/jobs.ts';
import { JobProgress } from './JobProgress.tsx';
import { lastDay, type Window, WindowFields, windowBody } from './WindowFields.tsx';

/** How far back a replay may reach (the server's recover/replay window). */
const MAX_DAYS = 14;

/**
 * "Replay messages": re-sends the messages of a time window (optionally only some event types, or
 * only to one endpoint) as a job, then follows its progress. There is no preview: the count comes
 * back with the started job.
 */
export function ReplayButton({
  app,
  eventTypes,
  endpoints,
}: {
  app: string;
  /** the catalogue's names; none checked = every event type */
  eventTypes: string[];
  endpoints: Array<{ id: string; url: string }>;
}) {
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<Window>(() => lastDay());
  const [types, setTypes] = useState<string[]>([]);
  const [endpoint, setEndpoint] = useState('');
  const [localErrors, setLocalErrors] = useState<Partial<Window>>({});
  const [started, setStarted] = useState<{ job: string; count: number; to: string | null } | null>(null);
  const start = useStartReplay(app);

  const openDialog = () => {
    start.reset();
    setStarted(null);
    setRange(lastDay());
    setTypes([]);
    setEndpoint('');
    setLocalErrors({});
    setOpen(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const w = windowBody(range);
    if ('error' in w) return setLocalErrors(w.error);
    setLocalErrors({});
    const body: ReplayIn = {
      ...w,
      ...(types.length > 0 ? { eventTypes: types } : {}),
      ...(endpoint ? { endpoint } : {}),
    };
    const to = endpoints.find((x) => x.id === endpoint)?.url ?? null;
    start.mutate(body, { onSuccess: (r) => setStarted({ job: r.job.id, count: r.count, to }) });
  };
  const server = start.error instanceof ApiError ? start.error.fieldErrors() : {};
  const errors = { since: localErrors.since ?? server.since, until: localErrors.until ?? server.until };
  const otherError = start.isError && !server.since && !server.until;
  const toggle = (t: string, on: boolean) =>
    setTypes((cur) => (on ? [...cur, t] : cur.filter((x) => x !== t)));

  return (
    <>
      <button type="button" className="button" onClick={openDialog}>
        Replay messages
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Replay messages" wide>
        {started ? (
          <div className="stack">
            <p>
              {started.count === 0 ? (
                'No message matches: nothing will be re-sent.'
              ) : (
                <>
                  <strong>{formatCount(started.count)}</strong> message{started.count === 1 ? '' : 's'} will
                  be re-sent {started.to ? `to ${started.to}` : 'to every endpoint subscribed to them now'}.
                </>
              )}
            </p>
            <JobProgress
              jobId={started.job}
              label="Replay progress"
              doneNote="Their new attempts show in the message log."
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
              Re-send the messages published in a time window, as new manual attempts. Each keeps its webhook
              id: a receiver that deduplicates by it will skip the ones it has already handled.
            </p>
            <WindowFields value={range} onChange={setRange} errors={errors} maxDaysBack={MAX_DAYS} />
            <fieldset className="fieldset">
              <legend>Event types</legend>
              {eventTypes.length === 0 ? (
                <p className="field-hint">
                  The catalogue is empty: messages of every event type are replayed.
                </p>
              ) : (
                <>
                  <div className="checks checks-compact">
                    {eventTypes.map((t) => (
                      <label key={t} className="check">
                        <input
                          type="checkbox"
                          checked={types.includes(t)}
                          onChange={(e) => toggle(t, e.target.checked)}
                        />
                        <code>{t}</code>
                      </label>
                    ))}
                  </div>
                  <p className="field-hint">
                    {types.length === 0
                      ? 'None checked: every event type.'
                      : `${types.length} checked: only messages of ${types.length === 1 ? 'this type' : 'these types'}.`}
                  </p>
                </>
              )}
            </fieldset>
            <Field
              label="Endpoint"
              hint={
                endpoint
                  ? 'Only this endpoint, and it gets every matching message whatever its event-type filter.'
                  : 'Every enabled endpoint that is subscribed to a message now (including ones added since).'
              }
            >
              {(p) => (
                <select {...p} value={endpoint} onChange={(e) => setEndpoint(e.target.value)}>
                  <option value="">All subscribed endpoints</option>
                  {endpoints.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.url}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {otherError ? <Notice kind="error">{errorMessage(start.error)}</Notice> : null}
            <FormActions
              onCancel={() => setOpen(false)}
              action={{ label: 'Start replay', busyLabel: 'Starting…', busy: start.isPending }}
            />
          </form>
        )}
      </Dialog>
    </>
  );
}
