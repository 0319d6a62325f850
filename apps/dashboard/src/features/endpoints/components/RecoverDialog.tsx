import type { RecoverIn } from '@herald/contracts';
import { type ReactNode, useState } from 'react';
import { formatCount, fromLocalInput, toLocalInput } from '../../../lib/format.ts';
import { errorMessage } from '../../../lib/http.ts';
import { Dialog } from '../../../lib/ui/Dialog.tsx';
import { Field } from '../../../lib/ui/Field.tsx';
import { FormActions } from '../../../lib/ui/FormActions.tsx';
import { Notice } from '../../../lib/ui/State.tsx';
import { useRecoverPreview, useStartRecover } from '../api/recover.ts';

const presets = [
  { key: '1h', label: 'the last hour', ms: 3600_000 },
  { key: '24h', label: 'the last 24 hours', ms: 86400_000 },
  { key: '7d', label: 'the last 7 days', ms: 7 * 86400_000 },
  { key: 'custom', label: 'a time range…', ms: 0 },
] as const;
type Preset = (typeof presets)[number]['key'];

function windowOf(preset: Preset, since: string, until: string): RecoverIn | null {
  if (preset !== 'custom') {
    const ms = presets.find((p) => p.key === preset)!.ms;
    // to the minute, so the preview's query key is stable while the dialog is open
    const start = Math.floor((Date.now() - ms) / 60_000) * 60_000;
    return { since: new Date(start).toISOString() };
  }
  const s = fromLocalInput(since);
  if (!s) return null;
  const u = fromLocalInput(until);
  return u ? { since: s, until: u } : { since: s };
}

/**
 * "Recover failed since…": preview how many deliveries will be re-sent, then follow the job with
 * `progress` (the page brings the jobs feature's progress view).
 */
export function RecoverButton({
  app,
  endpoint,
  progress,
}: {
  app: string;
  endpoint: string;
  progress: (jobId: string) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [preset, setPreset] = useState<Preset>('24h');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartRecover(app, endpoint);

  // recomputed when the dialog opens or the choice changes, not on every render
  const [range, setRange] = useState<RecoverIn | null>(null);
  const choose = (p: Preset, s = since, u = until) => {
    setPreset(p);
    setSince(s);
    setUntil(u);
    setRange(windowOf(p, s, u));
  };
  const preview = useRecoverPreview(app, endpoint, open && !jobId ? range : null);

  const openDialog = () => {
    setJobId(null);
    start.reset();
    setRange(windowOf(preset, since, until));
    setOpen(true);
  };
  const count = preview.data?.count ?? 0;

  return (
    <>
      <button type="button" className="button" onClick={openDialog}>
        Recover failed
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Recover failed deliveries">
        {jobId ? (
          <>
            {progress(jobId)}
            <FormActions onCancel={() => setOpen(false)} cancelLabel="Close" />
          </>
        ) : (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              if (range && count > 0) start.mutate(range, { onSuccess: (r) => setJobId(r.job.id) });
            }}
          >
            <p>
              Re-send every delivery to this endpoint that failed for good (its retries were spent) for
              messages published in:
            </p>
            <Field label="Window">
              {(p) => (
                <select {...p} value={preset} onChange={(e) => choose(e.target.value as Preset)}>
                  {presets.map((x) => (
                    <option key={x.key} value={x.key}>
                      {x.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {preset === 'custom' ? (
              <div className="form-row">
                <Field label="Since">
                  {(p) => (
                    <input
                      {...p}
                      type="datetime-local"
                      value={since}
                      max={toLocalInput(new Date().toISOString())}
                      onChange={(e) => choose('custom', e.target.value, until)}
                      required
                    />
                  )}
                </Field>
                <Field label="Until (optional)">
                  {(p) => (
                    <input
                      {...p}
                      type="datetime-local"
                      value={until}
                      onChange={(e) => choose('custom', since, e.target.value)}
                    />
                  )}
                </Field>
              </div>
            ) : null}
            <div className="preview" aria-live="polite">
              {range === null ? (
                <span className="muted">Choose when to start.</span>
              ) : preview.isPending ? (
                <span className="muted">Counting failed deliveries…</span>
              ) : preview.isError ? (
                <Notice kind="error">{errorMessage(preview.error)}</Notice>
              ) : count === 0 ? (
                <span>Nothing to recover: no delivery failed for good in this window.</span>
              ) : (
                <span>
                  <strong>{formatCount(count)}</strong> failed deliver{count === 1 ? 'y' : 'ies'} will be
                  re-sent.
                </span>
              )}
            </div>
            {start.isError ? <Notice kind="error">{errorMessage(start.error)}</Notice> : null}
            <FormActions
              onCancel={() => setOpen(false)}
              action={{
                label: count > 0 ? `Re-send ${formatCount(count)}` : 'Re-send',
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
