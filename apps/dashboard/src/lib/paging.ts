import type { ListResponse } from '@herald/contracts';

/**
 * The paging half of an infinite query over a Herald list (`{ data, iterator, done }`): the first
 * page is asked without an iterator, each next one with the iterator of the page before, until a
 * page says it is the last. Spread it into `infiniteQueryOptions` beside the key and the polling.
 */
export function iteratorPages<T>(
  fetchPage: (iterator: string | undefined, signal: AbortSignal) => Promise<ListResponse<T>>,
) {
  return {
    queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) =>
      fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: ListResponse<T>) => (last.done ? undefined : (last.iterator ?? undefined)),
  };
}
