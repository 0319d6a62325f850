import { listResponse, type SourceIn, type SourcePatch, source, sourceRequest } from '@herald/contracts';
import {
  infiniteQueryOptions,
  queryOptions,
  skipToken,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, enc } from '../../../lib/http.ts';
import { iteratorPages } from '../../../lib/paging.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

const sourceList = listResponse(source);
const requestList = listResponse(sourceRequest);
const base = (app: string) => `/apps/${enc(app)}/sources`;
const one = (app: string, src: string) => `${base(app)}/${enc(src)}`;

/** How often the inbound log is re-read while shown: providers send on their own schedule. */
const REQUESTS_REFRESH_MS = 5_000;
/** How often broker sources are re-read while shown: their workers report every scan (about 1 s). */
const CONSUMER_REFRESH_MS = 3_000;

// --- list and read

export const fetchSources = (app: string, iterator: string | undefined, signal?: AbortSignal) =>
  api(base(app), { schema: sourceList, query: { limit: 100, iterator }, signal });

export const sourcesQuery = (app: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.sources(app),
    ...iteratorPages((iterator, signal) => fetchSources(app, iterator, signal)),
    // the consumers' state, lag and counters move on their own
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.data.some((s) => s.consumer)) ? CONSUMER_REFRESH_MS : false,
  });

export const useSources = (app: string) => useInfiniteQuery(sourcesQuery(app));

export const fetchSource = (app: string, src: string, signal?: AbortSignal) =>
  api(one(app, src), { schema: source, signal });

/** One source; with none (`undefined`: the form of a new one) nothing is asked. */
export const sourceQuery = (app: string, src: string | undefined) =>
  queryOptions({
    queryKey: queryKeys.source(app, src ?? null),
    queryFn: src === undefined ? skipToken : ({ signal }) => fetchSource(app, src, signal),
    refetchInterval: (q) => (q.state.data?.consumer ? CONSUMER_REFRESH_MS : false),
  });

export const useSource = (app: string, src: string | undefined) => useQuery(sourceQuery(app, src));

export const fetchSourceRequests = (
  app: string,
  src: string,
  iterator: string | undefined,
  signal?: AbortSignal,
) => api(`${one(app, src)}/requests`, { schema: requestList, query: { limit: 50, iterator }, signal });

export const sourceRequestsQuery = (app: string, src: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.sourceRequests(app, src),
    ...iteratorPages((iterator, signal) => fetchSourceRequests(app, src, iterator, signal)),
    refetchInterval: REQUESTS_REFRESH_MS,
  });

export const useSourceRequests = (app: string, src: string) =>
  useInfiniteQuery(sourceRequestsQuery(app, src));

// --- write

export const createSource = (app: string, input: SourceIn) =>
  api(base(app), { method: 'POST', body: input, schema: source });

export function useCreateSource(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SourceIn) => createSource(app, input),
    onSuccess: (created) => {
      client.setQueryData(queryKeys.source(app, created.id), created);
      return client.invalidateQueries({ queryKey: queryKeys.sources(app), exact: true });
    },
  });
}

export const updateSource = (app: string, src: string, patch: SourcePatch) =>
  api(one(app, src), { method: 'PATCH', body: patch, schema: source });

export function useUpdateSource(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ src, patch }: { src: string; patch: SourcePatch }) => updateSource(app, src, patch),
    onSuccess: (updated, { src }) => {
      client.setQueryData(queryKeys.source(app, src), updated);
      return client.invalidateQueries({ queryKey: queryKeys.sources(app), exact: true });
    },
  });
}

export const replayRequest = (app: string, src: string, request: string) =>
  api(`${one(app, src)}/requests/${enc(request)}/replay`, { method: 'POST', schema: sourceRequest });

/** Runs a rejected request through the pipeline again; its outcome joins the log. */
export function useReplayRequest(app: string, src: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: string) => replayRequest(app, src, request),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.sourceRequests(app, src) }),
  });
}
