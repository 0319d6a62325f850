import { eventType, listResponse } from '@herald/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/http.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

const eventTypeList = listResponse(eventType);

/** The catalogue, all pages: it is short (names like `invoice.paid`), and forms need all of it. */
export async function fetchEventTypes(signal?: AbortSignal) {
  const all = [];
  let iterator: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await api('/event-types', {
      schema: eventTypeList,
      query: { limit: 250, iterator },
      signal,
    });
    all.push(...page.data);
    if (page.done || !page.iterator) break;
    iterator = page.iterator;
  }
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

export const eventTypesQuery = () =>
  queryOptions({
    queryKey: queryKeys.eventTypes(),
    queryFn: ({ signal }) => fetchEventTypes(signal),
    staleTime: 60_000,
  });

export const useEventTypes = () => useQuery(eventTypesQuery());
