import { whoami } from '@herald/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/http.ts';
import { queryKeys } from '../../../lib/query-keys.ts';
import { session } from '../../../lib/session.ts';

export const fetchWhoami = (signal?: AbortSignal, key?: string) =>
  api('/auth/whoami', { schema: whoami, signal, ...(key ? { key } : {}) });

/** Who the session's key is: root, or scoped to one application (a scoped key or a portal link). */
export const whoamiQuery = () =>
  queryOptions({
    queryKey: queryKeys.whoami(),
    queryFn: ({ signal }) => fetchWhoami(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useWhoami = () => useQuery(whoamiQuery());

/** Checks a key with the server before keeping it; a new key starts from an empty cache. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { key: string; portal?: boolean }) => ({
      ...input,
      who: await fetchWhoami(undefined, input.key),
    }),
    onSuccess: ({ key, portal, who }) => {
      client.clear();
      client.setQueryData(queryKeys.whoami(), who);
      session.signIn(key, { portal: portal === true });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return () => {
    session.end('signed-out');
    client.clear();
  };
}
