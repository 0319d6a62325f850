import { cluster } from '@herald/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/http.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

/** How often the page asks again: about the instances' own heartbeat, so a crash shows within seconds. */
export const CLUSTER_POLL_MS = 3000;

export const fetchCluster = (signal?: AbortSignal) => api('/cluster', { schema: cluster, signal });

export const clusterQuery = () =>
  queryOptions({
    queryKey: queryKeys.cluster(),
    queryFn: ({ signal }) => fetchCluster(signal),
    refetchInterval: CLUSTER_POLL_MS,
    staleTime: 0,
  });

export const useCluster = () => useQuery(clusterQuery());
