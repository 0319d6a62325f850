import type { ReplayIn } from '@herald/contracts';
import { type FormEvent, useState } from 'react';
import { formatCount } from '../../../lib/format.ts';
import { ApiError, errorMessage } from '../../../lib/http.ts';
import { Link } from '../../../lib/router.tsx';
import { Dialog } from '../../../lib/ui/Dialog.tsx';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useReplayPreview, useStartReplay } from '../api/jobs.ts';
import { JobProgress } from './JobProgress.tsx';
import { type Window, WindowFields, windowBody, windowFrom } from './WindowFields.tsx';

/** What the dialog starts from: the message log's current filters. */
export interface ReplayStart {
  after?: string | undefined;
  before?: string | undefined;
  eventType?: string | undefined;
  /** an endpoint id */
  endpoint?: string | undefined;
  /** the log shows failed deliveries only */
  failedOnly?: boolean;
}

/** How far back a replay may reach (the server's recover/replay window). */
const MAX_DAYS = 14;

/**
 * "Replay messages": re-sends the messages of a time window (optionally only some event types, only
 * to one endpoint, only the deliveries that failed) as a job, then follows its progress (and can
 * cancel it). It opens on the log's current filters and says how many messages match before
 * anything starts.
 */
export function ReplayButton({
  app,
  eventTypes,
  endpoints,
  from = {},
}: {
  app: string;
  from?: ReplayStart;
  /** the catalogue's names; none checked = every event type */
  eventTypes: string[];
  endpoints: Array<{ id: string; url: string }>;
}) {
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<Window>(() => windowFrom(from.after, from.before));
  const [types, setTypes] = useState<string[]>([]);
  const [endpoint, setEndpoint] = useState('');
  const [failedOnly, setFailedOnly] = useState(false);
  const [localErrors, setLocalErrors] = useState<Partial<Window>>({});
  const [started, setStarted] = useState<{ job: string; count: number; to: string | null } | null>(null);
  const start = useStartReplay(app);

  const openDialog = () => {
    start.reset();
    setStarted(null);
    setRange(windowFrom(from.after, from.before));
    setTypes(from.eventType ? [from.eventType] : []);
    setEndpoint(from.endpoint ?? '');
    setFailedOnly(from.failedOnly === true);
    setLocalErrors({});
    setOpen(true);
  };
  const bodyOf = (): ReplayIn | { error: Partial<Window> } => {
    const w = windowBody(range);
    if ('error' in w) return w;
    return {
      ...w,
      ...(types.length > 0 ? { eventTypes: types } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(failedOnly ? { failedOnly: true } : {}),
    };
  };
  const current = bodyOf();
  const preview = useReplayPreview(app, open && !started && !('error' in current) ? current : null);
  const count = preview.data?.count;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = bodyOf();
    if ('error' in body) return setLocalErrors(body.error);
    setLocalErrors({});
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
            <label className="check">
              <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />
              <span>
                Only deliveries that failed
                <span className="field-hint"> (nothing that succeeded is sent again)</span>
              </span>
            </label>
            <p className="preview" role="status" aria-live="polite">
              {count === undefined ? (
                preview.isError ? (
                  `Cannot count the matching messages: ${errorMessage(preview.error)}`
                ) : (
                  'Counting the matching messages…'
                )
              ) : count === 0 ? (
                'No message matches: nothing would be re-sent.'
              ) : (
                <>
                  <strong>{formatCount(count)}</strong> message{count === 1 ? '' : 's'} match
                  {count === 1 ? 'es' : ''}
                  {failedOnly ? ' (their failed deliveries only)' : ''}.
                </>
              )}
            </p>
            <FormActions
              onCancel={() => setOpen(false)}
              action={{
                label:
                  count === undefined
                    ? 'Start replay'
                    : `Replay ${formatCount(count)} message${count === 1 ? '' : 's'}`,
                busyLabel: 'Starting…',
                busy: start.isPending,
                disabled: count === 0,
              }}
            />
          </form>
        )}
      </Dialog>
    </>
  );
}
