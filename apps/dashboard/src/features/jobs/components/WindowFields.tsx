import { fromLocalInput, toLocalInput } from '../../../lib/format.ts';
import { Field } from '../../../lib/ui/Field.tsx';

export interface Window {
  since: string;
  until: string;
}

/** The last 24 hours, to the minute, up to now (an empty "until" means the moment the job starts). */
export function lastDay(now = Date.now()): Window {
  const since = Math.floor((now - 86400_000) / 60_000) * 60_000;
  return { since: toLocalInput(new Date(since).toISOString()), until: '' };
}

/** A window from ISO times (the message log's after/before filters); without `since`, the last day. */
export function windowFrom(since: string | undefined, until: string | undefined, now = Date.now()): Window {
  if (!since) return { ...lastDay(now), until: toLocalInput(until) };
  return { since: toLocalInput(since), until: toLocalInput(until) };
}

/** The window as the API wants it, or the field that is wrong. */
export function windowBody(w: Window): { since: string; until?: string } | { error: Partial<Window> } {
  const since = fromLocalInput(w.since);
  if (!since) return { error: { since: 'Choose when to start.' } };
  const until = fromLocalInput(w.until);
  if (w.until && !until) return { error: { until: 'Not a valid time.' } };
  if (until && until <= since) return { error: { until: 'Must be after "Since".' } };
  return until ? { since, until } : { since };
}

/** Since / Until (datetime-local, the browser's time zone). */
export function WindowFields({
  value,
  onChange,
  errors,
  maxDaysBack,
}: {
  value: Window;
  onChange: (w: Window) => void;
  errors: Partial<Window>;
  /** the oldest allowed "since", in days before now */
  maxDaysBack?: number;
}) {
  const min = maxDaysBack
    ? toLocalInput(new Date(Date.now() - maxDaysBack * 86400_000).toISOString())
    : undefined;
  return (
    <div className="form-row">
      <Field
        label="Since"
        error={errors.since}
        hint={
          maxDaysBack
            ? `Messages published from then; at most ${maxDaysBack} days back.`
            : 'Messages published from then.'
        }
      >
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            value={value.since}
            min={min}
            onChange={(e) => onChange({ ...value, since: e.target.value })}
            required
          />
        )}
      </Field>
      <Field label="Until" error={errors.until} hint="Empty: up to now.">
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            value={value.until}
            onChange={(e) => onChange({ ...value, until: e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}
