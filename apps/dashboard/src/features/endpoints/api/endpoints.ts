import {
  attempt,
  type EndpointIn,
  type EndpointPatch,
  endpoint,
  endpointSecretOut,
  endpointStats,
  listResponse,
} from '@herald/contracts';
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, enc } from '../../../lib/http.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

const endpointList = listResponse(endpoint);
const attemptList = listResponse(attempt);
const base = (app: string) => `/apps/${enc(app)}/endpoints`;
const one = (app: string, ep: string) => `${base(app)}/${enc(ep)}`;

// --- list and read

/** How often endpoints are re-read while shown: their circuit changes on its own. */
const CIRCUIT_REFRESH_MS = 15_000;

export const fetchEndpoints = (app: string, iterator: string | undefined, signal?: AbortSignal) =>
  api(base(app), { schema: endpointList, query: { limit: 100, iterator }, signal });

export const endpointsQuery = (app: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.endpoints(app),
    queryFn: ({ pageParam, signal }) => fetchEndpoints(app, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.done ? undefined : (last.iterator ?? undefined)),
    // circuits open and close (and probes come due) without anyone editing the endpoint
    refetchInterval: CIRCUIT_REFRESH_MS,
  });

export const useEndpoints = (app: string) => useInfiniteQuery(endpointsQuery(app));

export const fetchEndpoint = (app: string, ep: string, signal?: AbortSignal) =>
  api(one(app, ep), { schema: endpoint, signal });

export const endpointQuery = (app: string, ep: string) =>
  queryOptions({
    queryKey: queryKeys.endpoint(app, ep),
    queryFn: ({ signal }) => fetchEndpoint(app, ep, signal),
    refetchInterval: CIRCUIT_REFRESH_MS,
  });

export const useEndpoint = (app: string, ep: string, enabled = true) =>
  useQuery({ ...endpointQuery(app, ep), enabled });

// --- write

export const createEndpoint = (app: string, input: EndpointIn) =>
  api(base(app), { method: 'POST', body: input, schema: endpoint });

export function useCreateEndpoint(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EndpointIn) => createEndpoint(app, input),
    onSuccess: (created) => {
      client.setQueryData(queryKeys.endpoint(app, created.id), created);
      return client.invalidateQueries({ queryKey: queryKeys.endpoints(app), exact: true });
    },
  });
}

export const updateEndpoint = (app: string, ep: string, patch: EndpointPatch) =>
  api(one(app, ep), { method: 'PATCH', body: patch, schema: endpoint });

export function useUpdateEndpoint(app: string, ep: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: EndpointPatch) => updateEndpoint(app, ep, patch),
    onSuccess: (updated) => {
      client.setQueryData(queryKeys.endpoint(app, ep), updated);
      return client.invalidateQueries({ queryKey: queryKeys.endpoints(app), exact: true });
    },
  });
}

// --- signing secret

export const fetchSecret = (app: string, ep: string, signal?: AbortSignal) =>
  api(`${one(app, ep)}/secret`, { schema: endpointSecretOut, signal });

export const secretQuery = (app: string, ep: string) =>
  queryOptions({
    queryKey: queryKeys.endpointSecret(app, ep),
    queryFn: ({ signal }) => fetchSecret(app, ep, signal),
    // a secret is fetched when revealed and forgotten soon after it is hidden
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useEndpointSecret = (app: string, ep: string, revealed: boolean) =>
  useQuery({ ...secretQuery(app, ep), enabled: revealed });

export const rotateSecret = (app: string, ep: string) =>
  api(`${one(app, ep)}/secret/rotate`, { method: 'POST', body: {} });

export function useRotateSecret(app: string, ep: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => rotateSecret(app, ep),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.endpointSecret(app, ep) }),
  });
}

// --- health

export const fetchStats = (app: string, ep: string, signal?: AbortSignal) =>
  api(`${one(app, ep)}/stats`, { schema: endpointStats, signal });

export const statsQuery = (app: string, ep: string) =>
  queryOptions({
    queryKey: queryKeys.endpointStats(app, ep),
    queryFn: ({ signal }) => fetchStats(app, ep, signal),
    staleTime: 10_000,
    refetchInterval: 15_000,
  });

export const useEndpointStats = (app: string, ep: string) => useQuery(statsQuery(app, ep));

/** Attempts are read for charts up to this many (4 pages); beyond it the charts say they sample. */
export const ATTEMPT_SAMPLE = 1000;

/** Attempts to one endpoint since `since`, newest first, paging until older ones or the sample cap. */
export async function fetchEndpointAttempts(app: string, ep: string, since: string, signal?: AbortSignal) {
  const sinceMs = new Date(since).getTime();
  const attempts = [];
  let iterator: string | undefined;
  let capped = false;
  for (;;) {
    const page = await api(`/apps/${enc(app)}/attempts`, {
      schema: attemptList,
      query: { endpoint: ep, limit: 250, iterator },
      signal,
    });
    const recent = page.data.filter((a) => new Date(a.timestamp).getTime() >= sinceMs);
    attempts.push(...recent);
    if (recent.length < page.data.length || page.done || !page.iterator) break;
    if (attempts.length >= ATTEMPT_SAMPLE) {
      capped = true;
      break;
    }
    iterator = page.iterator;
  }
  return { attempts, capped };
}

export const endpointAttemptsQuery = (app: string, ep: string, since: string) =>
  queryOptions({
    queryKey: queryKeys.endpointAttempts(app, ep, since),
    queryFn: ({ signal }) => fetchEndpointAttempts(app, ep, since, signal),
    staleTime: 10_000,
    refetchInterval: 15_000,
  });

export const useEndpointAttempts = (app: string, ep: string, since: string) =>
  useQuery(endpointAttemptsQuery(app, ep, since));
