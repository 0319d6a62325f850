import {
  attempt,
  type EndpointIn,
  type EndpointPatch,
  endpoint,
  endpointSecretOut,
  endpointStats,
  listResponse,
  type StatsWindow,
} from '@herald/contracts';
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
    ...iteratorPages((iterator, signal) => fetchEndpoints(app, iterator, signal)),
    // circuits open and close (and probes come due) without anyone editing the endpoint
    refetchInterval: CIRCUIT_REFRESH_MS,
  });

export const useEndpoints = (app: string) => useInfiniteQuery(endpointsQuery(app));

export const fetchEndpoint = (app: string, ep: string, signal?: AbortSignal) =>
  api(one(app, ep), { schema: endpoint, signal });

/** One endpoint; with none (`undefined`: the form of a new one) nothing is asked. */
export const endpointQuery = (app: string, ep: string | undefined) =>
  queryOptions({
    queryKey: queryKeys.endpoint(app, ep ?? null),
    queryFn: ep === undefined ? skipToken : ({ signal }) => fetchEndpoint(app, ep, signal),
    refetchInterval: CIRCUIT_REFRESH_MS,
  });

export const useEndpoint = (app: string, ep: string | undefined) => useQuery(endpointQuery(app, ep));

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

/** Edits an endpoint, named with each call (the form has none until it edits one). */
export function useUpdateEndpoint(app: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ep, patch }: { ep: string; patch: EndpointPatch }) => updateEndpoint(app, ep, patch),
    // under the id (or uid) it was asked by: the page that shows it reads that key
    onSuccess: (updated, { ep }) => {
      client.setQueryData(queryKeys.endpoint(app, ep), updated);
      return client.invalidateQueries({ queryKey: queryKeys.endpoints(app), exact: true });
    },
  });
}

/** Deletes an endpoint (its deliveries and attempts go with it); the list forgets it. */
export function useDeleteEndpoint(app: string, ep: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api(one(app, ep), { method: 'DELETE' }),
    onSuccess: () => {
      client.removeQueries({ queryKey: queryKeys.endpoint(app, ep) });
      return client.invalidateQueries({ queryKey: queryKeys.endpoints(app), exact: true });
    },
  });
}

// --- signing secret

export const fetchSecret = (app: string, ep: string, signal?: AbortSignal) =>
  api(`${one(app, ep)}/secret`, { schema: endpointSecretOut, signal });

/** The signing secret, asked only while `revealed`. */
export const secretQuery = (app: string, ep: string, revealed: boolean) =>
  queryOptions({
    queryKey: queryKeys.endpointSecret(app, ep),
    queryFn: revealed ? ({ signal }) => fetchSecret(app, ep, signal) : skipToken,
    // a secret is fetched when revealed and forgotten soon after it is hidden
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useEndpointSecret = (app: string, ep: string, revealed: boolean) =>
  useQuery(secretQuery(app, ep, revealed));

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

/** The stats route: 24 h totals, or those of `window` with its series of `buckets` when given. */
export const fetchStats = (
  app: string,
  ep: string,
  signal?: AbortSignal,
  series?: { window: StatsWindow; buckets: number },
) => api(`${one(app, ep)}/stats`, { schema: endpointStats, signal, ...(series ? { query: series } : {}) });

export const statsQuery = (app: string, ep: string) =>
  queryOptions({
    queryKey: queryKeys.endpointStats(app, ep),
    queryFn: ({ signal }) => fetchStats(app, ep, signal),
    staleTime: 10_000,
    refetchInterval: 15_000,
  });

export const useEndpointStats = (app: string, ep: string) => useQuery(statsQuery(app, ep));

/**
 * Success and latency per bucket of `window`, counted by the server: the charts draw its `series`,
 * their summaries its totals. The buckets sit on round times, so a refetch moves on by one at most.
 */
export const seriesQuery = (app: string, ep: string, window: StatsWindow, buckets: number) =>
  queryOptions({
    queryKey: queryKeys.endpointSeries(app, ep, window, buckets),
    queryFn: ({ signal }) => fetchStats(app, ep, signal, { window, buckets }),
    staleTime: 10_000,
    refetchInterval: 15_000,
  });

export const useEndpointSeries = (app: string, ep: string, window: StatsWindow, buckets: number) =>
  useQuery(seriesQuery(app, ep, window, buckets));

/** How many of the endpoint's latest attempts its page lists. */
export const LATEST_ATTEMPTS = 8;

export const fetchLatestAttempts = (app: string, ep: string, signal?: AbortSignal) =>
  api(`/apps/${enc(app)}/attempts`, {
    schema: attemptList,
    query: { endpoint: ep, limit: LATEST_ATTEMPTS },
    signal,
  }).then((page) => page.data);

export const latestAttemptsQuery = (app: string, ep: string) =>
  queryOptions({
    queryKey: queryKeys.endpointAttempts(app, ep),
    queryFn: ({ signal }) => fetchLatestAttempts(app, ep, signal),
    staleTime: 10_000,
    refetchInterval: 15_000,
  });

export const useLatestAttempts = (app: string, ep: string) => useQuery(latestAttemptsQuery(app, ep));
