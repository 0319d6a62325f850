import { deliveryStatus } from '@herald/contracts';
import { useEffect, useRef, useState } from 'react';
import { fromLocalInput, toLocalInput } from '../../../lib/format.ts';
import type { MessageFilters as Filters } from '../../../lib/query-keys.ts';
import { Field } from '../../../lib/ui/Field.tsx';

export const filterKeys = [
  'q',
  'eventType',
  'status',
  'responseStatus',
  'endpoint',
  'channel',
  'after',
  'before',
] as const;
type Key = (typeof filterKeys)[number];

/** How long the filters wait for the user to stop typing or pressing arrow keys before the log reloads. */
export const FILTER_SETTLE_MS = 400;

/** The filters from the URL's query string. */
export function filtersFrom(search: URLSearchParams): Filters {
  const out: Filters = {};
  for (const k of filterKeys) {
    const v = search.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** "Last 1 h / 24 h / 7 d": `after` that far back from now, no `before`. */
export const presets = [
  { label: 'Last 1 h', ms: 3600_000 },
  { label: 'Last 24 h', ms: 86400_000 },
  { label: 'Last 7 d', ms: 7 * 86400_000 },
] as const;

/** The preset the current window is (its length, give or take a tenth), if any. */
export function activePreset(f: Filters, now = Date.now()): string | null {
  if (!f.after || f.before) return null;
  const back = now - Date.parse(f.after);
  return presets.find((p) => Math.abs(back - p.ms) < p.ms / 10)?.label ?? null;
}

const responseChoices = [
  { value: '2xx', label: '2xx success' },
  { value: '4xx', label: '4xx client error' },
  { value: '5xx', label: '5xx server error' },
  { value: 'none', label: 'No response (timeout, refused)' },
];

export interface EndpointChoice {
  id: string;
  uid: string | null;
  url: string;
}

/**
 * The log's filters. Every control changes a draft at once (what you see is what you chose) and the
 * URL, hence the log, follows once the input settles: arrow keys through a dropdown or typing a
 * search reload the log once, not per key.
 */
export function MessageFilters({
  filters,
  eventTypes,
  endpoints,
  onChange,
}: {
  filters: Filters;
  eventTypes: string[];
  endpoints: EndpointChoice[];
  onChange: (updates: Partial<Record<Key, string | null>>) => void;
}) {
  const [draft, setDraft] = useState<Filters>(filters);
  const latest = useRef({ filters, onChange });
  latest.current = { filters, onChange };
  const urlState = JSON.stringify(filters);
  // the URL changed by itself (back button, clear, a preset): the draft follows it
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the URL's filters by value
  useEffect(() => setDraft(latest.current.filters), [urlState]);
  const draftState = JSON.stringify(draft);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the draft by value
  useEffect(() => {
    const t = setTimeout(() => {
      const cur = latest.current.filters;
      const updates: Partial<Record<Key, string | null>> = {};
      for (const k of filterKeys) {
        const v = draft[k]?.trim() || undefined;
        if (v !== cur[k]) updates[k] = v ?? null;
      }
      if (Object.keys(updates).length > 0) latest.current.onChange(updates);
    }, FILTER_SETTLE_MS);
    return () => clearTimeout(t);
  }, [draftState]);

  const set = (k: Key, v: string) => setDraft((d) => ({ ...d, [k]: v || undefined }));
  // at once, not after the pause: a click is a decision, not a key on the way to one
  const now = (updates: Partial<Record<Key, string | null>>) => {
    setDraft((d) => {
      const next = { ...d };
      for (const [k, v] of Object.entries(updates)) next[k as Key] = v ?? undefined;
      return next;
    });
    onChange(updates);
  };

  const types =
    draft.eventType && !eventTypes.includes(draft.eventType) ? [...eventTypes, draft.eventType] : eventTypes;
  const responses =
    draft.responseStatus && !responseChoices.some((c) => c.value === draft.responseStatus)
      ? [...responseChoices, { value: draft.responseStatus, label: `HTTP ${draft.responseStatus}` }]
      : responseChoices;
  // a shared link may name the endpoint by uid: the dropdown shows that endpoint, not "All"
  const endpointValue = draft.endpoint
    ? (endpoints.find((e) => e.id === draft.endpoint || e.uid === draft.endpoint)?.id ?? draft.endpoint)
    : '';
  const unknownEndpoint = endpointValue !== '' && !endpoints.some((e) => e.id === endpointValue);
  const active = filterKeys.some((k) => filters[k]);
  const preset = activePreset(filters);

  return (
    <search className="filters" aria-label="Filter messages">
      <div className="filters-search">
        <Field label="Search" hint="Message id, event id, or text in the payload">
          {(p) => (
            <input
              {...p}
              type="search"
              value={draft.q ?? ''}
              onChange={(e) => set('q', e.target.value)}
              placeholder="msg_…, your event id, or any text"
              spellCheck={false}
              autoComplete="off"
            />
          )}
        </Field>
      </div>
      <Field label="Event type">
        {(p) => (
          <select {...p} value={draft.eventType ?? ''} onChange={(e) => set('eventType', e.target.value)}>
            <option value="">All</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Status">
        {(p) => (
          <select {...p} value={draft.status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">All</option>
            {deliveryStatus.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Last response">
        {(p) => (
          <select
            {...p}
            value={draft.responseStatus ?? ''}
            onChange={(e) => set('responseStatus', e.target.value)}
          >
            <option value="">Any</option>
            {responses.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Endpoint">
        {(p) => (
          <select {...p} value={endpointValue} onChange={(e) => set('endpoint', e.target.value)}>
            <option value="">All</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.url}
              </option>
            ))}
            {unknownEndpoint ? <option value={endpointValue}>{endpointValue}</option> : null}
          </select>
        )}
      </Field>
      <Field label="Channel">
        {(p) => (
          <input
            {...p}
            value={draft.channel ?? ''}
            onChange={(e) => set('channel', e.target.value)}
            placeholder="any"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="After">
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            value={toLocalInput(draft.after)}
            onChange={(e) => set('after', fromLocalInput(e.target.value) ?? '')}
          />
        )}
      </Field>
      <Field label="Before">
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            value={toLocalInput(draft.before)}
            onChange={(e) => set('before', fromLocalInput(e.target.value) ?? '')}
          />
        )}
      </Field>
      <fieldset className="filters-presets">
        <legend className="visually-hidden">Time window</legend>
        {presets.map((p) => (
          <button
            key={p.label}
            type="button"
            className="button button-small"
            aria-pressed={preset === p.label}
            onClick={() => now({ after: new Date(Date.now() - p.ms).toISOString(), before: null })}
          >
            {p.label}
          </button>
        ))}
      </fieldset>
      <div className="filters-actions">
        <button
          type="button"
          className="button button-ghost"
          disabled={!active}
          onClick={() => now(Object.fromEntries(filterKeys.map((k) => [k, null])))}
        >
          Clear filters
        </button>
      </div>
    </search>
  );
}
