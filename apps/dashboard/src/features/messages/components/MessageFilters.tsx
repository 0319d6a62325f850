import { deliveryStatus } from '@herald/contracts';
import { useEffect, useRef, useState } from 'react';
import { fromLocalInput, toLocalInput } from '../../../lib/format.ts';
import type { MessageFilters as Filters } from '../../../lib/query-keys.ts';
import { Field } from '../../../lib/ui/Field.tsx';

export const filterKeys = ['eventType', 'status', 'endpoint', 'channel', 'after', 'before'] as const;

/** The filters from the URL's query string. */
export function filtersFrom(search: URLSearchParams): Filters {
  const out: Filters = {};
  for (const k of filterKeys) {
    const v = search.get(k);
    if (v) out[k] = v;
  }
  return out;
}

export function MessageFilters({
  filters,
  eventTypes,
  endpoints,
  onChange,
}: {
  filters: Filters;
  eventTypes: string[];
  endpoints: Array<{ id: string; url: string }>;
  onChange: (updates: Partial<Record<keyof Filters, string | null>>) => void;
}) {
  // the channel box reports its value when the user pauses typing, not on every key
  const [channel, setChannel] = useState(filters.channel ?? '');
  const latest = useRef({ channel: filters.channel ?? '', onChange });
  latest.current = { channel: filters.channel ?? '', onChange };
  useEffect(() => setChannel(filters.channel ?? ''), [filters.channel]);
  useEffect(() => {
    const t = setTimeout(() => {
      const v = channel.trim();
      if (v !== latest.current.channel) latest.current.onChange({ channel: v || null });
    }, 400);
    return () => clearTimeout(t);
  }, [channel]);
  const types =
    filters.eventType && !eventTypes.includes(filters.eventType)
      ? [...eventTypes, filters.eventType]
      : eventTypes;
  const active = filterKeys.some((k) => filters[k]);

  return (
    <search className="filters" aria-label="Filter messages">
      <Field label="Event type">
        {(p) => (
          <select
            {...p}
            value={filters.eventType ?? ''}
            onChange={(e) => onChange({ eventType: e.target.value || null })}
          >
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
          <select
            {...p}
            value={filters.status ?? ''}
            onChange={(e) => onChange({ status: e.target.value || null })}
          >
            <option value="">All</option>
            {deliveryStatus.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Endpoint">
        {(p) => (
          <select
            {...p}
            value={filters.endpoint ?? ''}
            onChange={(e) => onChange({ endpoint: e.target.value || null })}
          >
            <option value="">All</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.url}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Channel">
        {(p) => (
          <input
            {...p}
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
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
            value={toLocalInput(filters.after)}
            onChange={(e) => onChange({ after: fromLocalInput(e.target.value) ?? null })}
          />
        )}
      </Field>
      <Field label="Before">
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            value={toLocalInput(filters.before)}
            onChange={(e) => onChange({ before: fromLocalInput(e.target.value) ?? null })}
          />
        )}
      </Field>
      <div className="filters-actions">
        <button
          type="button"
          className="button button-ghost"
          disabled={!active}
          onClick={() => onChange(Object.fromEntries(filterKeys.map((k) => [k, null])))}
        >
          Clear filters
        </button>
      </div>
    </search>
  );
}
